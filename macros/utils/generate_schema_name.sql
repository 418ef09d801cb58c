{#-
    Use the custom schema as it is (`staging`, `intermediate`, `marts`) instead of dbt's
    default `<target schema>_<custom schema>`, so BI tools read `marts.fct_user_months`
    on every target.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
