{{ userops.month_incremental_config('partition_month_start', reads_raw_input=true) }}
{#-
    Incremental by month (see incremental_month_cutoff): a run types and checks only the raw
    rows of the months from the cut-off on, plus every row with no usable time. A duplicate
    of an event kept in an older month is found by its event_id.

    Deduplication ranks only the rows that need it: those whose event_id occurs more than
    once, and those without one. Every other row is the only copy of its event, which one
    pass over the id column proves; ranking all rows was most of this model's time.

    The input's real column types pick cheaper expressions where they mean the same: an
    integer event_id is its own key (no text to build and compare), and a raw event_at that
    is already a timestamp lets an incremental run skip the files of older months.
-#}
{%- set raw_columns = userops.relation_column_types(ref('base_app__events')) %}
{%- set raw_event_id = raw_columns.get('event_id') %}
{%- set raw_event_at = raw_columns.get('event_at') %}
{%- if raw_event_id is not none and raw_event_id.is_integer() %}
    {%- set event_key = "event_id" %}
{%- else %}
    {%- set event_key = userops.trimmed_text('event_id') %}
{%- endif %}
{#-
    The table keeps the id type of the run that built it. An input whose event_id changed
    between an integer type and text since (e.g. Parquet exports replaced by CSV) cannot be
    compared with the kept ids, nor written beside them: the run stops here, naming the
    change, instead of at the engine's type error (on_schema_change="fail" would only
    speak after the query had run).
-#}
{%- if is_incremental() and execute %}
    {%- set built_event_id = userops.relation_column_types(this).get('event_id') %}
    {%- if built_event_id is not none
        and built_event_id.is_integer() != (event_key == "event_id") %}
        {{ exceptions.raise_compiler_error(
            "userops: the events input's event_id is now "
            ~ ("an integer type" if event_key == "event_id" else "text or absent") ~ ", but "
            ~ this
            ~ " was built by an earlier run from "
            ~ ("integer" if built_event_id.is_integer() else "text")
            ~ " ids, and the two cannot be compared to find duplicates: rebuild it once"
            ~ " with `dbt build --full-refresh`."
        ) }}
    {%- endif %}
{%- endif %}

{%- set cutoff = userops.incremental_month_cutoff(
    'partition_month_start',
    'rejection_reason is null',
    {'relation': ref('base_app__events'), 'column': 'event_at', 'raw_column': raw_event_at}
) %}
{#- The raw rows a run reads (raw_rows_since); the exact month filter follows in `rebuilt`. -#}
{%- set raw_filter = userops.raw_rows_since('event_at', raw_event_at, cutoff) %}
{#-
    In an incremental run with an integer event_id, only kept events whose id lies within
    the range of the rows that can be valid (a time in the months rebuilt, not in the
    future; a day of margin) can be copies of them. The range, read before the model runs
    and written in as constants, lets the engine skip the older events' row groups when ids
    grow with time (as they usually do); otherwise it filters nothing. The raw time is
    compared as the instant the model reads (to_instant): a naive timestamp compared with
    the current instant would be converted row by row, at three times the query's cost.
-#}
{%- set kept_id_range = "true" %}
{%- if is_incremental() and execute and event_key == "event_id" %}
    {%- set id_range = run_query(
        "select min(event_id), max(event_id) from " ~ ref('base_app__events')
        ~ " where (" ~ raw_filter ~ ") and "
        ~ userops.to_instant('event_at', raw_event_at)
        ~ " <= " ~ dbt.dateadd("day", 1, dbt.current_timestamp())
    ).rows[0] %}
    {%- set kept_id_range = (
        "event_id between " ~ id_range[0] ~ " and " ~ id_range[1]
        if id_range[0] is not none else "false"
    ) %}
{%- endif %}

with

raw_events as {{ userops.inline_cte() }} (

    select * from {{ ref('base_app__events') }}
    where {{ raw_filter }}

),

repeated_event_keys as (

    {{ userops.repeated_keys('raw_events', event_key) }}

),

flagged as {{ userops.inline_cte() }} (

    {{ userops.flag_rows_to_rank('raw_events', event_key, 'repeated_event_keys') }}

),

typed as (

    select
        event_at as event_at_raw,
        amount as amount_raw,
        field_count_error,
        needs_ranking,
        {{ event_key }} as event_id,
        {{ userops.trimmed_text('user_id') }} as user_id,
        {{ userops.trimmed_text('event_type') }} as event_type,
        {{ userops.trimmed_text('channel') }} as channel,
        {{ userops.to_instant('event_at', raw_event_at) }} as event_at_utc,
        {{ userops.try_cast('amount', dbt.type_numeric()) }} as amount

    from flagged

),

localised as (

    select
        *,
        {{ userops.to_business_time('event_at_utc') }} as event_at_local

    from typed

),

rebuilt as (

    {{ userops.rebuilt_rows('localised', 'event_at_local', cutoff) }}

),

{#- Text ids have no range: only the kept ids among the ids the run reads (read_keys). #}
{{ userops.kept_keys_cte(
    'kept_event_ids', 'event_id', cutoff, kept_id_range,
    read_keys=none if event_key == "event_id"
    else {'relation': 'raw_events', 'key': event_key, 'raw_filter': raw_filter}
) }}

checked as {{ userops.inline_cte() }} (

    select
        *,
        case
            when field_count_error is not null then field_count_error
            when user_id is null then 'missing_user_id'
            {{ userops.required_time_reasons('event_at') }}
            when event_type is null then 'missing_event_type'
            when {{ userops.is_unparseable('amount_raw', 'amount') }} then 'unparseable_amount'
            when amount < 0 then 'negative_amount'
        end as row_rejection_reason

    from rebuilt

),

{# Deduplicate by event_id when there is one, else by the whole typed row. #}
ranked as (

    {{ userops.rank_copies(
        'checked', 'event_id', ['event_at_utc', 'user_id', 'event_type', 'amount', 'channel']
    ) }}

),

validated as (

    select
        event_id,
        user_id,
        event_type,
        channel,
        amount,
        event_at_utc,
        event_at_local,
        partition_month_start,
        coalesce(
            row_rejection_reason,
            case
                when
                    copy_number > 1
                    or {{ userops.is_kept_copy('event_id', 'kept_event_ids') }}
                    then 'duplicate_event'
            end
        ) as rejection_reason,
        {{ userops.rejected_raw_text('event_at_raw') }},
        {{ userops.rejected_raw_text('amount_raw') }}

    from ranked

)

select * from validated
