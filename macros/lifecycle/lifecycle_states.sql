{#- The seven lifecycle states of DESIGN.md section 3, in reporting order. -#}
{% macro lifecycle_states() -%}
    {{ return(["new", "new_retained", "retained", "woken", "returned", "dormant", "churned"]) }}
{%- endmacro %}
