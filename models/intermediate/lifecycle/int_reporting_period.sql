{#-
    The reporting date and month: var `as_of` when given, else the date of the newest clean
    event (any event type, business timezone), and its month. One row.

    With nothing to report the run stops here, naming the problem (raise_error), before any
    empty mart is built: no clean event at all (every event row quarantined, or none in the
    input), or an `as_of` before the date of the first clean event (the events are counted up
    to the reporting date, so there would be nothing).
-#}
{%- set as_of = userops.as_of() -%}
{#-
    A run that is not a full refresh, with an `as_of` in an earlier month than the last
    build's reporting month, stops here (refuse_as_of_before), before this table or anything
    built from it changes: the incremental models would keep their later months. (Not in a
    unit test, which renders this model with its own as_of beside the built table.)
-#}
{%- if execute and as_of is not none and not flags.FULL_REFRESH
    and model.resource_type != "unit_test" and load_relation(this) is not none %}
    {%- do userops.refuse_as_of_before(
        run_query("select max(reporting_month_start) from " ~ this).columns[0].values()[0],
        this
    ) %}
{%- endif %}

with

clean_events as (

    select * from {{ ref('stg_app__events') }}

),

quarantined_events as (

    select * from {{ ref('stg_app__events_quarantine') }}

),

event_bounds as (

    select
        min(cast(event_at_local as date)) as first_event_date,
        max(event_month_start) as newest_event_month_start,
        max(cast(event_at_local as date)) as newest_event_date

    from clean_events

),

quarantined_event_count as (

    select count(*) as quarantined_event_count

    from quarantined_events

),

reporting_period as (

    select
        {% if as_of is not none -%}
            {{ userops.month_start("cast('" ~ as_of ~ "' as date)") }}
        {%- else -%}
            event_bounds.newest_event_month_start
        {%- endif %} as reporting_month_start,
        {% if as_of is not none -%}
            cast('{{ as_of }}' as date)
        {%- else -%}
            event_bounds.newest_event_date
        {%- endif %} as as_of_date,
        event_bounds.newest_event_month_start,
        event_bounds.first_event_date,
        quarantined_event_count.quarantined_event_count

    from event_bounds
    cross join quarantined_event_count

),

checked_reporting_period as (

    select
        case
            when newest_event_month_start is null and quarantined_event_count = 0
                then {{ userops.raise_error(
                    "'userops: no clean events: the events input has no rows.'", "date"
                ) }}
            when newest_event_month_start is null
                then {{ userops.raise_error(dbt.concat([
                    "'userops: no clean events: all '",
                    "cast(quarantined_event_count as " ~ dbt.type_string() ~ ")",
                    "' event rows were quarantined (reasons in stg_app__events_quarantine).'",
                ]), "date") }}
            {%- if as_of is not none %}
            when as_of_date < first_event_date
                then {{ userops.raise_error(dbt.concat([
                    "'userops: as_of " ~ as_of ~ " is before the first clean event ('",
                    "cast(first_event_date as " ~ dbt.type_string() ~ ")",
                    "'): nothing had happened by then. Set it to that date or later, or"
                    ~ " leave it unset.'",
                ]), "date") }}
            {%- endif %}
            else reporting_month_start
        end as reporting_month_start,
        as_of_date,
        {{ dbt.dateadd("day", 1, "cast(as_of_date as " ~ dbt.type_timestamp() ~ ")") }}
            as reported_until,
        newest_event_month_start

    from reporting_period

)

select * from checked_reporting_period
