{#-
    DESIGN.md section 3, every month: MAU(m) = new(m) + new(m-1)·r_new
    + (active(m-1) − new(m-1))·r_old + dormant(m-1)·r_wake + churned(m-1)·r_winback.
    The bases are last month's counts from mart_lifecycle_monthly, not the rates mart's own denominators, so a rate over the wrong
    base fails here even when its numerator is right. A rate is NULL exactly when its base is
    0 (its term is then 0). MAU and new users are this month's of mart_lifecycle_monthly,
    so an identity that holds on a row with a wrong MAU fails too. Returns the months where
    MAU or new users differ from mart_lifecycle_monthly, a base differs from the stored
    denominator, the products of the float rates miss MAU by more than 1e-6, or the
    numerators do not add up to MAU exactly; a NULL count fails (every comparison must be
    true, not merely not false).
-#}
with

rates as (

    select * from {{ ref('mart_retention_rates') }}

),

lifecycle as (

    select * from {{ ref('mart_lifecycle_monthly') }}

),

bases as (

    select
        rates.*,
        current_month.active_users as lifecycle_active_users,
        current_month.new_users as lifecycle_new_users,
        coalesce(previous.new_users, 0) as new_base,
        coalesce(previous.active_users - previous.new_users, 0) as old_base,
        coalesce(previous.dormant_users, 0) as dormant_base,
        coalesce(previous.churned_users, 0) as churned_base

    from rates
    left join lifecycle as previous
        on previous.month_start = {{ userops.add_months('rates.month_start', -1) }}
    left join lifecycle as current_month
        on rates.month_start = current_month.month_start

),

terms as (

    select
        *,
        new_users
        + new_base * coalesce(new_user_retention_rate, 0)
        + old_base * coalesce(old_user_retention_rate, 0)
        + dormant_base * coalesce(wake_rate, 0)
        + churned_base * coalesce(win_back_rate, 0) as identity_from_rates,
        new_users
        + new_user_retention_numerator
        + old_user_retention_numerator
        + wake_numerator
        + win_back_numerator as identity_from_counts

    from bases

)

select *
from terms
where
    not coalesce(
        active_users = lifecycle_active_users
        and new_users = lifecycle_new_users
        and new_user_retention_denominator = new_base
        and old_user_retention_denominator = old_base
        and wake_denominator = dormant_base
        and win_back_denominator = churned_base
        and (new_user_retention_rate is null) = (new_base = 0)
        and (old_user_retention_rate is null) = (old_base = 0)
        and (wake_rate is null) = (dormant_base = 0)
        and (win_back_rate is null) = (churned_base = 0)
        and abs(active_users - identity_from_rates) <= 1e-6
        and active_users = identity_from_counts,
        false
    )
