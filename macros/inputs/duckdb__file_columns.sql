{#-
    Map each contract column to the column the file really has (matched case-insensitively,
    surrounding blanks ignored); none when an optional demo input has no file.
-#}
{% macro duckdb__file_columns(input_name, path, reader, columns) -%}
    {%- if not execute -%}
        {{ return({}) }}
    {%- endif -%}
    {%- set quoted = "'" ~ (path | replace("'", "''")) ~ "'" -%}
    {%- set matched = run_query("select count(*) from glob(" ~ quoted ~ ")").columns[0].values()[0] -%}
    {%- if matched == 0 and input_name != "events" and var(input_name ~ "_path", none) in [none, ""] -%}
        {#- An optional input left at its demo default, with no demo file: absent. -#}
        {{ return(none) }}
    {%- elif matched == 0 -%}
        {{ exceptions.raise_compiler_error(
            "userops: no file matches the " ~ input_name ~ " input path '" ~ path
            ~ "' (set the var " ~ input_name ~ "_path, or run `make data` for the demo data)."
        ) }}
    {%- endif -%}
    {%- set found = {} -%}
    {%- for name in run_query("describe select * from " ~ reader).columns[0].values() -%}
        {%- do found.update({name | trim | lower: name}) -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}
