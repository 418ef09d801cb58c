{#-
    The month of the newest clean event the last build saw, as int_incremental_settings
    stored it (its row `newest_event_month_start`): text 'YYYY-MM-DD'; none before the first
    build. Months after it in a model built from the clean events were built without events
    (an `as_of` beyond the events), so incremental_month_cutoff rebuilds from it at the
    latest. A settings table without the row (built before the row existed) tells nothing
    of the months built: the sentinel month, so the model is rebuilt whole once, and that
    build stores the row.
-#}
{% macro newest_event_month_built() -%}
    {%- set node = graph.nodes.get("model.userops.int_incremental_settings") -%}
    {%- set relation = adapter.get_relation(
        database=node.database, schema=node.schema, identifier=node.alias
    ) if node is not none else none -%}
    {%- if relation is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rows = run_query(
        "select setting_value from " ~ relation
        ~ " where setting_name = 'newest_event_month_start'"
    ).rows -%}
    {%- if rows | length == 0 or rows[0][0] is none -%}
        {{ return(modules.re.search("[0-9]{4}-[0-9]{2}-[0-9]{2}", userops.unknown_month()).group(0)) }}
    {%- endif -%}
    {{ return(rows[0][0]) }}
{%- endmacro %}
