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

{#-
    Postgres has no try_cast: userops_try_cast (made by create_engine_functions, run before
    every build) converts the text through the type's input function and turns a failure into
    NULL. The NULL of the wanted type picks the type. Naive text times are read as UTC,
    whatever the session's time zone. A function's result has no type modifier, so a
    numeric(p, s) comes back with every decimal of the text: it is rounded to s decimals,
    as the cast on the other engines does (money_quotient relies on amounts of scale 6).
-#}
{% macro postgres__try_cast(expression, data_type) -%}
    {%- set call = target.schema ~ ".userops_try_cast(cast(" ~ expression ~ " as text), cast(null as "
        ~ data_type ~ "))" -%}
    {%- set numeric = modules.re.fullmatch(
        "\\s*(numeric|decimal)\\s*\\(\\s*\\d+\\s*,\\s*(\\d+)\\s*\\)\\s*", data_type | lower
    ) -%}
    {%- if numeric -%}
        round({{ call }}, {{ numeric.group(2) }})
    {%- else -%}
        {{ call }}
    {%- endif -%}
{%- endmacro %}

{#-
    Spark has try_cast; its `timestamp` is the instant type (`timestamp with time zone`
    elsewhere), read in the session time zone (UTC in profiles.yml).
-#}
{% macro spark__try_cast(expression, data_type) -%}
    {%- set spark_type = "timestamp" if (data_type | lower | trim) in [
        "timestamp with time zone", "timestamptz"
    ] else data_type -%}
    try_cast({{ expression }} as {{ spark_type }})
{%- endmacro %}
