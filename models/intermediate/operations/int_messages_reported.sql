{#-
    The clean outreach log as the reporting date sees it: the messages (and control-group
    assignments) sent on or before it, in the business timezone. Opt-outs and other funnel
    steps after the reporting date are kept as they are; consumers that must not see them
    compare with as_of_date, carried on every row.

    A view: a filter over the validated log, which is already a table; its three readers
    (the queue candidates, the campaign users, the channel mart) scan it more cheaply than
    a copy of millions of messages is written on every run.
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
        messages.*,
        reporting_period.as_of_date

    from messages
    inner join reporting_period
        on cast(messages.sent_at_local as date) <= reporting_period.as_of_date

)

select * from reported
