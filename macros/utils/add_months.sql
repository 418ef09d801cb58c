{#- A month start moved by a number of months, as a date. -#}
{% macro add_months(month, months) -%}
    cast({{ dbt.dateadd("month", months, month) }} as date)
{%- endmacro %}
