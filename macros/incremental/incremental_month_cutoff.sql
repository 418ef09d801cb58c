{#-
    The first month an incremental run rebuilds: the month `incremental_lookback_months`
    (default 1) before the newest month of the input, but never after the newest month
    already in the model (`{{ this }}`), which may have been built from part of its data.
    Months from the cut-off on are deleted and built again; older months are kept as they
    are. So a run that adds a month rebuilds that month and the lookback before it, and an
    event that arrives up to that many months after its own month is counted there.

    The newest month of the input is that of the newest clean event (newest_clean_month);
    a staging model gives its raw input as `raw_time` instead (newest_raw_month), read from
    the lookback before the newest built month on. With no input rows there, the cut-off is
    the newest built month minus the lookback. Rows whose month is the sentinel
    `unknown_month()` (rejected rows with no usable time) and rows not meeting `where`
    (e.g. rejected rows, whose time may lie in the future) do not count as built months. An
    empty model gives the sentinel, so everything is rebuilt. For a model built from the
    clean events, the newest built month is at most the newest event month the last build
    saw (newest_event_month_built): months after it, up to an `as_of` beyond the events,
    were built without events and are rebuilt.

    The cut-off is read before the model runs and written into the SQL as a date literal: a
    constant lets the engine skip the row groups of older months (min/max statistics),
    which a scalar subquery does not. Outside an incremental run it is the sentinel month,
    before every valid month, so a model can write `month >= incremental_month_cutoff(...)`
    in both kinds of run, without an if around its where.

    Every incremental model calls it, so an incremental run stops here when a var that shapes
    the kept months has changed since they were built (check_incremental_settings), or when
    var `as_of` lies in an earlier month than the model's newest (refuse_as_of_before; models
    built from the clean events, as staging keeps every month of its input).
-#}
{% macro incremental_month_cutoff(month_column, where=none, raw_time=none) -%}
    {%- set lookback = userops.whole_number_var("incremental_lookback_months", 0) -%}
    {%- if not (execute and is_incremental()) -%}
        {{ return(userops.unknown_month()) }}
    {%- endif -%}
    {%- set stored = userops.stored_incremental_settings() -%}
    {%- do userops.check_incremental_settings(stored) -%}
    {%- set built_query -%}
        select max({{ month_column }})
        from {{ this }}
        where {{ month_column }} > {{ userops.unknown_month() }}
        {%- if where %} and ({{ where }}){% endif %}
    {%- endset -%}
    {%- set built = run_query(built_query).columns[0].values()[0] -%}
    {%- if built is none -%}
        {{ return(userops.unknown_month()) }}
    {%- endif -%}
    {#-
        A model built from the clean events holds months up to the reporting month, which
        may lie after the newest event (an `as_of` beyond a stalled feed): those months were
        built without events, so they count as built only up to the newest event month the
        last build saw (newest_event_month_built), and events arriving late for them are
        counted.
    -#}
    {%- if not raw_time -%}
        {%- do userops.refuse_as_of_before(built, this) -%}
        {%- set seen = userops.newest_event_month_built(stored) -%}
        {%- if seen is not none and (seen | string) < (built | string) -%}
            {%- set built = seen -%}
        {%- endif -%}
    {%- endif -%}
    {%- set newest_built = "cast('" ~ built ~ "' as date)" -%}
    {%- set since = userops.add_months(newest_built, -lookback) -%}
    {%- if raw_time -%}
        {%- set newest_input = userops.newest_raw_month(
            raw_time.relation, raw_time.column, raw_time.raw_column, since
        ) -%}
    {%- else -%}
        {%- set newest_input = userops.newest_clean_month() -%}
    {%- endif -%}
    {%- set cutoff_query -%}
        select
            case
                when input_month.newest_month is null then {{ since }}
                else
                    least(
                        {{ newest_built }},
                        {{ userops.add_months("input_month.newest_month", -lookback) }}
                    )
            end
        from (select {{ newest_input }} as newest_month) as input_month
    {%- endset -%}
    {%- set cutoff = run_query(cutoff_query).columns[0].values()[0] -%}
    {{ return("cast('" ~ cutoff ~ "' as date)") }}
{%- endmacro %}
