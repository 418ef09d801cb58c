"""Incremental runs: months of events and messages arriving one by one give the same tables as
a full refresh; a late event and a late message inside the lookback window are counted in
their own month, and a copy of a message kept in an older month is a duplicate."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from conftest import DbtProject

from userops.generate import EVENTS_SCHEMA, generate

MODELS_ONLY = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
DATA_TESTS = ["--exclude-resource-type", "unit_test"]


def variables(data_dir: Path) -> dict[str, str]:
    return {
        "events_path": str(data_dir / "events" / "*.parquet"),
        "users_path": str(data_dir / "users.parquet"),
        "subscriptions_path": str(data_dir / "subscriptions.parquet"),
        "messages_path": str(data_dir / "messages.parquet"),
    }


def table_differences(left: DbtProject, right: DbtProject) -> dict[str, tuple[int, int]]:
    """Every table of the project: rows only in left, rows only in right (as multisets)."""
    con = duckdb.connect()
    con.execute(f"attach '{left.db_path}' as l (read_only)")
    con.execute(f"attach '{right.db_path}' as r (read_only)")
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables"
        " where table_catalog = 'l' and table_type = 'BASE TABLE' order by 1, 2"
    ).fetchall()
    assert len(tables) > 30
    differences = {}
    for schema, name in tables:
        a, b = f"l.{schema}.{name}", f"r.{schema}.{name}"
        only_left = con.execute(
            f"select count(*) from (select * from {a} except all select * from {b})"
        ).fetchone()[0]
        only_right = con.execute(
            f"select count(*) from (select * from {b} except all select * from {a})"
        ).fetchone()[0]
        if only_left or only_right:
            differences[f"{schema}.{name}"] = (only_left, only_right)
    con.close()
    return differences


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(out, users=150, months=8, end_month="2025-06", seed=11, progress=False)
    make_long_streak(out / "events")
    return out


def make_long_streak(events_dir: Path) -> None:
    """Give one user a streak that outlives the months a run reads: active in the first
    month, inactive in the second, then active every month to the end. The last run reads
    from the third month on, so only the carried-over last inactive month gets the streak
    length (and so the adoption stage) right."""
    parts = sorted(events_dir.glob("part-*.parquet"))
    tables = [pq.read_table(part) for part in parts]
    user_id = tables[0].column("user_id")[0].as_py()
    ids = [i for table in tables for i in table.column("event_id").to_pylist() if i is not None]
    next_id = max(ids) + 1
    for index, (part, table) in enumerate(zip(parts, tables, strict=True)):
        rows = [row for row in table.to_pylist() if row["user_id"] != user_id or index != 1]
        if index >= 2:
            month_start = datetime.strptime(part.stem, "part-%Y-%m").replace(hour=12)
            rows += [
                {
                    "event_id": next_id + index * 30 + day,
                    "user_id": user_id,
                    "event_at": month_start.replace(day=day + 1),
                    "event_type": "login",
                    "amount": None,
                    "channel": "web",
                }
                for day in range(25)
            ]
        pq.write_table(pa.Table.from_pylist(rows, schema=EVENTS_SCHEMA), part)


def messages_sent_before(source: Path, target: Path, before: datetime | None) -> None:
    """The outreach log as it stood at `before` (all of it when None): the messages sent
    earlier, and those without a send time (rejected rows, checked again on every run)."""
    log = pq.read_table(source)
    if before is not None:
        sent = log.column("sent_at")
        log = log.filter(pc.or_(pc.is_null(sent), pc.less(sent, pa.scalar(before, sent.type))))
    pq.write_table(log, target)


def append_rows(path: Path, rows: list[dict]) -> None:
    table = pq.read_table(path)
    pq.write_table(pa.concat_tables([table, pa.Table.from_pylist(rows, schema=table.schema)]), path)


def test_monthly_incremental_runs_equal_a_full_refresh(generated, tmp_path):
    parts = sorted((generated / "events").glob("part-*.parquet"))
    arriving = tmp_path / "arriving"
    (arriving / "events").mkdir(parents=True)
    for name in ("users.parquet", "subscriptions.parquet"):
        shutil.copy(generated / name, arriving / name)

    incremental = DbtProject(tmp_path / "incremental")
    # Five months first, then one month a run: with the default windows of three months, the
    # later runs read only part of the history and carry the rest over from the model's own
    # rows (revenue to date, purchase history, the last inactive month, last month's tier).
    # The messages arrive with their months too, so the outreach log is also built month by
    # month; the last run has all of it.
    for count in range(5, len(parts) + 1):
        for part in parts[:count]:
            shutil.copy(part, arriving / "events" / part.name)
        newest = datetime.strptime(parts[count - 1].stem, "part-%Y-%m")
        following = newest.replace(
            year=newest.year + newest.month // 12, month=newest.month % 12 + 1
        )
        messages_sent_before(
            generated / "messages.parquet",
            arriving / "messages.parquet",
            following if count < len(parts) else None,
        )
        incremental.run("build", *MODELS_ONLY, vars=variables(arriving))
    full = DbtProject(tmp_path / "full")
    full.run("build", *MODELS_ONLY, vars=variables(generated))
    assert table_differences(incremental, full) == {}

    # A late event: a user inactive in April and May, so churned in May (the month before
    # the newest, inside the default lookback of one month), turns out to have been active
    # in May: woken there.
    user_id, event_id = incremental.query(
        "select min(user_id), (select max(cast(event_id as bigint)) + 1"
        "  from staging.stg_app__events)"
        " from marts.fct_user_months"
        " where month_start = date '2025-05-01' and lifecycle_state = 'churned'"
        "  and consecutive_inactive_months = 2"
    )[0]
    late = pa.Table.from_pylist(
        [
            {
                "event_id": event_id,
                "user_id": user_id,
                "event_at": datetime(2025, 5, 17, 9, 30),
                "event_type": "login",
                "amount": None,
                "channel": "web",
            }
        ],
        schema=EVENTS_SCHEMA,
    )
    # With it, a late message of May (inside the lookback) and a copy, sent in June, of a
    # message kept from January (a month the run does not rebuild).
    (kept_id,) = incremental.query(
        "select min(message_id) from staging.stg_app__messages"
        " where sent_month_start = date '2025-01-01'"
    )[0]
    no_funnel = {"delivered_at": None, "read_at": None, "clicked_at": None}
    no_funnel |= {"converted_at": None, "unsubscribed_at": None}
    late_messages = [
        {
            "message_id": "late-may",
            "user_id": user_id,
            "channel": "email",
            "campaign": "late_campaign",
            "variant": None,
            "sent_at": datetime(2025, 5, 20, 8, 0),
            **no_funnel,
        },
        {
            "message_id": kept_id,
            "user_id": user_id,
            "channel": "email",
            "campaign": "late_campaign",
            "variant": None,
            "sent_at": datetime(2025, 6, 3, 8, 0),
            **no_funnel,
        },
    ]
    generated_log = (generated / "messages.parquet").read_bytes()
    for data_dir in (arriving, generated):
        pq.write_table(late, data_dir / "events" / "part-late.parquet")
        append_rows(data_dir / "messages.parquet", late_messages)
    try:
        incremental.run("build", *DATA_TESTS, vars=variables(arriving))
        full.run("build", *MODELS_ONLY, "--full-refresh", vars=variables(generated))
    finally:
        (generated / "events" / "part-late.parquet").unlink()
        (generated / "messages.parquet").write_bytes(generated_log)
    assert table_differences(incremental, full) == {}
    late_rows = incremental.query(
        "select message_id, partition_month_start, rejection_reason"
        " from staging.stg_app__messages_validated where campaign = 'late_campaign'"
        " order by partition_month_start"
    )
    assert [(row[0], str(row[1]), row[2]) for row in late_rows] == [
        ("late-may", "2025-05-01", None),
        (kept_id, "2025-06-01", "duplicate_message"),
    ]
    may = incremental.query(
        "select is_active, lifecycle_state, event_count from marts.fct_user_months"
        " where user_id = ? and month_start = date '2025-05-01'",
        [user_id],
    )
    assert may == [(True, "woken", 1)]

    # The staged user ids stay uncompressed (meta.duckdb_column_compression) through the
    # monthly inserts and through the full refresh's rebuilt table swapped in by rename.
    for project in (incremental, full):
        compressions = project.column_compressions("staging.stg_app__events_validated")
        assert compressions["user_id"] == {"Uncompressed"}
