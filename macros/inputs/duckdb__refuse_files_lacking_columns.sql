{#-
    Stop, naming the file and the columns, when one of the several files a glob matches
    lacks a required column of the contract. The reader unions the files by column name, so
    a column any one file has counts as present, and a file without it (a column renamed in
    the newest month's export) would only give NULLs: every one of its rows quarantined as,
    say, missing_event_type, below the warning share when the other files are large. Files
    without rows are left out (an empty export of a quiet day has nothing to lose). Each
    file is described as the reader reads it (one query for all of them: a Parquet file's
    schema, a CSV file's sniffed header), and its names are matched as the reader's are,
    lower-cased with surrounding blanks ignored.
-#}
{% macro duckdb__refuse_files_lacking_columns(input_name, path, file_readers, columns) -%}
    {%- set required = columns | selectattr("required") | map(attribute="name") | list -%}
    {%- if file_readers | length < 2 or not required -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        with names as (
            select file, lower(trim(name)) as name, has_rows
            from ({{ userops.duckdb__describe_files(file_readers) }})
        ),
        required (name) as (
            values {% for column in required %}('{{ column }}'){{ ", " if not loop.last }}{% endfor %}
        ),
        lacking as (
            select
                files.file,
                string_agg(required.name, ', ' order by required.name) as missing
            from (select distinct file from names where has_rows) as files
            cross join required
            where not exists (
                select 1 from names
                where names.file = files.file and names.name = required.name
            )
            group by 1
        )
        select
            lacking.file,
            lacking.missing,
            count(*) over () as files_lacking,
            (select string_agg(name, ', ') from names where names.file = lacking.file)
                as columns_found,
            (select case when count(*) = 1 then min(name) end from names
                where names.file = lacking.file) as only_column
        from lacking
        order by lacking.file
        limit 1
    {%- endset -%}
    {%- set rows = run_query(query).rows -%}
    {%- if rows | length > 0 -%}
        {%- set row = rows[0] -%}
        {%- do userops.duckdb__refuse_unsplit_csv(
            "the " ~ input_name ~ " input file '" ~ row[0] ~ "'", row[4]
        ) -%}
        {{ exceptions.raise_compiler_error(
            "userops: the " ~ input_name ~ " input file '" ~ row[0] ~ "' is missing the "
            ~ "required column(s) " ~ row[1] ~ " (" ~ row[2] ~ " of the " ~ file_readers | length
            ~ " files matching '" ~ path ~ "' lack a required column). Columns found: "
            ~ row[3] ~ ". Every file of an input needs the contract's required columns: "
            ~ "rename the column in that file, or leave the file out of the path."
        ) }}
    {%- endif -%}
{%- endmacro %}
