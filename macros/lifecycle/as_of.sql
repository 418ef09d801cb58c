{#-
    The var `as_of` (the reporting date) validated, as its text YYYY-MM-DD, or none when it
    is unset (null or empty). A YAML date (`--vars '{as_of: 2024-02-17}'`) is accepted too.
-#}
{% macro as_of() -%}
    {%- set value = var("as_of") -%}
    {%- if value in [none, ""] -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set text = value | string -%}
    {%- set parts = modules.re.fullmatch("([0-9]{4})-([0-9]{2})-([0-9]{2})", text) -%}
    {%- set valid = false -%}
    {%- if parts -%}
        {%- set year = parts.group(1) | int -%}
        {%- set month = parts.group(2) | int -%}
        {%- set day = parts.group(3) | int -%}
        {%- set leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 -%}
        {%- set month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
        {%- set valid = year >= 1 and 1 <= month <= 12 and 1 <= day <= month_days[month - 1] -%}
    {%- endif -%}
    {%- if not valid -%}
        {{ exceptions.raise_compiler_error(
            "userops: var as_of must be a date written YYYY-MM-DD, got '" ~ text ~ "'"
        ) }}
    {%- endif -%}
    {{ return(text) }}
{%- endmacro %}
