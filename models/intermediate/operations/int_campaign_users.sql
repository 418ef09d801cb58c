{#-
    One row per campaign and user in an experiment (a message with a variant, up to the
    reporting date): the variant of the user's first message of the campaign, whether any of
    their messages of the campaign converted, and their purchases (int_purchases: up to the
    reporting date, as the messages are) in the var `experiment_revenue_days` days after that
    first message.
-#}
{%- set revenue_days = userops.whole_number_var('experiment_revenue_days', 0) -%}

with

messages as (

    select * from {{ ref('int_messages_reported') }}

),

purchases as (

    select * from {{ ref('int_purchases') }}

),

experiment_messages as (

    select
        *,
        row_number() over (
            partition by campaign, user_id
            order by sent_at_local, {{ userops.binary_order('message_id') }}
        ) as message_number

    from messages
    where variant is not null

),

campaign_users as (

    select
        campaign,
        user_id,
        max(case when message_number = 1 then variant end) as variant,
        bool_or(case when message_number = 1 then is_control end) as is_control,
        min(sent_at_local) as first_sent_at_local,
        max(case when converted_at_local is not null then 1 else 0 end) as has_converted

    from experiment_messages
    group by 1, 2

),

-- The purchases are summed in the same group-by, not joined back on the campaign: a
-- message outside any campaign has none (NULL), which an equality join never matches.
final as (

    select
        campaign_users.campaign,
        campaign_users.user_id,
        campaign_users.variant,
        campaign_users.is_control,
        campaign_users.first_sent_at_local,
        campaign_users.has_converted = 1 as has_converted,
        coalesce(sum(purchases.amount), 0) as revenue_after_first_message

    from campaign_users
    left join purchases
        on
            campaign_users.user_id = purchases.user_id
            and campaign_users.first_sent_at_local <= purchases.purchased_at
            and {{ userops.add_days(
                revenue_days, "campaign_users.first_sent_at_local"
            ) }} > purchases.purchased_at
    group by 1, 2, 3, 4, 5, 6

)

select * from final
