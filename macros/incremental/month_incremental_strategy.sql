{#-
    The incremental strategy of the month-partitioned models, chosen per engine in one
    place: delete the months a run rebuilds, then insert them again. DuckDB and Postgres:
    delete+insert on the month (`unique_key`). Spark (Parquet tables, no delete): the models
    are partitioned by the month (month_partition_by) and insert_overwrite replaces the
    partitions of the months the run produces; the same result, as a run produces every
    month from its cut-off on.
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
