{{ userops.month_incremental_config('partition_month_start', reads_raw_input=true) }}
{#-
    Every raw message row, typed and checked. A funnel step needs a sent message: it may not
    come before `sent_at`, and on a treated message every step after sending needs delivery.
    A control-group row (var `control_variant`) records an assignment, not a send: it may
    carry a conversion, nothing else. An outreach log without a `delivered_at` column does
    not track delivery (`is_delivery_tracked` false, from the base model's absent_columns):
    there a read or a click needs no delivery, as none is ever recorded.

    The raw `campaign_id` is `campaign` from here on, in every model and mart after this one.

    `message_id` is required (DESIGN.md section 1): a row without one (NULL or blank) is
    rejected as `missing_message_id`, and a message's copies are the rows with its id.
    Deduplication ranks only the rows that need it, as in stg_app__events_validated: those
    whose message_id occurs more than once (and those without one, whose rank is never used:
    their own reason wins).

    Incremental by the month of `sent_at`, as stg_app__events_validated is by the event's
    month: a run types and checks only the raw rows of the months from the cut-off on, plus
    every row with no usable send time, and a copy of a message kept in an older month is a
    duplicate. A row's steps are filled in after its send, so the cut-off moves back to the
    send month of the earliest row with a step in or after the cut-off month
    (cutoff_for_late_steps): an opt-out logged months after the send is read. The clean
    messages, the quarantine and their data tests all read this table.
-#}
{%- set control_variant = var("control_variant") | lower | replace("'", "''") -%}
{%- set message_key = userops.trimmed_text('message_id') -%}
{%- set raw_columns = userops.relation_column_types(ref('base_app__messages')) -%}
{%- set cutoff = userops.incremental_month_cutoff(
    'partition_month_start',
    'rejection_reason is null',
    {
        'relation': ref('base_app__messages'),
        'column': 'sent_at',
        'raw_column': raw_columns.get('sent_at'),
    }
) %}
{%- set cutoff = userops.cutoff_for_late_steps(
    cutoff, ref('base_app__messages'), raw_columns, 'sent_at',
    ['delivered_at', 'read_at', 'clicked_at', 'converted_at', 'unsubscribed_at']
) %}
{%- set raw_filter = userops.raw_rows_since('sent_at', raw_columns.get('sent_at'), cutoff) %}

with

raw_messages as {{ userops.inline_cte() }} (

    select * from {{ ref('base_app__messages') }}
    where {{ raw_filter }}

),

repeated_message_keys as (

    {{ userops.repeated_keys('raw_messages', message_key) }}

),

raw_messages_flagged as {{ userops.inline_cte() }} (

    {{ userops.flag_rows_to_rank('raw_messages', message_key, 'repeated_message_keys') }}

),

typed as (

    select
        sent_at as sent_at_raw,
        delivered_at as delivered_at_raw,
        read_at as read_at_raw,
        clicked_at as clicked_at_raw,
        converted_at as converted_at_raw,
        unsubscribed_at as unsubscribed_at_raw,
        field_count_error,
        needs_ranking,
        {{ dbt.position("'delivered_at'", "coalesce(absent_columns, '')") }} = 0
            as is_delivery_tracked,
        {{ message_key }} as message_id,
        {{ userops.trimmed_text('user_id') }} as user_id,
        lower({{ userops.trimmed_text('channel') }}) as channel,
        {{ userops.trimmed_text('campaign_id') }} as campaign,
        {{ userops.trimmed_text('variant') }} as variant,
        {{ userops.to_instant('sent_at', raw_columns.get('sent_at')) }} as sent_at_utc,
        {{ userops.to_instant('delivered_at', raw_columns.get('delivered_at')) }}
            as delivered_at_utc,
        {{ userops.to_instant('read_at', raw_columns.get('read_at')) }} as read_at_utc,
        {{ userops.to_instant('clicked_at', raw_columns.get('clicked_at')) }} as clicked_at_utc,
        {{ userops.to_instant('converted_at', raw_columns.get('converted_at')) }}
            as converted_at_utc,
        {{ userops.to_instant('unsubscribed_at', raw_columns.get('unsubscribed_at')) }}
            as unsubscribed_at_utc

    from raw_messages_flagged

),

flagged as (

    select
        *,
        coalesce(lower(variant) = '{{ control_variant }}', false) as is_control,
        {{ userops.to_business_time('sent_at_utc') }} as sent_at_local

    from typed

),

rebuilt as (

    {{ userops.rebuilt_rows('flagged', 'sent_at_local', cutoff) }}

),

{{ userops.kept_keys_cte(
    'kept_message_ids', 'message_id', cutoff,
    read_keys={'relation': 'raw_messages', 'key': message_key, 'raw_filter': raw_filter}
) }}

checked as {{ userops.inline_cte() }} (

    select
        *,
        case
            when field_count_error is not null then field_count_error
            when message_id is null then 'missing_message_id'
            when user_id is null then 'missing_user_id'
            when channel is null then 'missing_channel'
            {{ userops.required_time_reasons('sent_at') }}
            when {{ userops.is_unparseable('delivered_at_raw', 'delivered_at_utc') }}
                then 'unparseable_delivered_at'
            when {{ userops.is_unparseable('read_at_raw', 'read_at_utc') }}
                then 'unparseable_read_at'
            when {{ userops.is_unparseable('clicked_at_raw', 'clicked_at_utc') }}
                then 'unparseable_clicked_at'
            when {{ userops.is_unparseable('converted_at_raw', 'converted_at_utc') }}
                then 'unparseable_converted_at'
            when {{ userops.is_unparseable('unsubscribed_at_raw', 'unsubscribed_at_utc') }}
                then 'unparseable_unsubscribed_at'
            when delivered_at_utc < sent_at_utc then 'delivered_before_sent'
            when read_at_utc < sent_at_utc then 'read_before_sent'
            when clicked_at_utc < sent_at_utc then 'clicked_before_sent'
            when converted_at_utc < sent_at_utc then 'converted_before_sent'
            when unsubscribed_at_utc < sent_at_utc then 'unsubscribed_before_sent'
            when
                is_control
                and coalesce(
                    delivered_at_utc, read_at_utc, clicked_at_utc, unsubscribed_at_utc
                ) is not null
                then 'funnel_on_control'
            when
                not is_control
                and is_delivery_tracked
                and delivered_at_utc is null
                and coalesce(
                    read_at_utc, clicked_at_utc, converted_at_utc, unsubscribed_at_utc
                ) is not null
                then 'funnel_without_delivery'
        end as row_rejection_reason

    from rebuilt

),

{#
    Deduplicate by message_id, the earliest valid copy kept (every typed column orders the
    copies, the send time first, then the funnel times: copies that differ only in a step
    rank the same way on every run). rank_copies' grouping of key-less rows by the whole
    typed row never decides anything here: such a row is already rejected as
    missing_message_id.
#}
ranked as (

    {{ userops.rank_copies(
        'checked', 'message_id', [
            'sent_at_utc', 'user_id', 'channel', 'campaign', 'variant', 'delivered_at_utc',
            'read_at_utc', 'clicked_at_utc', 'converted_at_utc', 'unsubscribed_at_utc'
        ]
    ) }}

),

validated as (

    select
        message_id,
        user_id,
        channel,
        campaign,
        variant,
        is_control,
        is_delivery_tracked,
        sent_at_utc,
        delivered_at_utc,
        read_at_utc,
        clicked_at_utc,
        converted_at_utc,
        unsubscribed_at_utc,
        sent_at_local,
        partition_month_start,
        coalesce(
            row_rejection_reason,
            case
                when
                    copy_number > 1
                    or {{ userops.is_kept_copy('message_id', 'kept_message_ids') }}
                    then 'duplicate_message'
            end
        ) as rejection_reason,
        {{ userops.rejected_raw_text('sent_at_raw') }},
        {{ userops.rejected_raw_text('delivered_at_raw') }},
        {{ userops.rejected_raw_text('read_at_raw') }},
        {{ userops.rejected_raw_text('clicked_at_raw') }},
        {{ userops.rejected_raw_text('converted_at_raw') }},
        {{ userops.rejected_raw_text('unsubscribed_at_raw') }}

    from ranked

)

select * from validated
