{#-
    The RFM summary of lifetimes.utils.summary_data_from_transaction_data (freq "D", with
    monetary value) as of the reporting date, one row per purchasing user, from the purchase
    days (same-day purchases already merged and summed):
      frequency       purchase days − 1 (repeat days)
      recency         days from the first to the last purchase day
      T               days from the first purchase day to the reporting date
      monetary_value  mean of the repeat days' totals (first day excluded), 0 without repeats
    Plain aggregation and one join, no window function: this is the hot path of RFM.
-#}
with

purchase_days as (

    select * from {{ ref('int_user_purchase_days') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

per_user as (

    select
        user_id,
        min(purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date,
        count(*) as purchase_days,
        sum(purchase_count) as purchase_count,
        sum(purchase_amount) as total_amount

    from purchase_days
    group by 1

),

with_first_day as (

    select
        per_user.*,
        purchase_days.purchase_amount as first_day_amount

    from per_user
    inner join purchase_days
        on
            per_user.user_id = purchase_days.user_id
            and per_user.first_purchase_date = purchase_days.purchase_date

),

summary as (

    select
        with_first_day.user_id,
        reporting_period.as_of_date,
        with_first_day.first_purchase_date,
        with_first_day.last_purchase_date,
        with_first_day.purchase_count,
        with_first_day.total_amount,
        with_first_day.purchase_days - 1 as frequency,
        {{ dbt.datediff(
            'with_first_day.first_purchase_date', 'with_first_day.last_purchase_date', 'day'
        ) }} as recency,
        {{ dbt.datediff(
            'with_first_day.first_purchase_date', 'reporting_period.as_of_date', 'day'
        ) }} as {{ adapter.quote('T') }},
        {{ dbt.datediff(
            'with_first_day.last_purchase_date', 'reporting_period.as_of_date', 'day'
        ) }} as days_since_last_purchase,
        case
            when with_first_day.purchase_days = 1 then 0
            else
                cast(
                    with_first_day.total_amount - with_first_day.first_day_amount
                    as {{ userops.type_double() }}
                )
                / (with_first_day.purchase_days - 1)
        end as monetary_value

    from with_first_day
    cross join reporting_period

)

select * from summary
