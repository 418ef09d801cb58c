{#-
    The var `timezone`, validated: `UTC`, or an IANA name of the form Area/Location
    (`Asia/Shanghai`, `America/New_York`, `Etc/GMT-8`). Anything else stops the run naming the
    value: offsets and abbreviations (`UTC+8`, `GMT-5`, `+08:00`, `EST`, `IST`) are read
    differently by the engines (Postgres reads `UTC+8` with the POSIX sign, eight hours west
    of UTC, where DuckDB and Spark read eight hours east; `IST` is India on one, Israel on
    another), so the same var would put events in different months.
-#}
{% macro business_timezone() -%}
    {%- set value = var("timezone") -%}
    {%- if value is not string
        or not (value == "UTC" or modules.re.fullmatch("[A-Za-z][A-Za-z_-]*(/[A-Za-z0-9_+-]+)+", value)) -%}
        {{ exceptions.raise_compiler_error(
            "userops: var timezone must be UTC or an IANA time zone name such as "
            ~ "'Asia/Shanghai' or 'America/New_York', got '" ~ value ~ "': offsets and "
            ~ "abbreviations (UTC+8, GMT-5, +08:00, EST) are read differently by the engines "
            ~ "(Postgres reads UTC+8 as eight hours west of UTC)."
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
