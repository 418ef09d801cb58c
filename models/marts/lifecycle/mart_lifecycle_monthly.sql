with

user_months as (

    select * from {{ ref('fct_user_months') }}

),

calendar_months as (

    select * from {{ ref('int_calendar_months') }}

),

state_counts as (

    select
        month_start,
        {{ userops.lifecycle_state_counts() }},
        count(
            case when lifecycle_state = 'dormant' and is_expected_to_return then 1 end
        ) as dormant_expected_to_return_users,
        count(
            case when lifecycle_state = 'churned' and is_expected_to_return then 1 end
        ) as churned_expected_to_return_users,
        cast(sum(event_count) as {{ dbt.type_bigint() }}) as event_count,
        sum(revenue) as revenue

    from user_months
    group by 1

),

monthly as (

    select
        calendar_months.month_start,
        {% for state in userops.lifecycle_states() -%}
            coalesce(state_counts.{{ state }}_users, 0) as {{ state }}_users,
        {% endfor -%}
        coalesce(state_counts.active_users, 0) as active_users,
        coalesce(state_counts.cumulative_users, 0) as cumulative_users,
        coalesce(
            state_counts.dormant_expected_to_return_users, 0
        ) as dormant_expected_to_return_users,
        coalesce(
            state_counts.churned_expected_to_return_users, 0
        ) as churned_expected_to_return_users,
        {{ userops.safe_divide('state_counts.active_users', 'state_counts.cumulative_users') }}
            as monthly_active_rate,
        coalesce(state_counts.event_count, 0) as event_count,
        coalesce(state_counts.revenue, 0) as revenue

    from calendar_months
    left join state_counts
        on calendar_months.month_start = state_counts.month_start

)

select * from monthly
