{#-
    One row per user on the spine, as of the reporting date: the value score (客户价值雷达)
    and CLV of DESIGN.md section 5.

    Value score = 100 × weighted mean (var `value_score_weights`) of four parts in [0, 1]:
      spend       min-max normalised revenue to date (the user's spend contribution);
      influence   min-max normalised count of var `influence_event_types` events;
      service     1 − min-max normalised service cost (var `service_event_types` events ×
                  var `service_cost_per_event`): cheaper to serve scores higher;
      growth      active events in the last var `value_growth_months` months (default 3, the
                  reporting month included) / (those + the same number of months before);
                  0.5 = flat, 0 when the user had no activity in those months.

    CLV = expected revenue − service cost − acquisition cost. Expected revenue (column
    expected_revenue_basis says which applies):
      subscription  monthly fee × months subscribed (DESIGN.md), summed over the user's clean
                    subscriptions started by the reporting date. Months subscribed are the
                    monthly fees charged: the billing periods begun, one at the start
                    (business time) and one on each monthly anniversary before the end (1
                    January to 31 January is 1, 15 October to 10 January 3). A subscription
                    ended by the end of the reporting date counts those; one still running
                    (an end recorded for a later date included, as in the adoption stage)
                    counts its expected length, 12 × var `expected_relationship_years`, or
                    the periods begun so far if more. The fee is the subscription's, else the
                    users file's plan_monthly_fee. Used when that gives more than 0.
      plan_fee      plan_monthly_fee × 12 × `expected_relationship_years`, for a user with a
                    paid plan in the users file and no subscription started by the reporting
                    date (or no subscriptions input).
      purchases     otherwise: average order value × purchases per year ×
                    `expected_relationship_years`, purchases per year taken over the user's
                    months on the spine.
    So a subscriber who cancelled is valued on what the subscription brought, not on years
    of fees to come. LTV = CLV before acquisition cost; LTV/CAC = LTV / acquisition cost,
    flagged below var `ltv_cac_warning_threshold`.
-#}
{%- set weights = userops.value_score_weights() -%}
{%- set growth_months = userops.whole_number_var('value_growth_months', 1) -%}
{%- set relationship_years = userops.number_var(
    'expected_relationship_years', 0, exclusive=true
) -%}
{%- set expected_months = '(12 * ' ~ relationship_years ~ ')' -%}
{%- set is_influence_event = userops.in_list(
    'clean_events.event_type', var('influence_event_types')
) -%}
{%- set is_service_event = userops.in_list(
    'clean_events.event_type', var('service_event_types')
) -%}

with

user_months as (

    select * from {{ ref('fct_user_months') }}

),

purchase_days as (

    select * from {{ ref('int_user_purchase_days') }}

),

clean_events as (

    select * from {{ ref('stg_app__events') }}

),

subscriptions as (

    select * from {{ ref('stg_app__subscriptions') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

user_months_aged as (

    select
        user_months.user_id,
        user_months.revenue,
        user_months.active_event_count,
        user_months.plan_monthly_fee,
        user_months.acquisition_cost,
        {{ userops.months_between(
            'user_months.month_start', 'reporting_period.reporting_month_start'
        ) }} as months_before_reporting

    from user_months
    cross join reporting_period

),

activity as (

    select
        user_id,
        count(*) as months_on_spine,
        sum(revenue) as revenue_to_date,
        sum(
            case
                when months_before_reporting < {{ growth_months }} then active_event_count
                else 0
            end
        ) as recent_active_events,
        sum(
            case
                when
                    months_before_reporting >= {{ growth_months }}
                    and months_before_reporting < {{ 2 * growth_months }}
                    then active_event_count
                else 0
            end
        ) as prior_active_events,
        max(plan_monthly_fee) as plan_monthly_fee,
        max(acquisition_cost) as acquisition_cost

    from user_months_aged
    group by 1

),

purchases as (

    select
        user_id,
        sum(purchase_count) as purchase_count,
        sum(purchase_amount) as purchase_amount

    from purchase_days
    group by 1

),

subscriptions_local as (

    select
        user_id,
        monthly_fee,
        {{ userops.to_business_time('started_at_utc') }} as started_at_local,
        {{ userops.to_business_time('ended_at_utc') }} as ended_at_local

    from subscriptions

),

subscription_spans as (

    select
        subscriptions_local.user_id,
        subscriptions_local.monthly_fee,
        subscriptions_local.started_at_local,
        coalesce(
            subscriptions_local.ended_at_local <= reporting_period.reported_until, false
        ) as is_ended,
        case
            when subscriptions_local.ended_at_local <= reporting_period.reported_until
                then subscriptions_local.ended_at_local
            else reporting_period.reported_until
        end as counted_until

    from subscriptions_local
    cross join reporting_period
    where subscriptions_local.started_at_local < reporting_period.reported_until

),

subscription_boundaries as (

    select
        *,
        -- On month starts, which every engine's month difference counts alike (Spark's
        -- dbt.datediff of two month ends can count one more).
        {{ userops.months_between(
            userops.month_start('started_at_local'), userops.month_start('counted_until')
        ) }} as month_boundaries

    from subscription_spans

),

-- Months subscribed = monthly fees charged: the billing periods a subscription began, one at
-- its start (business time) and one each month after, before it ended or by the end of the
-- reporting date. With d whole-month boundaries from the start to that end, the periods are
-- d + 1 when the start moved d months on is still before the end, else d.
subscription_months as (

    select
        user_id,
        monthly_fee,
        is_ended,
        cast(
            month_boundaries
            + case
                when
                    {{ dbt.dateadd('month', 'month_boundaries', 'started_at_local') }}
                    < counted_until
                    then 1
                else 0
            end
            as {{ dbt.type_bigint() }}
        ) as months_subscribed

    from subscription_boundaries

),

subscription_revenue as (

    select
        subscription_months.user_id,
        sum(subscription_months.months_subscribed) as months_subscribed,
        sum(
            coalesce(subscription_months.monthly_fee, activity.plan_monthly_fee)
            * case
                when subscription_months.is_ended then subscription_months.months_subscribed
                else greatest(subscription_months.months_subscribed, {{ expected_months }})
            end
        ) as subscription_revenue

    from subscription_months
    inner join activity
        on subscription_months.user_id = activity.user_id
    group by 1

),

engagement_events as (

    select
        clean_events.user_id,
        count(case when {{ is_influence_event }} then 1 end) as influence_events,
        count(case when {{ is_service_event }} then 1 end) as service_events

    from clean_events
    cross join reporting_period
    where
        clean_events.event_at_local < reporting_period.reported_until
        -- Only the events counted here: the group-by then sees a few of them, not every
        -- event (a user without any gets 0 below, through the left join).
        and ({{ is_influence_event }} or {{ is_service_event }})
    group by 1

),

combined as (

    select
        activity.user_id,
        activity.months_on_spine,
        activity.revenue_to_date,
        activity.plan_monthly_fee,
        activity.acquisition_cost,
        subscription_revenue.months_subscribed,
        subscription_revenue.subscription_revenue,
        coalesce(purchases.purchase_count, 0) as purchase_count,
        coalesce(purchases.purchase_amount, 0) as purchase_amount,
        coalesce(engagement_events.influence_events, 0) as influence_events,
        coalesce(engagement_events.service_events, 0) as service_events,
        coalesce(engagement_events.service_events, 0)
        * {{ userops.number_var('service_cost_per_event') }} as service_cost,
        coalesce(
            {{ userops.safe_divide(
                'activity.recent_active_events',
                'activity.recent_active_events + activity.prior_active_events'
            ) }},
            0
        ) as growth_potential

    from activity
    left join purchases
        on activity.user_id = purchases.user_id
    left join engagement_events
        on activity.user_id = engagement_events.user_id
    left join subscription_revenue
        on activity.user_id = subscription_revenue.user_id

),

normalised as (

    select
        *,
        {{ userops.min_max_normalise('revenue_to_date') }} as spend_score,
        {{ userops.min_max_normalise('influence_events') }} as influence_score,
        1 - {{ userops.min_max_normalise('service_cost') }} as service_cost_score,
        {{ userops.safe_divide('purchase_amount', 'purchase_count') }} as average_order_value,
        cast(purchase_count as {{ userops.type_double() }}) * 12 / months_on_spine
            as purchases_per_year

    from combined

),

valued as (

    select
        *,
        {{ userops.round_double(
            "100 * (" ~ weights.spend ~ " * spend_score + " ~ weights.influence
            ~ " * influence_score + " ~ weights.service_cost ~ " * service_cost_score + "
            ~ weights.growth ~ " * growth_potential) / " ~ weights.total,
            4
        ) }} as value_score,
        case
            when subscription_revenue > 0 then 'subscription'
            when months_subscribed is null and plan_monthly_fee > 0 then 'plan_fee'
            else 'purchases'
        end as expected_revenue_basis

    from normalised

),

expected as (

    select
        *,
        case expected_revenue_basis
            when 'subscription' then subscription_revenue
            when 'plan_fee' then plan_monthly_fee * {{ expected_months }}
            else
                coalesce(average_order_value, 0)
                * purchases_per_year
                * {{ relationship_years }}
        end as expected_revenue

    from valued

),

with_ltv as (

    select
        *,
        expected_revenue - service_cost as ltv

    from expected

),

-- The LTV/CAC ratio to 12 decimals, and the flag decided on that ratio: an LTV of exactly
-- 1.5 × CAC (85.005 / 56.67) is the ratio 1.5, not below 1.5, though the float quotient is
-- 1.4999999999999998; an LTV below it by anything the 12 decimals show is below.
ratios as (

    select
        *,
        case
            when acquisition_cost > 0
                then {{ userops.round_double("ltv / acquisition_cost", 12) }}
        end as ltv_cac_ratio

    from with_ltv

),

final as (

    select
        user_id,
        months_on_spine,
        revenue_to_date,
        purchase_count,
        purchase_amount,
        average_order_value,
        purchases_per_year,
        influence_events,
        service_events,
        service_cost,
        growth_potential,
        spend_score,
        influence_score,
        service_cost_score,
        value_score,
        plan_monthly_fee,
        months_subscribed,
        expected_revenue_basis,
        expected_revenue,
        acquisition_cost,
        ltv,
        ltv - coalesce(acquisition_cost, 0) as clv,
        ltv_cac_ratio,
        coalesce(
            ltv_cac_ratio < {{ userops.number_var('ltv_cac_warning_threshold') }}, false
        ) as is_ltv_cac_below_threshold

    from ratios

)

select * from final
