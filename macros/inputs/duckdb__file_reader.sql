{#-
    The DuckDB relation that reads a path (a file or a glob), chosen by its extension
    (is_csv_path): Parquet through read_parquet (union by name, the files' own types), CSV
    file by file through duckdb__csv_reader (every field as text, plus
    `_userops_field_count_error` naming a row with a field too many or too few), the files
    stacked by column name. A CSV path that matches no file reads as a plain read_csv, for
    duckdb__file_columns to name the missing file. `columns`: the input's contract (its
    names tell a one-column header from a title line before it).
-#}
{% macro duckdb__file_reader(path, columns=[]) -%}
    {%- set quoted = "'" ~ (path | replace("'", "''")) ~ "'" -%}
    {%- if not userops.is_csv_path(path) -%}
        {{ return("read_parquet(" ~ quoted ~ ", union_by_name = true)") }}
    {%- endif -%}
    {%- set files = [] -%}
    {%- if execute -%}
        {%- set files = run_query(
            "select file from glob(" ~ quoted ~ ") order by file"
        ).columns[0].values() -%}
    {%- endif -%}
    {%- if files | length == 0 -%}
        {{ return("read_csv(" ~ quoted ~ ", header = true, all_varchar = true)") }}
    {%- endif -%}
    {%- set readers = [] -%}
    {%- for file in files -%}
        {%- do readers.append("select * from " ~ userops.duckdb__csv_reader(
            file, columns | map(attribute="name") | list
        )) -%}
    {%- endfor -%}
    {{ return("(" ~ readers | join("\nunion all by name\n") ~ ")") }}
{%- endmacro %}
