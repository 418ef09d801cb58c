{#-
    Stop when an id column of an input (a contract column whose name ends in `_id`) has a
    floating-point or fractional decimal type. Ids are matched as text across inputs, and such
    a column reads as '103.0' (or '103.000'), matching no '103' anywhere else: the events'
    users would silently find no row in the users input. pandas writes integer ids with a gap
    as float64, so such files are common. `types`: lower-cased contract name -> the input's
    column type, as the engine names it (DuckDB DOUBLE, DECIMAL(18,3); Postgres double
    precision, numeric(18,3); Spark double).
-#}
{% macro refuse_fractional_ids(described, types) -%}
    {%- for name, type in types.items() if name.endswith("_id") -%}
        {%- set kind = type | trim | lower -%}
        {%- set scale = modules.re.search("^(?:decimal|numeric) *[(] *[0-9]+ *, *([0-9]+) *[)]", kind) -%}
        {%- if kind in ["double", "double precision", "float", "float4", "float8", "real"]
            or (scale and scale.group(1) | int > 0) -%}
            {%- do userops.raise_fractional_id(
                described, name, "column as " ~ type ~ ", a fractional type"
            ) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{#-
    The message of an id column stored as fractions (refuse_fractional_ids) or written as
    floats in a CSV (duckdb__refuse_float_text_ids): `found_as` says how.
-#}
{% macro raise_fractional_id(described, name, found_as) -%}
    {{ exceptions.raise_compiler_error(
        "userops: " ~ described ~ " has its " ~ name ~ " " ~ found_as ~ ": ids are matched "
        ~ "as text, and 103 stored this way reads as '103.0', matching no '103' in the other "
        ~ "inputs. Write " ~ name ~ " as an integer or as text (in pandas, e.g. df['" ~ name
        ~ "'].astype('Int64') before writing the file)."
    ) }}
{%- endmacro %}
