{#-
    Purchases rolled up to one row per user per purchase day (business-timezone date), up to
    and including the reporting date: the daily periods of lifetimes' RFM, where same-day
    purchases are merged and their amounts summed.
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
        cast(clean_events.event_at_local as date) as purchase_date,
        clean_events.amount

    from clean_events
    cross join reporting_period
    where
        {{ userops.is_purchase('clean_events.event_type', 'clean_events.amount') }}
        and cast(clean_events.event_at_local as date) <= reporting_period.as_of_date

),

purchase_days as (

    select
        user_id,
        purchase_date,
        {{ userops.month_start('purchase_date') }} as month_start,
        count(*) as purchase_count,
        coalesce(sum(amount), 0) as purchase_amount

    from purchases
    group by 1, 2

)

select * from purchase_days
