with

validated_messages as (

    select * from {{ ref('stg_app__messages_validated') }}

),

clean_messages as (

    select
        message_id,
        user_id,
        channel,
        campaign,
        variant,
        is_control,
        is_delivery_tracked,
        sent_at_utc,
        sent_at_local,
        {{ userops.month_start('sent_at_local') }} as sent_month_start,
        {{ userops.to_business_time('delivered_at_utc') }} as delivered_at_local,
        {{ userops.to_business_time('read_at_utc') }} as read_at_local,
        {{ userops.to_business_time('clicked_at_utc') }} as clicked_at_local,
        {{ userops.to_business_time('converted_at_utc') }} as converted_at_local,
        {{ userops.to_business_time('unsubscribed_at_utc') }} as unsubscribed_at_local

    from validated_messages
    where rejection_reason is null

)

select * from clean_messages
