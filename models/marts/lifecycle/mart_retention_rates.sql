{#-
    The four transition rates of DESIGN.md section 3 for each month m, from the state counts
    of m and m-1. Each rate sits beside its numerator and denominator; a zero denominator
    gives a NULL rate. The first month has no previous month: every denominator is 0.
-#}
with

lifecycle_monthly as (

    select * from {{ ref('mart_lifecycle_monthly') }}

),

bases as (

    select
        this_month.month_start,
        this_month.active_users,
        this_month.new_users,
        this_month.new_retained_users as new_user_retention_numerator,
        this_month.retained_users as old_user_retention_numerator,
        this_month.woken_users as wake_numerator,
        this_month.returned_users as win_back_numerator,
        coalesce(previous_month.new_users, 0) as new_user_retention_denominator,
        coalesce(
            previous_month.active_users - previous_month.new_users, 0
        ) as old_user_retention_denominator,
        coalesce(previous_month.dormant_users, 0) as wake_denominator,
        coalesce(previous_month.churned_users, 0) as win_back_denominator

    from lifecycle_monthly as this_month
    left join lifecycle_monthly as previous_month
        on {{ userops.add_months('this_month.month_start', -1) }} = previous_month.month_start

),

rates as (

    select
        month_start,
        active_users,
        new_users,
        {{ userops.retention_rate_columns() }}

    from bases

)

select * from rates
