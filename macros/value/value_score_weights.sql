{#-
    Var `value_score_weights`, validated: a weight (a number >= 0, see var_as_number) for each
    of spend, influence, service_cost and growth, not all 0. Anything else (a missing part, a
    negative weight, '40%') stops the run before any query, naming the var and its value,
    rather than failing with Jinja's undefined error or dividing by a total of 0. Returns the
    four weights as numbers and their `total`, the value score's divisor.
-#}
{% macro value_score_weights() -%}
    {%- set given = var("value_score_weights") -%}
    {%- set parts = ["spend", "influence", "service_cost", "growth"] -%}
    {%- set weights = {} -%}
    {%- if given is mapping and given.keys() | sort == parts | sort -%}
        {%- for part in parts -%}
            {%- do weights.update({part: userops.var_as_number(given[part])}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set numbers = weights.values() | reject("none") | list -%}
    {%- if numbers | length != 4 or numbers | min < 0 or numbers | sum == 0 -%}
        {{ exceptions.raise_compiler_error(
            "userops: var value_score_weights must give spend, influence, service_cost and "
            ~ "growth each a number >= 0, not all 0, got " ~ userops.shown_value(given) ~ "."
        ) }}
    {%- endif -%}
    {%- do weights.update({"total": numbers | sum}) -%}
    {{ return(weights) }}
{%- endmacro %}
