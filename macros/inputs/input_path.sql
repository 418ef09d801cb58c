{#-
    The file path (or glob) an input is read from, or none when an optional input is absent.

    events: var('events_path'), else the generated demo data.
    users, subscriptions, messages: var('<input>_path'); when unset, the demo file goes with
            the demo events only, so a user who points `events_path` at their own file never
            gets demo attributes, subscriptions or messages.
-#}
{% macro input_path(input_name) -%}
    {%- set demo_paths = {
        "events": "data/demo/events/*.parquet",
        "users": "data/demo/users.parquet",
        "subscriptions": "data/demo/subscriptions.parquet",
        "messages": "data/demo/messages.parquet",
    } -%}
    {%- set configured = var(input_name ~ "_path", none) -%}
    {%- if configured not in [none, ""] -%}
        {{ return(configured) }}
    {%- elif input_name == "events" or var("events_path", none) in [none, ""] -%}
        {{ return(demo_paths[input_name]) }}
    {%- else -%}
        {{ return(none) }}
    {%- endif -%}
{%- endmacro %}
