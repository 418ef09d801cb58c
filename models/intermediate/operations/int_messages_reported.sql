{#-
    The clean outreach log as the reporting date sees it: the messages (and control-group
    assignments) sent on or before it, in the business timezone, with the funnel steps
    (delivery, read, click, conversion, opt-out) that happened by then; a step on a later
    day is NULL, as not yet happened. A step after delivery counts only once the delivery
    does: a read logged before a delivery receipt that comes after the reporting date (two
    systems' clocks) waits for it, so no step counts without its delivery and every channel
    rate stays in [0, 1] (control rows have no delivery, only conversions; nor has a log
    that does not track delivery, is_delivery_tracked false, whose steps count alone). So a
    report with var `as_of` in the past counts what was known that day, and the channel
    rates and A/B conversions do not change when later data arrives. The reporting date is
    carried on every row.

    A view: a filter over the validated log, which is already a table; its two readers
    (the campaign users, the channel mart) scan it more cheaply than a copy of millions of
    messages is written on every run. The outreach queue reads the whole log instead
    (int_outreach_candidates): it looks forward, so later opt-outs and sends count there.
-#}
{{ config(materialized="view") }}
with

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

messages as (

    select * from {{ ref('stg_app__messages') }}

),

reported as (

    select
        messages.message_id,
        messages.user_id,
        messages.channel,
        messages.campaign,
        messages.variant,
        messages.is_control,
        messages.is_delivery_tracked,
        messages.sent_at_utc,
        messages.sent_at_local,
        messages.sent_month_start,
        {%- for step in ['delivered', 'read', 'clicked', 'converted', 'unsubscribed'] %}
            case
                when
                    messages.{{ step }}_at_local < reporting_period.reported_until
                    {%- if step != 'delivered' %}
                        and (
                            messages.is_control
                            or not messages.is_delivery_tracked
                            or messages.delivered_at_local < reporting_period.reported_until
                        )
                    {%- endif %}
                    then messages.{{ step }}_at_local
            end as {{ step }}_at_local,
        {%- endfor %}
        reporting_period.as_of_date

    from messages
    inner join reporting_period
        on messages.sent_at_local < reporting_period.reported_until

)

select * from reported
