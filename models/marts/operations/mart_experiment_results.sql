{#-
    Per campaign and variant, against the campaign's control group: users, conversion rate,
    the difference with Newcombe's (1998) hybrid score interval, "method 10" (z = var
    `experiment_z`), revenue per user in the var `experiment_revenue_days` days after the
    first message, and whether the difference is significant (the interval excludes 0).

    Newcombe's interval combines each arm's Wilson score interval (macro wilson_score_bound):
    with d = p1 - p0 (variant - control), (l1, u1) the variant's and (l0, u0) the control's
    Wilson bounds, lower = d - sqrt((p1 - l1)² + (u0 - p0)²) and upper = d + sqrt((u1 - p1)²
    + (p0 - l0)²). Unlike the normal (Wald) interval it never has zero width, also at rates 0
    or 1 (1 of 1 against 0 of 1 is not significant), and it lies in [-1, 1]: the clamp to
    [-1, 1] only absorbs floating-point rounding at rates 0 and 1.
-#}
{%- set z = userops.number_var("experiment_z", 0, exclusive=true) -%}

with

campaign_users as (

    select * from {{ ref('int_campaign_users') }}

),

arms as (

    select
        variant,
        is_control,
        coalesce(campaign, '(none)') as campaign,
        min(first_sent_at_local) as first_sent_at_local,
        max(first_sent_at_local) as last_sent_at_local,
        count(*) as variant_users,
        sum(case when has_converted then 1 else 0 end) as converted_users,
        sum(revenue_after_first_message) as revenue

    from campaign_users
    group by 1, 2, 3

),

controls as (

    select
        campaign,
        sum(variant_users) as control_users,
        sum(converted_users) as converted_users,
        sum(revenue) as revenue

    from arms
    where is_control
    group by 1

),

rated as (

    select
        arms.campaign,
        arms.variant,
        arms.first_sent_at_local,
        arms.last_sent_at_local,
        arms.variant_users,
        arms.converted_users,
        {{ userops.safe_divide('arms.converted_users', 'arms.variant_users') }}
            as conversion_rate,
        arms.revenue,
        {{ userops.safe_divide('arms.revenue', 'arms.variant_users') }} as revenue_per_user,
        coalesce(controls.control_users, 0) as control_users,
        coalesce(controls.converted_users, 0) as control_converted_users,
        {{ userops.safe_divide('controls.converted_users', 'controls.control_users') }}
            as control_conversion_rate,
        {{ userops.safe_divide('controls.revenue', 'controls.control_users') }}
            as control_revenue_per_user

    from arms
    left join controls
        on arms.campaign = controls.campaign
    where not arms.is_control

),

wilson_bounds as (

    select
        *,
        {{ userops.wilson_score_bound('conversion_rate', 'variant_users', z, 'lower') }}
            as variant_wilson_lower,
        {{ userops.wilson_score_bound('conversion_rate', 'variant_users', z, 'upper') }}
            as variant_wilson_upper,
        {{ userops.wilson_score_bound('control_conversion_rate', 'control_users', z, 'lower') }}
            as control_wilson_lower,
        {{ userops.wilson_score_bound('control_conversion_rate', 'control_users', z, 'upper') }}
            as control_wilson_upper

    from rated

),

compared as (

    select
        *,
        conversion_rate - control_conversion_rate as conversion_rate_difference,
        sqrt(
            (conversion_rate - variant_wilson_lower) * (conversion_rate - variant_wilson_lower)
            + (control_wilson_upper - control_conversion_rate)
            * (control_wilson_upper - control_conversion_rate)
        ) as margin_below,
        sqrt(
            (variant_wilson_upper - conversion_rate) * (variant_wilson_upper - conversion_rate)
            + (control_conversion_rate - control_wilson_lower)
            * (control_conversion_rate - control_wilson_lower)
        ) as margin_above,
        revenue_per_user - control_revenue_per_user as revenue_per_user_difference

    from wilson_bounds

),

bounded as (

    select
        *,
        case
            when conversion_rate_difference - margin_below < -1 then -1
            else conversion_rate_difference - margin_below
        end as difference_ci_lower,
        case
            when conversion_rate_difference + margin_above > 1 then 1
            else conversion_rate_difference + margin_above
        end as difference_ci_upper

    from compared

),

final as (

    select
        campaign,
        variant,
        first_sent_at_local,
        last_sent_at_local,
        variant_users,
        converted_users,
        conversion_rate,
        revenue,
        revenue_per_user,
        control_users,
        control_converted_users,
        control_conversion_rate,
        control_revenue_per_user,
        conversion_rate_difference,
        revenue_per_user_difference,
        difference_ci_lower,
        difference_ci_upper,
        difference_ci_lower > 0 or difference_ci_upper < 0 as is_significant

    from bounded

)

select * from final
