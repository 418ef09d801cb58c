{#-
    Every row of `relation` (the output of flag_rows_to_rank, with `row_rejection_reason`)
    with `copy_number`: 1 for the copy a staging model keeps, 2, 3, … for the others.

    A row that does not need ranking is the only copy of its record: 1, without a window.
    The others are ranked within their `key`, or, when the key is missing, within the rows
    equal in every one of `row_columns` (the whole typed row). The first valid copy is kept,
    ordered by `row_columns` (the time first; NULLs last on every engine, as Spark would
    sort them first; text by its bytes, see binary_order_any) among valid copies; a rejected copy comes after every valid one, so it
    never displaces a valid copy. A valid copy numbered above 1 is a duplicate. Pass every
    typed column as `row_columns`, so that copies differing in any of them rank the same
    way on every run.
-#}
{% macro rank_copies(relation, key, row_columns) -%}
    select
        *,
        1 as copy_number

    from {{ relation }}
    where not needs_ranking

    union all

    select
        *,
        row_number() over (
            partition by
                {{ key }},
                {%- for column in row_columns %}
                case when {{ key }} is null then {{ column }} end
                {{- "," if not loop.last }}
                {%- endfor %}
            order by
                case when row_rejection_reason is null then 0 else 1 end,
                {%- for column in row_columns %}
                {{ userops.binary_order_any(column) }} nulls last
                {{- "," if not loop.last }}
                {%- endfor %}
        ) as copy_number

    from {{ relation }}
    where needs_ranking
{%- endmacro %}
