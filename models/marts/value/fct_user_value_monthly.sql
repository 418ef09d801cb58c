{#-
    Per user-month: trailing ARPU over var `arpu_trailing_months` (the current month and the
    ones before it, only months on the user's spine), and the value tier among paying users
    (trailing ARPU > 0). Users are ranked by trailing ARPU, ties broken by revenue to date,
    then earlier first active month, then user id; the first floor(n × high cut-off) are
    `high`, up to floor(n × mid cut-off) `mid`, the rest `low`.

    Incremental by month (see incremental_month_cutoff): a run rebuilds the months from the
    cut-off on. It reads the user-months of the trailing windows before the cut-off, and
    carries the revenue to date and the tier of the month before the cut-off over from the
    model's own rows.
-#}
{{ userops.month_incremental_config() }}
{%- set trailing = userops.whole_number_var('arpu_trailing_months', 1) -%}
{%- set drop_window = userops.whole_number_var('value_drop_trailing_months', 1) -%}
{%- set high_cutoff = userops.share_var('value_tier_high_cutoff') -%}
{%- set mid_cutoff = userops.share_var('value_tier_mid_cutoff') -%}
{%- if high_cutoff > mid_cutoff -%}
    {{ exceptions.raise_compiler_error(
        "userops: var value_tier_high_cutoff (" ~ high_cutoff ~ ") must not be above"
        ~ " value_tier_mid_cutoff (" ~ mid_cutoff ~ "): both are shares from the top, the"
        ~ " mid cut-off including the high tier."
    ) }}
{%- endif -%}
{%- set cutoff = userops.incremental_month_cutoff('month_start') if is_incremental() else none -%}

with

user_months as (

    select * from {{ ref('fct_user_months') }}
    {%- if cutoff %}
        where
            month_start
            >= {{ userops.add_months(cutoff, -([trailing - 1, drop_window] | max)) }}
    {%- endif %}

),
{%- if cutoff %}

previous_months as (

    select
        user_id,
        revenue_to_date,
        value_tier

    from {{ this }}
    where month_start = {{ userops.add_months(cutoff, -1) }}

),
{%- endif %}

trailing_windows as (

    select
        user_id,
        month_start,
        lifecycle_state,
        first_active_month_start,
        revenue,
        sum(revenue) over (
            partition by user_id order by month_start
            rows between {{ trailing - 1 }} preceding and current row
        ) as trailing_revenue,
        count(*) over (
            partition by user_id order by month_start
            rows between {{ trailing - 1 }} preceding and current row
        ) as trailing_months,
        sum(
            {%- if cutoff %}
                case when month_start >= {{ cutoff }} then revenue else 0 end
            {%- else %} revenue
            {%- endif %}
        ) over (
            partition by user_id order by month_start
            rows between unbounded preceding and current row
        ) as revenue_to_date_in_months_read,
        sum(revenue) over (
            partition by user_id order by month_start
            rows between {{ drop_window }} preceding and 1 preceding
        ) as previous_months_revenue,
        {{ userops.previous_spine_months(
            'first_active_month_start', 'month_start', drop_window
        ) }} as previous_month_count

    from user_months

),

with_arpu as (

    select
        trailing_windows.*,
        trailing_windows.revenue_to_date_in_months_read
        {%- if cutoff %} + coalesce(previous_months.revenue_to_date, 0){% endif %}
            as revenue_to_date,
        {%- if cutoff %}
            previous_months.value_tier as value_tier_before_months_read,
        {%- endif %}
        {{ userops.money_quotient(
            'trailing_windows.trailing_revenue', 'trailing_windows.trailing_months'
        ) }} as trailing_arpu,
        {{ userops.safe_divide(
            'trailing_windows.previous_months_revenue', 'trailing_windows.previous_month_count'
        ) }} as previous_months_average_revenue

    from trailing_windows
    {%- if cutoff %}
        left join previous_months
            on trailing_windows.user_id = previous_months.user_id
        where trailing_windows.month_start >= {{ cutoff }}
    {%- endif %}

),

-- Only paying user-months are ranked. Sorting the others too, for a rank then dropped (60%
-- of the rows of the large generated data), made the query 25-35% slower.
paying_ranked as (

    select
        *,
        row_number() over (
            partition by month_start
            order by
                trailing_arpu desc,
                revenue_to_date desc,
                first_active_month_start asc,
                {{ userops.binary_order('user_id') }} asc
        ) as arpu_rank

    from with_arpu
    where trailing_arpu > 0

),

not_paying as (

    select
        *,
        cast(null as {{ dbt.type_bigint() }}) as arpu_rank

    from with_arpu
    where not coalesce(trailing_arpu > 0, false)

),

user_months_ranked as (

    select * from paying_ranked
    union all
    select * from not_paying

),

ranked as (

    select
        *,
        count(arpu_rank) over (partition by month_start) as paying_users

    from user_months_ranked

),

tiered as (

    select
        *,
        case
            when arpu_rank is null then null
            when arpu_rank <= floor(
                cast({{ high_cutoff }} as {{ dbt.type_numeric() }})
                * paying_users
            ) then 'high'
            when arpu_rank <= floor(
                cast({{ mid_cutoff }} as {{ dbt.type_numeric() }})
                * paying_users
            ) then 'mid'
            else 'low'
        end as value_tier

    from ranked

),

final as (

    select
        user_id,
        month_start,
        lifecycle_state,
        revenue,
        revenue_to_date,
        trailing_revenue,
        trailing_months,
        trailing_arpu,
        previous_months_average_revenue,
        previous_months_revenue,
        previous_month_count,
        arpu_rank,
        paying_users,
        value_tier,
        {% if cutoff -%}
            case
                when month_start = {{ cutoff }} then value_tier_before_months_read
                else lag(value_tier) over (partition by user_id order by month_start)
            end
        {%- else -%}
            lag(value_tier) over (partition by user_id order by month_start)
        {%- endif %} as previous_value_tier

    from tiered

)

select * from final
