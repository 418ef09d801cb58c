{#-
    Every user-month in fct_user_preferences: the shares add up to 1 and exactly one category
    is dominant. Returns the user-months where not.
-#}
select
    user_id,
    month_start,
    sum(feature_share) as total_share,
    count(case when is_dominant then 1 end) as dominant_categories

from {{ ref('fct_user_preferences') }}
group by 1, 2
having
    abs(sum(feature_share) - 1) > 1e-9
    or count(case when is_dominant then 1 end) != 1
