{#-
    The partition column of a month-partitioned incremental model, for the engines whose
    incremental strategy needs one (see month_incremental_strategy): on Spark,
    insert_overwrite replaces exactly the month partitions a run produces (dynamic partition
    overwrite), which is what delete+insert by month does elsewhere. None on the others.
-#}
{% macro month_partition_by(month_column) -%}
    {{ return(adapter.dispatch("month_partition_by", "userops")(month_column)) }}
{%- endmacro %}

{% macro default__month_partition_by(month_column) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro spark__month_partition_by(month_column) -%}
    {{ return([month_column]) }}
{%- endmacro %}
