{#-
    Var `outreach_send_windows` checked and read: a non-empty list of [start_hour, end_hour]
    pairs of whole numbers with 0 <= start < end <= 24 (an hour written as text, as env_var()
    gives it, is read as the number), sorted by start. Anything else (a bare pair, a string
    such as "11-13", 11.5, [13, 11]) stops the run before any query, naming the var and the
    whole value.
-#}
{% macro send_windows() -%}
    {%- set value = var("outreach_send_windows") -%}
    {%- set windows = [] -%}
    {%- set ok = value is iterable and value is not string and value is not mapping
        and value | length > 0 -%}
    {%- if ok -%}
        {%- for window in value -%}
            {%- if window is iterable and window is not string and window is not mapping
                and window | length == 2 -%}
                {%- set hours = [] -%}
                {%- for hour in window -%}
                    {%- set number = userops.var_as_number(hour) -%}
                    {%- if number is not none and number == number | int -%}
                        {%- do hours.append(number | int) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- if hours | length == 2 and 0 <= hours[0] < hours[1] <= 24 -%}
                    {%- do windows.append(hours) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {#- A window that is not a valid pair is left out of `windows`. -#}
    {%- if not ok or windows | length != value | length -%}
        {{ exceptions.raise_compiler_error(
            "userops: var outreach_send_windows must be a list of [start_hour, end_hour] pairs"
            ~ " of whole hours with 0 <= start < end <= 24, e.g. [[11, 13], [19, 21]]; got "
            ~ userops.shown_value(value) ~ "."
        ) }}
    {%- endif -%}
    {{ return(windows | sort(attribute="0")) }}
{%- endmacro %}
