{#-
    A raw time column as a UTC instant (timestamp with time zone), NULL when it cannot be
    read. `raw_column` is the column as relation_column_types gives it (or none): a column
    that is already a naive timestamp is the UTC wall-clock time (the data contract), which
    an engine may turn into an instant more cheaply than by a general cast
    (naive_utc_to_instant). A calendar date without a time of day (a DATE column, or text
    without a ':', `2024-02-01`, ` 2024-2-1`) names a day, not an instant: it is that day's
    midnight in the business timezone, so the day stays the same day in every timezone (read
    as midnight UTC, `2024-02-01` would fall in January west of UTC). Anything else goes
    through try_cast. `infinity` and `-infinity`, which DuckDB reads, are no time an event
    can have: NULL, so the row is quarantined as unparseable (finite_instant). A text whose
    offset follows the time after a blank (`2024-01-01 10:00:00 +0000`) is read with the offset
    attached (offset_attached), when the cast cannot read it as it is.
-#}
{% macro to_instant(column, raw_column=none) -%}
    {%- set raw_type = (raw_column.dtype | lower | trim) if raw_column is not none else "" -%}
    {%- if raw_type in ["timestamp", "timestamp without time zone", "datetime"] -%}
        {{ return(userops.naive_utc_to_instant(column)) }}
    {%- elif raw_type == "date" -%}
        {{ return(userops.finite_instant(userops.from_business_time(
            "cast(" ~ column ~ " as " ~ dbt.type_timestamp() ~ ")"
        ))) }}
    {%- elif "time zone" in raw_type or raw_type.startswith("timestamp") -%}
        {{ return(userops.finite_instant(userops.try_cast(column, "timestamp with time zone"))) }}
    {%- endif -%}
    {#- Text, or a type not known at compile time (a unit test's given rows). -#}
    {%- set text = "cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")" -%}
    {{ return(userops.finite_instant(
        "case when " ~ dbt.position("':'", text) ~ " = 0"
        ~ " then " ~ userops.from_business_time(userops.try_cast(column, dbt.type_timestamp()))
        ~ " else coalesce(" ~ userops.try_cast(column, "timestamp with time zone") ~ ", "
        ~ userops.try_cast(userops.offset_attached(text), "timestamp with time zone") ~ ") end"
    )) }}
{%- endmacro %}

{#-
    A time text whose UTC offset follows the time after a blank, `2024-01-01 10:00:00 +0000`
    (Ruby's Time#to_s, Java's `yyyy-MM-dd HH:mm:ss Z`) or `… -05:00`, with the offset attached
    as ISO 8601 writes it, `2024-01-01 10:00:00+00:00`: DuckDB's cast reads no offset after a
    blank (Postgres' and Spark's do), and every engine reads the attached form. Any other text
    is returned as it is (offset_after_blank_pattern says which texts are rewritten).
    to_instant applies it only to a text its cast could not read (the second argument of a
    coalesce), so a readable time costs nothing more. The pattern has no backslash, which
    Spark's string literals would take as an escape.
-#}
{% macro offset_attached(text) -%}
    {{ return(adapter.dispatch("offset_attached", "userops")(text)) }}
{%- endmacro %}

{% macro default__offset_attached(text) -%}
    regexp_replace({{ text }}, '{{ userops.offset_after_blank_pattern() }}', '\1\2:\4')
{%- endmacro %}

{#- Spark's regexp_replace names a group $1 (a backslash there is an escape). -#}
{% macro spark__offset_attached(text) -%}
    regexp_replace({{ text }}, '{{ userops.offset_after_blank_pattern() }}', '$1$2:$4')
{%- endmacro %}

{#-
    The pattern offset_attached rewrites: a digit (the time's last), blanks, then a sign, the
    hours 00-14 and the minutes 00-59, with or without a colon, at the end. After a digit
    only: `10:00:00 UTC +0800` stays unreadable, as on every engine before (attached,
    `UTC+08:00`, Postgres would read a POSIX zone with the sign reversed, 16 hours off).
    Hours past 14 stay unreadable too (Postgres and Spark reject them; DuckDB would read
    `+25:00`). Groups: 1 the digit, 2 the sign and hours, 4 the minutes.
-#}
{% macro offset_after_blank_pattern() -%}
    ([0-9]) +([+-](0[0-9]|1[0-4])):?([0-5][0-9]) *$
{%- endmacro %}

{#- A naive timestamp that holds a UTC wall-clock time, as the instant it names. -#}
{% macro naive_utc_to_instant(column) -%}
    {{ return(adapter.dispatch("naive_utc_to_instant", "userops")(column)) }}
{%- endmacro %}

{% macro default__naive_utc_to_instant(column) -%}
    {{ userops.try_cast(column, "timestamp with time zone") }}
{%- endmacro %}

{#-
    DuckDB: both types count microseconds since the epoch, so the instant is built from the
    count, without the ICU time-zone lookup a cast makes for every row (about 20x cheaper on
    10M rows, the same values). Infinite values are NULL, as finite_instant makes them.
-#}
{% macro duckdb__naive_utc_to_instant(column) -%}
    (
        case
            when isfinite({{ column }}) then make_timestamptz(epoch_us({{ column }}))
        end
    )
{%- endmacro %}

{#-
    An instant, NULL when it is infinite. DuckDB reads 'infinity' and '-infinity' as times: an
    event at -infinity would pass every check and start every user's spine at no month.
    Postgres' try_cast reads only ISO 8601 text (no such words), and Spark has no infinite
    times, so elsewhere the instant is returned as it is.
-#}
{% macro finite_instant(instant) -%}
    {{ return(adapter.dispatch("finite_instant", "userops")(instant)) }}
{%- endmacro %}

{% macro default__finite_instant(instant) -%}
    {{ instant }}
{%- endmacro %}

{% macro duckdb__finite_instant(instant) -%}
    (case when isfinite({{ instant }}) then {{ instant }} end)
{%- endmacro %}
