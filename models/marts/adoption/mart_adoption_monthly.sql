{#-
    Per month, users moving from each adoption stage of the previous month to each stage of
    this month; `none` = not yet on the spine last month (new users). Summed over
    `from_stage`, the rows give the users in each stage; summed over both, every user on the
    spine that month.

    Incremental by month (see incremental_month_cutoff): a run reads the user-months from
    the month before the cut-off on, for the stage each user came from (the spine has a row
    for every month of a user, so the previous row is last month).
-#}
{{ userops.month_incremental_config() }}
{%- set cutoff = userops.incremental_month_cutoff('month_start') if is_incremental() else none -%}

with

adoption as (

    select * from {{ ref('int_user_months_adoption') }}
    {%- if cutoff %}
        where month_start >= {{ userops.add_months(cutoff, -1) }}
    {%- endif %}

),

with_previous as (

    select
        month_start,
        adoption_stage as to_stage,
        coalesce(
            lag(adoption_stage) over (partition by user_id order by month_start), 'none'
        ) as from_stage

    from adoption

),

transitions as (

    select
        month_start,
        from_stage,
        to_stage,
        count(*) as user_count

    from with_previous
    {%- if cutoff %}
        where month_start >= {{ cutoff }}
    {%- endif %}
    group by 1, 2, 3

)

select * from transitions
