{#-
    A text column as a sort key that orders by its bytes, as DuckDB and Spark always do, so a
    tie broken by text (a user id, a rule id, a category) is broken the same way on every
    engine. Postgres orders text by the database's collation, which on a typical install
    (en_US) puts 'a1' before 'B1' where the bytes put 'B1' first: the tiers, dominant
    preferences and chosen playbook rules of tied rows would differ from DuckDB's. There
    the column is ordered with `collate "C"`.
-#}
{% macro binary_order(column) -%}
    {{ return(adapter.dispatch("binary_order", "userops")(column)) }}
{%- endmacro %}

{% macro default__binary_order(column) -%}
    {{ column }}
{%- endmacro %}

{% macro postgres__binary_order(column) -%}
    {{ column }} collate "C"
{%- endmacro %}

{#-
    A column of any type as sort keys that order text by its bytes and every other type as
    the engine does: for a column whose type the caller does not know (a user id is an
    integer in one input and text in another; `collate` fails on an integer). On Postgres
    a text column is ordered first by its bytes (`collate "C"`), an other column by a key
    that is NULL on every row, then by itself. Two keys there, so no ASC/DESC after it.
-#}
{% macro binary_order_any(column) -%}
    {{ return(adapter.dispatch("binary_order_any", "userops")(column)) }}
{%- endmacro %}

{% macro default__binary_order_any(column) -%}
    {{ column }}
{%- endmacro %}

{% macro postgres__binary_order_any(column) -%}
    case
        when pg_typeof({{ column }}) in (
            'text'::regtype, 'character varying'::regtype, 'character'::regtype
        ) then cast({{ column }} as text) collate "C"
    end nulls last,
    {{ column }}
{%- endmacro %}
