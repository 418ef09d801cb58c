{#-
    DESIGN.md section 3's cohorts (first active month x months since first): a cohort's size
    is the new users of its month in mart_lifecycle_monthly, in every month since. Returns the
    cells with another size, and the months with new users but no cohort.
-#}
with

cohorts as (

    select * from {{ ref('mart_cohort_retention') }}

),

lifecycle as (

    select * from {{ ref('mart_lifecycle_monthly') }}

),

wrong_sizes as (

    select
        cohorts.cohort_month_start,
        cohorts.months_since_first_active,
        cohorts.cohort_size,
        lifecycle.new_users

    from cohorts
    left join lifecycle
        on cohorts.cohort_month_start = lifecycle.month_start
    where not coalesce(cohorts.cohort_size = lifecycle.new_users, false)

),

missing_cohorts as (

    select
        lifecycle.month_start as cohort_month_start,
        cast(null as {{ dbt.type_int() }}) as months_since_first_active,
        cast(null as {{ dbt.type_int() }}) as cohort_size,
        lifecycle.new_users

    from lifecycle
    left join cohorts
        on
            lifecycle.month_start = cohorts.cohort_month_start
            and cohorts.months_since_first_active = 0
    where lifecycle.new_users > 0 and cohorts.cohort_month_start is null

)

select * from wrong_sizes
union all
select * from missing_cohorts
