{#-
    Reads the classified user-months and the purchase cadence, not fct_user_months: the
    counts need neither the adoption stages nor the user attributes, so the monthly counts
    do not wait for them. fct_user_months holds the same rows: the spine, the cadence and
    fct_user_months each have one row per user-month (tested), and the segment marts, built
    from fct_user_months, add up to this mart (assert_segments_add_up_to_overall).
-#}
with

user_months as (

    select * from {{ ref('int_user_months_classified') }}

),

purchase_cadence as (

    select * from {{ ref('int_user_months_purchase_cadence') }}

),

calendar_months as (

    select * from {{ ref('int_calendar_months') }}

),

state_counts as (

    select
        month_start,
        {{ userops.lifecycle_state_counts() }},
        cast(sum(event_count) as {{ dbt.type_bigint() }}) as event_count,
        sum(revenue) as revenue

    from user_months
    group by 1

),

-- Stockpilers are inactive by definition, so each is dormant or churned.
expected_to_return_counts as (

    select
        user_months.month_start,
        count(
            case when user_months.lifecycle_state = 'dormant' then 1 end
        ) as dormant_expected_to_return_users,
        count(
            case when user_months.lifecycle_state = 'churned' then 1 end
        ) as churned_expected_to_return_users

    from purchase_cadence
    inner join user_months
        on
            purchase_cadence.user_id = user_months.user_id
            and purchase_cadence.month_start = user_months.month_start
    where purchase_cadence.is_expected_to_return
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
            expected_to_return_counts.dormant_expected_to_return_users, 0
        ) as dormant_expected_to_return_users,
        coalesce(
            expected_to_return_counts.churned_expected_to_return_users, 0
        ) as churned_expected_to_return_users,
        {{ userops.safe_divide('state_counts.active_users', 'state_counts.cumulative_users') }}
            as monthly_active_rate,
        coalesce(state_counts.event_count, 0) as event_count,
        coalesce(state_counts.revenue, 0) as revenue

    from calendar_months
    left join state_counts
        on calendar_months.month_start = state_counts.month_start
    left join expected_to_return_counts
        on calendar_months.month_start = expected_to_return_counts.month_start

)

select * from monthly
