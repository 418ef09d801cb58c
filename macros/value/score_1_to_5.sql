{#-
    A 1–5 score from the percent rank of an expression over all rows (higher value, higher
    score): 1 + floor(5 × percent_rank), capped at 5. Equal values share a score, so the
    score never depends on row order.
-#}
{% macro score_1_to_5(expression, direction="asc") -%}
    least(
        5,
        1 + cast(floor(5 * percent_rank() over (order by {{ expression }} {{ direction }})) as integer)
    )
{%- endmacro %}
