{#-
    A timestamp moved by a whole number of days, its fraction of a second kept. Dispatched:
    `default__` is dbt.dateadd; on Spark, dbt-spark's dateadd goes through unix seconds and
    drops the microseconds (a send at 19:36:57.545544 plus 3 days came out at 19:36:57, so
    the send counted as less than 3 days before a slot 3 days after it, and the user got no
    slot), so Spark uses timestampadd.
-#}
{% macro add_days(days, timestamp) -%}
    {{ return(adapter.dispatch("add_days", "userops")(days, timestamp)) }}
{%- endmacro %}

{% macro default__add_days(days, timestamp) -%}
    {{ dbt.dateadd("day", days, timestamp) }}
{%- endmacro %}

{% macro spark__add_days(days, timestamp) -%}
    timestampadd(DAY, {{ days }}, {{ timestamp }})
{%- endmacro %}
