{#-
    numerator / denominator as a double, NULL when the denominator is 0 or NULL: a rate with
    no base is unknown, never 0 and never an error (DESIGN.md section 3). Both arguments
    are parenthesised, so any expression can be passed.
-#}
{% macro safe_divide(numerator, denominator) -%}
    case
        when ({{ denominator }}) = 0 then null
        else cast(({{ numerator }}) as {{ userops.type_double() }}) / ({{ denominator }})
    end
{%- endmacro %}
