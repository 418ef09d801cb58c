{#-
    The vars that decide what an incremental model writes into the months it keeps, as a dict
    from var name to its value as text: a number as a float (so 1, 1.0 and "1", as a var set
    from env_var() always is, are one setting), anything else as JSON (null, lists, text in
    quotes). The labels (paths, timezone, control_variant) are text, a number among them as its
    text: variant 1 is "1", as the model reads it, and "01" differs. A change to one of them
    would leave the kept months as the old value made them, beside new months made by the new
    value: check_incremental_settings stops such a run. The input paths are among them: other
    data (the demo's months kept under your events, a users file added whose attributes only the
    rebuilt months would get) needs a full refresh too, and a monthly run reads new files
    through the same path or glob. Left out: incremental_lookback_months (how much a run
    rebuilds, not what it writes), as_of (a scheduler may pass each run's date; one in an
    earlier month than the last build's is refused by refuse_as_of_before), and the vars that
    only models rebuilt in full every run read (outreach, channels, experiments, forecast, value
    score and CLV). The seed event_categories is not compared either. csv_null_texts counts
    only where the models read a CSV input themselves (DuckDB): Parquet files and raw tables
    hold no null texts (on Postgres the loader applies them, before any build).
-#}
{% macro incremental_settings() -%}
    {%- set names = [
        "events_path",
        "users_path",
        "subscriptions_path",
        "messages_path",
        "timezone",
        "active_event_types",
        "churn_after_inactive_months",
        "purchase_event_types",
        "stockpile_interval_tolerance",
        "arpu_trailing_months",
        "value_tier_high_cutoff",
        "value_tier_mid_cutoff",
        "value_drop_trailing_months",
        "segment_columns",
        "adoption_setup_event_types",
        "adoption_mature_min_active_months",
        "adoption_mature_min_monthly_events",
        "adoption_trailing_months",
        "adoption_decline_ratio",
        "preference_trailing_months",
        "preference_tag_share",
        "control_variant",
    ] -%}
    {#- The CSV reader's null texts, where the models read a CSV input themselves. -#}
    {%- set reads_csv = namespace(value=false) -%}
    {%- for input_name in ["events", "users", "subscriptions", "messages"] -%}
        {%- set path = userops.input_path(input_name) -%}
        {%- if target.type == "duckdb" and path is not none and userops.is_csv_path(path) -%}
            {%- set reads_csv.value = true -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if reads_csv.value -%}
        {%- do names.append("csv_null_texts") -%}
    {%- endif -%}
    {%- set settings = {} -%}
    {%- for name in names -%}
        {%- do settings.update({name: userops.setting_text(name, var(name))}) -%}
    {%- endfor -%}
    {{ return(settings) }}
{%- endmacro %}

{#-
    How incremental_settings writes the value of setting `name`: a number, also one written as
    text, as a float; a label (paths, timezone, control_variant) as JSON text, a number among
    them as its text; anything else as JSON, where adoption_setup_event_types and
    csv_null_texts, sets of texts whose null means none, are written as sorted lists of each
    text once (null, '' and [] are one setting, as are ['a', 'b'], ['b', 'a'] and a repeat). check_incremental_settings also reads a stored
    value back through it, so a value stored by an older build in another form of the same
    setting ("2" for 2) compares equal.
-#}
{% macro setting_text(name, value) -%}
    {%- set labels = [
        "events_path", "users_path", "subscriptions_path", "messages_path", "timezone",
        "control_variant",
    ] -%}
    {#-
        Sets of texts, whose null (and '') mean none, where one text is a set of one, and
        whose order and repeats mean nothing: written sorted, each text once.
    -#}
    {%- if name in ["adoption_setup_event_types", "csv_null_texts"] -%}
        {%- if value in [none, ""] -%}
            {%- set value = [] -%}
        {%- elif value is string -%}
            {%- set value = [value] -%}
        {%- endif -%}
        {%- if value is iterable and value is not mapping
            and value | reject("string") | list | length == 0 -%}
            {%- set value = value | unique(case_sensitive=true) | sort(case_sensitive=true) | list -%}
        {%- endif -%}
    {%- endif -%}
    {%- set number = none if name in labels else userops.var_as_number(value) -%}
    {%- if name in labels and value is number -%}
        {{ return(userops.shown_value(value | string)) }}
    {%- elif number is not none -%}
        {{ return(number | float | string) }}
    {%- endif -%}
    {{ return(userops.shown_value(value)) }}
{%- endmacro %}
