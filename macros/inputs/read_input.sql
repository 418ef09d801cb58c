{#-
    Select one raw input with exactly the columns of its contract (see input_contract):
    columns the file has pass through untouched (CSV is read as text, Parquet keeps its types,
    so no timestamp is formatted and parsed again), optional columns the file lacks are NULL
    text. Staging models type and validate with try_cast, so a malformed value is quarantined
    instead of failing the read.

    Fails fast, naming the file and the column, when the input cannot be used at all: no file
    matches the path, or a required column is missing. An optional input with no path yields
    an empty relation of the same shape.
-#}
{% macro read_input(input_name) -%}
    {{ return(adapter.dispatch("read_input", "userops")(input_name)) }}
{%- endmacro %}

{% macro default__read_input(input_name) -%}
    {#-
        Engines without a file reader read the raw tables declared as sources (on Postgres
        filled by `python -m userops.load_postgres`). Like the file reader: the table's own
        columns pass through untouched (matched case-insensitively), optional columns it
        lacks are NULL text, a missing required column or a missing events table fails
        naming the table, and a missing optional table is an empty input.
    -#}
    {%- set columns = userops.input_contract()[input_name] -%}
    {%- set relation = source("raw", input_name) -%}
    {%- if not execute -%}
        {{ return("select * from " ~ relation) }}
    {%- endif -%}
    {%- set existing = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier
    ) -%}
    {%- if existing is none and input_name != "events" -%}
        {{ return(userops.empty_input(columns)) }}
    {%- elif existing is none -%}
        {{ exceptions.raise_compiler_error(
            "userops: the raw table " ~ relation ~ " does not exist (load the inputs first, "
            ~ "e.g. `python -m userops.load_postgres`)."
        ) }}
    {%- endif -%}
    {%- set found = {} -%}
    {%- set types = {} -%}
    {%- for column in adapter.get_columns_in_relation(existing) -%}
        {%- do found.update({column.name | trim | lower: column.name}) -%}
        {%- do types.update({column.name | trim | lower: column.data_type}) -%}
    {%- endfor -%}
    {%- do userops.refuse_fractional_ids("the raw table " ~ relation, types) -%}
    {{ userops.select_contract_columns(
        "the raw table " ~ relation, columns, found, existing
    ) }}
{%- endmacro %}

{% macro duckdb__read_input(input_name) -%}
    {%- set columns = userops.input_contract()[input_name] -%}
    {%- set path = userops.input_path(input_name) -%}
    {%- if path is none -%}
        {{ userops.empty_input(columns) }}
    {%- else -%}
        {%- set file_readers = userops.duckdb__file_readers(path, columns) -%}
        {%- set reader = userops.duckdb__file_reader(path, file_readers) -%}
        {%- set present = userops.duckdb__file_columns(
            input_name, path, reader, file_readers, columns
        ) -%}
        {%- if present is none -%}
            {{ return(userops.empty_input(columns)) }}
        {%- endif -%}
        {#- Several files: which optional columns each row's own file lacks. -#}
        {%- set absent = {"sql": none} -%}
        {%- if file_readers | length > 1 -%}
            {%- set absent = userops.duckdb__absent_columns_by_file(file_readers, columns) -%}
            {%- if absent.absent_by_file is not none -%}
                {%- set reader = userops.duckdb__file_reader(
                    path, file_readers, absent.absent_by_file
                ) -%}
            {%- endif -%}
        {%- endif %}
        {{ userops.select_contract_columns(
            "the " ~ input_name ~ " input '" ~ path ~ "'", columns, present, reader, absent.sql
        ) }}
    {%- endif -%}
{%- endmacro %}

{% macro spark__read_input(input_name) -%}
    {#-
        Spark reads the Parquet file(s) directly (`parquet.`<path>``, globs allowed). CSV
        has no header-aware reader in plain Spark SQL: register CSV inputs as tables, or
        convert them to Parquet.
    -#}
    {%- set columns = userops.input_contract()[input_name] -%}
    {%- set path = userops.input_path(input_name) -%}
    {%- if path is none -%}
        {{ return(userops.empty_input(columns)) }}
    {%- endif -%}
    {%- if userops.is_csv_path(path) -%}
        {{ exceptions.raise_compiler_error(
            "userops: on Spark the " ~ input_name ~ " input must be Parquet; got '" ~ path
            ~ "'. Convert it to Parquet (e.g. with DuckDB: COPY (FROM read_csv('...')) TO "
            ~ "'....parquet'), then point the var " ~ input_name ~ "_path at it."
        ) }}
    {%- endif -%}
    {%- set reader = "parquet.`" ~ (path | replace("`", "``")) ~ "`" -%}
    {%- set found = {} -%}
    {%- if execute -%}
        {%- set described = run_query("describe query select * from " ~ reader) -%}
        {%- set types = {} -%}
        {%- for name, type in zip(described.columns[0].values(), described.columns[1].values()) -%}
            {%- do found.update({name | trim | lower: name}) -%}
            {%- do types.update({name | trim | lower: type}) -%}
        {%- endfor -%}
        {%- do userops.refuse_fractional_ids("the " ~ input_name ~ " input '" ~ path ~ "'", types) -%}
    {%- endif -%}
    {{ userops.select_contract_columns(
        "the " ~ input_name ~ " input '" ~ path ~ "'", columns, found, reader
    ) }}
{%- endmacro %}
