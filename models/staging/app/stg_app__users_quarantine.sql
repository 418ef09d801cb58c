with

validated_users as (

    select * from {{ ref('stg_app__users_validated') }}

),

rejected_users as (

    select * from validated_users
    where rejection_reason is not null

)

select * from rejected_users
