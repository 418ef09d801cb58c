with

validated_events as (

    select * from {{ ref('stg_app__events_validated') }}

),

clean_events as (

    select
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        user_id,
        event_type,
        channel,
        amount,
        event_at_utc,
        event_at_local,
        -- A clean event always has a time, so its partition is its month.
        partition_month_start as event_month_start

    from validated_events
    where rejection_reason is null

)

select * from clean_events
