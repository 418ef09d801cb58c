{#-
    Stop, naming the column and a file of each kind, when the Parquet files a glob matches
    store one time column of the contract (a name ending in `_at`) as DATE in one file and as
    a timestamp in another. The reader unions the files by column name and widens the dates
    to timestamps at midnight, which then read as UTC instants: in a timezone west of UTC an
    event of 1 April lands on 31 March. Alone, a DATE file is read as the business-time day
    it names (to_instant). CSV files are read as text, where
    a date is a date, so they need no check. A DATE file without rows loses nothing, but a
    timestamp file without rows still widens the others' dates: its schema counts.
-#}
{% macro duckdb__refuse_mixed_time_types(input_name, path, file_readers, columns) -%}
    {%- set time_columns = [] -%}
    {%- for column in columns if column.name.endswith("_at") -%}
        {%- do time_columns.append(column.name) -%}
    {%- endfor -%}
    {%- if file_readers | length < 2 or not time_columns or userops.is_csv_path(path) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        with described as (
            select file, lower(trim(name)) as name, type, has_rows
            from ({{ userops.duckdb__describe_files(file_readers) }})
        ),
        kinds as (
            select
                name,
                min(file) filter (where type = 'DATE' and has_rows) as date_file,
                min(file) filter (where type like 'TIMESTAMP%') as timestamp_file,
                min(type) filter (where type like 'TIMESTAMP%') as timestamp_type
            from described
            where name in (
                {%- for column in time_columns %}'{{ column }}'{{ ", " if not loop.last }}{% endfor -%}
            )
            group by 1
        )
        select name, date_file, timestamp_file, timestamp_type
        from kinds
        where date_file is not null and timestamp_file is not null
        order by name
        limit 1
    {%- endset -%}
    {%- set rows = run_query(query).rows -%}
    {%- if rows | length > 0 -%}
        {%- set row = rows[0] -%}
        {{ exceptions.raise_compiler_error(
            "userops: the " ~ input_name ~ " input files matching '" ~ path ~ "' store "
            ~ row[0] ~ " as DATE in '" ~ row[1] ~ "' but as " ~ row[3] ~ " in '" ~ row[2]
            ~ "': read together, each date would become midnight UTC instead of the "
            ~ "business-time day it names, and fall on the day before west of UTC. Write "
            ~ row[0] ~ " with one type in every file (all dates, or all timestamps)."
        ) }}
    {%- endif -%}
{%- endmacro %}
