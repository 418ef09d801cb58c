{#-
    The settings the incremental models were built with (incremental_settings: the vars that
    shape the months they keep), one row a var, written after every incremental model of the
    run (hence the dependencies below, which no query reads). An incremental run compares
    this run's vars with these rows before it changes any model (check_incremental_settings)
    and stops, naming the change, when one differs; a full refresh writes the new ones.
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

with

settings as (

    {% for name, value in userops.incremental_settings().items() -%}
        select
            cast('{{ name }}' as {{ dbt.type_string() }}) as setting_name,
            cast('{{ dbt.escape_single_quotes(value) }}' as {{ dbt.type_string() }})
                as setting_value
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from settings
