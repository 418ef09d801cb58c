{#-
    Clean events rolled up to one row per user per month that has any event, up to and
    including the reporting date (as_of_date: var `as_of`, else the newest event's date), as
    the purchases and the outreach log are: a build as of the 15th counts what was known on
    the 15th. A month is active when it has a qualifying event (var `active_event_types`,
    default every type); revenue counts every event's amount. Incremental by month (see
    incremental_month_cutoff).
-#}
{{ userops.month_incremental_config() }}
{%- set active_event_types = var('active_event_types') -%}
{%- set cutoff = userops.incremental_month_cutoff('month_start') -%}

with

clean_events as (

    select * from {{ ref('stg_app__events') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

events_in_period as (

    select clean_events.*
    from clean_events
    inner join reporting_period
        on clean_events.event_month_start <= reporting_period.reporting_month_start
    where
        clean_events.event_at_local < reporting_period.reported_until
        and clean_events.event_month_start >= {{ cutoff }}

),

user_months as (

    select
        user_id,
        event_month_start as month_start,
        count(*) as event_count,
        {% if active_event_types in [none, '', []] -%}
            count(*)
        {%- else -%}
            count(case when {{ userops.in_list('event_type', active_event_types) }} then 1 end)
        {%- endif %} as active_event_count,
        coalesce(sum(amount), 0) as revenue

    from events_in_period
    group by 1, 2

)

select * from user_months
