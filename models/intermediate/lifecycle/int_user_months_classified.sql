{#-
    The lifecycle state of every user-month, per DESIGN.md section 3, with
    N = var `churn_after_inactive_months`:
      active, first active month                         -> new
      active, no gap, previous month is the first month  -> new_retained
      active, no gap, first month earlier                -> retained
      active after g inactive months, 1 <= g < N         -> woken
      active after g >= N inactive months                -> returned
      inactive for k < N consecutive months              -> dormant
      inactive for k >= N consecutive months             -> churned
    A view: a CASE over the spine, cheaper to compute where it is read than to store.
-#}
{{ config(materialized="view") }}
{%- set churn_after = userops.churn_after_inactive_months() -%}

with

user_months as (

    select * from {{ ref('int_user_months_spined') }}

),

classified as (

    select
        *,
        case
            when not is_active and consecutive_inactive_months >= {{ churn_after }}
                then 'churned'
            when not is_active then 'dormant'
            when month_start = first_active_month_start then 'new'
            when inactive_months_before >= {{ churn_after }} then 'returned'
            when inactive_months_before >= 1 then 'woken'
            when months_since_first_active = 1 then 'new_retained'
            else 'retained'
        end as lifecycle_state

    from user_months

)

select * from classified
