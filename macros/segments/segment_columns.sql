{#- var `segment_columns`, checked against the columns a breakdown can use. -#}
{% macro segment_columns() -%}
    {%- set allowed = ["plan", "region", "industry", "acquisition_channel", "value_tier"] -%}
    {%- set columns = var("segment_columns") -%}
    {#- A string would be checked letter by letter, and no column leaves the marts no rows. -#}
    {%- if columns is string or columns is not iterable or columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "userops: var segment_columns must list at least one of " ~ allowed | join(", ")
            ~ ", got " ~ userops.shown_value(columns) ~ "."
        ) }}
    {%- endif -%}
    {%- for column in columns if column not in allowed -%}
        {{ exceptions.raise_compiler_error(
            "userops: var segment_columns has '" ~ column ~ "'; it can list " ~ allowed | join(", ")
        ) }}
    {%- endfor -%}
    {%- if columns | unique | list | length != columns | length -%}
        {{ exceptions.raise_compiler_error(
            "userops: var segment_columns lists a column twice: "
            ~ userops.shown_value(columns) ~ "."
        ) }}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}
