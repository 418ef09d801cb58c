{#-
    Aggregates: `value` on the row with the smallest (`min_by`) or largest (`max_by`)
    `ordering` in the group (`ordering` unique within the group and not null; on a tie, any
    of the tied rows' values). `min_by` takes the first purchase day's total in the same
    pass as the other per-user aggregates, instead of joining the per-user minimum back to
    the days; `max_by` takes each user's latest value tier without a ranking window.

    `default__` is standard SQL (ordered `array_agg`, 1-based subscript; Postgres among
    others). DuckDB and Spark 3.0+ have `min_by` and `max_by`, plain aggregates with no
    array to build and sort: with the array, int_user_rfm_summary takes about 3× as long on
    DuckDB.
-#}
{% macro min_by(value, ordering) -%}
    {{ return(adapter.dispatch("value_by", "userops")("min", value, ordering)) }}
{%- endmacro %}

{% macro max_by(value, ordering) -%}
    {{ return(adapter.dispatch("value_by", "userops")("max", value, ordering)) }}
{%- endmacro %}

{% macro default__value_by(extreme, value, ordering) -%}
    (array_agg({{ value }} order by {{ ordering }}{{ " desc" if extreme == "max" }}))[1]
{%- endmacro %}

{% macro duckdb__value_by(extreme, value, ordering) -%}
    {{ extreme }}_by({{ value }}, {{ ordering }})
{%- endmacro %}

{% macro spark__value_by(extreme, value, ordering) -%}
    {{ extreme }}_by({{ value }}, {{ ordering }})
{%- endmacro %}
