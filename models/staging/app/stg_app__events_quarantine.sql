with

validated_events as (

    select * from {{ ref('stg_app__events_validated') }}

),

rejected_events as (

    select
        rejection_reason,
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        user_id,
        event_type,
        channel,
        event_at_raw,
        event_at_utc,
        amount_raw,
        amount

    from validated_events
    where rejection_reason is not null

)

select * from rejected_events
