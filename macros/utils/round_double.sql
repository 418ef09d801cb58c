{#-
    A double rounded to `digits` decimal places, still a double. Postgres rounds to a number
    of places only on numeric, so it converts there and back.
-#}
{% macro round_double(expression, digits) -%}
    {{ return(adapter.dispatch("round_double", "userops")(expression, digits)) }}
{%- endmacro %}

{% macro default__round_double(expression, digits) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}

{% macro postgres__round_double(expression, digits) -%}
    cast(round(cast({{ expression }} as numeric), {{ digits }}) as {{ userops.type_double() }})
{%- endmacro %}
