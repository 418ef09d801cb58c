{#-
    The reporting month: the month of var `as_of` when given, else the month of the newest
    clean event (any event type). One row.
-#}
with

clean_events as (

    select * from {{ ref('stg_app__events') }}

),

newest_event as (

    select max(event_month_start) as newest_event_month_start
    from clean_events

),

reporting_period as (

    select
        {% if var('as_of') not in [none, ''] -%}
            {{ userops.month_start("cast('" ~ var('as_of') ~ "' as date)") }}
        {%- else -%}
            newest_event_month_start
        {%- endif %} as reporting_month_start,
        newest_event_month_start

    from newest_event

)

select * from reporting_period
