{#-
    SQL run at the start of every `dbt run`/`build` (on-run-start): the helper functions an
    engine needs that it lacks natively. Nothing on DuckDB and Spark; on Postgres the
    functions behind postgres__try_cast and postgres__raise_error.
-#}
{% macro create_engine_functions() -%}
    {{ return(adapter.dispatch("create_engine_functions", "userops")()) }}
{%- endmacro %}

{% macro default__create_engine_functions() -%}
    select 1 as no_engine_functions_needed
{%- endmacro %}

{% macro postgres__create_engine_functions() -%}
    create schema if not exists {{ target.schema }};
    create or replace function {{ target.schema }}.userops_try_cast(value text, type_of anyelement)
    returns anyelement
    language plpgsql
    stable
    set timezone = 'UTC'
    as $userops$
    begin
        -- plpgsql converts the text to the result type through that type's input function.
        return value;
    exception when others then
        return null;
    end;
    $userops$;
    create or replace function {{ target.schema }}.userops_raise_error(message text, type_of anyelement)
    returns anyelement
    language plpgsql
    volatile
    as $userops$
    begin
        raise exception '%', message;
    end;
    $userops$
{%- endmacro %}
