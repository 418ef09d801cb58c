{#-
    For an input read from several files (a glob), the SQL of its `absent_columns`: which of
    the contract's optional columns each row's own file lacks. The files' union by name
    would count a column any file has as present, so an outreach log whose older exports
    lack `delivered_at` would be taken to track delivery in them too, and their reads
    quarantined. Files without rows are left out (a header-only export changes nothing). A
    column of Parquet's null type (None on every row of the file) counts as absent.
    When every file with rows lacks the same columns, a text literal; otherwise the name of
    a column, `_userops_absent_columns`, that duckdb__file_reader then adds to each file's
    rows (given `absent_by_file`). Returns {"sql": ..., "absent_by_file": {file: text} or
    none}. Each file is described as its own reader reads it (duckdb__describe_files).
-#}
{% macro duckdb__absent_columns_by_file(file_readers, columns) -%}
    {%- set rows = run_query(
        "select file, lower(trim(name)), type, has_rows from ("
        ~ userops.duckdb__describe_files(file_readers) ~ ")"
    ).rows -%}
    {%- set names_by_file = {} -%}
    {%- set files_with_rows = [] -%}
    {%- for file, name, type, has_rows in rows -%}
        {%- do names_by_file.setdefault(file, []) -%}
        {%- if not userops.is_typeless(type) -%}
            {%- do names_by_file[file].append(name) -%}
        {%- endif -%}
        {%- if has_rows and file not in files_with_rows -%}
            {%- do files_with_rows.append(file) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set absent_by_file = {} -%}
    {%- for file, names in names_by_file.items() -%}
        {%- set absent = [] -%}
        {%- for column in columns if not column.required and column.name not in names -%}
            {%- do absent.append(column.name) -%}
        {%- endfor -%}
        {%- do absent_by_file.update({file: absent | join(",")}) -%}
    {%- endfor -%}
    {%- set texts = [] -%}
    {%- for file in files_with_rows if absent_by_file[file] not in texts -%}
        {%- do texts.append(absent_by_file[file]) -%}
    {%- endfor -%}
    {%- if texts | length > 1 -%}
        {{ return({"sql": "_userops_absent_columns", "absent_by_file": absent_by_file}) }}
    {%- elif texts | length == 1 -%}
        {{ return({
            "sql": "cast('" ~ texts[0] ~ "' as " ~ dbt.type_string() ~ ")",
            "absent_by_file": none,
        }) }}
    {%- endif -%}
    {{ return({"sql": none, "absent_by_file": none}) }}
{%- endmacro %}
