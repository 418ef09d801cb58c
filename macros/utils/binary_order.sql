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
