{#-
    The queue plus the whole outreach log never breaks a frequency rule: no queued user has
    ever unsubscribed (on any row of the log, quarantined rows included), no queued send comes
    less than var `outreach_min_gap_days` before or after a logged message, and no user gets
    more than var `outreach_monthly_cap` operational messages in the calendar month of a
    queued send. A logged message is any row with a message id, a user and a send time not in
    the future, quarantined or not (a message quarantined for its funnel was still sent),
    each message id once. The log counts also after the reporting date: those sends and
    opt-outs are known already. Control-group rows are assignments, not messages. Returns the
    queued users who break one.
-#}
{%- set min_gap_days = userops.whole_number_var('outreach_min_gap_days', 0) -%}
{%- set monthly_cap = userops.whole_number_var('outreach_monthly_cap', 0) -%}

with

queue as (

    select * from {{ ref('fct_outreach_queue') }}

),

validated_messages as (

    select * from {{ ref('stg_app__messages_validated') }}

),

-- One copy of each message id: the clean one, else the earliest sent.
logged_messages as (

    select
        user_id,
        sent_at_local,
        row_number() over (
            partition by message_id
            order by
                case when rejection_reason is null then 0 else 1 end,
                sent_at_utc,
                {{ userops.binary_order('user_id') }}
        ) as copy_rank

    from validated_messages
    where
        not is_control
        and message_id is not null
        and user_id is not null
        and sent_at_utc <= {{ dbt.current_timestamp() }}

),

history as (

    select
        user_id,
        sent_at_local,
        {{ userops.month_start("sent_at_local") }} as sent_month_start

    from logged_messages
    where copy_rank = 1

),

opted_out as (

    select distinct user_id
    from validated_messages
    where unsubscribed_at_utc is not null

),

too_close as (

    select distinct queue.user_id
    from queue
    inner join history
        on
            queue.user_id = history.user_id
            and queue.suggested_send_at_local
            < {{ dbt.dateadd("day", min_gap_days, "history.sent_at_local") }}
            and queue.suggested_send_at_local
            > {{ dbt.dateadd("day", -min_gap_days, "history.sent_at_local") }}

),

sends as (

    select
        user_id,
        sent_month_start as month_start

    from history
    union all
    select
        user_id,
        {{ userops.month_start("suggested_send_at_local") }} as month_start

    from queue

),

over_cap as (

    select
        queue.user_id,
        count(*) as messages_in_month

    from queue
    inner join sends
        on
            queue.user_id = sends.user_id
            and {{ userops.month_start("queue.suggested_send_at_local") }} = sends.month_start
    group by 1
    having count(*) > {{ monthly_cap }}

)

select
    user_id,
    'unsubscribed' as broken_rule

from opted_out
where user_id in (select queue.user_id from queue)
union all
select
    user_id,
    'minimum_gap' as broken_rule

from too_close
union all
select
    user_id,
    'monthly_cap' as broken_rule

from over_cap
