{#-
    The inverse of to_business_time: a naive wall-clock time of the business timezone as a
    UTC instant (timestamp with time zone).
-#}
{% macro from_business_time(local_time) -%}
    {{ return(adapter.dispatch("from_business_time", "userops")(local_time)) }}
{%- endmacro %}

{% macro default__from_business_time(local_time) -%}
    ({{ local_time }} at time zone '{{ userops.business_timezone() }}')
{%- endmacro %}

{% macro spark__from_business_time(local_time) -%}
    to_utc_timestamp({{ local_time }}, '{{ userops.business_timezone() }}')
{%- endmacro %}
