{#-
    Every user of the reporting month whom a playbook rule matches, with the single rule that
    wins (lowest priority number, then rule_id), the suggested send time and, when the user
    must not be contacted, why (the queue is the rows without an exclusion reason).

    History is the whole outreach log (stg_app__messages_validated), including what it holds
    after the reporting date: the queue looks forward, so an opt-out or a send logged after
    the newest event (a log fresher than the events, or var `as_of` in the past) still
    excludes the user or counts towards the cap and the gap, the gap on both sides of the
    suggested send. Both are read from the quarantined rows too: a message quarantined for
    its funnel (a read time before the send time from a skewed clock, a step without
    delivery) or its channel was still sent to the user, and an opt-out on any row is still
    the user's wish. A send needs a message id, a user and a send time not in the future;
    copies of one message id count once (the clean copy, else the earliest). The reports of
    what happened (channel rates, A/B) read the clean log as the reporting date saw it
    instead (int_messages_reported). Control-group rows are assignments, not sends, so they
    never count towards caps and gaps.
-#}
{%- set min_gap_days = userops.whole_number_var('outreach_min_gap_days', 0) -%}
{%- set monthly_cap = userops.whole_number_var('outreach_monthly_cap', 0) -%}

with

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

user_months as (

    select * from {{ ref('fct_user_months') }}

),

value_months as (

    select * from {{ ref('fct_user_value_monthly') }}

),

playbook as (

    select * from {{ ref('outreach_playbook') }}

),

-- Every raw message row, the quarantined ones too (stg_app__messages keeps the clean ones).
validated_messages as (

    select * from {{ ref('stg_app__messages_validated') }}

),

reporting_users as (

    select
        user_months.user_id,
        user_months.month_start as reporting_month_start,
        reporting_period.as_of_date,
        reporting_period.reported_until,
        user_months.lifecycle_state,
        user_months.adoption_stage,
        user_months.consecutive_inactive_months as months_inactive,
        user_months.is_expected_to_return

    from user_months
    inner join reporting_period
        on user_months.month_start = reporting_period.reporting_month_start

),

tiers_ranked as (

    select
        value_months.user_id,
        value_months.value_tier,
        row_number() over (
            partition by value_months.user_id
            order by value_months.month_start desc
        ) as recency_rank

    from value_months
    inner join reporting_period
        on value_months.month_start <= reporting_period.reporting_month_start
    where value_months.value_tier is not null

),

latest_tiers as (

    select
        user_id,
        value_tier

    from tiers_ranked
    where recency_rank = 1

),

-- An opt-out is honoured from any row of the log that names the user and whose opt-out time
-- parses, also a row quarantined for another reason (a read time before the send time from
-- a skewed clock, a funnel step on a control row, a duplicate): the metrics set such a row
-- aside, but the user still asked not to be contacted.
opt_outs as (

    select
        user_id,
        min({{ userops.to_business_time('unsubscribed_at_utc') }}) as unsubscribed_at_local

    from validated_messages
    where user_id is not null and unsubscribed_at_utc is not null
    group by 1

),

-- Every send the log records, quarantined rows included (see above), one per message id.
logged_sends as (

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
        and sent_at_utc is not null
        and sent_at_utc <= {{ dbt.current_timestamp() }}

),

sends as (

    select
        user_id,
        sent_at_local,
        {{ userops.month_start('sent_at_local') }} as sent_month_start

    from logged_sends
    where copy_rank = 1

),

user_history as (

    select
        user_id,
        max(sent_at_local) as last_sent_at_local

    from sends
    group by 1

),

monthly_sends as (

    select
        user_id,
        sent_month_start,
        count(*) as message_count

    from sends
    group by 1, 2

),

matches as (

    select
        reporting_users.user_id,
        reporting_users.reporting_month_start,
        reporting_users.as_of_date,
        reporting_users.reported_until,
        reporting_users.lifecycle_state,
        reporting_users.adoption_stage,
        latest_tiers.value_tier,
        reporting_users.months_inactive,
        playbook.rule_id,
        playbook.priority as rule_priority,
        playbook.content,
        playbook.channel,
        row_number() over (
            partition by reporting_users.user_id
            order by playbook.priority, {{ userops.binary_order('playbook.rule_id') }}
        ) as match_rank

    from reporting_users
    left join latest_tiers
        on reporting_users.user_id = latest_tiers.user_id
    inner join playbook
        on (
            playbook.lifecycle_state is null
            or reporting_users.lifecycle_state = playbook.lifecycle_state
        )
        and (
            playbook.adoption_stage is null
            or reporting_users.adoption_stage = playbook.adoption_stage
        )
        and (playbook.value_tier is null or latest_tiers.value_tier = playbook.value_tier)
        and (
            playbook.min_months_inactive is null
            or reporting_users.months_inactive >= playbook.min_months_inactive
        )
        and (
            playbook.max_months_inactive is null
            or reporting_users.months_inactive <= playbook.max_months_inactive
        )
        and (
            playbook.expected_to_return is null
            or reporting_users.is_expected_to_return = playbook.expected_to_return
        )
),

chosen as (

    select
        matches.*,
        user_history.last_sent_at_local,
        opt_outs.unsubscribed_at_local,
        matches.reported_until as day_after_reporting_date

    from matches
    left join user_history
        on matches.user_id = user_history.user_id
    left join opt_outs
        on matches.user_id = opt_outs.user_id
    where matches.match_rank = 1

),

-- The moments a send could start from: the day after the reporting date, and the minimum gap
-- after each logged send that ends later than that.
send_starts as (

    select
        user_id,
        day_after_reporting_date as earliest_send_at_local

    from chosen
    union all
    select
        chosen.user_id,
        {{ userops.add_days(min_gap_days, "sends.sent_at_local") }}
            as earliest_send_at_local

    from chosen
    inner join sends
        on chosen.user_id = sends.user_id
    where
        {{ userops.add_days(min_gap_days, "sends.sent_at_local") }}
        > chosen.day_after_reporting_date

),

send_slots as (

    select
        user_id,
        {{ userops.next_send_window("earliest_send_at_local") }} as suggested_send_at_local

    from send_starts

),

-- The first slot at least the minimum gap away from every logged send, before or after it
-- (a log fresher than the events can hold sends after the reporting date). The slot after
-- the last send always is.
timed as (

    select
        send_slots.user_id,
        min(send_slots.suggested_send_at_local) as suggested_send_at_local

    from send_slots
    left join sends
        on
            send_slots.user_id = sends.user_id
            and sends.sent_at_local
            > {{ userops.add_days(
                -min_gap_days, "send_slots.suggested_send_at_local"
            ) }}
            and sends.sent_at_local
            < {{ userops.add_days(
                min_gap_days, "send_slots.suggested_send_at_local"
            ) }}
    where sends.user_id is null
    group by 1

),

checked as (

    select
        chosen.*,
        timed.suggested_send_at_local,
        {{ userops.from_business_time("timed.suggested_send_at_local") }}
            as suggested_send_at_utc,
        coalesce(monthly_sends.message_count, 0) as messages_in_send_month,
        case
            when chosen.unsubscribed_at_local is not null then 'unsubscribed'
            when coalesce(monthly_sends.message_count, 0) >= {{ monthly_cap }}
                then 'monthly_cap_reached'
        end as exclusion_reason

    from chosen
    inner join timed
        on chosen.user_id = timed.user_id
    left join monthly_sends
        on
            timed.user_id = monthly_sends.user_id
            and {{ userops.month_start("timed.suggested_send_at_local") }}
            = monthly_sends.sent_month_start

),

final as (

    select
        user_id,
        reporting_month_start,
        as_of_date,
        lifecycle_state,
        adoption_stage,
        value_tier,
        months_inactive,
        rule_id,
        rule_priority,
        content,
        channel,
        last_sent_at_local,
        unsubscribed_at_local,
        messages_in_send_month,
        suggested_send_at_local,
        suggested_send_at_utc,
        exclusion_reason

    from checked

)

select * from final
