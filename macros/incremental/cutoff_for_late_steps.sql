{#-
    The cut-off of an incremental run of a log whose rows gain times after they are first
    written (the outreach log: a message's delivery, read, click, conversion and opt-out are
    filled in after its send): `cutoff` (incremental_month_cutoff, by the send month), moved
    back to the send month of the earliest raw row with a step time in or after the cut-off
    month and not in the future (a placeholder such as 9999-12-31 would move it on every
    run). A step logged after the row's send month left the lookback (an opt-out months
    after the send) is then read; kept by the send month alone, the row would keep the log
    as an earlier run saw it, and the queue would contact a user who opted out. Steps reach
    as far back as rows are late: up to the lookback, as for events. Outside an incremental
    run, `cutoff` as it is. `raw_columns`: relation_column_types of `relation`.
-#}
{% macro cutoff_for_late_steps(cutoff, relation, raw_columns, time_column, step_columns) -%}
    {%- if not (execute and is_incremental()) -%}
        {{ return(cutoff) }}
    {%- endif -%}
    {%- set since = "cast(" ~ cutoff ~ " as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- set conditions = [] -%}
    {%- for step in step_columns -%}
        {%- set step_at = userops.to_instant(step, raw_columns.get(step)) -%}
        {%- do conditions.append(
            "(" ~ userops.to_business_time(step_at) ~ " >= " ~ since
            ~ " and " ~ step_at ~ " <= " ~ dbt.current_timestamp() ~ ")"
        ) -%}
    {%- endfor -%}
    {%- set query -%}
        select least(
            {{ cutoff }},
            coalesce(
                min({{ userops.month_start(userops.to_business_time(
                    userops.to_instant(time_column, raw_columns.get(time_column))
                )) }}),
                {{ cutoff }}
            )
        )
        from {{ relation }}
        where {{ conditions | join("\n            or ") }}
    {%- endset -%}
    {%- set moved = run_query(query).columns[0].values()[0] -%}
    {{ return("cast('" ~ moved ~ "' as date)") }}
{%- endmacro %}
