{#-
    An expression scaled to [0, 1] across all rows: (x − min) / (max − min); 0 when every row
    has the same value.
-#}
{% macro min_max_normalise(expression) -%}
    coalesce(
        {{ userops.safe_divide(
            expression ~ ' - min(' ~ expression ~ ') over ()',
            'max(' ~ expression ~ ') over () - min(' ~ expression ~ ') over ()'
        ) }},
        0
    )
{%- endmacro %}
