with

validated_events as (

    select * from {{ ref('stg_app__events_validated') }}

),

clean_events as (

    select
        event_id,
        user_id,
        event_type,
        channel,
        amount,
        event_at_utc,
        event_at_local,
        event_month_start

    from validated_events
    where rejection_reason is null

)

select * from clean_events
