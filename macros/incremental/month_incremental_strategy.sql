{#-
    The incremental strategy of the month-partitioned models, chosen per engine in one
    place: delete the months a run rebuilds, then insert them again.
-#}
{% macro month_incremental_strategy() -%}
    {{ return(adapter.dispatch("month_incremental_strategy", "userops")()) }}
{%- endmacro %}

{% macro default__month_incremental_strategy() -%}
    {{ return("delete+insert") }}
{%- endmacro %}

{% macro spark__month_incremental_strategy() -%}
    {{ return("insert_overwrite") }}
{%- endmacro %}
