{#-
    N of DESIGN.md section 3, validated: a whole number of months, at least 1.
-#}
{% macro churn_after_inactive_months() -%}
    {{ return(userops.whole_number_var("churn_after_inactive_months", 1)) }}
{%- endmacro %}
