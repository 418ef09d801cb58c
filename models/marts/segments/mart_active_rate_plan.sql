{#-
    The plan for the month after the reporting month (DESIGN.md section 3), one row.

    Bases are the reporting month's counts; each rate is the trailing rate over the last
    var `forecast_trailing_months` months (sum of numerators / sum of denominators, both
    stored beside the rate, so a month with a small base weighs little); new users are the
    trailing average of new users.
      forecast MAU = new + new(m)·r_new + (active(m) − new(m))·r_old + dormant(m)·r_wake
                     + churned(m)·r_winback
      forecast active rate = forecast MAU / (cumulative(m) + new)
    A rate with no base over the whole window (e.g. the first dormant users appear in the
    reporting month) is unknown (NULL) and counts as 0 in the forecast: nobody of that base
    is assumed to come back without a rate to say so.
    The gap is what the target (var `target_active_rate`) needs on top, in users. For each
    lever, the rate it would need to close the gap alone: r + gap / base. When that is above
    1, or the base is empty, the lever cannot close the gap alone: its required rate is NULL
    and `is_gap_closable_by_<lever>` is false. With no gap, the required rate is the lowest that
    still meets the target (never below 0).
-#}
{%- set window = userops.whole_number_var('forecast_trailing_months', 1) -%}
{%- set levers = {
    "new_user_retention": "new_users",
    "old_user_retention": "old_users",
    "wake": "dormant_users",
    "win_back": "churned_users",
} -%}

with

lifecycle_monthly as (

    select * from {{ ref('mart_lifecycle_monthly') }}

),

retention_rates as (

    select * from {{ ref('mart_retention_rates') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

bases as (

    select
        lifecycle_monthly.month_start as reporting_month_start,
        lifecycle_monthly.new_users,
        lifecycle_monthly.dormant_users,
        lifecycle_monthly.churned_users,
        lifecycle_monthly.active_users,
        lifecycle_monthly.cumulative_users,
        lifecycle_monthly.active_users - lifecycle_monthly.new_users as old_users

    from lifecycle_monthly
    inner join reporting_period
        on lifecycle_monthly.month_start = reporting_period.reporting_month_start

),

trailing_window as (

    select
        {% for lever in levers -%}
            sum(retention_rates.{{ lever }}_numerator) as {{ lever }}_trailing_numerator,
            sum(retention_rates.{{ lever }}_denominator) as {{ lever }}_trailing_denominator,
            {{ userops.safe_divide(
                'sum(retention_rates.' ~ lever ~ '_numerator)',
                'sum(retention_rates.' ~ lever ~ '_denominator)'
            ) }} as {{ lever }}_rate,
        {% endfor -%}
        avg(cast(retention_rates.new_users as {{ userops.type_double() }})) as forecast_new_users,
        count(*) as trailing_months

    from retention_rates
    cross join reporting_period
    where
        retention_rates.month_start > {{ userops.add_months(
            'reporting_period.reporting_month_start', -window
        ) }}
        and retention_rates.month_start <= reporting_period.reporting_month_start

),

forecast as (

    select
        bases.*,
        {{ userops.add_months('bases.reporting_month_start', 1) }} as forecast_month_start,
        trailing_window.trailing_months,
        {% for lever in levers -%}
            trailing_window.{{ lever }}_trailing_numerator,
            trailing_window.{{ lever }}_trailing_denominator,
            trailing_window.{{ lever }}_rate,
        {% endfor -%}
        trailing_window.forecast_new_users,
        trailing_window.forecast_new_users
        {% for lever, base in levers.items() -%}
            + bases.{{ base }} * coalesce(trailing_window.{{ lever }}_rate, 0)
        {% endfor %} as forecast_active_users,
        bases.cumulative_users + trailing_window.forecast_new_users as forecast_cumulative_users,
        {{ userops.share_var('target_active_rate') }} as target_active_rate

    from bases
    cross join trailing_window

),

gaps as (

    select
        *,
        forecast_active_users / forecast_cumulative_users as forecast_active_rate,
        target_active_rate * forecast_cumulative_users - forecast_active_users as gap_users

    from forecast

),

levers as (

    select
        *,
        case
            when new_users > 0
                then greatest(coalesce(new_user_retention_rate, 0) + gap_users / new_users, 0)
        end as new_user_retention_rate_to_close_gap,
        case
            when old_users > 0
                then greatest(coalesce(old_user_retention_rate, 0) + gap_users / old_users, 0)
        end as old_user_retention_rate_to_close_gap,
        case
            when dormant_users > 0
                then greatest(coalesce(wake_rate, 0) + gap_users / dormant_users, 0)
        end as wake_rate_to_close_gap,
        case
            when churned_users > 0
                then greatest(coalesce(win_back_rate, 0) + gap_users / churned_users, 0)
        end as win_back_rate_to_close_gap

    from gaps

),

final as (

    select
        reporting_month_start,
        forecast_month_start,
        trailing_months,
        new_users,
        old_users,
        dormant_users,
        churned_users,
        active_users,
        cumulative_users,
        new_user_retention_trailing_numerator,
        new_user_retention_trailing_denominator,
        new_user_retention_rate,
        old_user_retention_trailing_numerator,
        old_user_retention_trailing_denominator,
        old_user_retention_rate,
        wake_trailing_numerator,
        wake_trailing_denominator,
        wake_rate,
        win_back_trailing_numerator,
        win_back_trailing_denominator,
        win_back_rate,
        forecast_new_users,
        forecast_active_users,
        forecast_cumulative_users,
        forecast_active_rate,
        target_active_rate,
        gap_users,
        target_active_rate - forecast_active_rate as active_rate_gap,
        case
            when new_user_retention_rate_to_close_gap <= 1
                then new_user_retention_rate_to_close_gap
        end as new_user_retention_required_rate,
        coalesce(new_user_retention_rate_to_close_gap <= 1, false)
            as is_gap_closable_by_new_user_retention,
        case
            when old_user_retention_rate_to_close_gap <= 1
                then old_user_retention_rate_to_close_gap
        end as old_user_retention_required_rate,
        coalesce(old_user_retention_rate_to_close_gap <= 1, false)
            as is_gap_closable_by_old_user_retention,
        case
            when wake_rate_to_close_gap <= 1 then wake_rate_to_close_gap
        end as wake_required_rate,
        coalesce(wake_rate_to_close_gap <= 1, false) as is_gap_closable_by_wake,
        case
            when win_back_rate_to_close_gap <= 1 then win_back_rate_to_close_gap
        end as win_back_required_rate,
        coalesce(win_back_rate_to_close_gap <= 1, false) as is_gap_closable_by_win_back

    from levers

)

select * from final
