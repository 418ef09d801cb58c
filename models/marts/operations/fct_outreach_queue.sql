with

candidates as (

    select * from {{ ref('int_outreach_candidates') }}

),

queue as (

    select
        user_id,
        reporting_month_start,
        as_of_date,
        rule_id,
        rule_priority,
        content,
        channel,
        suggested_send_at_local,
        suggested_send_at_utc,
        lifecycle_state,
        adoption_stage,
        value_tier,
        months_inactive,
        last_sent_at_local,
        messages_in_send_month

    from candidates
    where exclusion_reason is null

)

select * from queue
