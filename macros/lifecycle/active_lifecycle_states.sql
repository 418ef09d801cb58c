{#- The states in which a user is active in the month. -#}
{% macro active_lifecycle_states() -%}
    {{ return(["new", "new_retained", "retained", "woken", "returned"]) }}
{%- endmacro %}
