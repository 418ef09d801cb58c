{#- `column in ('a', 'b', ...)` for a list of strings from a var, quoted safely. -#}
{% macro in_list(column, values) -%}
    {%- if values is string -%}
        {%- set values = [values] -%}
    {%- endif -%}
    {{ column }} in (
        {%- for value in values -%}
            '{{ value | replace("'", "''") }}'{{ ", " if not loop.last }}
        {%- endfor -%}
    )
{%- endmacro %}
