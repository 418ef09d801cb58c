{% macro duckdb__file_reader(path) -%}
    {%- set quoted = "'" ~ (path | replace("'", "''")) ~ "'" -%}
    {%- if userops.is_csv_path(path) -%}
        read_csv({{ quoted }}, header = true, all_varchar = true, union_by_name = true)
    {%- else -%}
        read_parquet({{ quoted }}, union_by_name = true)
    {%- endif -%}
{%- endmacro %}
