{#-
    The adoption stage of every user-month of the spine (DESIGN.md section 4), first rule
    that holds:
      lost       every subscription the user started by this month has ended by this month
                 (both by the reporting date: an end later in the reporting month is not
                 known yet)
                 (optional subscriptions input; users without subscriptions are not
                 affected; a status without an end date does not end a subscription), or
                 churned (inactive for var churn_after_inactive_months or more months) and
                 not a stockpiler: a buyer whose gap is still within their own usual
                 interval between purchases is expected to return, not lost (DESIGN.md
                 section 5; int_user_months_purchase_cadence), and goes on to the next rules
      intro      the core setup (var `adoption_setup_event_types`) not done by this month;
                 with that var null or empty (a product without a setup step) nobody is
                 in intro: every user is set up from their first active month
      declining  inactive (dormant), or active events below var `adoption_decline_ratio` ×
                 the user's own average over the previous var `adoption_trailing_months`
                 (compared exactly: events × months < ratio × the months' events, in
                 decimals, as ratio × a floating-point average can land a hair off)
      mature     active for at least var `adoption_mature_min_active_months` consecutive
                 months, averaging at least var `adoption_mature_min_monthly_events` active
                 events a month over the trailing window (current month included)
      growth     otherwise: set up and using, not yet mature

    Incremental by month (see incremental_month_cutoff): a run rebuilds the months from the
    cut-off on. It reads the spine from `adoption_trailing_months` months before the cut-off,
    for the trailing averages, and takes the latest inactive month before that window from
    the model's own row of the month before the cut-off.
-#}
{{ userops.month_incremental_config() }}
{%- set window = userops.whole_number_var('adoption_trailing_months', 1) -%}
{%- set decline_ratio = userops.share_var('adoption_decline_ratio') -%}
{%- set mature_months = userops.whole_number_var('adoption_mature_min_active_months', 1) -%}
{%- set mature_events = userops.number_var('adoption_mature_min_monthly_events') -%}
{%- set cutoff = userops.incremental_month_cutoff('month_start') if is_incremental() else none -%}
{%- set setup_event_types = var('adoption_setup_event_types') -%}
{#- The latest inactive month at or before this one, among the months read. -#}
{%- set last_inactive -%}
    max(case when not user_months.is_active then user_months.month_start end) over (
        partition by user_months.user_id order by user_months.month_start
        rows between unbounded preceding and current row
    )
{%- endset -%}

with

user_months as (

    select * from {{ ref('int_user_months_classified') }}
    {%- if cutoff %}
        where month_start >= {{ userops.add_months(cutoff, -window) }}
    {%- endif %}

),
{%- if cutoff %}

previous_months as (

    select
        user_id,
        last_inactive_month_start

    from {{ this }}
    where month_start = {{ userops.add_months(cutoff, -1) }}

),
{%- endif %}

clean_events as (

    select * from {{ ref('stg_app__events') }}

),

-- The stockpilers' user-months, few: a small side for the join.
stockpiler_months as (

    select
        user_id,
        month_start

    from {{ ref('int_user_months_purchase_cadence') }}
    where is_expected_to_return{% if cutoff %} and month_start >= {{ cutoff }}{% endif %}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

-- The subscriptions as the reporting date saw them: started by its end, and ended only if
-- by then (an end later in the reporting month is not known yet).
subscriptions as (

    select
        subscriptions.user_id,
        subscriptions.started_month_start,
        case
            when
                {{ userops.to_business_time('subscriptions.ended_at_utc') }}
                < reporting_period.reported_until
                then subscriptions.ended_month_start
        end as ended_month_start

    from {{ ref('stg_app__subscriptions') }} as subscriptions
    cross join reporting_period
    where
        {{ userops.to_business_time('subscriptions.started_at_utc') }}
        < reporting_period.reported_until

),

subscription_months as (

    select
        user_months.user_id,
        user_months.month_start,
        count(*) as subscriptions_started,
        count(
            case
                when
                    subscriptions.ended_month_start is null
                    or subscriptions.ended_month_start > user_months.month_start
                    then 1
            end
        ) as subscriptions_running

    from user_months
    inner join subscriptions
        on
            user_months.user_id = subscriptions.user_id
            and user_months.month_start >= subscriptions.started_month_start
    group by 1, 2

),

-- Setups up to the reporting date, as the events are counted (int_user_months_aggregated).
setups as (

    {% if setup_event_types in [none, '', []] -%}
        -- No setup step: every user is set up from their first active month.
        select
            user_id,
            min(first_active_month_start) as setup_month_start

        from user_months
        group by 1
    {%- else -%}
        select
            clean_events.user_id,
            min(clean_events.event_month_start) as setup_month_start

        from clean_events
        cross join reporting_period
        where
            {{ userops.in_list('clean_events.event_type', setup_event_types) }}
            and clean_events.event_at_local < reporting_period.reported_until
        group by 1
    {%- endif %}

),

measured as (

    select
        user_months.user_id,
        user_months.month_start,
        user_months.first_active_month_start,
        user_months.lifecycle_state,
        user_months.is_active,
        user_months.active_event_count,
        case
            when setups.setup_month_start <= user_months.month_start
                then setups.setup_month_start
        end as setup_month_start,
        coalesce(
            subscription_months.subscriptions_started > 0
            and subscription_months.subscriptions_running = 0,
            false
        ) as has_ended_subscription,
        avg(user_months.active_event_count) over (
            partition by user_months.user_id order by user_months.month_start
            rows between {{ window - 1 }} preceding and current row
        ) as trailing_active_events,
        sum(user_months.active_event_count) over (
            partition by user_months.user_id order by user_months.month_start
            rows between {{ window }} preceding and 1 preceding
        ) as previous_active_event_total,
        {{ userops.previous_spine_months(
            'user_months.first_active_month_start', 'user_months.month_start', window
        ) }} as previous_month_count,
        {% if cutoff -%}
            coalesce({{ last_inactive }}, previous_months.last_inactive_month_start)
        {%- else -%}
            {{ last_inactive }}
        {%- endif %} as last_inactive_month_start

    from user_months
    left join setups
        on user_months.user_id = setups.user_id
    left join subscription_months
        on
            user_months.user_id = subscription_months.user_id
            and user_months.month_start = subscription_months.month_start
    {%- if cutoff %}
        left join previous_months
            on user_months.user_id = previous_months.user_id
    {%- endif %}

),

streaks as (

    select
        *,
        {{ userops.safe_divide('previous_active_event_total', 'previous_month_count') }}
            as previous_active_events,
        case
            when is_active
                then {{ userops.months_between(
                    "coalesce(last_inactive_month_start, "
                    ~ userops.add_months('first_active_month_start', -1) ~ ")",
                    'month_start'
                ) }}
            else 0
        end as consecutive_active_months

    from measured

),

staged as (

    select
        streaks.*,
        case
            when streaks.has_ended_subscription then 'lost'
            when
                streaks.lifecycle_state = 'churned'
                and stockpiler_months.user_id is null
                then 'lost'
            when streaks.setup_month_start is null then 'intro'
            when not streaks.is_active then 'declining'
            when
                streaks.previous_active_event_total > 0
                and streaks.active_event_count * streaks.previous_month_count
                < cast({{ decline_ratio }} as {{ dbt.type_numeric() }})
                * streaks.previous_active_event_total
                then 'declining'
            when
                streaks.consecutive_active_months
                >= {{ mature_months }}
                and streaks.trailing_active_events
                >= {{ mature_events }}
                then 'mature'
            else 'growth'
        end as adoption_stage

    from streaks
    left join stockpiler_months
        on
            streaks.user_id = stockpiler_months.user_id
            and streaks.month_start = stockpiler_months.month_start
    {%- if cutoff %}
        where streaks.month_start >= {{ cutoff }}
    {%- endif %}

)

select * from staged
