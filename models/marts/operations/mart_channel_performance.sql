{#-
    Per channel, campaign and month of sending: the funnel counts of the operational messages
    (control-group rows are not sends), their rates and whether each meets its benchmark.
    Delivery is over sent messages; the other rates are over delivered ones. Where the
    outreach log does not track delivery (no `delivered_at` column: is_delivery_tracked
    false on a message of the group), the delivered count and the delivery rate are NULL,
    unknown rather than 0, and the other rates are over sent messages.
-#}
{%- set benchmark = {
    "delivery": userops.share_var("channel_benchmark_delivery_rate"),
    "read": userops.share_var("channel_benchmark_read_rate"),
    "conversion": userops.share_var("channel_benchmark_conversion_rate"),
    "unsubscribe": userops.share_var("channel_benchmark_unsubscribe_rate"),
} -%}
{#- The base of the rates after delivery: delivered messages, or sent ones when untracked. -#}
{%- set reached = "coalesce(delivered_messages, sent_messages)" -%}

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
        case
            when min(case when is_delivery_tracked = false then 0 else 1 end) = 1
                then count(delivered_at_local)
        end as delivered_messages,
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
        {{ userops.safe_divide('read_messages', reached) }} as read_rate,
        {{ userops.safe_divide('clicked_messages', reached) }} as click_rate,
        {{ userops.safe_divide('converted_messages', reached) }} as conversion_rate,
        {{ userops.safe_divide('unsubscribed_messages', reached) }} as unsubscribe_rate

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
