{#- The four transition rates of DESIGN.md section 3, by the prefix of their columns. -#}
{% macro retention_rates() -%}
    {{ return(["new_user_retention", "old_user_retention", "wake", "win_back"]) }}
{%- endmacro %}
