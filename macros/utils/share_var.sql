{#-
    A var that must be a share: a number from 0 to 1 (a cut-off, a target rate, a drop
    share, a benchmark rate), validated: anything else ('85%', 85, a text, true) stops the
    run before any query, naming the var and the value. 85 for 85% would otherwise build and
    pass every test with a nonsensical plan. Returns the number.
-#}
{% macro share_var(name) -%}
    {%- set value = var(name) -%}
    {%- if value is not number or value is boolean or value < 0 or value > 1 -%}
        {{ exceptions.raise_compiler_error(
            "userops: var " ~ name ~ " must be a share from 0 to 1 (0.85 for 85%), got "
            ~ (value | tojson) ~ "."
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
