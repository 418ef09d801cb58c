{#-
    rank_copies keeps the same copy on every engine when copies of one key differ only in a
    text column: 'B1' before 'a1' by their bytes (an en_US collation on Postgres puts 'a1'
    first, and the event would count for another user than on DuckDB). A second key holds
    integer ids, which the same macro orders as numbers (9 before 10). Returns the copies
    numbered out of that order.
-#}
with

copies as (

    select
        1 as event_id,
        'a1' as user_id,
        cast(null as {{ dbt.type_string() }}) as row_rejection_reason,
        true as needs_ranking
    union all
    select
        1 as event_id,
        'B1' as user_id,
        null as row_rejection_reason,
        true as needs_ranking

),

integer_copies as (

    select
        2 as event_id,
        10 as user_id,
        cast(null as {{ dbt.type_string() }}) as row_rejection_reason,
        true as needs_ranking
    union all
    select
        2 as event_id,
        9 as user_id,
        null as row_rejection_reason,
        true as needs_ranking

),

ranked as (

    {{ userops.rank_copies('copies', 'event_id', ['user_id']) }}

),

integers_ranked as (

    {{ userops.rank_copies('integer_copies', 'event_id', ['user_id']) }}

)

select
    event_id,
    user_id,
    copy_number
from ranked
where (user_id = 'B1') <> (copy_number = 1)

union all

select
    event_id,
    cast(user_id as {{ dbt.type_string() }}) as user_id,
    copy_number
from integers_ranked
where (user_id = 9) <> (copy_number = 1)
