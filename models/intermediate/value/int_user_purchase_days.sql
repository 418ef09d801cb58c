{#-
    Purchases rolled up to one row per user per purchase day (business-timezone date), up to
    and including the reporting date: the daily periods of lifetimes' RFM, where same-day
    purchases are merged and their amounts summed. (int_user_rfm_summary merges the days the
    same way inside its own query, so the RFM summary is one pass from the purchases.)
    Incremental by month (see incremental_month_cutoff): a day lies in one month.
-#}
{{ userops.month_incremental_config() }}

with

purchase_events as (

    select * from {{ ref('int_purchases') }}
    {%- if is_incremental() %}
        where month_start >= {{ userops.incremental_month_cutoff('month_start') }}
    {%- endif %}

),

purchases as (

    select
        user_id,
        cast(purchased_at as date) as purchase_date,
        amount

    from purchase_events

),

purchase_days as (

    select
        user_id,
        purchase_date,
        {{ userops.month_start('purchase_date') }} as month_start,
        count(*) as purchase_count,
        coalesce(sum(amount), 0) as purchase_amount

    from purchases
    group by 1, 2

)

select * from purchase_days
