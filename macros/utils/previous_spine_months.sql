{#-
    The months of a trailing window of `window` months before `month` (`rows between window
    preceding and 1 preceding`) that a user's spine holds: the spine runs without a gap from
    the first active month, so these are the months since it, up to the window's length. No
    second window is needed to count them.
-#}
{% macro previous_spine_months(first_month, month, window) -%}
    least({{ userops.months_between(first_month, month) }}, {{ window }})
{%- endmacro %}
