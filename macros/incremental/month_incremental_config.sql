{#-
    The config of every model that is incremental by month, in one place: the strategy and
    the partitioning per engine (month_incremental_strategy, month_partition_by), the month
    column as the unit a run deletes and rebuilds, and a failed run when the columns change
    (run with --full-refresh then). A model calls it where it would call config().
-#}
{% macro month_incremental_config(month_column="month_start") -%}
    {{ config(
        materialized="incremental",
        incremental_strategy=userops.month_incremental_strategy(),
        unique_key=month_column,
        partition_by=userops.month_partition_by(month_column),
        on_schema_change="fail",
    ) }}
{%- endmacro %}
