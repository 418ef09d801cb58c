{{ config(severity='warn') }}
{#-
    A warning, not an error: the reporting month of mart_lifecycle_monthly has no active user.
    Every user then counts as inactive in it (mass churn, a 100% value drop for every high- and
    mid-tier payer), which the data cannot tell from a truly quiet month: most likely the feed
    stalled, or only events outside var `active_event_types` arrived (e.g. billing without
    logins), which int_reporting_period_reporting_month_has_events, counting every clean event,
    does not see; or the reporting date comes before the month's first active event (a run
    on the 1st). Returns the reporting month's row when it has no active user.
-#}
with

lifecycle as (

    select * from {{ ref('mart_lifecycle_monthly') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

reporting_month as (

    select
        lifecycle.month_start,
        lifecycle.active_users,
        lifecycle.cumulative_users

    from lifecycle
    inner join reporting_period
        on lifecycle.month_start = reporting_period.reporting_month_start
    where lifecycle.active_users = 0

)

select * from reporting_month
