{#-
    In an incremental run, a coarse filter on the raw rows that lets the reader skip the row
    groups of older months: `column` missing (such rows are checked again on every run), or
    at or after a day before `cutoff` (a day of margin covers any timezone between the raw
    UTC time and the business-time month). Only when the raw column is a timestamp
    (`raw_column` as relation_column_types gives it), naive (the UTC time itself) or with a
    time zone (an instant, which the day of margin covers as well); for text, and outside
    incremental runs, `true`: the exact filter on the business-time month stays the
    model's own.
-#}
{% macro raw_rows_since(column, raw_column, cutoff) -%}
    {%- if is_incremental() and raw_column is not none
        and "timestamp" in (raw_column.dtype | lower) -%}
        {{ return(column ~ " is null or " ~ column ~ " >= " ~ dbt.dateadd("day", -1, cutoff)) }}
    {%- endif -%}
    {{ return("true") }}
{%- endmacro %}
