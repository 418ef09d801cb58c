{#-
    mart_lifecycle_monthly broken down by each attribute of var `segment_columns`: one row per
    month, segment column and value. Within a month and segment column the rows add up to
    the overall figures (tested). NULL attributes form the value `(none)`.
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

{% for column in userops.segment_columns() %}
    by_{{ column }} as (

        select
            month_start,
            '{{ column }}' as segment_column,
            {{ userops.segment_value(column) }} as segment_value,
            {{ userops.lifecycle_state_counts() }}

        from user_months
        group by 1, 2, 3

    ),

{% endfor %}
unioned as (

    {% for column in userops.segment_columns() -%}
        select * from by_{{ column }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        *,
        {{ userops.safe_divide('active_users', 'cumulative_users') }} as monthly_active_rate

    from unioned

)

select * from final
