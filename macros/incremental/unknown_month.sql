{#-
    The month of rows that have none (a rejected event whose time cannot be read): a date
    before any real month, so such rows can share the incremental partitioning.
-#}
{% macro unknown_month() -%}
    cast('0001-01-01' as date)
{%- endmacro %}
