{#-
    mart_active_rate_plan's forecast is what its own columns say it is (DESIGN.md section 3):
      forecast MAU = forecast new users + new·r_new + old·r_old + dormant·r_wake
                     + churned·r_winback   (an unknown, NULL rate counts as 0)
      forecast cumulative users = cumulative users + forecast new users
      forecast active rate = forecast MAU / forecast cumulative users
      target = var `target_active_rate`
      gap users = target × forecast cumulative users − forecast MAU
      active rate gap = target − forecast active rate
    the doubles compared to 1e-9 (relative for counts). For each lever, the rate it needs to
    close the gap alone, greatest(r + gap / base, 0) with r NULL as 0, is computed from the
    stored rate, gap and base exactly as the model does (the same doubles, so no tolerance
    decides the flag): the lever is closable exactly when the base is positive and that rate
    is at most 1, and its required rate is that rate when closable, else NULL. Returns the
    plan row when any of it differs; a NULL fails.
-#}
{%- set levers = {
    "new_user_retention": ["new_users", "new_user_retention_rate"],
    "old_user_retention": ["old_users", "old_user_retention_rate"],
    "wake": ["dormant_users", "wake_rate"],
    "win_back": ["churned_users", "win_back_rate"],
} -%}

with

plan as (

    select * from {{ ref('mart_active_rate_plan') }}

),

recomputed as (

    select
        *,
        {% for lever, (base, rate) in levers.items() -%}
            case
                when {{ base }} > 0
                    then greatest(coalesce({{ rate }}, 0) + gap_users / {{ base }}, 0)
            end as {{ lever }}_needed_rate,
        {% endfor -%}
        forecast_new_users
        {% for lever, (base, rate) in levers.items() -%}
            + {{ base }} * coalesce({{ rate }}, 0)
        {% endfor %} as identity_active_users

    from plan

),

mismatches as (

    select *
    from recomputed
    where
        not coalesce(
            abs(forecast_active_users - identity_active_users)
            <= 1e-9 * (1 + abs(identity_active_users))
            and abs(forecast_cumulative_users - (cumulative_users + forecast_new_users))
            <= 1e-9 * (1 + abs(forecast_cumulative_users))
            and abs(forecast_active_rate - forecast_active_users / forecast_cumulative_users)
            <= 1e-9
            and target_active_rate = {{ userops.share_var('target_active_rate') }}
            and abs(
                gap_users
                - (target_active_rate * forecast_cumulative_users - forecast_active_users)
            )
            <= 1e-9 * (1 + abs(forecast_cumulative_users))
            and abs(active_rate_gap - (target_active_rate - forecast_active_rate)) <= 1e-9
            {% for lever in levers -%}
                and is_gap_closable_by_{{ lever }} = coalesce({{ lever }}_needed_rate <= 1, false)
                and case
                    when is_gap_closable_by_{{ lever }}
                        then abs({{ lever }}_required_rate - {{ lever }}_needed_rate) <= 1e-9
                    else {{ lever }}_required_rate is null
                end
            {% endfor -%},
            false
        )

)

select * from mismatches
