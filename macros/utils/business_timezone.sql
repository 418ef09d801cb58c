{#-
    The var `timezone`, validated: `UTC` (any case) or an IANA name (`Asia/Shanghai`,
    `America/New_York`, `Etc/GMT-8`, also the links without a slash, `Singapore`, `Japan`).
    Offsets and abbreviations stop the run naming the value (`UTC+8`, `GMT-5`, `+08:00`,
    `EST`, `IST`, `EST5EDT`: a sign or a digit outside an Area/Location name, or a name of
    at most five capitals): the engines read them differently (Postgres reads `UTC+8` with
    the POSIX sign, eight hours west of UTC, where DuckDB and Spark read eight hours east;
    `IST` is India on one engine and Israel on another), so the same var would put events in
    different months.
-#}
{% macro business_timezone() -%}
    {%- set value = var("timezone") -%}
    {%- if value is string and value | upper in ["UTC", "ETC/UTC"] -%}
        {{ return("UTC") }}
    {%- endif -%}
    {%- if value is not string
        or not (
            modules.re.fullmatch("[A-Za-z][A-Za-z_-]*(/[A-Za-z0-9_+-]+)+", value)
            or (
                modules.re.fullmatch("[A-Za-z][A-Za-z_]*", value)
                and not modules.re.fullmatch("[A-Z]{1,5}", value)
            )
        ) -%}
        {{ exceptions.raise_compiler_error(
            "userops: var timezone must be UTC or an IANA time zone name such as "
            ~ "'Asia/Shanghai' or 'America/New_York', got '" ~ value ~ "': offsets and "
            ~ "abbreviations (UTC+8, GMT-5, +08:00, EST) are read differently by the engines "
            ~ "(Postgres reads UTC+8 as eight hours west of UTC)."
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
