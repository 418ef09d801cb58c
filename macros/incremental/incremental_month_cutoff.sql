{#-
    The first month an incremental run rebuilds: the newest month already in the model
    (`{{ this }}`), moved back by var `incremental_lookback_months` (default 1), so events
    that arrive late by up to that many months land in their own month. Months from the
    cut-off on are deleted and built again; older months are kept as they are. Rows whose
    month is the sentinel `unknown_month()` (rejected rows with no usable time) are left
    out of the newest month, and so are rows not meeting `where` (e.g. rejected rows, whose
    time may lie in the future). An empty model gives the sentinel, so everything is rebuilt.

    In an incremental run the cut-off is read once, before the model runs, and written into
    the SQL as a date literal: a constant lets the engine skip the row groups of older months
    (min/max statistics), which a scalar subquery does not. Otherwise (parsing, a full
    build) it is the scalar subquery itself.
-#}
{% macro incremental_month_cutoff(month_column, where=none) -%}
    {%- set lookback = var("incremental_lookback_months") -%}
    {%- if lookback is not number or lookback < 0 -%}
        {{ exceptions.raise_compiler_error(
            "userops: var incremental_lookback_months must be a whole number >= 0, got "
            ~ lookback ~ "."
        ) }}
    {%- endif -%}
    {%- set cutoff_query -%}
    (
        select
            coalesce(
                {{ userops.add_months("max(" ~ month_column ~ ")", -lookback) }},
                {{ userops.unknown_month() }}
            )
        from {{ this }}
        where {{ month_column }} > {{ userops.unknown_month() }}
        {%- if where %} and ({{ where }}){% endif %}
    )
    {%- endset -%}
    {%- if execute and is_incremental() -%}
        {%- set cutoff = run_query("select " ~ cutoff_query).columns[0].values()[0] -%}
        {{ return("cast('" ~ cutoff ~ "' as date)") }}
    {%- endif -%}
    {{ return(cutoff_query) }}
{%- endmacro %}

{#-
    The first month a run builds, as a bound that is always there: the cut-off in an
    incremental run, else the sentinel month (every valid month is after it), so a model can
    write `month >= first_month_to_build(...)` without an if around its where.
-#}
{% macro first_month_to_build(month_column) -%}
    {%- if is_incremental() -%}
        {{ return(userops.incremental_month_cutoff(month_column)) }}
    {%- endif -%}
    {{ return(userops.unknown_month()) }}
{%- endmacro %}
