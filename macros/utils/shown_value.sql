{#-
    A var's value as JSON, as json.dumps(value, sort_keys=True) writes it (text quoted, the
    keys of a mapping sorted), for an error message or a stored setting; anything JSON cannot
    hold (a date: YAML reads 2024-01-01 as one) as its own text, quoted, where dbt's tojson
    would fail with "Object of type date is not JSON serializable".
-#}
{% macro shown_value(value) -%}
    {%- if value is none or value is string or value is number or value is boolean -%}
        {{ return(tojson(value)) }}
    {%- elif value is mapping -%}
        {%- set items = [] -%}
        {%- for key, item in value.items() | sort(attribute='0', case_sensitive=true) -%}
            {%- do items.append(tojson(key | string) ~ ": " ~ userops.shown_value(item)) -%}
        {%- endfor -%}
        {{ return("{" ~ items | join(", ") ~ "}") }}
    {%- elif value is iterable -%}
        {%- set items = [] -%}
        {%- for item in value -%}
            {%- do items.append(userops.shown_value(item)) -%}
        {%- endfor -%}
        {{ return("[" ~ items | join(", ") ~ "]") }}
    {%- endif -%}
    {{ return(tojson(value | string)) }}
{%- endmacro %}
