{#-
    Aggregate columns counting the rows of each lifecycle state (`<state>_users`), then
    `active_users` and `cumulative_users` (every row): the counts of mart_lifecycle_monthly
    and mart_lifecycle_by_segment, defined once.
-#}
{% macro lifecycle_state_counts() -%}
    {%- for state in userops.lifecycle_states() %}
        count(case when lifecycle_state = '{{ state }}' then 1 end) as {{ state }}_users,
    {%- endfor %}
        count(case when is_active then 1 end) as active_users,
        count(*) as cumulative_users
{%- endmacro %}
