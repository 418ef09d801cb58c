{#-
    The clean purchase events up to and including the reporting date (business-timezone
    date): the transactions lifetimes' RFM is computed from, filtered once for every model
    that reads purchases (int_user_purchase_days, int_user_rfm_summary, int_campaign_users).
-#}
with

clean_events as (

    select * from {{ ref('stg_app__events') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

purchases as (

    select
        clean_events.user_id,
        clean_events.event_type,
        clean_events.event_at_local as purchased_at,
        clean_events.amount

    from clean_events
    cross join reporting_period
    where
        {{ userops.is_purchase('clean_events.event_type', 'clean_events.amount') }}
        and cast(clean_events.event_at_local as date) <= reporting_period.as_of_date

)

select * from purchases
