{#-
    Fails when the model's row count differs from the sum of the row counts of `parts`:
    e.g. raw rows = clean rows + quarantined rows, so nothing is lost or made up.
-#}
{% test row_count_equals_sum_of(model, parts) %}

    with

    whole as (

        select count(*) as row_count from {{ model }}

    ),

    pieces as (

        select
            {% for part in parts -%}
                (select count(*) from {{ part }}) {{- " + " if not loop.last }}
            {%- endfor %} as row_count

    )

    select
        whole.row_count as model_rows,
        pieces.row_count as parts_rows

    from whole
    cross join pieces
    where whole.row_count != pieces.row_count

{% endtest %}
