{#-
    mart_active_rate_plan (DESIGN.md section 3's forecast) is built on the reporting month:
    its month is int_reporting_period's and the forecast month the one after; its bases
    (new, dormant, churned, active and cumulative users) are that month's row of
    mart_lifecycle_monthly, and old users = active − new users; its trailing counts are the
    sums of mart_retention_rates' numerators and denominators over the last var
    `forecast_trailing_months` months through the reporting month, trailing_months the
    months summed, and forecast new users their average of new users (to 1e-9). Returns the
    plan row when any of it differs; a NULL fails (every comparison must be true).
-#}
{%- set window = userops.whole_number_var('forecast_trailing_months', 1) -%}
{%- set levers = ['new_user_retention', 'old_user_retention', 'wake', 'win_back'] -%}

with

plan as (

    select * from {{ ref('mart_active_rate_plan') }}

),

lifecycle as (

    select * from {{ ref('mart_lifecycle_monthly') }}

),

retention_rates as (

    select * from {{ ref('mart_retention_rates') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

trailing_window as (

    select
        {% for lever in levers -%}
            sum(retention_rates.{{ lever }}_numerator) as {{ lever }}_numerator,
            sum(retention_rates.{{ lever }}_denominator) as {{ lever }}_denominator,
        {% endfor -%}
        avg(cast(retention_rates.new_users as {{ userops.type_double() }})) as new_users,
        count(*) as months

    from retention_rates
    cross join reporting_period
    where
        retention_rates.month_start > {{ userops.add_months(
            'reporting_period.reporting_month_start', -window
        ) }}
        and retention_rates.month_start <= reporting_period.reporting_month_start

),

compared as (

    select
        plan.*,
        reporting_period.reporting_month_start as expected_reporting_month_start,
        lifecycle.new_users as lifecycle_new_users,
        lifecycle.active_users as lifecycle_active_users,
        lifecycle.dormant_users as lifecycle_dormant_users,
        lifecycle.churned_users as lifecycle_churned_users,
        lifecycle.cumulative_users as lifecycle_cumulative_users,
        trailing_window.months as window_months,
        trailing_window.new_users as window_average_new_users

    from plan
    cross join reporting_period
    cross join trailing_window
    left join lifecycle
        on plan.reporting_month_start = lifecycle.month_start
    where
        not coalesce(
            plan.reporting_month_start = reporting_period.reporting_month_start
            and plan.forecast_month_start
            = {{ userops.add_months('reporting_period.reporting_month_start', 1) }}
            and plan.new_users = lifecycle.new_users
            and plan.active_users = lifecycle.active_users
            and plan.dormant_users = lifecycle.dormant_users
            and plan.churned_users = lifecycle.churned_users
            and plan.cumulative_users = lifecycle.cumulative_users
            and plan.old_users = lifecycle.active_users - lifecycle.new_users
            {% for lever in levers -%}
                and plan.{{ lever }}_trailing_numerator = trailing_window.{{ lever }}_numerator
                and plan.{{ lever }}_trailing_denominator
                = trailing_window.{{ lever }}_denominator
            {% endfor -%}
            and plan.trailing_months = trailing_window.months
            and abs(plan.forecast_new_users - trailing_window.new_users)
            <= 1e-9 * (1 + abs(trailing_window.new_users)),
            false
        )

)

select * from compared
