with

validated_subscriptions as (

    select * from {{ ref('stg_app__subscriptions_validated') }}

),

clean_subscriptions as (

    select
        user_id,
        started_at_utc,
        ended_at_utc,
        plan,
        monthly_fee,
        status,
        {{ userops.month_start(userops.to_business_time('started_at_utc')) }}
            as started_month_start,
        {{ userops.month_start(userops.to_business_time('ended_at_utc')) }}
            as ended_month_start

    from validated_subscriptions
    where rejection_reason is null

)

select * from clean_subscriptions
