{#-
    amount / divisor as a double that is equal for equal quotients, for an amount of money
    (a decimal of dbt.type_numeric()'s scale, 6, as staging casts every amount) and a whole,
    positive divisor.

    Dividing the amount's double rounds twice, and equal quotients can then differ:
    23.97 / 3 gave 7.989999999999999 (23.97 has no exact double), below 7.99 / 1, so a user
    averaging 7.99 over three months ranked below one paying 7.99 once. Here the amount in
    millionths is a whole number, which a double holds exactly (up to 9 × 10^9 of money;
    above, it is rounded once, and nothing overflows), so the division rounds the exact
    quotient once; the division by 10^6 after it is the same for equal quotients.
-#}
{% macro money_quotient(amount, divisor) -%}
    cast(({{ amount }}) * 1000000 as {{ userops.type_double() }}) / ({{ divisor }}) / 1000000
{%- endmacro %}
