"""The same models on DuckDB, PostgreSQL and Spark give the same marts (issue 8).

One tiny generated dataset (300 users x 12 months, dirty rows included) is built on each
engine with `dbt build` (models, seeds and data tests; dbt unit tests run on DuckDB only, as
some of their fixtures are DuckDB SQL). Every data test must pass on every engine, and every
mart must be equal to DuckDB's row for row: the same rows, texts, dates and counts; numbers
equal to 1e-9 (relative for large values).

Every build (the incremental pre-builds too) runs in the business timezone America/New_York,
not the default UTC: in UTC the conversion to business time (to_business_time and its
inverse) is the identity, so the engines' time-zone functions would never be compared. A zone
with daylight saving time has two offsets (-5 h and -4 h), so a conversion that used a fixed
offset, or the session's zone, would put some events in the wrong month or day. The tiny data
has events in the first hours (UTC) of a month, which belong to the previous month in New York
(test_zone_moves_events_across_months).

PostgreSQL is a throwaway cluster on a free local port (userops.engines.postgres_cluster),
stopped and deleted at the end even when a test fails; its raw tables are filled with
userops.load_postgres first. Spark is a local session inside the dbt process (dbt-spark's
`session` method) with its warehouse in a temporary folder. An engine that cannot be started
FAILS these tests with the reason; nothing is skipped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import json
import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, DbtProject, write_csv

from userops.engines import EngineUnavailable, PostgresServer, postgres_cluster, spark_env
from userops.generate import SIZES, generate
from userops.load_postgres import load

BUILD = ("build", "--exclude", "resource_type:unit_test")
TOLERANCE = 1e-9
# The business timezone of every build (var `timezone`): one with daylight saving time.
BUSINESS_TIMEZONE = "America/New_York"
# The reporting date of every build (var `as_of`): the 10th of the tiny data's newest month
# (generate's default end month), so the outreach log holds sends after it (the queue's
# slots must keep their distance from them, to the microsecond), and the incremental
# pre-build, without that month's events, builds it without events, as a scheduler passing
# its date to a stalled feed does (the full build then counts the month's events in it).
AS_OF = "2025-12-10"


def mart_names() -> list[str]:
    """Every model under models/marts (they are all tables in the schema `marts`)."""
    return sorted(path.stem for path in (PROJECT_DIR / "models" / "marts").rglob("*.sql"))


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("engines_data")
    users, months = SIZES["tiny"]
    generate(out, users=users, months=months, progress=False)
    add_text_ties(out)
    return out


# Copies of one record, and first messages of one campaign and user, tied on everything that
# orders them but a text whose case differs: 'South' before 'south', 'Basic' before 'basic'
# and 'TIE-b' before 'tie-a' by their bytes (DuckDB, Spark), the other way round by an en-US
# collation (the Postgres cluster of these tests). Every engine must keep the same copy and
# arm: the kept user's region is a segment of its own, the kept subscription's fee (one more
# than the other copy's) reaches the CLV, and the arm (B, not A) the A/B mart.
TEXT_TIES = {
    "users": """
        select * from users
        union all
        select * replace (upper(region[1]) || region[2:] as region)
        from users
        where user_id = (select user_id from subscriptions where ended_at is null
                         order by started_at, user_id limit 1)
    """,
    "subscriptions": """
        select * from subscriptions
        union all
        select * replace (
            upper(plan[1]) || plan[2:] as plan,
            cast(monthly_fee + 1 as decimal(18, 2)) as monthly_fee
        )
        from subscriptions
        where ended_at is null
        qualify row_number() over (order by started_at, user_id) = 1
    """,
    "messages": """
        with first_message as (
            select * from messages
            where variant in ('A', 'B')
            qualify row_number() over (order by sent_at, message_id) = 1
        )
        select * from messages
        union all
        select * replace (
            'tie-a' as message_id, 'A' as variant, sent_at - interval 1 second as sent_at
        )
        from first_message
        union all
        select * replace (
            'TIE-b' as message_id, 'B' as variant, sent_at - interval 1 second as sent_at
        )
        from first_message
    """,
}


def add_text_ties(data_dir: Path) -> None:
    """Add TEXT_TIES' rows to the generated users, subscriptions and messages files."""
    with duckdb.connect() as con:
        for name in TEXT_TIES:
            con.execute(
                f"create table {name} as select * from read_parquet('{data_dir / name}.parquet')"
            )
        for name, query in TEXT_TIES.items():
            con.execute(f"copy ({query}) to '{data_dir / name}.parquet' (format parquet)")


@pytest.fixture(scope="module")
def earlier_data(tiny_data, tmp_path_factory) -> Path:
    """The same data without its newest month of events: Postgres and Spark build the
    incremental models on it first, so that their full build then runs those models
    incrementally (delete+insert on Postgres, insert_overwrite of month partitions on Spark)
    and the comparison covers that path too."""
    out = tmp_path_factory.mktemp("engines_earlier_data")
    (out / "events").mkdir()
    parts = sorted((tiny_data / "events").glob("part-*.parquet"))
    assert len(parts) >= 3
    for part in parts[:-1]:
        (out / "events" / part.name).symlink_to(part)
    for name in ("users", "subscriptions", "messages"):
        (out / f"{name}.parquet").symlink_to(tiny_data / f"{name}.parquet")
    return out


def input_paths(data_dir: Path) -> dict[str, str]:
    return {
        "events_path": str(data_dir / "events" / "*.parquet"),
        "users_path": str(data_dir / "users.parquet"),
        "subscriptions_path": str(data_dir / "subscriptions.parquet"),
        "messages_path": str(data_dir / "messages.parquet"),
    }


def build_vars(data_dir: Path | None) -> dict[str, str]:
    """The vars of a build: the business timezone, the reporting date, and the input paths
    (none on Postgres, whose models read the raw tables)."""
    paths = input_paths(data_dir) if data_dir is not None else {}
    return {"timezone": BUSINESS_TIMEZONE, "as_of": AS_OF, **paths}


def build_incremental_models(project: DbtProject, variables: dict) -> None:
    """Build the incremental models on the earlier data, so the next build extends them.

    Every incremental model of the manifest must be among those built (16 today), so one
    made incremental later is covered without a list to keep up to date here."""
    project.run("seed", vars=variables)
    result = project.run("run", "--select", "+config.materialized:incremental", vars=variables)
    built = {r["unique_id"] for r in result.run_results["results"] if r["status"] == "success"}
    manifest = json.loads((project.target_path / "manifest.json").read_text())
    incremental = {
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    }
    assert len(incremental) >= 10, sorted(incremental)
    assert built >= incremental, sorted(incremental - built)


def assert_built(project: DbtProject, engine: str, variables: dict) -> None:
    result = project.run(*BUILD, vars=variables, check=False)
    failed = result.failed_nodes()
    assert result.returncode == 0 and not failed, (
        f"dbt build on {engine} failed: {sorted(failed)}\n{result.output[-6000:]}"
    )


@pytest.fixture(scope="module")
def duckdb_project(tiny_data, tmp_path_factory) -> DbtProject:
    project = DbtProject(tmp_path_factory.mktemp("engines_duckdb"))
    assert_built(project, "duckdb", build_vars(tiny_data))
    return project


@pytest.fixture(scope="module")
def duckdb_marts(duckdb_project) -> dict[str, list[tuple]]:
    with duckdb.connect(str(duckdb_project.db_path), read_only=True) as con:
        return {name: fetch(con.execute(f"select * from marts.{name}")) for name in mart_names()}


# Raw texts and the type each is read as, for postgres__try_cast against DuckDB's try_cast:
# bad values must be NULL on Postgres too (quarantined, not a failed build), and forms DuckDB
# does not read (Postgres' DateStyle dates, special words, NaN) must not be read there either.
TRY_CAST_PROBES = [
    ("2025-01-31 17:00:00", "timestamp with time zone"),
    ("2025-01-31T17:00:00+08:00", "timestamp with time zone"),
    ("2025-02-01", "timestamp"),
    (" 2025-2-1", "timestamp"),
    ("2025/02/01", "timestamp"),
    ("2025.02.10", "timestamp"),
    ("not a time", "timestamp with time zone"),
    ("2025-13-01", "timestamp with time zone"),
    ("1738000000", "timestamp with time zone"),
    ("02/03/2025 09:00", "timestamp with time zone"),
    ("today", "timestamp with time zone"),
    ("J2460000", "timestamp"),
    ("2025-01-31 23:59:59.9999999", "timestamp with time zone"),
    ("2025-01-31T23:59:59.99999951+00:00", "timestamp with time zone"),
    ("2025-01-31 23:59:59.1234567", "timestamp"),
    ("12.50", "numeric(28, 6)"),
    ("1,5", "numeric(28, 6)"),
    ("$5", "numeric(28, 6)"),
    ("NaN", "numeric(28, 6)"),
    ("-Infinity", "numeric(28, 6)"),
]


def try_cast_probe_sql(function: str | None = None) -> str:
    """One row of every probe read by try_cast: DuckDB's own, or the Postgres function."""
    casts = [
        f"try_cast('{text}' as {data_type})"
        if function is None
        else f"{function}('{text}', cast(null as {data_type}))"
        for text, data_type in TRY_CAST_PROBES
    ]
    # Numbers as doubles, so that a scale (12.500000 or 12.50) does not tell them apart.
    casts = [
        f"cast({cast} as double precision)" if data_type.startswith("numeric") else cast
        for cast, (_, data_type) in zip(casts, TRY_CAST_PROBES, strict=True)
    ]
    return "select " + ", ".join(f"cast({cast} as text) as p{i}" for i, cast in enumerate(casts))


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """A throwaway cluster (postgres_cluster), stopped and deleted when the block ends; one
    that cannot be started FAILS the test with the reason (an error inside the block is the
    test's own)."""
    try:
        cluster = postgres_cluster()
        server = cluster.__enter__()
    except EngineUnavailable as error:
        pytest.fail(f"PostgreSQL could not be started, so nothing was checked on it:\n{error}")
    try:
        yield server
    finally:
        cluster.__exit__(None, None, None)


@pytest.fixture(scope="module")
def postgres_marts(postgres_build) -> dict[str, list[tuple]]:
    return postgres_build["marts"]


@pytest.fixture(scope="module")
def postgres_build(tiny_data, earlier_data, tmp_path_factory) -> dict:
    """The marts of the Postgres build, and the probes read by its try_cast function."""
    import psycopg2

    with running_postgres() as server:
        project = DbtProject(tmp_path_factory.mktemp("engines_postgres"))
        project.extra_env = {**server.env(), "USEROPS_TARGET": "postgres"}
        for data_dir in (earlier_data, tiny_data):
            paths = {key.removesuffix("_path"): path for key, path in input_paths(data_dir).items()}
            load(paths, dsn=server.dsn())
            if data_dir == earlier_data:
                build_incremental_models(project, build_vars(None))
        assert_built(project, "postgres", build_vars(None))
        with psycopg2.connect(server.dsn()) as con, con.cursor() as cursor:
            marts = {}
            for name in mart_names():
                cursor.execute(f"select * from marts.{name}")
                marts[name] = fetch(cursor)
            cursor.execute("set timezone = 'UTC'")
            cursor.execute(try_cast_probe_sql("public.userops_try_cast"))
            probes = cursor.fetchone()
        return {"marts": marts, "try_cast": probes}


@pytest.fixture(scope="module")
def spark_marts(tiny_data, earlier_data, tmp_path_factory) -> dict[str, list[tuple]]:
    work_dir = tmp_path_factory.mktemp("engines_spark")
    try:
        env = spark_env(work_dir / "spark")
    except EngineUnavailable as error:
        pytest.fail(f"Spark could not be started, so nothing was checked on it:\n{error}")
    project = DbtProject(work_dir)
    project.extra_env = {**env, "USEROPS_TARGET": "spark"}
    build_incremental_models(project, build_vars(earlier_data))
    assert_built(project, "spark", build_vars(tiny_data))
    # The tables are Parquet under the warehouse folder, one folder per table (partitioned
    # ones in hive-style sub-folders): read them back with DuckDB, no second Spark needed.
    warehouse = Path(env["USEROPS_SPARK_DIR"]) / "warehouse" / "marts.db"
    marts = {}
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        for name in mart_names():
            files = list((warehouse / name).rglob("*.parquet"))
            assert files, f"Spark wrote no Parquet files for marts.{name} under {warehouse}"
            marts[name] = fetch(
                con.execute(
                    f"select * from read_parquet('{warehouse / name}/**/*.parquet', "
                    "hive_partitioning = true)"
                )
            )
    return marts


def fetch(cursor) -> dict[str, list]:
    """A result as {column name: values}: engines may order columns differently (Spark puts
    partition columns last)."""
    names = [column[0].lower() for column in cursor.description]
    rows = cursor.fetchall()
    return {name: [row[index] for row in rows] for index, name in enumerate(names)}


def normalise(value):
    """One comparable form per value, whatever the engine's driver returned."""
    if isinstance(value, decimal.Decimal | float):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def sort_key(row: tuple) -> tuple:
    return tuple(
        (0, "") if v is None else (1, f"{v:.6f}" if isinstance(v, float) else str(v)) for v in row
    )


def canonical(rows: list[tuple]) -> list[tuple]:
    return sorted((tuple(normalise(v) for v in row) for row in rows), key=sort_key)


def same_value(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return a == b


def differences(expected: dict[str, list], actual: dict[str, list]) -> list[str]:
    """What differs between two results ({column: values}), rows compared in a canonical
    order, columns by name."""
    if set(expected) != set(actual):
        return [f"columns {sorted(actual)}, DuckDB has {sorted(expected)}"]
    columns = list(expected)
    want_rows = canonical(list(zip(*(expected[c] for c in columns), strict=True)))
    got_rows = canonical(list(zip(*(actual[c] for c in columns), strict=True)))
    if len(want_rows) != len(got_rows):
        return [f"{len(got_rows)} rows, DuckDB has {len(want_rows)}"]
    found = []
    for number, (want, got) in enumerate(zip(want_rows, got_rows, strict=True)):
        for column, a, b in zip(columns, want, got, strict=True):
            if not same_value(a, b):
                found.append(f"row {number} {column}: DuckDB {a!r}, here {b!r}")
    return found[:10]


def test_marts_exist(duckdb_marts):
    """The comparison covers every mart, and the tiny dataset fills them."""
    assert set(duckdb_marts) == set(mart_names())
    assert len(mart_names()) >= 15
    for name in ["fct_user_months", "mart_lifecycle_monthly", "fct_user_preferences"]:
        assert len(next(iter(duckdb_marts[name].values()))) > 0, name


def test_zone_moves_events_across_months(tiny_data):
    """The business timezone matters on the tiny data: some events are in another calendar
    month in New York than in UTC, under both of its offsets (EST and EDT)."""
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        moved = con.execute(
            "with e as (select event_at, timezone(?, timezone('UTC', event_at)) as local_at"
            f" from read_parquet('{tiny_data / 'events' / '*.parquet'}'))"
            " select count(*) filter (where event_at - local_at = interval 5 hour),"
            " count(*) filter (where event_at - local_at = interval 4 hour)"
            " from e where date_trunc('month', event_at) <> date_trunc('month', local_at)",
            [BUSINESS_TIMEZONE],
        ).fetchone()
    assert moved[0] > 0 and moved[1] > 0, moved


def test_as_of_lies_in_the_newest_month_before_some_sends(tiny_data, earlier_data):
    """AS_OF does what it is there for: it is in the tiny data's newest month of events, which
    the earlier data lacks, and the outreach log has sends after it."""
    newest = max(path.stem for path in (tiny_data / "events").glob("part-*.parquet"))
    earlier = max(path.stem for path in (earlier_data / "events").glob("part-*.parquet"))
    assert newest == f"part-{AS_OF[:7]}" and earlier < newest
    with duckdb.connect() as con:
        (later_sends,) = con.execute(
            f"select count(*) from read_parquet('{tiny_data / 'messages.parquet'}')"
            f" where sent_at > timestamp '{AS_OF}' + interval 1 day"
        ).fetchone()
    assert later_sends > 0


def test_text_ties_keep_the_copy_first_by_bytes(duckdb_project, duckdb_marts):
    """TEXT_TIES are resolved by the bytes on DuckDB, and reach the marts: the engines' marts
    would differ if Postgres resolved them by its collation."""
    with duckdb.connect(str(duckdb_project.db_path), read_only=True) as con:
        regions = con.execute(
            "select region from staging.stg_app__users where region <> lower(region)"
        ).fetchall()
        plans = con.execute(
            "select plan from staging.stg_app__subscriptions where plan <> lower(plan)"
        ).fetchall()
        arms = con.execute(
            "select campaign_users.variant"
            " from intermediate.int_campaign_users as campaign_users"
            " inner join staging.stg_app__messages as messages"
            " on campaign_users.campaign = messages.campaign"
            " and campaign_users.user_id = messages.user_id"
            " where messages.message_id = 'TIE-b'"
        ).fetchall()
    assert len(regions) == 1 and len(plans) == 1 and arms == [("B",)], (regions, plans, arms)
    segments = duckdb_marts["mart_lifecycle_by_segment"]
    assert regions[0][0] in segments["segment_value"]


@pytest.mark.parametrize("name", mart_names())
def test_postgres_marts_equal_duckdb(duckdb_marts, postgres_marts, name):
    assert differences(duckdb_marts[name], postgres_marts[name]) == []


def test_postgres_try_cast_reads_what_duckdb_reads(postgres_build):
    """Every probe is read alike, as text in UTC: a value DuckDB cannot read is NULL on
    Postgres too, so its row is quarantined there, not a failed build."""
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        expected = con.execute(try_cast_probe_sql()).fetchone()
    got = postgres_build["try_cast"]
    normalised = [
        None if value is None else value.replace("+00:00", "+00").replace("T", " ") for value in got
    ]
    expected = [None if value is None else value.replace("+00:00", "+00") for value in expected]
    assert dict(zip(TRY_CAST_PROBES, normalised, strict=True)) == dict(
        zip(TRY_CAST_PROBES, expected, strict=True)
    )


def test_ragged_csv_rows_are_quarantined_on_postgres(tmp_path: Path):
    """A CSV input loaded by userops.load_postgres keeps a row with a field too many or too
    few (DuckDB's plain reader stopped the load at it), and the staging models on Postgres
    quarantine it with its reason, as on DuckDB: every raw line is one staged row."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type,amount",
        ["a,2024-01-05 10:00:00,login,", "b,2024-01-06 10:00:00", "c,2024-01-07,pay,5,x"],
    )
    with running_postgres() as server:
        paths = {"events": str(events), "users": None, "subscriptions": None, "messages": None}
        assert load(paths, dsn=server.dsn())["events"] == 3
        project = DbtProject(tmp_path / "project")
        project.extra_env = {**server.env(), "USEROPS_TARGET": "postgres"}
        project.run(
            "build",
            "--select",
            "staging",
            "--exclude",
            "resource_type:unit_test",
            "--indirect-selection",
            "cautious",
        )
        import psycopg2

        with psycopg2.connect(server.dsn()) as con, con.cursor() as cursor:
            cursor.execute(
                "select user_id, rejection_reason from staging.stg_app__events_quarantine"
                " order by 1"
            )
            quarantined = cursor.fetchall()
            cursor.execute("select user_id from staging.stg_app__events")
            staged = cursor.fetchall()
    assert quarantined == [("b", "too_few_fields"), ("c", "too_many_fields")]
    assert staged == [("a",)]


@pytest.mark.parametrize("name", mart_names())
def test_spark_marts_equal_duckdb(duckdb_marts, spark_marts, name):
    assert differences(duckdb_marts[name], spark_marts[name]) == []


def as_result(rows: list[tuple], columns=("id", "month", "count", "rate")) -> dict[str, list]:
    return {column: [row[i] for row in rows] for i, column in enumerate(columns)}


def test_differences_are_found():
    """The comparison itself can fail: a changed count, rate, text, a missing row or column;
    row order and column order do not matter."""
    rows = [("a", dt.date(2025, 1, 1), 3, 0.5), ("b", dt.date(2025, 2, 1), None, 0.25)]
    same = as_result(rows)

    def changed(row: tuple) -> dict[str, list]:
        return as_result([rows[0], row])

    assert differences(same, as_result(list(reversed(rows)))) == []
    assert differences(same, dict(reversed(list(same.items())))) == []
    assert differences(same, changed(("b", dt.date(2025, 2, 1), None, 0.25 + 1e-12))) == []
    assert differences(same, changed(("b", dt.date(2025, 2, 1), None, 0.25 + 1e-7)))
    assert differences(same, changed(("b", dt.date(2025, 2, 1), 0, 0.25)))
    assert differences(same, changed(("c", dt.date(2025, 2, 1), None, 0.25)))
    assert differences(same, as_result(rows[:1]))
    assert differences(same, {k: v for k, v in same.items() if k != "rate"})
