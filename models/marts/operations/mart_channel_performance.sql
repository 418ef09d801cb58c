{#-
    Per channel, campaign and month of sending: the funnel counts of the operational messages
    (control-group rows are not sends), their rates and whether each meets its benchmark.
    Delivery is over sent messages; the other rates are over delivered ones.
-#}
{%- set benchmark = {
    "delivery": userops.share_var("channel_benchmark_delivery_rate"),
    "read": userops.share_var("channel_benchmark_read_rate"),
    "conversion": userops.share_var("channel_benchmark_conversion_rate"),
    "unsubscribe": userops.share_var("channel_benchmark_unsubscribe_rate"),
} -%}

with

messages as (

    select * from {{ ref('int_messages_reported') }}

),

sends as (

    select * from messages
    where not is_control

),

counts as (

    select
        channel,
        sent_month_start as month_start,
        coalesce(campaign, '(none)') as campaign,
        count(*) as sent_messages,
        count(delivered_at_local) as delivered_messages,
        count(read_at_local) as read_messages,
        count(clicked_at_local) as clicked_messages,
        count(converted_at_local) as converted_messages,
        count(unsubscribed_at_local) as unsubscribed_messages

    from sends
    group by 1, 2, 3

),

rated as (

    select
        *,
        {{ userops.safe_divide('delivered_messages', 'sent_messages') }} as delivery_rate,
        {{ userops.safe_divide('read_messages', 'delivered_messages') }} as read_rate,
        {{ userops.safe_divide('clicked_messages', 'delivered_messages') }} as click_rate,
        {{ userops.safe_divide('converted_messages', 'delivered_messages') }} as conversion_rate,
        {{ userops.safe_divide('unsubscribed_messages', 'delivered_messages') }}
            as unsubscribe_rate

    from counts

),

flagged as (

    select
        *,
        delivery_rate > {{ benchmark.delivery }} as is_delivery_benchmark_met,
        read_rate > {{ benchmark.read }} as is_read_benchmark_met,
        conversion_rate > {{ benchmark.conversion }} as is_conversion_benchmark_met,
        unsubscribe_rate < {{ benchmark.unsubscribe }} as is_unsubscribe_benchmark_met

    from rated

)

select * from flagged
