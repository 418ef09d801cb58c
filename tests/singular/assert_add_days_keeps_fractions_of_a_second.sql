{#-
    add_days moves a timestamp by whole days and keeps its microseconds, on every engine the
    project is built on (dbt-spark's dateadd drops them, which cost a user their queue slot).
    Returns a row when it does not.
-#}
{%- set sent_at = "cast('2025-10-18 19:36:57.545544' as " ~ dbt.type_timestamp() ~ ")" %}

with

moved as (

    select
        {{ userops.add_days(3, sent_at) }} as later_at,
        {{ userops.add_days(-3, sent_at) }} as earlier_at

)

select *
from moved
where
    later_at <> cast('2025-10-21 19:36:57.545544' as {{ dbt.type_timestamp() }})
    or earlier_at <> cast('2025-10-15 19:36:57.545544' as {{ dbt.type_timestamp() }})
