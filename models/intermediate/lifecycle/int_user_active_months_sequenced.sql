{#-
    One row per user per active month, with the months around it: the user's first active
    month over their whole history, the previous and next active months, and the number of
    inactive months just before this one.
-#}
with

user_months as (

    select * from {{ ref('int_user_months_aggregated') }}

),

active_months as (

    select
        user_id,
        month_start

    from user_months
    where active_event_count > 0

),

sequenced as (

    select
        user_id,
        month_start,
        min(month_start) over (partition by user_id) as first_active_month_start,
        lag(month_start) over (
            partition by user_id order by month_start
        ) as previous_active_month_start,
        lead(month_start) over (
            partition by user_id order by month_start
        ) as next_active_month_start

    from active_months

),

final as (

    select
        *,
        {{ userops.months_between('previous_active_month_start', 'month_start') }}
        - 1 as inactive_months_before

    from sequenced

)

select * from final
