{#-
    mart_adoption_monthly counts every user on the spine exactly once a month: its user
    counts add up to mart_lifecycle_monthly's cumulative users. Returns the months where not.
-#}
with

adoption as (

    select
        month_start,
        sum(user_count) as adoption_users

    from {{ ref('mart_adoption_monthly') }}
    group by 1

),

lifecycle as (

    select * from {{ ref('mart_lifecycle_monthly') }}

)

select
    lifecycle.month_start,
    lifecycle.cumulative_users,
    adoption.adoption_users

from lifecycle
left join adoption
    on lifecycle.month_start = adoption.month_start
where coalesce(adoption.adoption_users, 0) != lifecycle.cumulative_users
