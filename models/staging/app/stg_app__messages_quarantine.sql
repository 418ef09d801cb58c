with

validated_messages as (

    select * from {{ ref('stg_app__messages_validated') }}

),

rejected_messages as (

    select * from validated_messages
    where rejection_reason is not null

)

select * from rejected_messages
