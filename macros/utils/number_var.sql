{#-
    `value` (a var's value) as a number, or none when it is not one: a number written as text
    is read as the number (YAML reads `5e-3` as text, and a var set from env_var() is always
    text); a boolean, NaN, an infinity, '85%' or a word is none.
-#}
{% macro var_as_number(value) -%}
    {%- if value is string
        and modules.re.fullmatch("\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*", value) -%}
        {%- set value = value | float -%}
    {%- endif -%}
    {%- if value is not number or value is boolean or value - value != 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#-
    A var that must be a number of at least `minimum` (above it when `exclusive`): a cost, a
    threshold, a tolerance, a z value. Anything else ('1.5x', -15, NaN, a word, true) stops the
    run before any query, naming the var and the value, rather than failing with the engine's
    syntax error or building nonsense. Returns the number (see var_as_number).
-#}
{% macro number_var(name, minimum=0, exclusive=false) -%}
    {%- set value = userops.var_as_number(var(name)) -%}
    {%- if value is none or value < minimum or (exclusive and value == minimum) -%}
        {{ exceptions.raise_compiler_error(
            "userops: var " ~ name ~ " must be a number " ~ (">" if exclusive else ">=") ~ " "
            ~ minimum ~ ", got " ~ userops.shown_value(var(name)) ~ "."
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
