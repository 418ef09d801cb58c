{#-
    A var that must be a whole number of at least `minimum` (a count of months or days, a cap),
    validated: anything else (0 months in a trailing window, 1.5, a word) stops the run before
    any query, naming the var and the value. A whole number written as text ("3", as a var
    from env_var() always is) is read as the number (var_as_number). Returns it as an integer.
-#}
{% macro whole_number_var(name, minimum) -%}
    {%- set value = userops.var_as_number(var(name)) -%}
    {%- if value is none or value != value | int or value < minimum -%}
        {{ exceptions.raise_compiler_error(
            "userops: var " ~ name ~ " must be a whole number >= " ~ minimum ~ ", got "
            ~ userops.shown_value(var(name)) ~ "."
        ) }}
    {%- endif -%}
    {{ return(value | int) }}
{%- endmacro %}
