{#-
    The reporting date and month: var `as_of` when given, else the date of the newest clean
    event (any event type, business timezone), and its month. One row.
-#}
with

clean_events as (

    select * from {{ ref('stg_app__events') }}

),

newest_event as (

    select
        max(event_month_start) as newest_event_month_start,
        max(cast(event_at_local as date)) as newest_event_date

    from clean_events

),

reporting_period as (

    select
        {% if var('as_of') not in [none, ''] -%}
            {{ userops.month_start("cast('" ~ var('as_of') ~ "' as date)") }}
        {%- else -%}
            newest_event_month_start
        {%- endif %} as reporting_month_start,
        {% if var('as_of') not in [none, ''] -%}
            cast('{{ var('as_of') }}' as date)
        {%- else -%}
            newest_event_date
        {%- endif %} as as_of_date,
        newest_event_month_start

    from newest_event

)

select * from reporting_period
