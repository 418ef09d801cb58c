{#-
    Fails for every row whose rate (the tested column) is not its numerator over its
    denominator, both stored beside it (DESIGN.md section 3): a NULL numerator or
    denominator; a zero denominator with a rate other than NULL; else a rate that is NULL,
    or differs from numerator / denominator by more than 1e-9, or a numerator above the
    denominator. So a rate can only be read off its own counts.
-#}
{% test rate_is_quotient(model, column_name, numerator, denominator) %}

    select
        {{ numerator }} as numerator,
        {{ denominator }} as denominator,
        {{ column_name }} as rate

    from {{ model }}
    where
        case
            when {{ numerator }} is null or {{ denominator }} is null then true
            when {{ denominator }} = 0 then {{ column_name }} is not null
            else
                {{ column_name }} is null
                or {{ numerator }} > {{ denominator }}
                or abs(
                    {{ column_name }}
                    - cast({{ numerator }} as {{ userops.type_double() }}) / {{ denominator }}
                ) > 1e-9
        end

{% endtest %}
