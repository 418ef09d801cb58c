{#-
    The text value of a segment column, `(none)` when it is NULL (no users input, or not
    paying for `value_tier`). With `in_base_month`, the value the user had last month: the
    same for fixed attributes, `previous_value_tier` for `value_tier`.
-#}
{% macro segment_value(column, in_base_month=false) -%}
    {%- set source_column = "previous_value_tier" if (in_base_month and column == "value_tier")
        else column -%}
    coalesce(cast({{ source_column }} as {{ dbt.type_string() }}), '(none)')
{%- endmacro %}
