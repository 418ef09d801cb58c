{#- The seven lifecycle states of DESIGN.md section 3, in reporting order. -#}
{% macro lifecycle_states() -%}
    {{ return(["new", "new_retained", "retained", "woken", "returned", "dormant", "churned"]) }}
{%- endmacro %}

{#- The states in which a user is active in the month. -#}
{% macro active_lifecycle_states() -%}
    {{ return(["new", "new_retained", "retained", "woken", "returned"]) }}
{%- endmacro %}
