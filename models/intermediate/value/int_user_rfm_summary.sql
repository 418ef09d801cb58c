{#-
    The RFM summary of lifetimes.utils.summary_data_from_transaction_data (freq "D", with
    monetary value) as of the reporting date, one row per purchasing user, straight from the
    purchases: same-day purchases merged and summed into purchase days, then per user
      frequency       purchase days − 1 (repeat days)
      recency         days from the first to the last purchase day
      T               days from the first purchase day to the reporting date
      monetary_value  mean of the repeat days' totals (first day excluded), 0 without repeats
    This is the hot path of RFM: two group-bys in one query, no join back and no window
    (the first day's total comes from `min_by` in the same pass), and no intermediate table.
-#}
with

purchases as (

    select * from {{ ref('int_purchases') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

purchase_days as (

    select
        user_id,
        cast(purchased_at as date) as purchase_date,
        count(*) as purchase_count,
        coalesce(sum(amount), 0) as purchase_amount

    from purchases
    group by 1, 2

),

per_user as (

    select
        user_id,
        min(purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date,
        count(*) as purchase_days,
        sum(purchase_count) as purchase_count,
        sum(purchase_amount) as total_amount,
        {{ userops.min_by('purchase_amount', 'purchase_date') }} as first_day_amount

    from purchase_days
    group by 1

),

summary as (

    select
        per_user.user_id,
        reporting_period.as_of_date,
        per_user.first_purchase_date,
        per_user.last_purchase_date,
        per_user.purchase_count,
        per_user.total_amount,
        per_user.purchase_days - 1 as frequency,
        {{ dbt.datediff(
            'per_user.first_purchase_date', 'per_user.last_purchase_date', 'day'
        ) }} as recency,
        {{ dbt.datediff(
            'per_user.first_purchase_date', 'reporting_period.as_of_date', 'day'
        ) }} as {{ adapter.quote('T') }},
        {{ dbt.datediff(
            'per_user.last_purchase_date', 'reporting_period.as_of_date', 'day'
        ) }} as days_since_last_purchase,
        case
            when per_user.purchase_days = 1 then 0
            else {{ userops.money_quotient(
                'per_user.total_amount - per_user.first_day_amount',
                'per_user.purchase_days - 1'
            ) }}
        end as monetary_value

    from per_user
    cross join reporting_period

)

select * from summary
