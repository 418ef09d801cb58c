{#-
    Every month, exactly floor(n × high cut-off) paying users are `high` and
    floor(n × mid cut-off) are `high` or `mid` (n = paying users): the tier shares match the
    cut-offs within rounding, and every paying user-month has exactly one tier. And the tiers
    are ordered by trailing ARPU: no `mid` user has more than the least `high` user, no `low`
    user more than the least `mid` one (ties may fall either side, by the tie-break). Returns
    the months where any of this fails.
-#}
{%- set high_cutoff = userops.share_var('value_tier_high_cutoff') -%}
{%- set mid_cutoff = userops.share_var('value_tier_mid_cutoff') -%}

with

user_value as (

    select * from {{ ref('fct_user_value_monthly') }}

),

tier_counts as (

    select
        month_start,
        count(case when trailing_arpu > 0 then 1 end) as paying_users,
        count(case when value_tier = 'high' then 1 end) as high_users,
        count(case when value_tier in ('high', 'mid') then 1 end) as high_or_mid_users,
        count(value_tier) as tiered_users,
        min(case when value_tier = 'high' then trailing_arpu end) as least_high_arpu,
        max(case when value_tier = 'mid' then trailing_arpu end) as most_mid_arpu,
        min(case when value_tier = 'mid' then trailing_arpu end) as least_mid_arpu,
        max(case when value_tier = 'low' then trailing_arpu end) as most_low_arpu

    from user_value
    group by 1

)

select *
from tier_counts
where
    high_users != floor(
        cast({{ high_cutoff }} as {{ dbt.type_numeric() }}) * paying_users
    )
    or high_or_mid_users != floor(
        cast({{ mid_cutoff }} as {{ dbt.type_numeric() }}) * paying_users
    )
    or tiered_users != paying_users
    or most_mid_arpu > least_high_arpu
    or most_low_arpu > least_mid_arpu
