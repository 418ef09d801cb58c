{#-
    `select <the contract's columns> from <relation>`: each column the input has (`found`:
    lower-cased contract name -> the input's own name) passes through untouched, an optional
    column it lacks is NULL text. Then `field_count_error`: for a CSV row with a field too
    many or too few, which (duckdb__csv_reader); NULL for every other row and input. Then
    `absent_columns`: the contract's optional columns the input lacks, comma-separated in
    contract order ('' when it has them all), so a model can tell a column the input does
    not have (a step its source does not track) from one left empty. By default the same on
    every row; the argument `absent_columns` (SQL) replaces it when the reader knows better:
    for a glob, the columns each row's own file lacks (duckdb__absent_columns_by_file).
    Fails naming the input (`described`) and the missing columns when a required column is
    absent. Shared by every engine's read_input.
-#}
{% macro select_contract_columns(described, columns, found, relation, absent_columns=none) -%}
    {%- set missing = [] -%}
    {%- for column in columns if column.required and column.name not in found -%}
        {%- do missing.append(column.name) -%}
    {%- endfor -%}
    {%- if missing and execute -%}
        {{ exceptions.raise_compiler_error(
            "userops: " ~ described ~ " is missing the required column(s) "
            ~ missing | join(", ") ~ ". Columns found: "
            ~ (found.values() | reject("equalto", "_userops_field_count_error") | join(", ")
                or "none")
            ~ "."
        ) }}
    {%- endif %}
    select
    {%- for column in columns %}
        {%- if column.name in found %}
        {{ adapter.quote(found[column.name]) }} as {{ column.name }}
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as {{ column.name }}
        {%- endif %}
        {{- "," }}
    {%- endfor %}
        {% if "_userops_field_count_error" in found -%}
        _userops_field_count_error
        {%- else -%}
        cast(null as {{ dbt.type_string() }})
        {%- endif %} as field_count_error,
        {{ absent_columns or userops.absent_columns_text(columns, found) }} as absent_columns
    from {{ relation }}
{%- endmacro %}

{#- `absent_columns` (select_contract_columns) as a text literal. -#}
{% macro absent_columns_text(columns, found) -%}
    {%- set absent = [] -%}
    {%- for column in columns if not column.required and column.name not in found -%}
        {%- do absent.append(column.name) -%}
    {%- endfor -%}
    cast('{{ absent | join(",") }}' as {{ dbt.type_string() }})
{%- endmacro %}

{#-
    True for the type DuckDB gives a column that holds no value by construction: Parquet's
    null type ("NULL"), which pandas and pyarrow write for a column that is None on every row.
    The DuckDB reader counts such an optional column as absent, as if the file lacked it: an
    outreach export whose delivered_at is None throughout does not track delivery (the
    Postgres loader does not load it; Spark reads the type as int, so there it is present).
-#}
{% macro is_typeless(data_type) -%}
    {{ return((data_type | string | replace('"', '') | trim | lower) == "null") }}
{%- endmacro %}

{#- `found` without the optional contract columns of a typeless type (is_typeless). -#}
{% macro without_typeless_columns(columns, found, types) -%}
    {%- set kept = {} -%}
    {%- for name, actual in found.items() -%}
        {%- set optional = columns | selectattr("name", "equalto", name)
            | rejectattr("required") | list -%}
        {%- if not (optional and userops.is_typeless(types.get(name))) -%}
            {%- do kept.update({name: actual}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(kept) }}
{%- endmacro %}
