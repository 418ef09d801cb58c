with

user_months as (

    select * from {{ ref('fct_user_months') }}

),

cohorts as (

    select
        first_active_month_start as cohort_month_start,
        months_since_first_active,
        month_start,
        count(*) as cohort_size,
        count(case when is_active then 1 end) as active_users

    from user_months
    group by 1, 2, 3

),

final as (

    select
        *,
        {{ userops.safe_divide('active_users', 'cohort_size') }} as retention_rate

    from cohorts

)

select * from final
