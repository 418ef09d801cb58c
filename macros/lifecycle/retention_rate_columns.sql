{#-
    The four transition rates of DESIGN.md section 3, each as `<rate>_numerator`,
    `<rate>_denominator` and `<rate>_rate` (NULL with a zero denominator), from a relation
    that has the numerators and denominators. The one place the rate columns are defined:
    mart_retention_rates and mart_retention_rates_by_segment both select them.
-#}
{% macro retention_rate_columns() -%}
    {%- for rate in userops.retention_rates() %}
        {{ rate }}_numerator,
        {{ rate }}_denominator,
        {{ userops.safe_divide(rate ~ '_numerator', rate ~ '_denominator') }} as {{ rate }}_rate
        {{- "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
