{#-
    The rejection reasons of a required time column, as WHEN branches of a staging model's
    reason CASE: `missing_<column>` when the raw text is NULL or blank, `unparseable_<column>`
    when it is text that is not a time, `future_<column>` when the time is after the run's
    clock. The column is read as `<column>_raw` (raw text) and `<column>_utc` (the instant);
    the raw text is trimmed only for a row whose time is NULL, so the common row pays for one
    comparison.
-#}
{% macro required_time_reasons(column) -%}
    when {{ column }}_utc is null
        then
            case
                when {{ userops.trimmed_text(column ~ '_raw') }} is null
                    then 'missing_{{ column }}'
                else 'unparseable_{{ column }}'
            end
    when {{ column }}_utc > {{ dbt.current_timestamp() }} then 'future_{{ column }}'
{%- endmacro %}
