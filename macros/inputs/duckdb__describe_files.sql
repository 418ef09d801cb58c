{#-
    SQL of one row per column of each file, as duckdb__file_reader reads the file alone:
    `file`, `name` (as written), `type` and `has_rows` (whether the file has any row); the
    column the CSV reader adds (`_userops_field_count_error`) is not the file's. One query
    for every file of a glob, for the checks that compare its files.
-#}
{% macro duckdb__describe_files(files, columns) -%}
    {%- set per_file = [] -%}
    {%- for file in files -%}
        {%- set reader = userops.duckdb__file_reader(file, columns) -%}
        {%- do per_file.append(
            "select '" ~ (file | replace("'", "''")) ~ "' as file, column_name as name,"
            ~ " column_type as type, exists (select 1 from " ~ reader ~ ") as has_rows"
            ~ " from (describe select * from " ~ reader ~ ")"
            ~ " where column_name <> '_userops_field_count_error'"
        ) -%}
    {%- endfor -%}
    {{ return(per_file | join("\nunion all\n")) }}
{%- endmacro %}
