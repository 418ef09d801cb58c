{#-
    Each user-month of the spine with the user's purchase history up to the end of that month
    (or the reporting date, in the reporting month): purchase days so far, the last purchase,
    the mean interval between purchase days, and whether an inactive user is a stockpiler,
    expected to return because their current gap is still within their own usual interval
    (times var `stockpile_interval_tolerance`). Needs at least two purchase days.

    Incremental by month (see incremental_month_cutoff): a run rebuilds the months from the
    cut-off on, carrying the purchase history before them over from the model's own row of
    the month before the cut-off.
-#}
{{ userops.month_incremental_config() }}
{%- set cutoff = userops.incremental_month_cutoff('month_start') if is_incremental() else none -%}

with

user_months as (

    select * from {{ ref('int_user_months_classified') }}
    {%- if cutoff %}
        where month_start >= {{ cutoff }}
    {%- endif %}

),

purchase_days as (

    select * from {{ ref('int_user_purchase_days') }}
    {%- if cutoff %}
        where month_start >= {{ cutoff }}
    {%- endif %}

),
{%- if cutoff %}

previous_months as (

    select
        user_id,
        purchase_days_to_date,
        first_purchase_date,
        last_purchase_date

    from {{ this }}
    where month_start = {{ userops.add_months(cutoff, -1) }}

),
{%- endif %}

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

purchase_months as (

    select
        user_id,
        month_start,
        count(*) as purchase_days,
        min(purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date

    from purchase_days
    group by 1, 2

),

running_in_months_read as (

    select
        user_months.user_id,
        user_months.month_start,
        user_months.is_active,
        least(
            {{ userops.month_end('user_months.month_start') }},
            reporting_period.as_of_date
        ) as measured_on_date,
        sum(coalesce(purchase_months.purchase_days, 0)) over (
            partition by user_months.user_id
            order by user_months.month_start
            rows between unbounded preceding and current row
        ) as purchase_days_to_date,
        min(purchase_months.first_purchase_date) over (
            partition by user_months.user_id
            order by user_months.month_start
            rows between unbounded preceding and current row
        ) as first_purchase_date,
        max(purchase_months.last_purchase_date) over (
            partition by user_months.user_id
            order by user_months.month_start
            rows between unbounded preceding and current row
        ) as last_purchase_date

    from user_months
    cross join reporting_period
    left join purchase_months
        on
            user_months.user_id = purchase_months.user_id
            and user_months.month_start = purchase_months.month_start

),

running as (

    {% if cutoff -%}
        select
            running_in_months_read.user_id,
            running_in_months_read.month_start,
            running_in_months_read.is_active,
            running_in_months_read.measured_on_date,
            running_in_months_read.purchase_days_to_date
            + coalesce(previous_months.purchase_days_to_date, 0) as purchase_days_to_date,
            coalesce(
                previous_months.first_purchase_date, running_in_months_read.first_purchase_date
            ) as first_purchase_date,
            coalesce(
                running_in_months_read.last_purchase_date, previous_months.last_purchase_date
            ) as last_purchase_date

        from running_in_months_read
        left join previous_months
            on running_in_months_read.user_id = previous_months.user_id
    {%- else -%}
        select * from running_in_months_read
    {%- endif %}

),

cadence as (

    select
        user_id,
        month_start,
        is_active,
        purchase_days_to_date,
        first_purchase_date,
        last_purchase_date,
        {{ dbt.datediff('last_purchase_date', 'measured_on_date', 'day') }}
            as days_since_last_purchase,
        case
            when purchase_days_to_date >= 2
                then cast(
                    {{ dbt.datediff('first_purchase_date', 'last_purchase_date', 'day') }}
                    as {{ userops.type_double() }}
                ) / (purchase_days_to_date - 1)
        end as mean_purchase_interval_days

    from running

),

-- gap <= tolerance × span / (purchase days − 1), multiplied out: exact in integers and
-- decimals, where the double mean interval could put a gap of exactly the limit past it.
final as (

    select
        *,
        coalesce(
            not is_active
            and purchase_days_to_date >= 2
            and days_since_last_purchase * (purchase_days_to_date - 1)
            <= {{ userops.number_var('stockpile_interval_tolerance') }}
            * {{ dbt.datediff('first_purchase_date', 'last_purchase_date', 'day') }},
            false
        ) as is_expected_to_return

    from cadence

)

select * from final
