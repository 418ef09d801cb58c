{#-
    In an incremental run, a coarse filter on a raw time column that lets the reader skip the
    row groups of older months: `column` at or after a day before `cutoff` (a day of margin
    covers any timezone between the raw UTC time and the business-time month). Only when the
    raw column is a naive timestamp (`raw_column` as relation_column_types gives it), whose
    value is the UTC time itself; otherwise, and outside incremental runs, none: the exact
    filter on the business-time month stays the model's own.
-#}
{% macro raw_time_since(column, raw_column, cutoff) -%}
    {%- if is_incremental() and raw_column is not none
        and "timestamp" in (raw_column.dtype | lower) -%}
        {{ return(column ~ " >= " ~ dbt.dateadd("day", -1, cutoff)) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}
