{#-
    Within every month and segment column, the segments of mart_lifecycle_by_segment add up
    to mart_lifecycle_monthly, and those of mart_retention_rates_by_segment to
    mart_retention_rates (numerators and denominators). Returns the mismatches.
-#}
with

lifecycle_by_segment as (

    select * from {{ ref('mart_lifecycle_by_segment') }}

),

lifecycle_overall as (

    select * from {{ ref('mart_lifecycle_monthly') }}

),

rates_by_segment as (

    select * from {{ ref('mart_retention_rates_by_segment') }}

),

rates_overall as (

    select * from {{ ref('mart_retention_rates') }}

),

lifecycle_sums as (

    select
        month_start,
        segment_column,
        {% for state in userops.lifecycle_states() -%}
            sum({{ state }}_users) as {{ state }}_users,
        {% endfor -%}
        sum(active_users) as active_users,
        sum(cumulative_users) as cumulative_users

    from lifecycle_by_segment
    group by 1, 2

),

rate_sums as (

    select
        month_start,
        segment_column,
        sum(new_user_retention_numerator) as new_user_retention_numerator,
        sum(new_user_retention_denominator) as new_user_retention_denominator,
        sum(old_user_retention_numerator) as old_user_retention_numerator,
        sum(old_user_retention_denominator) as old_user_retention_denominator,
        sum(wake_numerator) as wake_numerator,
        sum(wake_denominator) as wake_denominator,
        sum(win_back_numerator) as win_back_numerator,
        sum(win_back_denominator) as win_back_denominator

    from rates_by_segment
    group by 1, 2

),

lifecycle_mismatches as (

    select
        'lifecycle' as mart,
        lifecycle_sums.month_start,
        lifecycle_sums.segment_column

    from lifecycle_sums
    inner join lifecycle_overall
        on lifecycle_sums.month_start = lifecycle_overall.month_start
    where
        lifecycle_sums.new_users != lifecycle_overall.new_users
        or lifecycle_sums.new_retained_users != lifecycle_overall.new_retained_users
        or lifecycle_sums.retained_users != lifecycle_overall.retained_users
        or lifecycle_sums.woken_users != lifecycle_overall.woken_users
        or lifecycle_sums.returned_users != lifecycle_overall.returned_users
        or lifecycle_sums.dormant_users != lifecycle_overall.dormant_users
        or lifecycle_sums.churned_users != lifecycle_overall.churned_users
        or lifecycle_sums.active_users != lifecycle_overall.active_users
        or lifecycle_sums.cumulative_users != lifecycle_overall.cumulative_users

),

rate_mismatches as (

    select
        'retention_rates' as mart,
        rates_overall.month_start,
        rate_sums.segment_column

    from rates_overall
    left join rate_sums
        on rates_overall.month_start = rate_sums.month_start
    where
        coalesce(rate_sums.new_user_retention_numerator, 0)
        != rates_overall.new_user_retention_numerator
        or coalesce(rate_sums.new_user_retention_denominator, 0)
        != rates_overall.new_user_retention_denominator
        or coalesce(rate_sums.old_user_retention_numerator, 0)
        != rates_overall.old_user_retention_numerator
        or coalesce(rate_sums.old_user_retention_denominator, 0)
        != rates_overall.old_user_retention_denominator
        or coalesce(rate_sums.wake_numerator, 0) != rates_overall.wake_numerator
        or coalesce(rate_sums.wake_denominator, 0) != rates_overall.wake_denominator
        or coalesce(rate_sums.win_back_numerator, 0) != rates_overall.win_back_numerator
        or coalesce(rate_sums.win_back_denominator, 0) != rates_overall.win_back_denominator

),

months_missing_a_segment_column as (

    select
        'lifecycle' as mart,
        lifecycle_overall.month_start,
        cast(count(distinct lifecycle_sums.segment_column) as {{ dbt.type_string() }})
            as segment_column

    from lifecycle_overall
    left join lifecycle_sums
        on lifecycle_overall.month_start = lifecycle_sums.month_start
    group by 1, 2
    having count(distinct lifecycle_sums.segment_column) != {{ userops.segment_columns() | length }}

    union all

    select
        'retention_rates' as mart,
        rates_overall.month_start,
        cast(count(distinct rate_sums.segment_column) as {{ dbt.type_string() }})
            as segment_column

    from rates_overall
    left join rate_sums
        on rates_overall.month_start = rate_sums.month_start
    -- A month with users before it (in one of the four bases); the first month has none.
    where
        rates_overall.new_user_retention_denominator
        + rates_overall.old_user_retention_denominator
        + rates_overall.wake_denominator
        + rates_overall.win_back_denominator > 0
    group by 1, 2
    having count(distinct rate_sums.segment_column) != {{ userops.segment_columns() | length }}

)

select * from lifecycle_mismatches
union all
select * from rate_mismatches
union all
select * from months_missing_a_segment_column
