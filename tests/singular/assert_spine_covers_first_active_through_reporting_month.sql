{#-
    Every user's spine in fct_user_months starts at their first active month and ends at the
    reporting month (with no gaps: tested by no_gaps_in_spine). Returns the users for which
    it does not.
-#}
with

user_months as (

    select * from {{ ref('fct_user_months') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

spans as (

    select
        user_id,
        min(month_start) as first_month_start,
        max(month_start) as last_month_start,
        min(first_active_month_start) as first_active_month_start

    from user_months
    group by 1

)

select spans.*
from spans
cross join reporting_period
where
    spans.first_month_start != spans.first_active_month_start
    or spans.last_month_start != reporting_period.reporting_month_start
