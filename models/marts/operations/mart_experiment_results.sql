{#-
    Per campaign and variant, against the campaign's control group: users, conversion rate,
    the difference with a confidence interval (normal approximation for the difference of two
    proportions, z = var `experiment_z`), revenue per user in the var
    `experiment_revenue_days` days after the first message, and whether the difference is
    significant (the interval excludes 0).
-#}
{%- set z = var("experiment_z") -%}

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

compared as (

    select
        *,
        conversion_rate - control_conversion_rate as conversion_rate_difference,
        {{ z }} * sqrt(
            conversion_rate * (1 - conversion_rate) / variant_users
            + control_conversion_rate * (1 - control_conversion_rate) / control_users
        ) as margin_of_error,
        revenue_per_user - control_revenue_per_user as revenue_per_user_difference

    from rated

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
        conversion_rate_difference - margin_of_error as difference_ci_lower,
        conversion_rate_difference + margin_of_error as difference_ci_upper,
        conversion_rate_difference - margin_of_error > 0
        or conversion_rate_difference + margin_of_error < 0 as is_significant

    from compared

)

select * from final
