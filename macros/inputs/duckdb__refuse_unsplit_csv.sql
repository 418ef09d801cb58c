{#-
    Stop, naming the CSV input (`described`), when its header was read as one column whose
    name holds a delimiter (`only_column`): DuckDB's sniffer took a delimiter the rows use
    and the header does not (a header split by commas over rows split by semicolons). Say
    so, rather than that every contract column is missing. Nothing happens for none or a
    name without a delimiter. (Rows with a field too many or too few are split and
    quarantined: duckdb__csv_reader.)
-#}
{% macro duckdb__refuse_unsplit_csv(described, only_column) -%}
    {%- if only_column is not none and only_column | select("in", ",;\t|") | list -%}
        {{ exceptions.raise_compiler_error(
            "userops: " ~ described ~ " could not be split into columns: read as CSV it has "
            ~ "one column, '" ~ only_column ~ "'. The rows are split by another delimiter than "
            ~ "the header line: write the header with the rows' delimiter."
        ) }}
    {%- endif -%}
{%- endmacro %}
