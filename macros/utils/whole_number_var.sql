{#-
    A var that must be a whole number of at least `minimum` (a count of months), validated:
    anything else (0 months in a trailing window, 1.5, a text) stops the run before any
    query, naming the var and the value. Returns the number as an integer.
-#}
{% macro whole_number_var(name, minimum) -%}
    {%- set value = var(name) -%}
    {%- if value is not number or value is boolean or value != value | int or value < minimum -%}
        {{ exceptions.raise_compiler_error(
            "userops: var " ~ name ~ " must be a whole number >= " ~ minimum ~ ", got "
            ~ value ~ "."
        ) }}
    {%- endif -%}
    {{ return(value | int) }}
{%- endmacro %}
