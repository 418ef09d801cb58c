{#-
    The config of every model that is incremental by month, in one place: the strategy and
    the partitioning per engine (month_incremental_strategy, month_partition_by), the month
    column as the unit a run deletes and rebuilds, and a failed run when the columns change
    (run with --full-refresh then). A model calls it where it would call config().

    A model built from the clean events reads the newest clean month for its cut-off
    (incremental_month_cutoff, newest_clean_month) only in an incremental run, so the
    dependency on int_reporting_period is declared here, where dbt sees it when parsing.
    A staging model, which reads its raw input instead, passes `reads_raw_input=true`. A
    unit test builds the model as a full build (is_incremental false), which never reads
    the cut-off, so it need not be given int_reporting_period.
-#}
{% macro month_incremental_config(month_column="month_start", reads_raw_input=false) -%}
    {%- if not reads_raw_input and model.resource_type == "model" -%}
        {%- do ref("int_reporting_period") -%}
    {%- endif -%}
    {{ config(
        materialized="incremental",
        incremental_strategy=userops.month_incremental_strategy(),
        unique_key=month_column,
        partition_by=userops.month_partition_by(month_column),
        on_schema_change="fail",
    ) }}
{%- endmacro %}
