{#-
    A relation of the whole numbers 0 .. 10^digits - 1 in one column `n`, built from cross
    joins of the ten digits: no recursive CTE and no engine-specific series function, so it
    runs on every engine. 4 digits = 10,000 values, 833 years of months.
-#}
{% macro integer_series(digits=4) -%}
    {%- set places = range(digits) -%}
    select
        {% for place in places -%}
            d{{ place }}.digit * {{ 10 ** place }}
            {{- " + " if not loop.last }}
        {%- endfor %} as n
    from
        {% for place in places -%}
            (
                {% for digit in range(10) -%}
                    select {{ digit }} as digit {{- " union all " if not loop.last }}
                {%- endfor %}
            ) as d{{ place }}
            {{- " cross join " if not loop.last }}
        {% endfor %}
{%- endmacro %}
