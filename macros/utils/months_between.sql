{#- Whole calendar months from one month start to another (both dates). -#}
{% macro months_between(from_month, to_month) -%}
    {{ dbt.datediff(from_month, to_month, "month") }}
{%- endmacro %}
