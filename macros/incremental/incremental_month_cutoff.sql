{#-
    The first month an incremental run rebuilds: the newest month already in the model
    (`{{ this }}`), moved back by var `incremental_lookback_months` (default 1), so events
    that arrive late by up to that many months land in their own month. Months from the
    cut-off on are deleted and built again; older months are kept as they are. Rows whose
    month is the sentinel `unknown_month()` (rejected rows with no usable time) are left
    out of the newest month, and so are rows not meeting `where` (e.g. rejected rows, whose
    time may lie in the future). As a scalar subquery; an empty model gives the sentinel, so
    everything is rebuilt.
-#}
{% macro incremental_month_cutoff(month_column, where=none) -%}
    {%- set lookback = var("incremental_lookback_months") -%}
    {%- if lookback is not number or lookback < 0 -%}
        {{ exceptions.raise_compiler_error(
            "userops: var incremental_lookback_months must be a whole number >= 0, got "
            ~ lookback ~ "."
        ) }}
    {%- endif -%}
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
{%- endmacro %}
