{#-
    The newest month of a staging model's raw input: the business-time month of the newest
    time in `column` of `relation` (read as to_instant reads it, `raw_column` as
    relation_column_types gives it) that is not in the future (future times are rejected),
    among the rows from the month `since` on (raw_rows_since: a raw timestamp column lets the
    reader skip older row groups). A scalar subquery; NULL when no such row.
-#}
{% macro newest_raw_month(relation, column, raw_column, since) -%}
    (
        select {{ userops.month_start(userops.to_business_time("max(raw_times.instant)")) }}
        from (
            select {{ userops.to_instant(column, raw_column) }} as instant
            from {{ relation }}
            where {{ userops.raw_rows_since(column, raw_column, since) }}
        ) as raw_times
        where raw_times.instant <= {{ dbt.current_timestamp() }}
    )
{%- endmacro %}
