{#-
    N of DESIGN.md section 3, validated: a whole number of months, at least 1.
-#}
{% macro churn_after_inactive_months() -%}
    {%- set n = var("churn_after_inactive_months") -%}
    {%- if n is not number or n != n | int or n < 1 -%}
        {{ exceptions.raise_compiler_error(
            "userops: var churn_after_inactive_months must be a whole number >= 1, got '" ~ n ~ "'"
        ) }}
    {%- endif -%}
    {{ return(n | int) }}
{%- endmacro %}
