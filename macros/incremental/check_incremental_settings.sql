{#-
    Stop an incremental run of a model when a var of incremental_settings has another value
    than when the incremental models were built, as int_incremental_settings stored it at the
    end of that build: the run would rebuild only its newest months with the new value and
    keep the older ones as the old value made them (a timezone change would leave the kept
    months in the old zone), and every test would still pass. The message names each
    changed var, old and new, and asks for one full refresh. `stored`: the stored settings
    (stored_incremental_settings). Nothing is compared before int_incremental_settings exists
    (`stored` none: a database built before it), nor for a setting it does not hold yet.
-#}
{% macro check_incremental_settings(stored) -%}
    {%- if stored is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set changed = [] -%}
    {%- for name, value in userops.incremental_settings().items() -%}
        {#- Read back as written today: an older build stored a text number as text. -#}
        {%- set parsed = fromjson(stored[name], stored[name]) if name in stored else none -%}
        {%- if name in stored and stored[name] != value
            and userops.setting_text(name, parsed) != value -%}
            {%- do changed.append(name ~ " " ~ stored[name] ~ " -> " ~ value) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if changed -%}
        {{ exceptions.raise_compiler_error(
            "userops: " ~ this ~ " keeps months built with other settings than this run's ("
            ~ changed | join("; ") ~ "). An incremental run rebuilds only the newest months,"
            ~ " so the kept ones would stay as the old settings made them: rebuild once with"
            ~ " `dbt build --full-refresh`."
        ) }}
    {%- endif -%}
{%- endmacro %}
