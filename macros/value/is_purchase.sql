{#-
    Whether an event is a purchase: its type is in var `purchase_event_types` when that is
    set, else any event with a positive amount.
-#}
{% macro is_purchase(event_type, amount) -%}
    {%- set purchase_event_types = var('purchase_event_types') -%}
    {%- if purchase_event_types in [none, '', []] -%}
        coalesce({{ amount }}, 0) > 0
    {%- else -%}
        {{ userops.in_list(event_type, purchase_event_types) }}
    {%- endif -%}
{%- endmacro %}
