{#-
    Map each contract column to the column the file really has (matched case-insensitively,
    surrounding blanks ignored); none when an optional demo input has no file.

    The path's extension picks one reader for every file it matches (duckdb__file_reader), so
    a glob whose files are not all of that format (CSV and Parquet together, or CSV files
    behind a glob read as Parquet) stops here with a message naming the path and a file of
    each kind, instead of the reader's error on the first file it cannot read. So does one
    of several files that lacks a required column (duckdb__refuse_files_lacking_columns),
    which the reader's union by name would fill with NULLs, and a time column stored as DATE
    in one Parquet file and as a timestamp in another (duckdb__refuse_mixed_time_types). So
    does a CSV input whose header could not be split into columns (split by another delimiter
    than its rows: duckdb__refuse_unsplit_csv), instead of reporting every contract column as
    missing. And so does an id column of a fractional type (refuse_fractional_ids), and a CSV
    id column whose values are written as floats, '103.0' (duckdb__refuse_float_text_ids).
    The mapping includes `_userops_field_count_error` for CSV (duckdb__csv_reader). An
    optional column of Parquet's null type (None on every row) is left out, as absent
    (without_typeless_columns).
-#}
{% macro duckdb__file_columns(input_name, path, reader, file_readers, columns) -%}
    {%- if not execute -%}
        {{ return({}) }}
    {%- endif -%}
    {%- set files = file_readers | map(attribute="file") | list -%}
    {%- if files | length == 0 and input_name != "events" and var(input_name ~ "_path", none) in [none, ""] -%}
        {#- An optional input left at its demo default, with no demo file: absent. -#}
        {{ return(none) }}
    {%- elif files | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "userops: no file matches the " ~ input_name ~ " input path '" ~ path
            ~ "' (set the var " ~ input_name ~ "_path, or run `make data` for the demo data)."
        ) }}
    {%- endif -%}
    {%- set csv_files = [] -%}
    {%- set other_files = [] -%}
    {%- for file in files -%}
        {%- do (csv_files if userops.is_csv_path(file) else other_files).append(file) -%}
    {%- endfor -%}
    {%- if csv_files and other_files -%}
        {{ exceptions.raise_compiler_error(
            "userops: the " ~ input_name ~ " input path '" ~ path ~ "' matches both CSV and "
            ~ "Parquet files (e.g. '" ~ csv_files[0] ~ "' and '" ~ other_files[0] ~ "'); an "
            ~ "input is read in one format: point the var " ~ input_name ~ "_path at the files "
            ~ "of one (e.g. a glob ending in .csv or .parquet)."
        ) }}
    {%- elif csv_files and not userops.is_csv_path(path) -%}
        {{ exceptions.raise_compiler_error(
            "userops: the " ~ input_name ~ " input path '" ~ path ~ "' matches CSV files (e.g. '"
            ~ csv_files[0] ~ "') but is read as Parquet, because the path itself does not end "
            ~ "in .csv, .csv.gz, .tsv, .tsv.gz or .txt: end the var " ~ input_name ~ "_path with "
            ~ "the files' extension (e.g. '.../*.csv')."
        ) }}
    {%- endif -%}
    {%- do userops.duckdb__refuse_files_lacking_columns(input_name, path, file_readers, columns) -%}
    {%- do userops.duckdb__refuse_mixed_time_types(input_name, path, file_readers, columns) -%}
    {%- set described = run_query("describe select * from " ~ reader) -%}
    {%- set names = described.columns[0].values() -%}
    {%- set file_names = names | reject("equalto", "_userops_field_count_error") | list -%}
    {%- if csv_files and file_names | length == 1 -%}
        {%- do userops.duckdb__refuse_unsplit_csv(
            "the " ~ input_name ~ " input '" ~ path ~ "'", file_names[0]
        ) -%}
    {%- endif -%}
    {%- set found = {} -%}
    {%- set types = {} -%}
    {%- for name, type in zip(names, described.columns[1].values()) -%}
        {%- do found.update({name | trim | lower: name}) -%}
        {%- do types.update({name | trim | lower: type}) -%}
    {%- endfor -%}
    {%- if csv_files -%}
        {%- do userops.duckdb__refuse_float_text_ids(input_name, path, reader, columns, found) -%}
    {%- endif -%}
    {%- do userops.refuse_fractional_ids("the " ~ input_name ~ " input '" ~ path ~ "'", types) -%}
    {{ return(userops.without_typeless_columns(columns, found, types)) }}
{%- endmacro %}
