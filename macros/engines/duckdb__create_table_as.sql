{#-
    DuckDB: a model's table with the storage compression of some columns chosen, for the
    columns that DuckDB's own choice makes expensive to write. The model's config names them
    in `meta.duckdb_column_compression` ({column: method}, e.g. {user_id: uncompressed}); the
    table is then created with its columns declared (their types from DESCRIBE of the model's
    query, which binds it but does not run it) and filled with one insert. Every other table
    (no such config, temporary tables, contracts, DuckLake partitioning, Python models) is
    dbt-duckdb's own `create table as`. Other engines never call this macro.

    Why: DuckDB picks a compression per column segment, and for high-cardinality text in no
    particular order (the user ids of 100M events in time order) its dictionary + FSST pass
    costs more than the rest of the column's write.
-#}
{% macro duckdb__create_table_as(
    temporary, relation, compiled_code, language='sql', partitioned_by=none, sorted_by=none
) -%}
    {%- set compression = (config.get('meta') or {}).get('duckdb_column_compression') -%}
    {%- set contract = config.get('contract') -%}
    {%- if language != 'sql' or temporary or not compression or partitioned_by or sorted_by
        or (contract and contract.enforced) -%}
        {{ return(dbt.duckdb__create_table_as(
            temporary, relation, compiled_code, language, partitioned_by, sorted_by
        )) }}
    {%- endif -%}
    {%- set subquery -%}
        select * from (
            {{ compiled_code }}
        ) as model_subq
    {%- endset -%}
    {%- set described = run_query('describe ' ~ subquery) -%}
    {%- set names = described.columns['column_name'].values() | list -%}
    {%- set unknown = compression.keys() | reject('in', names) | list -%}
    {%- if unknown -%}
        {{ exceptions.raise_compiler_error(
            "userops: meta.duckdb_column_compression of " ~ model.name
            ~ " names columns the model does not have: " ~ unknown | join(", ")
        ) }}
    {%- endif -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {{ sql_header if sql_header is not none }}
    create table {{ relation }} (
        {%- for row in described.rows %}
        {{ adapter.quote(row['column_name']) }} {{ row['column_type'] }}
            {%- if row['column_name'] in compression %}
            using compression {{ compression[row['column_name']] }}
            {%- endif %}{{ "," if not loop.last }}
        {%- endfor %}
    );
    insert into {{ relation }} {{ subquery }};
{%- endmacro %}
