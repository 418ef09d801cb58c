{#-
    An empty relation with the input's columns, field_count_error and absent_columns
    (select_contract_columns), all text: an optional input that is absent.
-#}
{% macro empty_input(columns) -%}
    select
    {%- for column in columns %}
        cast(null as {{ dbt.type_string() }}) as {{ column.name }}
        {{- "," }}
    {%- endfor %}
        cast(null as {{ dbt.type_string() }}) as field_count_error,
        {{ userops.absent_columns_text(columns, {}) }} as absent_columns
    where 1 = 0
{%- endmacro %}
