{#-
    The rows of one CSV file, every field as text, with its header's columns and one more,
    `_userops_field_count_error`: 'too_many_fields' for a row with more fields than the
    header, 'too_few_fields' for one with fewer, NULL otherwise. The staging models
    quarantine such rows under that reason (DESIGN.md section 1: bad input is quarantined,
    never a crash), instead of DuckDB's reader stopping the run at the first one, or, with
    its lenient options, silently dropping the extra fields of rows beyond its sample.

    How: the file's dialect (delimiter, quote, escape, lines to skip) comes from DuckDB's
    sniffer, which also splits a sample with ragged rows when told to pad them; a quote or
    escape it did not see in its sample is the double quote (RFC 4180), so a quoted value
    with a delimiter further down the file is one field. The header line is read as data. The rows are then read with those columns plus
    `extra_fields` spare ones, short rows padded with NULLs; empty fields read as '' (the
    null string is set to text no field holds), so a NULL in the last header column means
    the row ended before it, and a value in the first spare column means it went on after
    it. Empty fields are made NULL after that, as DuckDB's default reader reads them. The
    reader stays strict otherwise: a row with more than `extra_fields` fields too many, or
    an unterminated quote, stops the run with DuckDB's error naming the line.

    Only at execution time (the sniffer reads the file); before, a plain read_csv.
-#}
{% macro duckdb__csv_reader(file, extra_fields=16) -%}
    {%- set quoted = "'" ~ (file | replace("'", "''")) ~ "'" -%}
    {%- if not execute -%}
        {{ return("read_csv(" ~ quoted ~ ", header = true, all_varchar = true)") }}
    {%- endif -%}
    {%- set sniffed = run_query(
        "select Delimiter, Quote, Escape, SkipRows, len(Columns) from sniff_csv("
        ~ quoted ~ ", null_padding = true)"
    ).rows[0] -%}
    {%- set options = [
        "auto_detect = false",
        "all_varchar = true",
        "null_padding = true",
        "nullstr = '" ~ userops.duckdb__no_null_text() ~ "'",
        "skip = " ~ sniffed[3],
    ] -%}
    {#- No quote or escape seen in the sample: RFC 4180's, the double quote. -#}
    {%- for name, value, default in [
        ("delim", sniffed[0], ","), ("quote", sniffed[1], '"'), ("escape", sniffed[2], '"')
    ] -%}
        {%- do options.append(
            name ~ " = '" ~ (default if value in ["(empty)", ""] else value) | replace("'", "''") ~ "'"
        ) -%}
    {%- endfor -%}
    {#- The header line, read as a row of as many fields as the widest sampled row. -#}
    {%- set fields = [] -%}
    {%- for index in range(1, sniffed[4] + 1) -%}
        {%- do fields.append("field_" ~ index) -%}
    {%- endfor -%}
    {%- set header_row = run_query(
        "select * from read_csv(" ~ quoted ~ ", " ~ options | join(", ")
        ~ ", header = false, strict_mode = false, columns = {"
        ~ userops.duckdb__text_columns(fields) ~ "}) limit 1"
    ).rows -%}
    {%- set names = [] -%}
    {%- for value in (header_row[0] if header_row else []) if value is not none -%}
        {%- set name = value if value != "" else "column" ~ loop.index0 -%}
        {%- do names.append(name if name not in names else name ~ "_" ~ loop.index0) -%}
    {%- endfor -%}
    {%- if not names -%}
        {{ return("(select null as _userops_field_count_error where false)") }}
    {%- endif -%}
    {%- set spares = [] -%}
    {%- for index in range(1, extra_fields + 1) -%}
        {%- do spares.append("_userops_extra_field_" ~ index) -%}
    {%- endfor -%}
    {%- set reader -%}
        (
            select
                {%- for name in names %}
                nullif({{ adapter.quote(name) }}, '') as {{ adapter.quote(name) }},
                {%- endfor %}
                _userops_field_count_error
            from (
                select
                    *,
                    case
                        when _userops_extra_field_1 is not null then 'too_many_fields'
                        when {{ adapter.quote(names[-1]) }} is null then 'too_few_fields'
                    end as _userops_field_count_error
                from read_csv(
                    {{ quoted }}, {{ options | join(", ") }}, header = true,
                    columns = { {{- userops.duckdb__text_columns(names + spares) -}} }
                )
            )
        )
    {%- endset -%}
    {{ return(reader) }}
{%- endmacro %}

{#- `'name': 'VARCHAR', …` for read_csv's `columns`. -#}
{% macro duckdb__text_columns(names) -%}
    {%- set pairs = [] -%}
    {%- for name in names -%}
        {%- do pairs.append("'" ~ (name | replace("'", "''")) ~ "': 'VARCHAR'") -%}
    {%- endfor -%}
    {{ return(pairs | join(", ")) }}
{%- endmacro %}

{#-
    The null string the CSV reader is given: text no field of a real file holds, so that an
    empty field reads as '' and only a field the row lacks reads as NULL.
-#}
{% macro duckdb__no_null_text() -%}
    {{ return("userops:no-field-is-null") }}
{%- endmacro %}
