{#-
    The newest month of the input of every model built from the clean events: the month of
    the newest clean event (int_reporting_period), whatever `as_of` says. A model whose
    cut-off reads it depends on int_reporting_period: month_incremental_config declares that.
-#}
{% macro newest_clean_month() -%}
    (select newest_event_month_start from {{ ref('int_reporting_period') }})
{%- endmacro %}
