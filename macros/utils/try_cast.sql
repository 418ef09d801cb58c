{#-
    A cast that yields NULL instead of failing on a malformed value, so staging can quarantine
    the row with a reason. DuckDB, Spark 3.2+ and Snowflake spell it `try_cast`; an engine
    without it adds a `<adapter>__try_cast` here.
-#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch("try_cast", "userops")(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
