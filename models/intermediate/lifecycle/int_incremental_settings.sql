{#-
    The settings the incremental models were built with (incremental_settings: the vars that
    shape the months they keep), one row a var, written after every incremental model of the
    run (hence the dependencies below, which no query reads). An incremental run compares
    this run's vars with these rows before it changes any model (check_incremental_settings)
    and stops, naming the change, when one differs; a full refresh writes the new ones.

    One more row, `newest_event_month_start`, is no var: the month of the newest clean event
    this build saw (int_reporting_period). A later run rebuilds the models built from the
    clean events from that month on at the latest (newest_event_month_built): with an
    `as_of` beyond the events (a stalled feed), they hold months built without data, and
    events arriving late for those months must reach them.

    A run that does not rebuild every one of these models (a selection) keeps the rows as
    they are: the settings of the models it left out are still the stored ones.
-#}
-- depends_on: {{ ref('stg_app__events_validated') }}
-- depends_on: {{ ref('stg_app__messages_validated') }}
-- depends_on: {{ ref('int_user_months_aggregated') }}
-- depends_on: {{ ref('int_user_months_spined') }}
-- depends_on: {{ ref('int_user_months_adoption') }}
-- depends_on: {{ ref('int_user_months_feature_events') }}
-- depends_on: {{ ref('int_user_months_segmented') }}
-- depends_on: {{ ref('int_purchases') }}
-- depends_on: {{ ref('int_user_purchase_days') }}
-- depends_on: {{ ref('int_user_months_purchase_cadence') }}
-- depends_on: {{ ref('fct_user_months') }}
-- depends_on: {{ ref('fct_user_preferences') }}
-- depends_on: {{ ref('fct_user_value_monthly') }}
-- depends_on: {{ ref('mart_adoption_monthly') }}
-- depends_on: {{ ref('mart_lifecycle_by_segment') }}
-- depends_on: {{ ref('mart_retention_rates_by_segment') }}
{%- set parents = model.depends_on.nodes if execute else [] %}
{%- set every_parent_selected = parents | reject('in', selected_resources) | list | length == 0 %}

{%- set keep_stored = execute and not every_parent_selected and load_relation(this) is not none %}

{#- A first build of a selection without int_reporting_period stores no newest month. -#}
{%- set reporting_period = ref('int_reporting_period') %}
{%- set newest_event_month = (
    "(select cast(newest_event_month_start as " ~ dbt.type_string() ~ ") from "
    ~ reporting_period ~ ")"
    if not execute or load_relation(reporting_period) is not none
    else "cast(null as " ~ dbt.type_string() ~ ")"
) %}

with

settings as (

    {% if keep_stored -%}
        select
            setting_name,
            setting_value
        from {{ this }}
    {%- else -%}
        {% for name, value in userops.incremental_settings().items() -%}
            select
                cast('{{ name }}' as {{ dbt.type_string() }}) as setting_name,
                cast('{{ dbt.escape_single_quotes(value) }}' as {{ dbt.type_string() }})
                    as setting_value
            union all
        {% endfor %}
        select
            cast('newest_event_month_start' as {{ dbt.type_string() }}) as setting_name,
            {{ newest_event_month }} as setting_value
    {%- endif %}

)

select * from settings
