{#-
    metricflow_time_spine has every day from the first day of the first calendar month
    through the last day of the reporting month exactly once: it starts and ends there, no
    day repeats, and only the first day has no day before it. Returns a row when it does not.
-#}
with

time_spine as (

    select * from {{ ref('metricflow_time_spine') }}

),

calendar_months as (

    select * from {{ ref('int_calendar_months') }}

),

expected as (

    select
        min(month_start) as first_day,
        max({{ userops.month_end('month_start') }}) as last_day

    from calendar_months

),

days_without_previous_day as (

    select count(*) as day_count

    from time_spine
    left join time_spine as previous_days
        on
            cast({{ dbt.dateadd('day', 1, 'previous_days.date_day') }} as date)
            = time_spine.date_day
    where previous_days.date_day is null

),

actual as (

    select
        min(date_day) as first_day,
        max(date_day) as last_day,
        count(*) as day_count,
        count(distinct date_day) as distinct_day_count

    from time_spine

)

select
    actual.*,
    expected.first_day as expected_first_day,
    expected.last_day as expected_last_day,
    days_without_previous_day.day_count as days_without_previous_day

from actual
cross join expected
cross join days_without_previous_day
where
    actual.first_day != expected.first_day
    or actual.last_day != expected.last_day
    or actual.day_count != actual.distinct_day_count
    or days_without_previous_day.day_count != 1
