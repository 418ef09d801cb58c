{#-
    Stop, naming the CSV input (`described`), when DuckDB read it as one column named like
    the header line (`only_column`): its sniffer does so when no dialect splits every sampled
    row into as many fields as the header, a row with a field too many or too few. Say so,
    rather than that every contract column is missing. Nothing happens for none or a name
    without a delimiter.
-#}
{% macro duckdb__refuse_unsplit_csv(described, only_column) -%}
    {%- if only_column is not none and only_column | select("in", ",;\t|") | list -%}
        {{ exceptions.raise_compiler_error(
            "userops: " ~ described ~ " could not be split into columns: read as CSV it has "
            ~ "one column, '" ~ only_column ~ "'. Usually some rows have more or fewer fields "
            ~ "than the header (a missing field, or an unquoted delimiter inside a value): "
            ~ "quote such values, or fix those rows."
        ) }}
    {%- endif -%}
{%- endmacro %}
