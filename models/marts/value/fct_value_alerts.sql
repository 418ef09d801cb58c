{#-
    One row per value-drop alert: a user who was `high` or `mid` tier last month and whose
    revenue this month fell by at least var `value_drop_share` against their average over
    the previous var `value_drop_trailing_months` months (which must be > 0).
    Severity: `critical` for a high-tier user with a drop of at least
    var `value_drop_critical_share`; `high` for any other high-tier user or such a drop;
    `medium` otherwise.

    A drop of at least a share s is decided exactly, in decimals:
      revenue × previous_month_count <= (1 − s) × previous_months_revenue
    with s to 12 decimals (value_drop_share_var; 1 − s as a decimal of scale 12: at scale 6,
    the amounts' own, a share of 0.33333333 became 0.333333 and a drop of 33.3333% an alert)
    and not as 1 − revenue / average >= s in floating point, where a drop of exactly s can
    come out a hair below s (s = 0.3, average 3, revenue 2.1: 0.29999999999999993).
    revenue_drop_share is that share in floating point, for reading, rounded to 12 decimals:
    unrounded, a drop of exactly s read a hair below s (0.4999999999999999 for s = 0.5,
    revenue 1.77 against an average of 3.54), below the column's own test of at least s and
    lost to a filter `revenue_drop_share >= s`.

    Only complete months are judged: a month's revenue can only grow until its last day, so
    a drop in a month still running on the reporting date (as_of_date before the month's
    last day, e.g. a daily run on the 5th) is not yet a fact, and a user who pays on the
    20th would be alerted every month until then. The reporting month's alerts appear once
    the reporting date reaches its last day (the next run that reads it: an incremental run
    rebuilds fct_user_value_monthly's newest months, and this table is rebuilt in full).
-#}
{%- set drops_at_least = {} -%}
{%- for name in ['value_drop_share', 'value_drop_critical_share'] -%}
    {%- do drops_at_least.update({name: (
        "revenue * previous_month_count <= cast(1 - "
        ~ userops.value_drop_share_var(name) ~ " as decimal(18, 12)) * previous_months_revenue"
    )}) -%}
{%- endfor -%}

with

user_value as (

    select * from {{ ref('fct_user_value_monthly') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

-- The months whose revenue is final on the reporting date.
complete_months as (

    select user_value.*

    from user_value
    cross join reporting_period
    where
        user_value.month_start < reporting_period.reporting_month_start
        or reporting_period.as_of_date
        >= {{ userops.month_end('reporting_period.reporting_month_start') }}

),

alerts as (

    select
        user_id,
        month_start,
        previous_value_tier,
        lifecycle_state,
        revenue,
        previous_months_average_revenue,
        {{ userops.round_double('1 - revenue / previous_months_average_revenue', 12) }}
            as revenue_drop_share,
        case
            when
                previous_value_tier = 'high' and {{ drops_at_least.value_drop_critical_share }}
                then 'critical'
            when
                previous_value_tier = 'high' or {{ drops_at_least.value_drop_critical_share }}
                then 'high'
            else 'medium'
        end as severity

    from complete_months
    where
        previous_value_tier in ('high', 'mid')
        and previous_months_revenue > 0
        and {{ drops_at_least.value_drop_share }}

)

select * from alerts
