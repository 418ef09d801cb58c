{#-
    One row per value-drop alert: a user who was `high` or `mid` tier last month and whose
    revenue this month fell by at least var `value_drop_share` against their average over
    the previous var `value_drop_trailing_months` months (which must be > 0).
    Severity: `critical` for a high-tier user with a drop of at least
    var `value_drop_critical_share`; `high` for any other high-tier user or such a drop;
    `medium` otherwise.
-#}
with

user_value as (

    select * from {{ ref('fct_user_value_monthly') }}

),

drops as (

    select
        user_id,
        month_start,
        previous_value_tier,
        lifecycle_state,
        revenue,
        previous_months_average_revenue,
        1 - revenue / previous_months_average_revenue as revenue_drop_share

    from user_value
    where
        previous_value_tier in ('high', 'mid')
        and previous_months_average_revenue > 0

),

alerts as (

    select
        *,
        case
            when
                previous_value_tier = 'high'
                and revenue_drop_share >= {{ var('value_drop_critical_share') }}
                then 'critical'
            when
                previous_value_tier = 'high'
                or revenue_drop_share >= {{ var('value_drop_critical_share') }}
                then 'high'
            else 'medium'
        end as severity

    from drops
    where revenue_drop_share >= {{ var('value_drop_share') }}

)

select * from alerts
