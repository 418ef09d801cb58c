{#-
    One row per user, month and feature category the user used over the trailing
    var `preference_trailing_months` months (the current one included): the category's share
    of the user's feature events in that window. The dominant category has the largest share
    (ties: alphabetical); every category with a share of at least var `preference_tag_share`
    is one of the user's preference tags. User-months without feature events in the window
    have no rows; the shares of a user-month add up to 1.

    Incremental by month (see incremental_month_cutoff): a run rebuilds the months from the
    cut-off on, reading the feature events of the trailing window before them.
-#}
{{ userops.month_incremental_config() }}
{%- set window = var('preference_trailing_months') | int -%}
{%- set cutoff = userops.incremental_month_cutoff('month_start') if is_incremental() else none -%}

with

user_months as (

    select * from {{ ref('fct_user_months') }}
    {%- if cutoff %}
        where month_start >= {{ cutoff }}
    {%- endif %}

),

feature_events as (

    select * from {{ ref('int_user_months_feature_events') }}
    {%- if cutoff %}
        where month_start > {{ userops.add_months(cutoff, -window) }}
    {%- endif %}

),

window_offsets as (

    select n as months_later
    from ({{ userops.integer_series(digits=(window | string | length)) }}) as numbers
    where n < {{ window }}

),

-- Each month's feature events count toward that month and the window - 1 months after it:
-- spreading them there turns the trailing window into an equality join.
spread as (

    select
        feature_events.user_id,
        {{ userops.add_months('feature_events.month_start', 'window_offsets.months_later') }}
            as month_start,
        feature_events.feature_category,
        feature_events.feature_events

    from feature_events
    cross join window_offsets

),

trailing_window as (

    select
        user_months.user_id,
        user_months.month_start,
        spread.feature_category,
        sum(spread.feature_events) as trailing_feature_events

    from user_months
    inner join spread
        on
            user_months.user_id = spread.user_id
            and user_months.month_start = spread.month_start
    group by 1, 2, 3

),

shares as (

    select
        *,
        sum(trailing_feature_events) over (
            partition by user_id, month_start
        ) as trailing_total_feature_events,
        row_number() over (
            partition by user_id, month_start
            order by trailing_feature_events desc, feature_category asc
        ) as category_rank

    from trailing_window

),

final as (

    select
        user_id,
        month_start,
        feature_category,
        trailing_feature_events,
        trailing_total_feature_events,
        category_rank,
        cast(trailing_feature_events as {{ userops.type_double() }})
        / trailing_total_feature_events as feature_share,
        category_rank = 1 as is_dominant,
        cast(trailing_feature_events as {{ userops.type_double() }})
        / trailing_total_feature_events
        >= {{ var('preference_tag_share') }} as is_preference_tag

    from shares

)

select * from final
