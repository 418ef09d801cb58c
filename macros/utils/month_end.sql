{#- The last day of the month that starts on a month start, as a date. -#}
{% macro month_end(month) -%}
    cast({{ dbt.dateadd("day", -1, userops.add_months(month, 1)) }} as date)
{%- endmacro %}
