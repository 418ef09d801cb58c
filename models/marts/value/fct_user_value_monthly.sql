{#-
    Per user-month: trailing ARPU over var `arpu_trailing_months` (the current month and the
    ones before it, only months on the user's spine), and the value tier among paying users
    (trailing ARPU > 0). Users are ranked by trailing ARPU, ties broken by revenue to date,
    then earlier first active month, then user id; the first floor(n × high cut-off) are
    `high`, up to floor(n × mid cut-off) `mid`, the rest `low`.
-#}
{%- set trailing = var('arpu_trailing_months') | int -%}
{%- set drop_window = var('value_drop_trailing_months') | int -%}

with

user_months as (

    select * from {{ ref('fct_user_months') }}

),

trailing_windows as (

    select
        user_id,
        month_start,
        lifecycle_state,
        first_active_month_start,
        revenue,
        sum(revenue) over (
            partition by user_id order by month_start
            rows between {{ trailing - 1 }} preceding and current row
        ) as trailing_revenue,
        count(*) over (
            partition by user_id order by month_start
            rows between {{ trailing - 1 }} preceding and current row
        ) as trailing_months,
        sum(revenue) over (
            partition by user_id order by month_start
            rows between unbounded preceding and current row
        ) as revenue_to_date,
        avg(revenue) over (
            partition by user_id order by month_start
            rows between {{ drop_window }} preceding and 1 preceding
        ) as previous_months_average_revenue

    from user_months

),

with_arpu as (

    select
        *,
        cast(trailing_revenue as {{ userops.type_double() }}) / trailing_months as trailing_arpu

    from trailing_windows

),

ranked as (

    select
        *,
        case
            when trailing_arpu > 0
                then row_number() over (
                    partition by month_start, trailing_arpu > 0
                    order by
                        trailing_arpu desc,
                        revenue_to_date desc,
                        first_active_month_start asc,
                        user_id asc
                )
        end as arpu_rank,
        count(case when trailing_arpu > 0 then 1 end) over (
            partition by month_start
        ) as paying_users

    from with_arpu

),

tiered as (

    select
        *,
        case
            when arpu_rank is null then null
            when arpu_rank <= floor(
                cast({{ var('value_tier_high_cutoff') }} as {{ dbt.type_numeric() }})
                * paying_users
            ) then 'high'
            when arpu_rank <= floor(
                cast({{ var('value_tier_mid_cutoff') }} as {{ dbt.type_numeric() }})
                * paying_users
            ) then 'mid'
            else 'low'
        end as value_tier

    from ranked

),

final as (

    select
        user_id,
        month_start,
        lifecycle_state,
        revenue,
        revenue_to_date,
        trailing_revenue,
        trailing_months,
        trailing_arpu,
        previous_months_average_revenue,
        arpu_rank,
        paying_users,
        value_tier,
        lag(value_tier) over (
            partition by user_id order by month_start
        ) as previous_value_tier

    from tiered

)

select * from final
