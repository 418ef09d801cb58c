{#-
    The first moment at or after `local_time` (business time, naive) that lies inside a send
    window of var `outreach_send_windows` ([start_hour, end_hour) pairs): `local_time` itself
    when it is inside one, else the start of the next window that day, else the start of the
    first window the next day.
-#}
{% macro next_send_window(local_time) -%}
    {%- set windows = userops.send_windows() -%}
    {%- set day = dbt.date_trunc("day", local_time) -%}
    least(
        {%- for window in windows %}
        case
            when {{ local_time }} >= {{ dbt.dateadd("hour", window[0], day) }}
                and {{ local_time }} < {{ dbt.dateadd("hour", window[1], day) }}
                then {{ local_time }}
        end,
        case
            when {{ dbt.dateadd("hour", window[0], day) }} >= {{ local_time }}
                then {{ dbt.dateadd("hour", window[0], day) }}
        end,
        {%- endfor %}
        {{ dbt.dateadd("hour", 24 + windows[0][0], day) }}
    )
{%- endmacro %}
