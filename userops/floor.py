"""The floor of the benchmark (issue 6): mart_lifecycle_monthly without dbt.

``run_floor`` fills the placeholders of ``floor.sql`` (one hand-written DuckDB query) and runs it
on a fresh in-memory DuckDB: the same cleaning as the staging models (rejection rules,
deduplication, conversion to the business timezone, the reporting month) and the same
lifecycle states and monthly counts, straight from the raw events.

Type shortcuts (on by default, ``type_shortcuts=False`` turns them off): an integer event_id is
deduplicated as it is (its trimmed text groups the same rows), and a naive TIMESTAMP event_at is
already the UTC instant, so no timezone conversion runs per row (none at all when the business
timezone is UTC). The staging models do neither and pay for both: on the medium data (10M
events, 2 threads, a busy machine) the text event_id cost about 15 s of CPU more and the
per-row conversions to and from TIMESTAMP WITH TIME ZONE about 11 s, against about 8-10 s for
the whole floor with the shortcuts.

The users and subscriptions inputs are accepted for the benchmark's sake but not read: the
lifecycle states and every column of mart_lifecycle_monthly come from the events alone (users
only add attributes to fct_user_months; subscriptions only feed the adoption stage ``lost``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from userops.duckdb_settings import duckdb_config

SQL_PATH = Path(__file__).with_name("floor.sql")
CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt")
# What a CSV field holds for NULL besides an empty one: the default of the dbt var
# csv_null_texts, which the models' CSV reader reads, blanks around it ignored, as NULL.
CSV_NULL_TEXTS = ("NULL", "\\N")
OPTIONAL_COLUMNS = ("event_id", "amount", "channel")
INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT"}
INTEGER_TYPES |= {"UINTEGER", "UBIGINT", "HUGEINT"}


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def in_list(column: str, values: Sequence[str]) -> str:
    return f"{column} in ({', '.join(quote(value) for value in values)})"


def events_reader(events_glob: str) -> str:
    """The DuckDB relation reading the events, chosen by file name as read_input does; a CSV
    field holding only one of CSV_NULL_TEXTS is NULL, as the models read it."""
    if events_glob.lower().endswith(CSV_SUFFIXES):
        csv = f"read_csv({quote(events_glob)}, header = true, all_varchar = true)"
        null_texts = in_list("trim(columns(*))", CSV_NULL_TEXTS)
        return f"(select case when {null_texts} then null else columns(*) end from {csv})"
    return f"read_parquet({quote(events_glob)}, union_by_name = true)"


def render(sql: str, values: dict[str, str]) -> str:
    """Replace each ``{{ name }}`` with its value; every placeholder must have one."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"floor.sql: no value for the placeholder {name!r}")
        return values[name]

    return re.sub(r"\{\{\s*(\w+)\s*\}\}", value, sql)


def floor_sql(
    events_glob: str,
    *,
    timezone: str = "UTC",
    churn_after: int = 2,
    as_of: str | None = None,
    active_event_types: Sequence[str] | None = None,
    purchase_event_types: Sequence[str] | None = None,
    stockpile_tolerance: float = 1.0,
    columns: dict[str, str] | None = None,
    type_shortcuts: bool = True,
) -> str:
    """The floor query with its placeholders filled. ``columns`` maps the events file's column
    names (lower case) to their DuckDB types; absent optional columns become NULL. With
    ``type_shortcuts`` (see the module docstring) an integer event_id and a naive TIMESTAMP
    event_at are used as they are."""
    if int(churn_after) != churn_after or churn_after < 1:
        raise ValueError(f"churn_after must be a whole number >= 1, got {churn_after!r}")
    columns = columns or {name: "VARCHAR" for name in ("event_at", *OPTIONAL_COLUMNS)}
    present = {name: name if name in columns else "null" for name in OPTIONAL_COLUMNS}
    if type_shortcuts and columns.get("event_id", "").upper() in INTEGER_TYPES:
        event_key = "event_id"  # cast to text and trimmed it groups the same rows
    else:
        event_key = "nullif(trim(cast(event_id as varchar)), '')"
    if type_shortcuts and columns.get("event_at", "").upper() == "TIMESTAMP":
        # Naive = UTC already: no conversion per row, and none at all for a UTC business time.
        event_at_utc = "event_at"
        now = "cast(now() at time zone 'UTC' as timestamp)"
        event_at_local = (
            "event_at_utc"
            if timezone == "UTC"
            else f"(event_at_utc at time zone 'UTC') at time zone {quote(timezone)}"
        )
    else:
        # As the models' to_instant: an offset after a blank ('... 10:00:00 +0000') is read
        # attached, where the cast cannot read the text as it is (the dbt macro
        # offset_after_blank_pattern; test_baselines ties the two).
        event_at_utc = (
            "coalesce(try_cast(event_at as timestamptz), try_cast(regexp_replace("
            "cast(event_at as varchar), '([0-9]) +([+-](0[0-9]|1[0-4])):?([0-5][0-9]) *$',"
            " '\\1\\2:\\4') as timestamptz))"
        )
        now = "now()"
        event_at_local = f"event_at_utc at time zone {quote(timezone)}"
    values = {
        **present,
        "events_reader": events_reader(events_glob),
        "event_key": event_key,
        "event_at_utc": event_at_utc,
        "now": now,
        "event_at_local": event_at_local,
        "as_of": "null" if as_of in (None, "") else quote(str(as_of)),
        "churn_after": str(int(churn_after)),
        "is_active_event": in_list("event_type", active_event_types)
        if active_event_types
        else "true",
        "is_purchase": in_list("event_type", purchase_event_types)
        if purchase_event_types
        else "coalesce(amount, 0) > 0",
        "stockpile_tolerance": repr(float(stockpile_tolerance)),
    }
    return render(SQL_PATH.read_text(), values)


def connect() -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB with the project's settings (profiles.yml): threads, memory
    limit and spill directory from the same environment variables, with the same defaults."""
    con = duckdb.connect(config=duckdb_config())
    con.execute("set TimeZone = 'UTC'")
    con.execute("set enable_progress_bar = false")
    return con


def file_columns(con: duckdb.DuckDBPyConnection, events_glob: str) -> dict[str, str]:
    rows = con.execute(f"describe select * from {events_reader(events_glob)}").fetchall()
    return {name.strip().lower(): column_type for name, column_type, *_ in rows}


def run_floor(
    events_glob: str,
    users_path: str | None = None,
    subscriptions_path: str | None = None,
    *,
    timezone: str = "UTC",
    churn_after: int = 2,
    as_of: str | None = None,
    active_event_types: Sequence[str] | None = None,
    purchase_event_types: Sequence[str] | None = None,
    stockpile_tolerance: float = 1.0,
    type_shortcuts: bool = True,
    con: duckdb.DuckDBPyConnection | None = None,
) -> pd.DataFrame:
    """mart_lifecycle_monthly from the raw events, one row per month, oldest first.

    The keyword arguments are the dbt vars of the same meaning (``churn_after`` is
    churn_after_inactive_months, ``stockpile_tolerance`` stockpile_interval_tolerance).
    ``type_shortcuts=False`` treats every column as staging does, whatever its type.
    ``users_path`` and ``subscriptions_path`` are not read (see the module docstring). With
    ``con=None`` the query runs in a fresh in-memory DuckDB (threads and memory limit from
    USEROPS_DUCKDB_THREADS, default 2, and USEROPS_MEMORY_LIMIT, default 4GB), closed after.
    """
    del users_path, subscriptions_path  # the lifecycle counts do not depend on them
    own = con is None
    con = connect() if own else con
    try:
        sql = floor_sql(
            events_glob,
            timezone=timezone,
            churn_after=churn_after,
            as_of=as_of,
            active_event_types=active_event_types,
            purchase_event_types=purchase_event_types,
            stockpile_tolerance=stockpile_tolerance,
            columns=file_columns(con, events_glob),
            type_shortcuts=type_shortcuts,
        )
        return con.execute(sql).df()
    finally:
        if own:
            con.close()
