{#-
    Every calendar month from the earliest active month of any user through the reporting
    month, with no gaps. One row per month.

    Without any active month up to the reporting month (clean events there, but none of var
    `active_event_types`, e.g. a misspelt type) the run stops here, naming the var, instead
    of building empty marts.
-#}
{%- set active_event_types = var('active_event_types') -%}
{%- if active_event_types in [none, '', []] -%}
    {%- set active_types_text = 'every type' -%}
{%- elif active_event_types is string -%}
    {%- set active_types_text = active_event_types -%}
{%- else -%}
    {%- set active_types_text = active_event_types | join(', ') -%}
{%- endif -%}
{%- set no_active_month_message = (
    "userops: no active user by the reporting month: no clean event up to it is of var "
    ~ "active_event_types (" ~ active_types_text | replace("'", "''")
    ~ "). Check the event types against those in stg_app__events."
) -%}
with

active_months as (

    select * from {{ ref('int_user_active_months_sequenced') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

bounds as (

    select
        case
            when min(active_months.month_start) is null
                then {{ userops.raise_error("'" ~ no_active_month_message ~ "'", "date") }}
            else min(active_months.month_start)
        end as first_month_start,
        max(reporting_period.reporting_month_start) as last_month_start

    from active_months
    cross join reporting_period

),

bounds_with_count as (

    select
        first_month_start,
        {{ userops.months_between('first_month_start', 'last_month_start') }}
        + 1 as month_count

    from bounds

),

integers as (

    {{ userops.integer_series(4) }}

),

calendar_months as (

    select {{ userops.add_months('bounds.first_month_start', 'integers.n') }} as month_start

    from bounds_with_count as bounds
    inner join integers
        on bounds.month_count > integers.n

)

select * from calendar_months
