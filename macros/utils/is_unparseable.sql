{#-
    True when an optional raw value holds something that could not be typed: the typed value
    is NULL while the raw text, trimmed, is not empty. A NULL or blank raw value (an empty
    field, or only spaces) is a missing value, as in trimmed_text, not an unparseable one.
    The typed value is tested first and the raw text trimmed only when it is NULL, so the
    common row pays for one comparison.
-#}
{% macro is_unparseable(raw_column, typed_column) -%}
    (
        {{ raw_column }} is not null
        and {{ typed_column }} is null
        and {{ userops.trimmed_text(raw_column) }} is not null
    )
{%- endmacro %}
