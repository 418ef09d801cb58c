{#-
    One bound of the Wilson score interval of a proportion `proportion` = x / `trials` at
    `z` standard errors: (p + z²/(2n) ∓ z √(p(1 − p)/n + z²/(4n²))) / (1 + z²/n), that is
    the centre (p + z²/(2n)) / (1 + z²/n) minus or plus the half-width. The interval lies in
    [0, 1] (up to floating-point rounding) and never has zero width, also at p = 0 or 1.
    NULL when `trials` is 0 (the divisions go through safe_divide, which also makes them
    double on every engine).
    mart_experiment_results combines two of them into Newcombe's interval of a difference.
-#}
{% macro wilson_score_bound(proportion, trials, z, side) -%}
    {%- if side not in ["lower", "upper"] -%}
        {{ exceptions.raise_compiler_error(
            "userops: wilson_score_bound side must be 'lower' or 'upper', got " ~ side ~ "."
        ) }}
    {%- endif -%}
    {%- set z_squared = "(" ~ z ~ ") * (" ~ z ~ ")" -%}
    (
        ({{ proportion }})
        + {{ userops.safe_divide(z_squared, "2 * (" ~ trials ~ ")") }}
        {{ "-" if side == "lower" else "+" }} ({{ z }}) * sqrt(
            {{ userops.safe_divide(
                "(" ~ proportion ~ ") * (1 - (" ~ proportion ~ "))", trials
            ) }}
            + {{ userops.safe_divide(z_squared, "4 * (" ~ trials ~ ") * (" ~ trials ~ ")") }}
        )
    ) / (1 + {{ userops.safe_divide(z_squared, trials) }})
{%- endmacro %}
