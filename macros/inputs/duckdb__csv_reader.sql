{#-
    The rows of one CSV file, every field as text, with its header's columns and one more,
    `_userops_field_count_error`: 'too_many_fields' for a row with more fields than the
    header (a field beyond it holds something), 'too_few_fields' for one with fewer, NULL
    otherwise. The staging models quarantine such rows under that reason (DESIGN.md section
    1: bad input is quarantined, never a crash), instead of DuckDB's reader stopping the run
    at the first one, or, with its lenient options, silently dropping the extra fields of
    rows beyond its sample.

    How:
    - The dialect (delimiter, quote, escape) comes from DuckDB's sniffer told to pad short
      rows, which still splits a sample with ragged rows. Told so, it no longer looks for
      lines before the header (a title, a `#` comment): those come from the plain sniffer,
      when it found a table of several columns with the same delimiter after them and the
      first line is one field naming no contract column (see below). A quote or escape
      neither saw in the sample is the double quote (RFC 4180), so a quoted delimiter
      further down is one field.
    - The header line is read as data. An empty name is `column<i>` (a header ending in a
      delimiter has an unnamed last column), and a name equal to an earlier one ignoring
      case gets `_1`, `_2`, … as DuckDB's reader names them.
    - The rows are read with those columns plus spare ones (as many as the widest sampled
      row needs, plus `extra_fields`), short rows padded with NULLs; empty fields read as ''
      (the null string is text no field holds), so a NULL in the last named header column
      means the row ended before it, and a spare field holding more than blanks means it
      went on after it (an empty one, a trailing delimiter, loses nothing). Empty fields
      are then made NULL, as DuckDB's default reader reads them, and so are fields that
      hold only one of the var `csv_null_texts` (default `NULL` and `\N`, how SQL Server's
      and MySQL's exports write a NULL; surrounding blanks ignored).
    - One thread reads the file: DuckDB's parallel scanner cannot pad short rows where a
      quoted value holds a line break.
    - Otherwise strict: a row with more fields too many than there are spares stops the run
      with DuckDB's error naming the line. A quote never closed would take the rest of the
      file into one value, which DuckDB's reader drops with the rows after it, silently:
      every line must be read (counted below), or the run stops naming the file. Blank lines
      are not rows (as DuckDB's reader skips them).

    Only at execution time (the sniffers read the file); before, a plain read_csv.
-#}
{% macro duckdb__csv_reader(file, contract_names=[], extra_fields=16) -%}
    {%- set quoted = "'" ~ (file | replace("'", "''")) ~ "'" -%}
    {%- if not execute -%}
        {{ return("read_csv(" ~ quoted ~ ", header = true, all_varchar = true)") }}
    {%- endif -%}
    {%- set sniff = "select Delimiter, Quote, Escape, SkipRows, len(Columns) from sniff_csv(" -%}
    {%- set padded = run_query(sniff ~ quoted ~ ", null_padding = true)").rows[0] -%}
    {%- set plain = run_query(sniff ~ quoted ~ ")").rows[0] -%}
    {%- set options = [
        "auto_detect = false",
        "all_varchar = true",
        "null_padding = true",
        "parallel = false",
        "nullstr = '" ~ userops.duckdb__no_null_text() ~ "'",
    ] -%}
    {%- for name, value, default in [
        ("delim", padded[0], ","), ("quote", padded[1], '"'), ("escape", padded[2], '"')
    ] -%}
        {%- do options.append(
            name ~ " = '"
            ~ (default if value in ["(empty)", ""] else value) | replace("'", "''") ~ "'"
        ) -%}
    {%- endfor -%}
    {#- A line of the file as a row as wide as the widest sampled row, after `skip` lines. -#}
    {%- set fields = [] -%}
    {%- for index in range(1, padded[4] + 1) -%}
        {%- do fields.append("field_" ~ index) -%}
    {%- endfor -%}
    {%- set line_query = "select * from read_csv(" ~ quoted ~ ", " ~ options | join(", ")
        ~ ", header = false, strict_mode = false, columns = {"
        ~ userops.duckdb__text_columns(fields) ~ "}, skip = " -%}
    {#-
        Lines before the header: the plain sniffer's, when it found a table of several
        columns with the same delimiter after them, and the first line is one field that
        names no column of the contract (a title, a comment; `user_id` is the header of a
        one-column file). On a ragged sample it may skip data rows to find a table instead;
        their first line, the header, has delimiters.
    -#}
    {%- set skip = padded[3] -%}
    {%- if plain[4] > 1 and plain[0] == padded[0] and plain[3] > padded[3] -%}
        {%- set first_rows = run_query(line_query ~ padded[3] ~ ") limit 1").rows -%}
        {%- set first_fields = (first_rows[0] | reject("none") | list) if first_rows else [] -%}
        {%- if first_fields | length == 1
            and (first_fields[0] | trim | lower) not in contract_names -%}
            {%- set skip = plain[3] -%}
        {%- endif -%}
    {%- endif -%}
    {%- do options.append("skip = " ~ skip) -%}
    {%- set header_rows = run_query(line_query ~ skip ~ ") limit 1").rows -%}
    {%- set values = (header_rows[0] | list) if header_rows else [] -%}
    {#- The header's own fields (the rest is padding), and the last one with a name. -#}
    {%- set kept = namespace(count=0, named=0) -%}
    {%- for value in values -%}
        {%- if value is not none -%}
            {%- set kept.count = loop.index -%}
        {%- endif -%}
        {%- if value not in [none, ""] -%}
            {%- set kept.named = loop.index -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set names = [] -%}
    {%- set seen = [] -%}
    {%- for value in values[:kept.count] -%}
        {%- set base = value if value not in [none, ""] else "column" ~ loop.index0 -%}
        {%- set chosen = namespace(name=base) -%}
        {%- for suffix in range(1, values | length + 2) if chosen.name | lower in seen -%}
            {%- set chosen.name = base ~ "_" ~ suffix -%}
        {%- endfor -%}
        {%- do names.append(chosen.name) -%}
        {%- do seen.append(chosen.name | lower) -%}
    {%- endfor -%}
    {%- if not kept.named -%}
        {{ return("(select null as _userops_field_count_error where false)") }}
    {%- endif -%}
    {%- set null_texts = userops.csv_null_texts() -%}
    {%- set spares = [] -%}
    {%- for index in range(1, [padded[4] - names | length, 0] | max + extra_fields + 1) -%}
        {%- do spares.append("_userops_extra_field_" ~ index) -%}
    {%- endfor -%}
    {%- set reader -%}
        (
            select
                {%- for name in names %}
                case
                    when {{ adapter.quote(name) }} = ''
                    {%- if null_texts %}
                        or {{ userops.in_list("trim(" ~ adapter.quote(name) ~ ")", null_texts) }}
                    {%- endif %}
                        then null
                    else {{ adapter.quote(name) }}
                end as {{ adapter.quote(name) }},
                {%- endfor %}
                _userops_field_count_error
            from (
                select
                    *,
                    case
                        when trim(concat({{ spares | join(", ") }})) <> ''
                            then 'too_many_fields'
                        when {{ adapter.quote(names[kept.named - 1]) }} is null
                            then 'too_few_fields'
                    end as _userops_field_count_error
                from read_csv(
                    {{ quoted }}, {{ options | join(", ") }}, header = true,
                    columns = { {{- userops.duckdb__text_columns(names + spares) -}} }
                )
            )
        )
    {%- endset -%}
    {#-
        Every line of the file is read. A quote that is never closed takes the rest of the
        file into one value, and DuckDB's reader then drops that value and the rows after
        it without an error. So the non-blank lines after the skipped ones (read without
        quoting) must not outnumber the header, the rows read and the line breaks inside
        their values (a blank line inside a value only lowers the first count).
    -#}
    {%- set quoted_columns = [] -%}
    {%- for name in names + spares -%}
        {%- do quoted_columns.append(adapter.quote(name)) -%}
    {%- endfor -%}
    {%- set count_of = "(length(value) - length(replace(value, {}, ''))) // {}" -%}
    {%- set counts = run_query(
        "select (select count(*) from read_csv(" ~ quoted ~ ", auto_detect = false,"
        ~ " header = false, skip = " ~ skip ~ ", delim = chr(31), quote = '', escape = '',"
        ~ " columns = {'line': 'VARCHAR'}, null_padding = true, strict_mode = false,"
        ~ " parallel = false)) as file_lines,"
        ~ " (select 1 + count(*) + coalesce(sum("
        ~ count_of.format("chr(10)", 1) ~ " + " ~ count_of.format("chr(13)", 1) ~ " - "
        ~ count_of.format("chr(13) || chr(10)", 2) ~ "), 0)"
        ~ " from (select concat(" ~ quoted_columns | join(", ") ~ ") as value"
        ~ " from read_csv(" ~ quoted ~ ", " ~ options | join(", ") ~ ", header = true,"
        ~ " columns = {" ~ userops.duckdb__text_columns(names + spares) ~ "}))) as read_lines"
    ).rows[0] -%}
    {%- if counts[0] > counts[1] -%}
        {{ exceptions.raise_compiler_error(
            "userops: the CSV file '" ~ file ~ "' could not be read to its end: it has "
            ~ counts[0] ~ " lines from its header on, and its header and rows account for "
            ~ counts[1] ~ ". A quote is opened and never closed, so the rest of the file "
            ~ "would be one value, and lost: close the quote (a quote inside a quoted value "
            ~ "is written twice), or remove it."
        ) }}
    {%- endif -%}
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

{#-
    The var `csv_null_texts`: the texts a CSV field holds for NULL besides an empty field (a
    list of strings; null or [] for none). Stops naming the var when it is anything else.
-#}
{% macro csv_null_texts() -%}
    {%- set value = var("csv_null_texts", ["NULL", "\\N"]) -%}
    {%- if value is none -%}
        {{ return([]) }}
    {%- elif value is string -%}
        {%- set value = [value] -%}
    {%- endif -%}
    {%- if value is mapping or value is not iterable
        or value | reject("string") | list | length > 0 -%}
        {{ exceptions.raise_compiler_error(
            "userops: the var csv_null_texts must be a list of texts (e.g. ['NULL', '\\N']) "
            ~ "or null; got " ~ value ~ "."
            ~ (" In YAML a bare NULL is null: quote it, 'NULL'." if value is iterable and none in value | list else "")
        ) }}
    {%- endif -%}
    {{ return(value | list) }}
{%- endmacro %}
