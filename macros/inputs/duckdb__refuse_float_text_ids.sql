{#-
    Stop when an id column of the contract in a CSV input holds its ids written as floats,
    '103.0': pandas writes integer ids with a gap as float64, and its to_csv writes them
    so. The reader reads CSV as text, where refuse_fractional_ids sees no type to refuse,
    and such ids would silently match no '103' in the other inputs. Decided on the values
    (the first 10,000 rows): every non-blank one an integer followed by '.0', '.00', ...
    Other text ids with a dot (a Google Analytics client id, 1197596843.1673515099) pass, and
    so do columns outside the contract.
-#}
{% macro duckdb__refuse_float_text_ids(input_name, path, reader, columns, found) -%}
    {%- set ids = [] -%}
    {%- for column in columns if column.name.endswith("_id") and column.name in found -%}
        {%- do ids.append(column.name) -%}
    {%- endfor -%}
    {%- if not ids -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        select
            {%- for name in ids %}
            coalesce(
                bool_and(regexp_full_match(trim("{{ found[name] }}"), '-?[0-9]+[.]0+'))
                    filter (where trim("{{ found[name] }}") <> ''),
                false
            ) as {{ name }}{{ "," if not loop.last }}
            {%- endfor %}
        from (select * from {{ reader }} limit 10000) as sample
    {%- endset -%}
    {%- set flags = run_query(query).rows[0] -%}
    {%- for name, is_float in zip(ids, flags) if is_float -%}
        {%- do userops.raise_fractional_id(
            "the " ~ input_name ~ " input '" ~ path ~ "'",
            name,
            "values written as floats ('103.0')"
        ) -%}
    {%- endfor -%}
{%- endmacro %}
