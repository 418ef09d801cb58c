{#-
    Every queued user matches the playbook rule the queue names, judged on the user's own
    lifecycle state, adoption stage, inactivity and stockpiler flag in fct_user_months (and
    the queue's latest value tier); the rule is in the playbook with the priority the queue gives it; and no
    matching rule has a better (priority, rule_id) than the playbook gives the named rule.
    Also, every suggested send lies inside a send window of var `outreach_send_windows`.
    Returns the rows that fail.
-#}
{%- set seconds_into_day = dbt.datediff(
    dbt.date_trunc("day", "suggested_send_at_local"), "suggested_send_at_local", "second"
) -%}

with

queue as (

    select * from {{ ref('fct_outreach_queue') }}

),

user_months as (

    select * from {{ ref('fct_user_months') }}

),

playbook as (

    select * from {{ ref('outreach_playbook') }}

),

judged as (

    select
        queue.user_id,
        queue.rule_id,
        queue.rule_priority,
        named_rule.priority as named_rule_priority,
        queue.suggested_send_at_local,
        playbook.rule_id as candidate_rule_id,
        playbook.priority as candidate_priority,
        (
            (
                playbook.lifecycle_state is null
                or playbook.lifecycle_state = user_months.lifecycle_state
            )
            and (
                playbook.adoption_stage is null
                or playbook.adoption_stage = user_months.adoption_stage
            )
            and (playbook.value_tier is null or playbook.value_tier = queue.value_tier)
            and (
                playbook.min_months_inactive is null
                or user_months.consecutive_inactive_months >= playbook.min_months_inactive
            )
            and (
                playbook.max_months_inactive is null
                or user_months.consecutive_inactive_months <= playbook.max_months_inactive
            )
            and (
                playbook.expected_to_return is null
                or user_months.is_expected_to_return = playbook.expected_to_return
            )
        ) as is_match

    from queue
    left join playbook as named_rule
        on queue.rule_id = named_rule.rule_id
    inner join user_months
        on
            queue.user_id = user_months.user_id
            and queue.reporting_month_start = user_months.month_start
    cross join playbook

),

named_rule_fails as (

    select
        user_id,
        rule_id,
        'does not match its rule' as problem

    from judged
    where candidate_rule_id = rule_id and not coalesce(is_match, false)

),

better_rule_exists as (

    select
        user_id,
        rule_id,
        'a better rule matches: ' || candidate_rule_id as problem

    from judged
    where
        coalesce(is_match, false)
        and (
            candidate_priority < named_rule_priority
            or (candidate_priority = named_rule_priority and candidate_rule_id < rule_id)
        )

),

unknown_rule as (

    select
        user_id,
        rule_id,
        'names a rule that is not in the playbook' as problem

    from queue
    where rule_id not in (select playbook.rule_id from playbook)

),

wrong_priority as (

    select distinct
        user_id,
        rule_id,
        'its priority is not the playbook rule''s' as problem

    from judged
    where
        named_rule_priority is not null
        and rule_priority != named_rule_priority

),

missing_user_month as (

    select
        user_id,
        rule_id,
        'not on the spine in the reporting month' as problem

    from queue
    where user_id not in (select judged.user_id from judged)

),

outside_windows as (

    select
        user_id,
        rule_id,
        'send outside the windows' as problem

    from queue
    where not (
        {%- for window in userops.send_windows() %}
            (
                {{ seconds_into_day }} >= {{ window[0] * 3600 }}
                and {{ seconds_into_day }} < {{ window[1] * 3600 }}
            ){{ " or" if not loop.last }}
        {%- endfor %}
    )
)

select * from named_rule_fails
union all
select * from better_rule_exists
union all
select * from unknown_rule
union all
select * from wrong_priority
union all
select * from missing_user_month
union all
select * from outside_windows
