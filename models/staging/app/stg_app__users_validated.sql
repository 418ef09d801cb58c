{{ config(materialized="table") }}
{#-
    A table, as the events and messages validated models are: the raw sign-up time is read once,
    in dbt's UTC session, so the staged and quarantined rows name the same instants for
    every reader (a view would read naive text again in the reader's time zone).
-#}
{%- set raw_columns = userops.relation_column_types(ref('base_app__users')) -%}

with

raw_users as (

    select * from {{ ref('base_app__users') }}

),

typed as (

    select
        signed_up_at as signed_up_at_raw,
        plan_monthly_fee as plan_monthly_fee_raw,
        acquisition_cost as acquisition_cost_raw,
        field_count_error,
        {{ userops.trimmed_text('user_id') }} as user_id,
        {{ userops.to_instant('signed_up_at', raw_columns.get('signed_up_at')) }}
            as signed_up_at_utc,
        {{ userops.trimmed_text('plan') }} as plan,
        {{ userops.try_cast('plan_monthly_fee', dbt.type_numeric()) }} as plan_monthly_fee,
        {{ userops.trimmed_text('region') }} as region,
        {{ userops.trimmed_text('industry') }} as industry,
        {{ userops.trimmed_text('acquisition_channel') }} as acquisition_channel,
        {{ userops.try_cast('acquisition_cost', dbt.type_numeric()) }} as acquisition_cost

    from raw_users

),

checked as (

    select
        *,
        case
            when field_count_error is not null then field_count_error
            when user_id is null then 'missing_user_id'
            when {{ userops.is_unparseable('signed_up_at_raw', 'signed_up_at_utc') }}
                then 'unparseable_signed_up_at'
            when signed_up_at_utc > {{ dbt.current_timestamp() }} then 'future_signed_up_at'
            when {{ userops.is_unparseable('plan_monthly_fee_raw', 'plan_monthly_fee') }}
                then 'unparseable_plan_monthly_fee'
            when plan_monthly_fee < 0 then 'negative_plan_monthly_fee'
            when {{ userops.is_unparseable('acquisition_cost_raw', 'acquisition_cost') }}
                then 'unparseable_acquisition_cost'
            when acquisition_cost < 0 then 'negative_acquisition_cost'
        end as row_rejection_reason

    from typed

),

ranked as (

    -- One row per user: the first valid row by sign-up time is kept, later ones are duplicates.
    -- Every typed column is in the order, so that copies differing in any of them rank the
    -- same way on every run and engine: text by its bytes (binary_order; Postgres would use
    -- its collation), NULLs last (Spark sorts them first).
    select
        *,
        row_number() over (
            partition by user_id
            order by
                case when row_rejection_reason is null then 0 else 1 end,
                signed_up_at_utc nulls last,
                {{ userops.binary_order('plan') }} nulls last,
                {{ userops.binary_order('region') }} nulls last,
                {{ userops.binary_order('industry') }} nulls last,
                {{ userops.binary_order('acquisition_channel') }} nulls last,
                plan_monthly_fee nulls last,
                acquisition_cost nulls last
        ) as copy_number

    from checked

),

validated as (

    select
        user_id,
        signed_up_at_utc,
        plan,
        plan_monthly_fee,
        region,
        industry,
        acquisition_channel,
        acquisition_cost,
        coalesce(
            row_rejection_reason,
            case when copy_number > 1 then 'duplicate_user' end
        ) as rejection_reason,
        cast(signed_up_at_raw as {{ dbt.type_string() }}) as signed_up_at_raw,
        cast(plan_monthly_fee_raw as {{ dbt.type_string() }}) as plan_monthly_fee_raw,
        cast(acquisition_cost_raw as {{ dbt.type_string() }}) as acquisition_cost_raw

    from ranked

)

select * from validated
