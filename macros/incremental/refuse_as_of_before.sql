{#-
    Stop when var `as_of` lies in an earlier month than `newest_month`, the newest month that
    `holder` keeps from an earlier build. An incremental run rebuilds from a cut-off that
    follows the input, not as_of, so the months between would stay as the later report
    built them: a report as of an earlier date needs a full refresh. A later as_of, as a
    scheduler passes each run, and the same one again go on.
-#}
{% macro refuse_as_of_before(newest_month, holder) -%}
    {%- set as_of = userops.as_of() -%}
    {%- if as_of and newest_month is not none
        and as_of[:7] ~ "-01" < (newest_month | string)[:10] -%}
        {{ exceptions.raise_compiler_error(
            "userops: var as_of (" ~ as_of ~ ") is in an earlier month than the newest month "
            ~ holder ~ " holds (" ~ (newest_month | string)[:10] ~ "), built with a later "
            ~ "reporting date; an incremental run would keep the months between as they are. "
            ~ "For a report as of an earlier date, run `dbt build --full-refresh`."
        ) }}
    {%- endif -%}
{%- endmacro %}
