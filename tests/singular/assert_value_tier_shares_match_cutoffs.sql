{#-
    Every month, exactly floor(n × high cut-off) paying users are `high` and
    floor(n × mid cut-off) are `high` or `mid` (n = paying users): the tier shares match the
    cut-offs within rounding, and every paying user-month has exactly one tier. Returns the
    months where they do not.
-#}
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
        count(value_tier) as tiered_users

    from user_value
    group by 1

)

select *
from tier_counts
where
    high_users != floor(
        cast({{ var('value_tier_high_cutoff') }} as {{ dbt.type_numeric() }}) * paying_users
    )
    or high_or_mid_users != floor(
        cast({{ var('value_tier_mid_cutoff') }} as {{ dbt.type_numeric() }}) * paying_users
    )
    or tiered_users != paying_users
