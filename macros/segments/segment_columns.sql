{#- var `segment_columns`, checked against the columns a breakdown can use. -#}
{% macro segment_columns() -%}
    {%- set allowed = ["plan", "region", "industry", "acquisition_channel", "value_tier"] -%}
    {%- set columns = var("segment_columns") -%}
    {%- for column in columns if column not in allowed -%}
        {{ exceptions.raise_compiler_error(
            "userops: var segment_columns has '" ~ column ~ "'; it can list " ~ allowed | join(", ")
        ) }}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}
