{#-
    `select <the contract's columns> from <relation>`: each column the input has (`found`:
    lower-cased contract name -> the input's own name) passes through untouched, an optional
    column it lacks is NULL text. Fails naming the input (`described`) and the missing columns
    when a required column is absent. Shared by every engine's read_input.
-#}
{% macro select_contract_columns(described, columns, found, relation) -%}
    {%- set missing = [] -%}
    {%- for column in columns if column.required and column.name not in found -%}
        {%- do missing.append(column.name) -%}
    {%- endfor -%}
    {%- if missing and execute -%}
        {{ exceptions.raise_compiler_error(
            "userops: " ~ described ~ " is missing the required column(s) "
            ~ missing | join(", ") ~ ". Columns found: " ~ found.values() | list | join(", ") ~ "."
        ) }}
    {%- endif %}
    select
    {%- for column in columns %}
        {%- if column.name in found %}
        {{ adapter.quote(found[column.name]) }} as {{ column.name }}
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as {{ column.name }}
        {%- endif %}
        {{- "," if not loop.last }}
    {%- endfor %}
    from {{ relation }}
{%- endmacro %}
