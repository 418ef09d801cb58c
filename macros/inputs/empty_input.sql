{#- An empty relation with the input's columns, all text: an optional input that is absent. -#}
{% macro empty_input(columns) -%}
    select
    {%- for column in columns %}
        cast(null as {{ dbt.type_string() }}) as {{ column.name }}
        {{- "," if not loop.last }}
    {%- endfor %}
    where 1 = 0
{%- endmacro %}
