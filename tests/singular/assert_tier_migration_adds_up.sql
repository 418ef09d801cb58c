{#-
    mart_tier_migration accounts for every tiered user: per month and tier, the users moving
    into the tier equal the users in it (fct_user_value_monthly), and the users moving out of
    it equal last month's users in it. Returns the mismatches.
-#}
with

migration as (

    select * from {{ ref('mart_tier_migration') }}

),

user_value as (

    select * from {{ ref('fct_user_value_monthly') }}

),

into_tier as (

    select
        month_start,
        to_tier as tier,
        sum(user_count) as migration_users
    from migration
    where to_tier != 'none'
    group by 1, 2

),

out_of_tier as (

    select
        month_start,
        from_tier as tier,
        sum(user_count) as migration_users
    from migration
    where from_tier != 'none'
    group by 1, 2

),

in_tier as (

    select
        month_start,
        value_tier as tier,
        count(*) as fact_users
    from user_value
    where value_tier is not null
    group by 1, 2

),

was_in_tier as (

    select
        month_start,
        previous_value_tier as tier,
        count(*) as fact_users
    from user_value
    where previous_value_tier is not null
    group by 1, 2

),

mismatches as (

    select
        'into' as direction,
        coalesce(i.month_start, t.month_start) as month_start
    from into_tier as i
    full outer join in_tier as t
        on i.month_start = t.month_start and i.tier = t.tier
    where coalesce(i.migration_users, 0) != coalesce(t.fact_users, 0)

    union all

    select
        'out of' as direction,
        coalesce(o.month_start, w.month_start) as month_start
    from out_of_tier as o
    full outer join was_in_tier as w
        on o.month_start = w.month_start and o.tier = w.tier
    where coalesce(o.migration_users, 0) != coalesce(w.fact_users, 0)

)

select * from mismatches
