{{ config(materialized="table") }}

with

raw_events as (

    select * from {{ ref('base_app__events') }}

),

typed as (

    select
        event_at as event_at_raw,
        amount as amount_raw,
        nullif(trim(cast(event_id as {{ dbt.type_string() }})), '') as event_id,
        nullif(trim(cast(user_id as {{ dbt.type_string() }})), '') as user_id,
        nullif(trim(cast(event_type as {{ dbt.type_string() }})), '') as event_type,
        nullif(trim(cast(channel as {{ dbt.type_string() }})), '') as channel,
        {{ userops.try_cast('event_at', 'timestamp with time zone') }} as event_at_utc,
        {{ userops.try_cast('amount', dbt.type_numeric()) }} as amount

    from raw_events

),

checked as (

    select
        *,
        case
            when user_id is null then 'missing_user_id'
            when nullif(trim(cast(event_at_raw as {{ dbt.type_string() }})), '') is null
                then 'missing_event_at'
            when event_at_utc is null then 'unparseable_event_at'
            when event_at_utc > {{ dbt.current_timestamp() }} then 'future_event_at'
            when event_type is null then 'missing_event_type'
            when amount_raw is not null and amount is null then 'unparseable_amount'
            when amount < 0 then 'negative_amount'
        end as row_rejection_reason

    from typed

),

ranked as (

    -- Deduplicate by event_id when there is one, else by the whole typed row. The first
    -- valid copy is kept; later valid copies are duplicates.
    select
        *,
        row_number() over (
            partition by
                event_id,
                case when event_id is null then user_id end,
                case when event_id is null then event_at_utc end,
                case when event_id is null then event_type end,
                case when event_id is null then amount end,
                case when event_id is null then channel end
            order by
                case when row_rejection_reason is null then 0 else 1 end,
                event_at_utc,
                user_id,
                event_type,
                amount,
                channel
        ) as copy_number

    from checked

),

validated as (

    select
        event_id,
        user_id,
        event_type,
        channel,
        amount,
        event_at_utc,
        {{ userops.to_business_time('event_at_utc') }} as event_at_local,
        coalesce(
            row_rejection_reason,
            case when copy_number > 1 then 'duplicate_event' end
        ) as rejection_reason,
        case
            when row_rejection_reason is not null
                then cast(event_at_raw as {{ dbt.type_string() }})
        end as event_at_raw,
        case
            when row_rejection_reason is not null
                then cast(amount_raw as {{ dbt.type_string() }})
        end as amount_raw

    from ranked

),

final as (

    select
        *,
        {{ userops.month_start('event_at_local') }} as event_month_start

    from validated

)

select * from final
