{#-
    Feature events per user, month and feature category (seed `event_categories`; event
    types it does not list count as `other`), up to and including the reporting date
    (as_of_date), as int_user_months_aggregated counts them. Sessions and billing
    (`is_feature` false) are left out. Incremental by month (see incremental_month_cutoff).
-#}
{{ userops.month_incremental_config() }}
{%- set cutoff = userops.incremental_month_cutoff('month_start') %}

with

clean_events as (

    select * from {{ ref('stg_app__events') }}

),

event_categories as (

    select * from {{ ref('event_categories') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

categorised as (

    select
        clean_events.user_id,
        clean_events.event_month_start as month_start,
        coalesce(event_categories.feature_category, 'other') as feature_category

    from clean_events
    cross join reporting_period
    left join event_categories
        on clean_events.event_type = event_categories.event_type
    where
        coalesce(event_categories.is_feature, true)
        and clean_events.event_month_start <= reporting_period.reporting_month_start
        and clean_events.event_at_local < reporting_period.reported_until
        and clean_events.event_month_start >= {{ cutoff }}

),

feature_events as (

    select
        user_id,
        month_start,
        feature_category,
        count(*) as feature_events

    from categorised
    group by 1, 2, 3

)

select * from feature_events
