{#-
    Written between `as` and the parenthesis of a CTE that is read more than once: asks the
    engine to inline it rather than materialise it. A CTE over a wide scan of millions of
    rows, of which each reader needs a different slice or a few columns, is cheaper read
    twice than spilled to memory once. `default__` says nothing (standard SQL; Spark inlines
    CTEs anyway); DuckDB and Postgres 12+ spell it `not materialized`.
-#}
{% macro inline_cte() -%}
    {{ return(adapter.dispatch("inline_cte", "userops")()) }}
{%- endmacro %}

{% macro default__inline_cte() -%}
{%- endmacro %}

{% macro duckdb__inline_cte() -%}
    not materialized
{%- endmacro %}

{% macro postgres__inline_cte() -%}
    not materialized
{%- endmacro %}
