{#-
    SQL of one row per column of each file, as its reader reads the file alone
    (duckdb__file_readers): `file`, `name` (as written), `type` and `has_rows` (whether the
    file has any row); the column the CSV reader adds (`_userops_field_count_error`) is not
    the file's. One query for every file of a glob, for the checks that compare its files.
-#}
{% macro duckdb__describe_files(file_readers) -%}
    {%- set per_file = [] -%}
    {%- for file_reader in file_readers -%}
        {%- do per_file.append(
            "select '" ~ (file_reader.file | replace("'", "''")) ~ "' as file,"
            ~ " column_name as name, column_type as type,"
            ~ " exists (select 1 from " ~ file_reader.reader ~ ") as has_rows"
            ~ " from (describe select * from " ~ file_reader.reader ~ ")"
            ~ " where column_name <> '_userops_field_count_error'"
        ) -%}
    {%- endfor -%}
    {{ return(per_file | join("\nunion all\n")) }}
{%- endmacro %}
