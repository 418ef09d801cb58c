{#-
    Fails (one row per rejection reason, with its rows, all rejected rows, all rows and the
    rejected share) when more than `max_share` of the model's rows have a non-NULL
    `column_name`: the validated input quarantined more of the raw rows than the threshold.
    Run with `severity: warn`, it says that a build's numbers rest on noticeably fewer rows
    than the input holds, without stopping the build. An empty model passes.
-#}
{% test rejected_share_at_most(model, column_name, max_share) %}

    {%- set share = max_share | string | float(-1) -%}
    {%- if share < 0 or share > 1 -%}
        {{ exceptions.raise_compiler_error(
            "userops: rejected_share_at_most needs max_share between 0 and 1 (var "
            ~ "quarantine_warn_share for the inputs' quarantine), got '" ~ max_share ~ "'"
        ) }}
    {%- endif %}

    with

    validated as (

        select {{ column_name }} as rejection_reason
        from {{ model }}

    ),

    totals as (

        select
            count(*) as all_rows,
            count(rejection_reason) as rejected_rows

        from validated

    ),

    reasons as (

        select
            rejection_reason,
            count(*) as reason_rows

        from validated
        where rejection_reason is not null
        group by 1

    )

    select
        reasons.rejection_reason,
        reasons.reason_rows,
        totals.rejected_rows,
        totals.all_rows,
        cast(totals.rejected_rows as {{ userops.type_double() }})
        / totals.all_rows as rejected_share

    from reasons
    cross join totals
    where totals.rejected_rows > {{ share }} * totals.all_rows

{% endtest %}
