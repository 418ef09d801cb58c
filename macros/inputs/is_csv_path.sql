{#-
    True when a file name, path or glob names CSV: it ends in .csv, .csv.gz, .tsv, .tsv.gz or
    .txt (any case). Anything else is read as Parquet. The one list of the CSV extensions.
-#}
{% macro is_csv_path(path) -%}
    {{ return((path | lower).endswith((".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt"))) }}
{%- endmacro %}
