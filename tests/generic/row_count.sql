{#-
    Fails unless the model has exactly `equals` rows; an empty model fails too (a test that
    filters the model's own rows, like expression_is_true, passes on an empty one).
-#}
{% test row_count(model, equals) %}

    select count(*) as row_count
    from {{ model }}
    having count(*) != {{ equals }}

{% endtest %}
