{#-
    RFM per purchasing user as of the reporting date: the lifetimes-equivalent summary
    (int_user_rfm_summary) with R, F and M scores 1–5 and the named segment.
-#}
with

rfm_summary as (

    select * from {{ ref('int_user_rfm_summary') }}

),

segments as (

    select * from {{ ref('rfm_segments') }}

),

scored as (

    select
        *,
        {{ userops.score_1_to_5('days_since_last_purchase', 'desc') }} as r_score,
        {{ userops.score_1_to_5('frequency') }} as f_score,
        {{ userops.score_1_to_5('monetary_value') }} as m_score

    from rfm_summary

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
