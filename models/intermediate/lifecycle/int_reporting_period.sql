{#-
    The reporting date and month: var `as_of` when given, else the date of the newest clean
    event (any event type, business timezone), and its month. One row.
-#}
{%- set as_of = userops.as_of() -%}

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
        {% if as_of is not none -%}
            {{ userops.month_start("cast('" ~ as_of ~ "' as date)") }}
        {%- else -%}
            newest_event_month_start
        {%- endif %} as reporting_month_start,
        {% if as_of is not none -%}
            cast('{{ as_of }}' as date)
        {%- else -%}
            newest_event_date
        {%- endif %} as as_of_date,
        newest_event_month_start

    from newest_event

)

select * from reporting_period
