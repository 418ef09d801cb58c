{#-
    The rows int_incremental_settings stored at the end of the last build, as a dict
    setting_name -> setting_value; none when the table does not exist (no build yet, or a
    database built before it). Read once per incremental model by incremental_month_cutoff,
    for check_incremental_settings and newest_event_month_built.
-#}
{% macro stored_incremental_settings() -%}
    {%- set node = graph.nodes.get("model.userops.int_incremental_settings") -%}
    {%- set relation = adapter.get_relation(
        database=node.database, schema=node.schema, identifier=node.alias
    ) if node is not none else none -%}
    {%- if relation is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set stored = {} -%}
    {%- for row in run_query("select setting_name, setting_value from " ~ relation) -%}
        {%- do stored.update({row[0]: row[1]}) -%}
    {%- endfor -%}
    {{ return(stored) }}
{%- endmacro %}
