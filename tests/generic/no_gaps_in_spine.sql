{#-
    Fails for every partition (e.g. user) whose rows do not cover each `datepart` between its
    first and last value exactly once: no gaps, no repeats, no NULLs (a partition with only
    NULLs has no first value and fails too).
-#}
{% test no_gaps_in_spine(model, column_name, partition_by, datepart="month") %}

    with

    spans as (

        select
            {{ partition_by | join(", ") }},
            count(*) as row_count,
            count(distinct {{ column_name }}) as distinct_count,
            {{ dbt.datediff("min(" ~ column_name ~ ")", "max(" ~ column_name ~ ")", datepart) }} + 1
                as expected_count

        from {{ model }}
        group by {{ partition_by | join(", ") }}

    )

    select *
    from spans
    where
        expected_count is null
        or row_count != expected_count
        or distinct_count != expected_count

{% endtest %}
