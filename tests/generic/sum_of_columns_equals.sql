{#-
    Fails for every row where the columns do not add up to the total column. Used to prove
    that categories (lifecycle states, ...) are exclusive and exhaustive: every counted unit
    falls in exactly one column.
-#}
{% test sum_of_columns_equals(model, columns, total_column) %}

    select *
    from {{ model }}
    where
        {% for column in columns -%}
            coalesce({{ column }}, 0) {{- " + " if not loop.last }}
        {%- endfor %} != coalesce({{ total_column }}, 0)

{% endtest %}
