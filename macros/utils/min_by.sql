{#-
    An aggregate: `value` on the row with the smallest `ordering` in the group (`ordering`
    unique within the group; on a tie, any of the tied rows' values). It takes the first
    purchase day's total in the same pass as the other per-user aggregates, instead of
    joining the per-user minimum back to the days.

    `default__` is standard SQL (ordered `array_agg`, 1-based subscript; Postgres among
    others). DuckDB and Spark 3.0+ have `min_by`, a plain aggregate with no array to build
    and sort: with the array, int_user_rfm_summary takes about 3× as long on DuckDB.
-#}
{% macro min_by(value, ordering) -%}
    {{ return(adapter.dispatch("min_by", "userops")(value, ordering)) }}
{%- endmacro %}

{% macro default__min_by(value, ordering) -%}
    (array_agg({{ value }} order by {{ ordering }}))[1]
{%- endmacro %}

{% macro duckdb__min_by(value, ordering) -%}
    min_by({{ value }}, {{ ordering }})
{%- endmacro %}

{% macro spark__min_by(value, ordering) -%}
    min_by({{ value }}, {{ ordering }})
{%- endmacro %}
