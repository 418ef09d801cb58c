{#-
    Per month, how many users moved from each value tier of the previous month to each tier
    of this month. `none` stands for not in the paying base (no trailing revenue, or not yet
    on the spine), so entries into and exits from the paying base are counted too. Users who
    are `none` in both months are left out.
-#}
with

user_value as (

    select * from {{ ref('fct_user_value_monthly') }}

),

moves as (

    select
        month_start,
        coalesce(previous_value_tier, 'none') as from_tier,
        coalesce(value_tier, 'none') as to_tier

    from user_value
    where value_tier is not null or previous_value_tier is not null

),

migration as (

    select
        month_start,
        from_tier,
        to_tier,
        count(*) as user_count

    from moves
    group by 1, 2, 3

)

select * from migration
