{#-
    Every row of `relation` with `needs_ranking`: true when its deduplication key is missing
    or occurs more than once. Only those rows need a window to pick the copy to keep; every
    other row is the only copy of its record, which one pass over the key column proves.
    Ranking all rows was most of the staging models' time. `key` is an expression over the
    relation's columns (e.g. the trimmed text of an id).
-#}
{% macro flag_rows_to_rank(relation, key) -%}
    select
        {{ relation }}.*,
        (
            {{ key }} is null
            or repeated_keys.repeated_key is not null
        ) as needs_ranking

    from {{ relation }}
    left join (
        select {{ key }} as repeated_key
        from {{ relation }}
        where {{ key }} is not null
        group by {{ key }}
        having count(*) > 1
    ) as repeated_keys
        on {{ key }} = repeated_keys.repeated_key
{%- endmacro %}
