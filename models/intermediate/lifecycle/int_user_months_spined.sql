{#-
    The calendar-complete spine: one row per user per month from the user's first active
    month through the reporting month, active or not. Each active month stretches over the
    inactive months that follow it, up to the next active month (or the end of the spine), so
    every row knows the last active month at or before it, and the months since.
    Incremental by month (see incremental_month_cutoff): a row depends only on the user's
    active months up to its own month, so a late event changes no month before its own.
-#}
{{ userops.month_incremental_config() }}

with

active_months as (

    select * from {{ ref('int_user_active_months_sequenced') }}

),

calendar_months as (

    select * from {{ ref('int_calendar_months') }}
    {% if is_incremental() -%}
        where month_start >= {{ userops.incremental_month_cutoff('month_start') }}
    {%- endif %}

),

user_months as (

    select * from {{ ref('int_user_months_aggregated') }}
    {% if is_incremental() -%}
        where month_start >= {{ userops.incremental_month_cutoff('month_start') }}
    {%- endif %}

),

stretched as (

    select
        active_months.user_id,
        calendar_months.month_start,
        active_months.first_active_month_start,
        active_months.month_start as last_active_month_start,
        active_months.inactive_months_before

    from active_months
    inner join calendar_months
        on
            active_months.month_start <= calendar_months.month_start
            and coalesce(
                active_months.next_active_month_start, cast('9999-12-01' as date)
            ) > calendar_months.month_start

),

spined as (

    select
        stretched.user_id,
        stretched.month_start,
        stretched.first_active_month_start,
        stretched.last_active_month_start,
        stretched.month_start = stretched.last_active_month_start as is_active,
        {{ userops.months_between('stretched.last_active_month_start', 'stretched.month_start') }}
            as consecutive_inactive_months,
        case
            when stretched.month_start = stretched.last_active_month_start
                then stretched.inactive_months_before
        end as inactive_months_before,
        {{ userops.months_between('stretched.first_active_month_start', 'stretched.month_start') }}
            as months_since_first_active,
        coalesce(user_months.event_count, 0) as event_count,
        coalesce(user_months.active_event_count, 0) as active_event_count,
        coalesce(user_months.revenue, 0) as revenue

    from stretched
    left join user_months
        on
            stretched.user_id = user_months.user_id
            and stretched.month_start = user_months.month_start

)

select * from spined
