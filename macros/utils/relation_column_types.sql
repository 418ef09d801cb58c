{#-
    The columns of a relation that exists in the database, as a dict from lower-case name to
    dbt Column (with `is_integer()`, `is_string()`, `dtype`), so a model can pick a cheaper
    expression for the types its input really has. Empty while dbt parses, and for a
    relation that does not exist (e.g. a unit test's fixture): callers then fall back to the
    expression that works for any type.
-#}
{% macro relation_column_types(relation) -%}
    {%- set types = {} -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do types.update({column.name | lower: column}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(types) }}
{%- endmacro %}
