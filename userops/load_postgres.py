"""Load the raw inputs (Parquet or CSV files) into PostgreSQL tables for the `postgres` target.

    python -m userops.load_postgres [--data-dir data/demo] [--events PATH] [--users PATH]
                                    [--subscriptions PATH] [--messages PATH] [--schema raw]
                                    [--vars '{csv_null_texts: [...]}']

The models on Postgres read the raw inputs from the source tables `raw.events`, `raw.users`,
`raw.subscriptions` and `raw.messages` (models/staging/app/_app__sources.yml; the schema is
the dbt var `raw_schema`, default `raw`). This step fills them: each file (or glob) is read
with DuckDB and copied in with COPY, keeping the file's column names and types (timestamps
stay timestamps, amounts numeric; CSV columns are text). A CSV input is read by the same
reader as the models on DuckDB read it (the dbt macro duckdb__file_reader, compiled with
`dbt compile --inline` on a scratch DuckDB database): a row with a field too many or too few
is loaded with the reason in the column `_userops_field_count_error`, which the models pass on
as `field_count_error`, so it is quarantined on Postgres too instead of stopping the load, and
a CSV file that cannot be read at all stops the load with the reader's message naming it.
Each table is replaced whole (with
the views that read it, which the next dbt run recreates). An optional input left at its demo
default with no demo file is dropped, so the models see it as absent; a path that matches no
file (the events' demo path, or any path given) stops the load before it connects, naming it,
as `dbt build` does on DuckDB. An empty path counts as not given.

Connection: the same environment variables as profiles.yml's `postgres` target
(USEROPS_PG_HOST, USEROPS_PG_PORT, USEROPS_PG_USER, USEROPS_PG_PASSWORD, USEROPS_PG_DATABASE).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import yaml

from userops.floor import CSV_SUFFIXES

PROJECT_DIR = Path(__file__).resolve().parent.parent
INPUTS = ["events", "users", "subscriptions", "messages"]
DEMO_FILES = {
    "events": "events/*.parquet",
    "users": "users.parquet",
    "subscriptions": "subscriptions.parquet",
    "messages": "messages.parquet",
}
# DuckDB type -> Postgres type; anything else is loaded as text.
TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "SMALLINT": "smallint",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP_NS": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
}


def postgres_type(duckdb_type: str) -> str:
    if duckdb_type.startswith("DECIMAL"):
        return duckdb_type.replace("DECIMAL", "numeric")
    return TYPES.get(duckdb_type, "text")


def optional_columns() -> dict[str, set[str]]:
    """The optional columns of each input, read from the one data contract, the dbt macro
    input_contract (macros/inputs/input_contract.sql): {"name": ..., "required": false}."""
    text = (PROJECT_DIR / "macros" / "inputs" / "input_contract.sql").read_text()
    result: dict[str, set[str]] = {}
    for input_name, body in re.findall(r'"(\w+)": \[(.*?)\]', text, re.S):
        result[input_name] = set(re.findall(r'\{"name": "(\w+)", "required": false\}', body))
    return result


def is_csv_path(path: str) -> bool:
    """As the dbt macro is_csv_path: the path's extension picks the reader."""
    return path.lower().endswith(CSV_SUFFIXES)


# Jinja for `dbt compile --inline`: a JSON object of each input's DuckDB reader, built by the
# macros the models on DuckDB read their inputs with.
READERS_JINJA = """
{%- set readers = {} -%}
{%- for name, path in var("userops_load_paths").items() -%}
    {%- do readers.update({name: userops.duckdb__file_reader(
        path, userops.duckdb__file_readers(path, userops.input_contract()[name])
    )}) -%}
{%- endfor -%}
{{ tojson(readers) }}
"""


def csv_readers(paths: dict[str, str], dbt_vars: dict | None = None) -> dict[str, str]:
    """The DuckDB relation that reads each CSV input ({input: path or glob}) as the models on
    DuckDB read it: every field as text, plus `_userops_field_count_error` naming a row with a
    field too many or too few (the macro duckdb__csv_reader). The macros run in one `dbt
    compile` on a scratch DuckDB database, as the sniffing they do needs a connection, with
    `dbt_vars` (the reader's var csv_null_texts, as you pass it to `dbt build`). A file the
    reader refuses (a quote never closed) stops here with its message."""
    if not paths:
        return {}
    dbt = Path(sys.executable).with_name("dbt")
    absolute = {name: os.path.abspath(path) for name, path in paths.items()}
    with tempfile.TemporaryDirectory(prefix="userops_readers_") as tmp:
        env = {
            **os.environ,
            "USEROPS_TARGET": "duckdb",
            "USEROPS_DB": str(Path(tmp) / "scratch.duckdb"),
            "USEROPS_TEMP_DIR": str(Path(tmp) / "duckdb_tmp"),
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
            "DBT_TARGET_PATH": str(Path(tmp) / "target"),
            "DBT_LOG_PATH": str(Path(tmp) / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        command = [
            str(dbt) if dbt.exists() else "dbt",
            "compile",
            "--quiet",
            "--output",
            "json",
            "--vars",
            json.dumps({**(dbt_vars or {}), "userops_load_paths": absolute}),
            "--inline",
            READERS_JINJA,
        ]
        proc = subprocess.run(
            command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
        )
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip()
        reasons = [line.strip() for line in output.splitlines() if "userops:" in line]
        raise SystemExit(
            "\n".join(reasons) or f"userops: the CSV inputs could not be read:\n{output}"
        )
    return json.loads(json.loads(proc.stdout)["compiled"])


def file_reader(path: str, csv_reader: str | None = None) -> str:
    """The DuckDB relation the load reads: a CSV input's reader from csv_readers, or the
    Parquet file(s) by column name."""
    if csv_reader is not None:
        return csv_reader
    quoted = "'" + path.replace("'", "''") + "'"
    return f"read_parquet({quoted}, union_by_name = true)"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def connect(dsn: str | None = None):
    import psycopg2

    if dsn:
        return psycopg2.connect(dsn)
    return psycopg2.connect(
        host=os.environ.get("USEROPS_PG_HOST", "localhost"),
        port=int(os.environ.get("USEROPS_PG_PORT", "5432")),
        user=os.environ.get("USEROPS_PG_USER", "postgres"),
        password=os.environ.get("USEROPS_PG_PASSWORD", ""),
        dbname=os.environ.get("USEROPS_PG_DATABASE", "userops"),
    )


def load_input(
    cursor, schema: str, name: str, path: str | None, csv_reader: str | None = None
) -> int | None:
    """Replace the table schema.name with the file's rows (read by `csv_reader` for a CSV
    input); drop it when the input is absent (no path)."""
    table = f"{quote_ident(schema)}.{quote_ident(name)}"
    # cascade: the base views that read the table go too; the next dbt run recreates them.
    cursor.execute(f"drop table if exists {table} cascade")
    if path is None:
        return None
    source = duckdb.connect()
    source.execute("set TimeZone = 'UTC'")
    reader = file_reader(path, csv_reader)
    # An optional contract column of Parquet's null type (None on every row, as pandas
    # writes it) is not loaded: the models read it as absent, as on DuckDB (the dbt macro
    # is_typeless). A required one is loaded as text, its rows quarantined as on DuckDB.
    optional = optional_columns()[name]
    described = source.execute(f"describe select * from {reader}").fetchall()
    columns = [
        column
        for column in described
        if not (column[1].strip('"').upper() == "NULL" and column[0].strip().lower() in optional)
    ] or described
    column_list = ", ".join(f"{quote_ident(c[0])} {postgres_type(c[1])}" for c in columns)
    cursor.execute(f"create table {table} ({column_list})")
    # Through a CSV file written by DuckDB: timestamps as ISO text, NULL unquoted empty, an
    # empty string quoted (which is how COPY tells them apart).
    names = ", ".join(quote_ident(c[0]) for c in columns)
    with tempfile.TemporaryDirectory(prefix="userops_load_") as tmp:
        csv_path = Path(tmp) / f"{name}.csv"
        source.execute(
            f"copy (select {names} from {reader}) to '{csv_path}' (format csv, header false)"
        )
        source.close()
        with csv_path.open() as handle:
            cursor.copy_expert(f"copy {table} ({names}) from stdin with (format csv)", handle)
        return cursor.rowcount


def input_paths(data_dir: Path, overrides: dict[str, str | None]) -> dict[str, str | None]:
    """The same rule as the dbt macro input_path: with your own events and no users (etc.)
    file, there is no users input; otherwise the demo files, an optional one being absent
    (None) when its demo file does not exist. An empty path counts as not given."""
    own_events = bool(overrides.get("events"))
    paths = {}
    for name in INPUTS:
        demo = str(data_dir / DEMO_FILES[name])
        if overrides.get(name):
            paths[name] = overrides[name]
        elif name == "events" or (not own_events and glob.glob(demo)):
            paths[name] = demo
        else:
            paths[name] = None
    return paths


def load(
    paths: dict[str, str | None],
    schema: str = "raw",
    dsn: str | None = None,
    dbt_vars: dict | None = None,
) -> dict:
    """Load every input; returns {input: rows loaded or None when absent}. The events are
    required; every path given must match a file (None = an absent optional input).
    `dbt_vars`: the vars the CSV reader reads (csv_readers)."""
    for name in INPUTS:
        path = paths.get(name)
        if (name == "events" and not path) or (path and not glob.glob(path)):
            raise SystemExit(
                f"userops: no file matches the {name} input path {path!r} (give --{name}, "
                "or run `make data` for the demo data)."
            )
    readers = csv_readers(
        {name: path for name, path in paths.items() if path and is_csv_path(path)}, dbt_vars
    )
    connection = connect(dsn)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(f"create schema if not exists {quote_ident(schema)}")
            counts = {
                name: load_input(cursor, schema, name, paths[name], readers.get(name))
                for name in INPUTS
            }
            for name in INPUTS:
                if counts[name] is not None:
                    cursor.execute(f"analyze {quote_ident(schema)}.{quote_ident(name)}")
    finally:
        connection.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default="data/demo", type=Path, help="the demo data")
    for name in INPUTS:
        parser.add_argument(f"--{name}", help=f"{name} file or glob (CSV or Parquet)")
    parser.add_argument("--schema", default=os.environ.get("USEROPS_PG_RAW_SCHEMA", "raw"))
    parser.add_argument(
        "--vars",
        default="{}",
        help="dbt vars for reading CSV inputs (csv_null_texts), YAML as for `dbt build --vars`",
    )
    args = parser.parse_args(argv)
    dbt_vars = yaml.safe_load(args.vars) or {}
    if not isinstance(dbt_vars, dict):
        raise SystemExit(f"userops: --vars must be a YAML mapping, got {args.vars!r}.")
    paths = input_paths(args.data_dir, {name: getattr(args, name) for name in INPUTS})
    started = time.perf_counter()
    counts = load(paths, args.schema, dbt_vars=dbt_vars)
    for name, rows in counts.items():
        loaded = f"{rows:,} rows from {paths[name]}" if rows is not None else "absent"
        print(f"{args.schema}.{name}: {loaded}")
    print(f"loaded in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
