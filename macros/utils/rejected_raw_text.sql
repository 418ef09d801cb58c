{#-
    A raw input column kept, as text, only on a row rejected for what it holds (a row
    with `row_rejection_reason`), so the quarantine shows what was wrong; NULL on every
    other row, which costs nothing to store.
-#}
{% macro rejected_raw_text(column) -%}
    case
        when row_rejection_reason is not null
            then cast({{ column }} as {{ dbt.type_string() }})
    end as {{ column }}
{%- endmacro %}
