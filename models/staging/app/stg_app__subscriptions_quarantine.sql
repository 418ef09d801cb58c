with

validated_subscriptions as (

    select * from {{ ref('stg_app__subscriptions_validated') }}

),

rejected_subscriptions as (

    select * from validated_subscriptions
    where rejection_reason is not null

)

select * from rejected_subscriptions
