{#-
    Fails for every row where the columns do not add up to the total column. Used to prove
    that categories (lifecycle states, ...) are exclusive and exhaustive: every counted unit
    falls in exactly one column. A NULL part counts as 0; a NULL total fails.
-#}
{% test sum_of_columns_equals(model, columns, total_column) %}

    select *
    from {{ model }}
    where
        {{ total_column }} is null
        or {% for column in columns -%}
            coalesce({{ column }}, 0) {{- " + " if not loop.last }}
        {%- endfor %} != {{ total_column }}

{% endtest %}
