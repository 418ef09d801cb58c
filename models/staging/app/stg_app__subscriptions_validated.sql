{{ config(materialized="table") }}
{#-
    A table, as the events and messages validated models are: the raw start and end times are read once,
    in dbt's UTC session, so the staged and quarantined rows name the same instants for
    every reader (a view would read naive text again in the reader's time zone).
-#}
{%- set raw_columns = userops.relation_column_types(ref('base_app__subscriptions')) -%}

with

raw_subscriptions as (

    select * from {{ ref('base_app__subscriptions') }}

),

typed as (

    select
        started_at as started_at_raw,
        -- An end at infinity (how Postgres exports often mark an open end) is no end.
        case
            when
                lower(trim(cast(ended_at as {{ dbt.type_string() }})))
                not in ('infinity', '+infinity')
                then ended_at
        end as ended_at_raw,
        monthly_fee as monthly_fee_raw,
        field_count_error,
        {{ userops.trimmed_text('user_id') }} as user_id,
        {{ userops.to_instant('started_at', raw_columns.get('started_at')) }} as started_at_utc,
        {{ userops.to_instant('ended_at', raw_columns.get('ended_at')) }} as ended_at_utc,
        {{ userops.trimmed_text('plan') }} as plan,
        {{ userops.try_cast('monthly_fee', dbt.type_numeric()) }} as monthly_fee,
        lower({{ userops.trimmed_text('status') }}) as status

    from raw_subscriptions

),

checked as (

    select
        *,
        case
            when field_count_error is not null then field_count_error
            when user_id is null then 'missing_user_id'
            {{ userops.required_time_reasons('started_at') }}
            when {{ userops.is_unparseable('ended_at_raw', 'ended_at_utc') }}
                then 'unparseable_ended_at'
            when ended_at_utc < started_at_utc then 'ended_before_started'
            when {{ userops.is_unparseable('monthly_fee_raw', 'monthly_fee') }}
                then 'unparseable_monthly_fee'
            when monthly_fee < 0 then 'negative_monthly_fee'
        end as row_rejection_reason

    from typed

),

ranked as (

    -- One row per user and start time: the valid copy with the earliest end date is kept
    -- (an ended copy records a later state than an open one); the others are duplicates.
    -- Every typed column is in the order, so that copies differing in any of them rank the
    -- same way on every run and engine: text by its bytes (binary_order; Postgres would use
    -- its collation), NULLs last (Spark sorts them first, which would keep an open copy over
    -- an ended one).
    select
        *,
        row_number() over (
            partition by user_id, started_at_utc
            order by
                case when row_rejection_reason is null then 0 else 1 end,
                ended_at_utc nulls last,
                {{ userops.binary_order('plan') }} nulls last,
                {{ userops.binary_order('status') }} nulls last,
                monthly_fee nulls last
        ) as copy_number

    from checked

),

validated as (

    select
        user_id,
        started_at_utc,
        ended_at_utc,
        plan,
        monthly_fee,
        status,
        coalesce(
            row_rejection_reason,
            case when copy_number > 1 then 'duplicate_subscription' end
        ) as rejection_reason,
        cast(started_at_raw as {{ dbt.type_string() }}) as started_at_raw,
        cast(ended_at_raw as {{ dbt.type_string() }}) as ended_at_raw,
        cast(monthly_fee_raw as {{ dbt.type_string() }}) as monthly_fee_raw

    from ranked

)

select * from validated
