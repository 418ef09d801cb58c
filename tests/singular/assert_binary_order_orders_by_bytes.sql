{#-
    binary_order orders text by its bytes on every engine the project is built on: 'B1'
    before 'a1' (an en_US collation on Postgres puts 'a1' first, and tied users would take
    other tiers than on DuckDB). Returns the rows out of that order.
-#}
with

ids as (

    select 'a1' as user_id
    union all
    select 'B1' as user_id

),

ordered as (

    select
        user_id,
        row_number() over (order by {{ userops.binary_order('user_id') }}) as sort_position

    from ids

)

select *
from ordered
where (user_id = 'B1') <> (sort_position = 1)
