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
        -- Only what DuckDB's try_cast reads too: times that start with the year, month and
        -- day (Postgres would also read '02/03/2025' by its DateStyle, 'today', 'epoch',
        -- 'J2460000', '2025.02.10', ...), and numbers other than NaN and infinity.
        if pg_typeof(type_of) in (
            'timestamp with time zone'::regtype, 'timestamp without time zone'::regtype,
            'date'::regtype
        ) then
            if value !~ '^\s*[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}' then
                return null;
            end if;
            -- Digits of a second past the sixth are dropped, as DuckDB drops them: Postgres
            -- would round '23:59:59.9999995' up into the next day, and month.
            value := regexp_replace(value, '(:[0-9]{2}\.[0-9]{6})[0-9]+', '\1');
        end if;
        if pg_typeof(type_of) in (
            'numeric'::regtype, 'double precision'::regtype, 'real'::regtype
        ) and value ~* '(nan|inf)' then
            return null;
        end if;
        -- The assignment converts the text through the type's input function here, inside
        -- the block, so that a failure is caught (a `return value` converts it only on the
        -- way out, where the handler no longer applies).
        type_of := value;
        return type_of;
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
