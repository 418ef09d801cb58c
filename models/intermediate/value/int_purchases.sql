{#-
    The clean purchase events up to and including the reporting date (business-timezone
    date): the transactions lifetimes' RFM is computed from, filtered once for every model
    that reads purchases (int_user_purchase_days, int_user_rfm_summary, int_campaign_users).
    Incremental by the purchase month (see incremental_month_cutoff): a run filters only the
    clean events from the cut-off on.
-#}
{{ userops.month_incremental_config() }}
{%- set cutoff = userops.incremental_month_cutoff('month_start') %}

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
        clean_events.amount,
        clean_events.event_month_start as month_start

    from clean_events
    cross join reporting_period
    where
        {{ userops.is_purchase('clean_events.event_type', 'clean_events.amount') }}
        and clean_events.event_at_local < reporting_period.reported_until
        and clean_events.event_month_start >= {{ cutoff }}

)

select * from purchases
