{#-
    An expression that stops the query with `message` (a SQL text expression) when it is
    evaluated, typed as `data_type` so it can stand in a CASE branch: the run fails with the
    message and the models after it are skipped. Only the branch that is taken is evaluated.
    DuckDB spells it `error`, Spark `raise_error`; an engine without one adds a
    `<adapter>__raise_error` here.
-#}
{% macro raise_error(message, data_type) -%}
    {{ return(adapter.dispatch("raise_error", "userops")(message, data_type)) }}
{%- endmacro %}

{% macro default__raise_error(message, data_type) -%}
    cast(error({{ message }}) as {{ data_type }})
{%- endmacro %}

{#-
    Postgres has no such function: userops_raise_error (made by create_engine_functions, run
    before every build) raises an exception with the message. The NULL of the wanted type
    picks the result type; the function is volatile, so it is never evaluated in advance.
-#}
{% macro postgres__raise_error(message, data_type) -%}
    {{ target.schema }}.userops_raise_error(cast({{ message }} as text), cast(null as {{ data_type }}))
{%- endmacro %}

{% macro spark__raise_error(message, data_type) -%}
    cast(raise_error({{ message }}) as {{ data_type }})
{%- endmacro %}
