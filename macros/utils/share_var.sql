{#-
    A var that must be a share: a number from 0 to 1 (a cut-off, a target rate, a drop
    share, a benchmark rate, a ratio to the user's own average), validated: anything else
    ('85%', 85, NaN, a word, true) stops the run before any query, naming the var and the
    value. 85 for 85% would otherwise build and pass every test with a nonsensical plan.
    Returns the number (var_as_number: a number written as text is read as the number).
-#}
{% macro share_var(name) -%}
    {%- set value = userops.var_as_number(var(name)) -%}
    {%- if value is none or value < 0 or value > 1 -%}
        {{ exceptions.raise_compiler_error(
            "userops: var " ~ name ~ " must be a share from 0 to 1 (0.85 for 85%), got "
            ~ userops.shown_value(var(name)) ~ "."
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#-
    A value-drop share (share_var) rounded to 12 decimals: the share fct_value_alerts decides
    with, exactly in decimals, and the least revenue_drop_share its column test accepts.
-#}
{% macro value_drop_share_var(name) -%}
    {{ return(userops.share_var(name) | round(12)) }}
{%- endmacro %}
