{#-
    mart_adoption_monthly accounts for every user's stage: per month and stage, the users
    moving into the stage equal the users in it that month (fct_user_months), and the users
    moving out of it equal the users in it the month before (every one of them is still on
    the gap-free spine). Returns the mismatches.
-#}
with

adoption as (

    select * from {{ ref('mart_adoption_monthly') }}

),

user_months as (

    select * from {{ ref('fct_user_months') }}

),

into_stage as (

    select
        month_start,
        to_stage as adoption_stage,
        sum(user_count) as mart_users
    from adoption
    group by 1, 2

),

out_of_stage as (

    select
        month_start,
        from_stage as adoption_stage,
        sum(user_count) as mart_users
    from adoption
    where from_stage != 'none'
    group by 1, 2

),

in_stage as (

    select
        month_start,
        adoption_stage,
        count(*) as fact_users
    from user_months
    group by 1, 2

),

reporting_month as (

    select max(month_start) as month_start
    from user_months

),

was_in_stage as (

    select
        {{ userops.add_months('user_months.month_start', 1) }} as month_start,
        user_months.adoption_stage,
        count(*) as fact_users
    from user_months
    inner join reporting_month
        on user_months.month_start < reporting_month.month_start
    group by 1, 2

),

mismatches as (

    select
        'into' as direction,
        coalesce(i.month_start, s.month_start) as month_start,
        coalesce(i.adoption_stage, s.adoption_stage) as adoption_stage
    from into_stage as i
    full outer join in_stage as s
        on i.month_start = s.month_start and i.adoption_stage = s.adoption_stage
    where coalesce(i.mart_users, 0) != coalesce(s.fact_users, 0)

    union all

    select
        'out of' as direction,
        coalesce(o.month_start, w.month_start) as month_start,
        coalesce(o.adoption_stage, w.adoption_stage) as adoption_stage
    from out_of_stage as o
    full outer join was_in_stage as w
        on o.month_start = w.month_start and o.adoption_stage = w.adoption_stage
    where coalesce(o.mart_users, 0) != coalesce(w.fact_users, 0)

)

select * from mismatches
