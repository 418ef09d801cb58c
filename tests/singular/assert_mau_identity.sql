{#-
    DESIGN.md section 3: MAU(m) = new(m) + new(m-1)·r_new + (active(m-1) − new(m-1))·r_old
    + dormant(m-1)·r_wake + churned(m-1)·r_winback, every month. A NULL rate has a zero base,
    so its term is 0. Products of float rates are compared to 1e-6; the counts themselves must
    match exactly (second condition). Returns the months where either fails.
-#}
with

rates as (

    select * from {{ ref('mart_retention_rates') }}

),

terms as (

    select
        month_start,
        active_users,
        new_users
        + coalesce(new_user_retention_denominator * new_user_retention_rate, 0)
        + coalesce(old_user_retention_denominator * old_user_retention_rate, 0)
        + coalesce(wake_denominator * wake_rate, 0)
        + coalesce(win_back_denominator * win_back_rate, 0) as identity_from_rates,
        new_users
        + new_user_retention_numerator
        + old_user_retention_numerator
        + wake_numerator
        + win_back_numerator as identity_from_counts

    from rates

)

select *
from terms
where
    abs(active_users - identity_from_rates) > 1e-6
    or active_users != identity_from_counts
