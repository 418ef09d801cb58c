{#-
    Every calendar month from the earliest active month of any user through the reporting
    month, with no gaps. One row per month.
-#}
with

active_months as (

    select * from {{ ref('int_user_active_months_sequenced') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

bounds as (

    select
        min(active_months.month_start) as first_month_start,
        max(reporting_period.reporting_month_start) as last_month_start

    from active_months
    cross join reporting_period

),

bounds_with_count as (

    select
        first_month_start,
        {{ userops.months_between('first_month_start', 'last_month_start') }}
        + 1 as month_count

    from bounds

),

integers as (

    {{ userops.integer_series(4) }}

),

calendar_months as (

    select {{ userops.add_months('bounds.first_month_start', 'integers.n') }} as month_start

    from bounds_with_count as bounds
    inner join integers
        on bounds.month_count > integers.n

)

select * from calendar_months
