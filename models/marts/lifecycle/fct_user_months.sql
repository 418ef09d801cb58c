{#-
    The user-month fact: the lifecycle state of every user-month of the spine, with the
    adoption stage, the purchase cadence and the user's attributes beside it.
    Incremental by month (see incremental_month_cutoff): a run rebuilds the months from the
    cut-off on. The user attributes are those of the users input when the month was built;
    a full refresh restates every month with the current ones.
-#}
{{ userops.month_incremental_config() }}
{%- set cutoff = userops.incremental_month_cutoff('month_start') if is_incremental() else none -%}
{%- set since_cutoff -%}
    {%- if cutoff %}
        where month_start >= {{ cutoff }}
    {%- endif %}
{%- endset -%}

with

user_months as (

    select * from {{ ref('int_user_months_classified') }}{{ since_cutoff }}

),

adoption as (

    select * from {{ ref('int_user_months_adoption') }}{{ since_cutoff }}

),

purchase_cadence as (

    select * from {{ ref('int_user_months_purchase_cadence') }}{{ since_cutoff }}

),

users as (

    select * from {{ ref('stg_app__users') }}

),

user_months_with_attributes as (

    select
        user_months.user_id,
        user_months.month_start,
        user_months.lifecycle_state,
        adoption.adoption_stage,
        user_months.is_active,
        user_months.first_active_month_start,
        user_months.last_active_month_start,
        user_months.months_since_first_active,
        user_months.consecutive_inactive_months,
        user_months.inactive_months_before,
        user_months.event_count,
        user_months.active_event_count,
        user_months.revenue,
        purchase_cadence.days_since_last_purchase,
        purchase_cadence.mean_purchase_interval_days,
        purchase_cadence.is_expected_to_return,
        users.signed_up_at_utc,
        users.plan,
        users.plan_monthly_fee,
        users.region,
        users.industry,
        users.acquisition_channel,
        users.acquisition_cost

    from user_months
    inner join adoption
        on
            user_months.user_id = adoption.user_id
            and user_months.month_start = adoption.month_start
    inner join purchase_cadence
        on
            user_months.user_id = purchase_cadence.user_id
            and user_months.month_start = purchase_cadence.month_start
    left join users
        on user_months.user_id = users.user_id

)

select * from user_months_with_attributes
