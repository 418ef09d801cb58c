{#-
    Each file a path (a file or a glob) matches, with the DuckDB relation that reads that
    file alone: a list of {file, reader}, in file order. The path's extension picks the
    reader for every file (is_csv_path): a CSV file through duckdb__csv_reader (every field
    as text, plus `_userops_field_count_error` naming a row with a field too many or too
    few; it sniffs and counts the file's lines, so each file is read for this once, here),
    anything else through read_parquet. `columns`: the input's contract (its names tell a
    one-column header from a title line before it). Empty before execution.
-#}
{% macro duckdb__file_readers(path, columns=[]) -%}
    {%- set files = [] -%}
    {%- if execute -%}
        {%- set files = run_query(
            "select file from glob('" ~ (path | replace("'", "''")) ~ "') order by file"
        ).columns[0].values() -%}
    {%- endif -%}
    {%- set names = columns | map(attribute="name") | list -%}
    {%- set readers = [] -%}
    {%- for file in files -%}
        {%- if userops.is_csv_path(path) -%}
            {%- set reader = userops.duckdb__csv_reader(file, names) -%}
        {%- else -%}
            {%- set reader = "read_parquet('" ~ (file | replace("'", "''"))
                ~ "', union_by_name = true)" -%}
        {%- endif -%}
        {%- do readers.append({"file": file, "reader": reader}) -%}
    {%- endfor -%}
    {{ return(readers) }}
{%- endmacro %}

{#-
    The DuckDB relation that reads a whole path: Parquet through read_parquet (union by
    name, the files' own types); CSV as the files' readers (duckdb__file_readers) stacked by
    column name. A CSV path that matches no file reads as a plain read_csv, for
    duckdb__file_columns to name the missing file. With `absent_by_file` ({file: text}, from
    duckdb__absent_columns_by_file, for files that lack different optional columns), every
    file's reader, Parquet too, is stacked with its text as `_userops_absent_columns`.
-#}
{% macro duckdb__file_reader(path, file_readers, absent_by_file=none) -%}
    {%- set quoted = "'" ~ (path | replace("'", "''")) ~ "'" -%}
    {%- if absent_by_file is none and not userops.is_csv_path(path) -%}
        {{ return("read_parquet(" ~ quoted ~ ", union_by_name = true)") }}
    {%- elif file_readers | length == 0 -%}
        {{ return("read_csv(" ~ quoted ~ ", header = true, all_varchar = true)") }}
    {%- endif -%}
    {%- set selects = [] -%}
    {%- for file_reader in file_readers -%}
        {%- if absent_by_file is none -%}
            {%- do selects.append("select * from " ~ file_reader.reader) -%}
        {%- else -%}
            {%- do selects.append(
                "select *, cast('" ~ absent_by_file[file_reader.file] ~ "' as varchar)"
                ~ " as _userops_absent_columns from " ~ file_reader.reader
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return("(" ~ selects | join("\nunion all by name\n") ~ ")") }}
{%- endmacro %}
