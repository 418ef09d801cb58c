{#-
    Each user-month of the spine with its lifecycle state, last month's state, and the
    segment attributes of var `segment_columns` for this month and for last month (the base
    month of the rates). User attributes are fixed; `value_tier` moves month by month.

    Incremental by month (see incremental_month_cutoff): a run rebuilds the months from the
    cut-off on, reading one month before it for last month's state.
-#}
{{ userops.month_incremental_config() }}
{%- set cutoff = userops.incremental_month_cutoff('month_start') if is_incremental() else none -%}
{%- set months_read -%}
    {%- if cutoff %}
        where month_start >= {{ userops.add_months(cutoff, -1) }}
    {%- endif %}
{%- endset -%}

with

user_months as (

    select * from {{ ref('fct_user_months') }}{{ months_read }}

),

user_value as (

    select * from {{ ref('fct_user_value_monthly') }}{{ months_read }}

),

segmented as (

    select
        user_months.user_id,
        user_months.month_start,
        user_months.lifecycle_state,
        user_months.is_active,
        user_months.plan,
        user_months.region,
        user_months.industry,
        user_months.acquisition_channel,
        user_value.value_tier,
        user_value.previous_value_tier,
        lag(user_months.lifecycle_state) over (
            partition by user_months.user_id order by user_months.month_start
        ) as previous_lifecycle_state

    from user_months
    inner join user_value
        on
            user_months.user_id = user_value.user_id
            and user_months.month_start = user_value.month_start

)

select * from segmented
{%- if cutoff %}
    where month_start >= {{ cutoff }}
{%- endif %}
