{#-
    The month of the newest clean event the last build saw, as int_incremental_settings
    stored it (its row `newest_event_month_start`, in `stored`, stored_incremental_settings):
    text 'YYYY-MM-DD'; none before the first build. Months after it in a model built from the clean events were built without events
    (an `as_of` beyond the events), so incremental_month_cutoff rebuilds from it at the
    latest. A settings table without the row (built before the row existed) tells nothing
    of the months built: the sentinel month, so the model is rebuilt whole once, and that
    build stores the row.
-#}
{% macro newest_event_month_built(stored) -%}
    {%- if stored is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if stored.get("newest_event_month_start") is none -%}
        {{ return(modules.re.search("[0-9]{4}-[0-9]{2}-[0-9]{2}", userops.unknown_month()).group(0)) }}
    {%- endif -%}
    {{ return(stored["newest_event_month_start"]) }}
{%- endmacro %}
