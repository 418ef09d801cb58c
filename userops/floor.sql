-- The floor of the benchmark (issue 6): mart_lifecycle_monthly computed straight from the raw
-- events in one DuckDB query, without dbt. Same cleaning as staging, same lifecycle rules as
-- DESIGN.md section 3, same columns as marts.mart_lifecycle_monthly.
--
-- userops/floor.py fills the placeholders in double braces (each a SQL literal or expression):
--   events_reader        read_parquet(...) / read_csv(...) of the events file(s)
--   event_id, amount, channel
--                        the optional columns, or null when the file does not have them
--   event_key            the deduplication key: the trimmed text of event_id (or event_id
--                        itself when it is an integer column: the same groups, cheaper)
--   event_at_utc         the UTC instant of event_at: try_cast(event_at as timestamptz), or
--                        that of the text with an offset after a blank attached, or
--                        event_at itself when it is a naive TIMESTAMP column (naive = UTC)
--   now                  the current instant, of the same type
--   event_at_local       event_at_utc as the naive wall-clock time of the business timezone
--   as_of                reporting date, e.g. '2025-04-20', or null (newest clean event)
--   churn_after          N, churn_after_inactive_months
--   is_active_event      true, or event_type in (...) (var active_event_types)
--   is_purchase          coalesce(amount, 0) > 0, or event_type in (...)
--   stockpile_tolerance  var stockpile_interval_tolerance
--
-- The session must use TimeZone = 'UTC' (naive timestamps are UTC). Months are handled as
-- integers (year * 12 + month - 1) and turned back into dates at the end.

with

raw_events as not materialized (

    select
        {{ event_id }} as event_id,
        user_id,
        event_at,
        event_type,
        {{ amount }} as amount,
        {{ channel }} as channel

    from {{ events_reader }}

),

-- The few event ids that occur more than once (in any row, valid or not): only their rows
-- need ranking. One narrow pass over the id column; sorting the ids and comparing each with
-- the one before is cheaper than hashing millions of distinct ids.
duplicate_keys as (

    select distinct event_key

    from (
        select
            event_key,
            lag(event_key) over (order by event_key) as previous_event_key

        from (
            select {{ event_key }} as event_key
            from raw_events
        )
        where event_key is not null
    )
    where event_key = previous_event_key

),

-- Valid rows only: stg_app__events_validated's rejection rules, negated. A rejected row never
-- wins deduplication there, so dropping it first changes nothing. Not materialized: each
-- branch below reads the files itself (the one for rows without an event_id skips every row
-- group that has none).
valid_events as not materialized (

    select
        event_key,
        user_id,
        event_type,
        channel,
        event_at_utc,
        amount

    from (
        select
            {{ event_key }} as event_key,
            nullif(trim(cast(user_id as varchar)), '') as user_id,
            nullif(trim(cast(event_type as varchar)), '') as event_type,
            nullif(trim(cast(channel as varchar)), '') as channel,
            {{ event_at_utc }} as event_at_utc,
            amount as amount_raw,
            try_cast(amount as decimal(28, 6)) as amount

        from raw_events
    )
    where
        user_id is not null
        and event_at_utc <= {{ now }}
        and event_type is not null
        -- a blank amount (empty or only spaces) is a missing one, not an unparseable one
        and (amount_raw is null or amount >= 0 or trim(cast(amount_raw as varchar)) = '')

),

-- One row per event: an event_id seen once is its own row; of the copies of one event_id
-- the first by (event_at_utc, user_id, event_type, amount, channel), nulls last, is kept;
-- without an event_id, one row of each set of identical rows.
unique_events as (

    select
        event_at_utc,
        user_id,
        event_type,
        amount

    from valid_events
    anti join duplicate_keys using (event_key)
    where event_key is not null

    union all

    select
        event_at_utc,
        user_id,
        event_type,
        amount

    from valid_events
    semi join duplicate_keys using (event_key)
    qualify row_number() over (
        partition by event_key
        order by event_at_utc, user_id, event_type, amount, channel
    ) = 1

    union all

    select
        event_at_utc,
        user_id,
        event_type,
        amount

    from (
        select distinct
            event_at_utc,
            user_id,
            event_type,
            amount,
            channel

        from valid_events
        where event_key is null
    )

),

local_events as (

    select
        user_id,
        event_type,
        amount,
        cast({{ event_at_local }} as date) as event_date

    from unique_events

),

-- Every month a user has any event in. Purchase days (int_user_purchase_days: business-time
-- dates up to the reporting date) are counted with a bitmask of the days of the month, so no
-- count(distinct) is needed.
user_months as (

    select
        user_id,
        year(event_date) * 12 + month(event_date) - 1 as month_index,
        count(*) as event_count,
        count(*) filter (where {{ is_active_event }}) as active_event_count,
        coalesce(sum(amount), 0) as revenue,
        max(event_date) as newest_event_date,
        bit_or(cast(1 as integer) << (day(event_date) - 1)) filter (
            where is_purchase_in_period
        ) as purchase_day_mask,
        min(event_date) filter (where is_purchase_in_period) as first_purchase_date,
        max(event_date) filter (where is_purchase_in_period) as last_purchase_date

    from (
        select
            *,
            {{ is_purchase }}
            and coalesce(event_date <= cast({{ as_of }} as date), true) as is_purchase_in_period

        from local_events
        -- Events up to and including the reporting date (int_user_months_aggregated).
        where coalesce(event_date <= cast({{ as_of }} as date), true)
    )
    group by 1, 2

),

reporting_period as (

    select
        coalesce(
            year(cast({{ as_of }} as date)) * 12 + month(cast({{ as_of }} as date)) - 1,
            max(month_index)
        ) as reporting_month_index,
        coalesce(cast({{ as_of }} as date), max(newest_event_date)) as as_of_date

    from user_months

),

-- Months up to the reporting month, each with the user's first active month.
period_user_months as (

    select
        user_months.*,
        user_months.active_event_count > 0 as is_active,
        min(user_months.month_index) filter (where user_months.active_event_count > 0)
            over (partition by user_months.user_id) as first_active_month_index,
        reporting_period.reporting_month_index,
        reporting_period.as_of_date

    from user_months
    cross join reporting_period
    where user_months.month_index <= reporting_period.reporting_month_index

),

-- The months with events from the first active month on; each one holds until the next, so
-- the months without events are filled in below without a window over the full spine.
event_months as (

    select
        user_id,
        month_index,
        is_active,
        event_count,
        revenue,
        first_active_month_index,
        reporting_month_index,
        as_of_date,
        coalesce(
            lead(month_index) over user_history, reporting_month_index + 1
        ) as next_event_month_index,
        max(month_index) filter (where is_active) over (
            user_history rows between unbounded preceding and current row
        ) as last_active_month_index,
        max(month_index) filter (where is_active) over (
            user_history rows between unbounded preceding and 1 preceding
        ) as previous_active_month_index,
        sum(coalesce(bit_count(purchase_day_mask), 0)) over (
            user_history rows between unbounded preceding and current row
        ) as purchase_days_to_date,
        min(first_purchase_date) over (
            user_history rows between unbounded preceding and current row
        ) as first_purchase_date,
        max(last_purchase_date) over (
            user_history rows between unbounded preceding and current row
        ) as last_purchase_date

    from period_user_months
    where month_index >= first_active_month_index
    window user_history as (partition by user_id order by month_index)

),

-- The calendar-complete spine: each month with events, then the empty months after it.
user_months_spined as (

    select
        *,
        unnest(range(month_index, next_event_month_index)) as spine_month_index

    from event_months

),

classified as (

    select
        spine_month_index as month_index,
        spine_month_index = month_index and is_active as is_active,
        case
            when spine_month_index > month_index or not is_active then
                case
                    when spine_month_index - last_active_month_index >= {{ churn_after }}
                        then 'churned'
                    else 'dormant'
                end
            when month_index = first_active_month_index then 'new'
            when month_index - previous_active_month_index - 1 >= {{ churn_after }}
                then 'returned'
            when month_index - previous_active_month_index - 1 >= 1 then 'woken'
            when month_index - first_active_month_index = 1 then 'new_retained'
            else 'retained'
        end as lifecycle_state,
        -- int_user_months_purchase_cadence: an inactive buyer whose gap since the last
        -- purchase day is within their own mean interval between purchase days.
        coalesce(
            not (spine_month_index = month_index and is_active)
            and purchase_days_to_date >= 2
            and date_diff(
                'day',
                last_purchase_date,
                least(
                    last_day(make_date(
                        cast(spine_month_index // 12 as integer),
                        cast(spine_month_index % 12 + 1 as integer),
                        1
                    )),
                    as_of_date
                )
            )
            <= {{ stockpile_tolerance }}
            * (
                cast(date_diff('day', first_purchase_date, last_purchase_date) as double)
                / (purchase_days_to_date - 1)
            ),
            false
        ) as is_expected_to_return,
        case when spine_month_index = month_index then event_count else 0 end as event_count,
        case when spine_month_index = month_index then revenue else 0 end as revenue

    from user_months_spined

),

monthly as (

    select
        make_date(
            cast(month_index // 12 as integer), cast(month_index % 12 + 1 as integer), 1
        ) as month_start,
        count(*) filter (where lifecycle_state = 'new') as new_users,
        count(*) filter (where lifecycle_state = 'new_retained') as new_retained_users,
        count(*) filter (where lifecycle_state = 'retained') as retained_users,
        count(*) filter (where lifecycle_state = 'woken') as woken_users,
        count(*) filter (where lifecycle_state = 'returned') as returned_users,
        count(*) filter (where lifecycle_state = 'dormant') as dormant_users,
        count(*) filter (where lifecycle_state = 'churned') as churned_users,
        count(*) filter (where is_active) as active_users,
        count(*) as cumulative_users,
        count(*) filter (
            where lifecycle_state = 'dormant' and is_expected_to_return
        ) as dormant_expected_to_return_users,
        count(*) filter (
            where lifecycle_state = 'churned' and is_expected_to_return
        ) as churned_expected_to_return_users,
        cast(count(*) filter (where is_active) as double) / count(*) as monthly_active_rate,
        cast(sum(event_count) as bigint) as event_count,
        sum(revenue) as revenue

    from classified
    group by month_index

)

-- Every month from the first active month of any user through the reporting month has a
-- row: the spine of the earliest user covers them all.
select * from monthly
order by month_start
