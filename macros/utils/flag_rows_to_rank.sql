{#-
    Every row of `relation` with `needs_ranking`: true when its deduplication key is missing
    or is one of `repeated_keys` (the CTE of repeated_keys over the same relation and key).
    Only those rows need a window to pick the copy to keep; every other row is the only copy
    of its record. Ranking all rows was most of the staging models' time. `key` is an
    expression over the relation's columns (e.g. the trimmed text of an id).

    The repeated keys are a CTE of their own, so that a model may inline the flagged rows
    into each of its readers (inline_cte) without computing the keys twice: materialising
    the flagged rows themselves (every raw row) cost more than reading the input again.
-#}
{% macro flag_rows_to_rank(relation, key, repeated_keys) -%}
    select
        {{ relation }}.*,
        (
            {{ key }} is null
            or {{ repeated_keys }}.repeated_key is not null
        ) as needs_ranking

    from {{ relation }}
    left join {{ repeated_keys }}
        on {{ key }} = {{ repeated_keys }}.repeated_key
{%- endmacro %}
