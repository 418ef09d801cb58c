{#- A 64-bit float type: rates are compared to 1e-9 across engines, so 32-bit float won't do. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch("type_double", "userops")()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
