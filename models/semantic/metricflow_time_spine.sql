{#-
    MetricFlow's time spine: one row per calendar day of every month in int_calendar_months
    (the first active month of any user through the reporting month). Days come from the
    month starts plus 0..99 days, kept while still inside the month, so no engine-specific
    series function is needed.
-#}
with

calendar_months as (

    select * from {{ ref('int_calendar_months') }}

),

day_offsets as (

    {{ userops.integer_series(2) }}

),

days as (

    select
        cast(
            {{ dbt.dateadd('day', 'day_offsets.n', 'calendar_months.month_start') }} as date
        ) as date_day

    from calendar_months
    inner join day_offsets
        on
            {{ dbt.dateadd('day', 'day_offsets.n', 'calendar_months.month_start') }}
            < {{ userops.add_months('calendar_months.month_start', 1) }}

)

select * from days
