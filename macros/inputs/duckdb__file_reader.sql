{% macro duckdb__file_reader(path) -%}
    {%- set quoted = "'" ~ (path | replace("'", "''")) ~ "'" -%}
    {%- set lowered = path | lower -%}
    {%- if lowered.endswith((".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt")) -%}
        read_csv({{ quoted }}, header = true, all_varchar = true, union_by_name = true)
    {%- else -%}
        read_parquet({{ quoted }}, union_by_name = true)
    {%- endif -%}
{%- endmacro %}
