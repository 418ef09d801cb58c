{#-
    RFM per purchasing user as of the reporting date, with exactly the semantics of
    lifetimes.utils.summary_data_from_transaction_data (freq "D", with monetary value):
    daily periods, same-day purchases merged and summed; frequency = purchase days − 1;
    recency = last − first purchase day (days); T = reporting date − first purchase day;
    monetary_value = mean of the repeat days' totals (first day excluded), 0 without repeats.
-#}
with

purchase_days as (

    select * from {{ ref('int_user_purchase_days') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

segments as (

    select * from {{ ref('rfm_segments') }}

),

with_first_day as (

    select
        *,
        min(purchase_date) over (partition by user_id) as first_purchase_date

    from purchase_days

),

per_user as (

    select
        user_id,
        first_purchase_date,
        max(purchase_date) as last_purchase_date,
        count(*) as purchase_days,
        sum(purchase_count) as purchase_count,
        sum(purchase_amount) as total_amount,
        sum(
            case when purchase_date = first_purchase_date then purchase_amount else 0 end
        ) as first_day_amount

    from with_first_day
    group by 1, 2

),

rfm as (

    select
        per_user.user_id,
        per_user.first_purchase_date,
        per_user.last_purchase_date,
        reporting_period.as_of_date,
        per_user.purchase_count,
        per_user.total_amount,
        per_user.purchase_days - 1 as frequency,
        {{ dbt.datediff('per_user.first_purchase_date', 'per_user.last_purchase_date', 'day') }}
            as recency,
        {{ dbt.datediff('per_user.first_purchase_date', 'reporting_period.as_of_date', 'day') }}
            as {{ adapter.quote('T') }},
        {{ dbt.datediff('per_user.last_purchase_date', 'reporting_period.as_of_date', 'day') }}
            as days_since_last_purchase,
        case
            when per_user.purchase_days = 1 then 0
            else
                cast(
                    per_user.total_amount - per_user.first_day_amount
                    as {{ userops.type_double() }}
                )
                / (per_user.purchase_days - 1)
        end as monetary_value

    from per_user
    cross join reporting_period

),

scored as (

    select
        *,
        {{ userops.score_1_to_5('days_since_last_purchase', 'desc') }} as r_score,
        {{ userops.score_1_to_5('frequency') }} as f_score,
        {{ userops.score_1_to_5('monetary_value') }} as m_score

    from rfm

),

final as (

    select
        scored.user_id,
        scored.as_of_date,
        scored.first_purchase_date,
        scored.last_purchase_date,
        scored.frequency,
        scored.recency,
        scored.{{ adapter.quote('T') }},
        scored.monetary_value,
        scored.purchase_count,
        scored.total_amount,
        scored.days_since_last_purchase,
        scored.r_score,
        scored.f_score,
        scored.m_score,
        cast(scored.r_score as {{ dbt.type_string() }})
        || cast(scored.f_score as {{ dbt.type_string() }})
        || cast(scored.m_score as {{ dbt.type_string() }}) as rfm_cell,
        segments.rfm_segment

    from scored
    inner join segments
        on
            scored.r_score = segments.r_score
            and scored.f_score = segments.f_score

)

select * from final
