{#-
    DESIGN.md section 5's named RFM segments: every user of dim_user_rfm has the segment that
    the seed rfm_segments maps their R and F scores to (the seed has one row per pair, its
    own test), recomputed here from the seed. And every purchasing user of
    int_user_rfm_summary is in dim_user_rfm: the model joins the seed with an inner join, so
    a pair of scores the seed lacks would drop its users silently. Returns the users with
    another segment (a pair missing from the seed included) and the users missing.
-#}
with

rfm as (

    select * from {{ ref('dim_user_rfm') }}

),

segments as (

    select * from {{ ref('rfm_segments') }}

),

rfm_summary as (

    select * from {{ ref('int_user_rfm_summary') }}

),

wrong_segments as (

    select
        rfm.user_id,
        rfm.r_score,
        rfm.f_score,
        rfm.rfm_segment,
        segments.rfm_segment as seed_rfm_segment,
        'segment differs from the seed' as problem

    from rfm
    left join segments
        on
            rfm.r_score = segments.r_score
            and rfm.f_score = segments.f_score
    where not coalesce(rfm.rfm_segment = segments.rfm_segment, false)

),

missing_users as (

    select
        rfm_summary.user_id,
        cast(null as {{ dbt.type_int() }}) as r_score,
        cast(null as {{ dbt.type_int() }}) as f_score,
        cast(null as {{ dbt.type_string() }}) as rfm_segment,
        cast(null as {{ dbt.type_string() }}) as seed_rfm_segment,
        'purchasing user missing' as problem

    from rfm_summary
    left join rfm
        on rfm_summary.user_id = rfm.user_id
    where rfm.user_id is null

)

select * from wrong_segments
union all
select * from missing_users
