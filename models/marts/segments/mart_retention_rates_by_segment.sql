{#-
    mart_retention_rates broken down by each attribute of var `segment_columns`: one row per
    month, segment column and value. A user counts in the segment they were in in the base
    month m-1 (for fixed attributes the same as in m; for `value_tier` last month's tier), so
    numerator and denominator are the same users, and within a month and segment column the
    rows add up to the overall numerators and denominators (tested).
    Incremental by month (see incremental_month_cutoff): a month's rows come from that
    month's user-months alone.
-#}
{{ userops.month_incremental_config() }}

with

user_months as (

    select * from {{ ref('int_user_months_segmented') }}
    {%- if is_incremental() %}
        where month_start >= {{ userops.incremental_month_cutoff('month_start') }}
    {%- endif %}

),

with_base as (

    select *
    from user_months
    where previous_lifecycle_state is not null

),

{% for column in userops.segment_columns() %}
    by_{{ column }} as (

        select
            month_start,
            '{{ column }}' as segment_column,
            {{ userops.segment_value(column, in_base_month=true) }} as segment_value,
            count(case when lifecycle_state = 'new_retained' then 1 end)
                as new_user_retention_numerator,
            count(case when previous_lifecycle_state = 'new' then 1 end)
                as new_user_retention_denominator,
            count(case when lifecycle_state = 'retained' then 1 end)
                as old_user_retention_numerator,
            count(
                case
                    when
                        previous_lifecycle_state in (
                            'new_retained', 'retained', 'woken', 'returned'
                        )
                        then 1
                end
            ) as old_user_retention_denominator,
            count(case when lifecycle_state = 'woken' then 1 end) as wake_numerator,
            count(case when previous_lifecycle_state = 'dormant' then 1 end) as wake_denominator,
            count(case when lifecycle_state = 'returned' then 1 end) as win_back_numerator,
            count(case when previous_lifecycle_state = 'churned' then 1 end) as win_back_denominator

        from with_base
        group by 1, 2, 3

    ),

{% endfor %}
unioned as (

    {% for column in userops.segment_columns() -%}
        select * from by_{{ column }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

rates as (

    select
        month_start,
        segment_column,
        segment_value,
        {{ userops.retention_rate_columns() }}

    from unioned

)

select * from rates
