with

validated_users as (

    select * from {{ ref('stg_app__users_validated') }}

),

clean_users as (

    select
        user_id,
        signed_up_at_utc,
        plan,
        plan_monthly_fee,
        region,
        industry,
        acquisition_channel,
        acquisition_cost

    from validated_users
    where rejection_reason is null

)

select * from clean_users
