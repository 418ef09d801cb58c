"""Incremental runs: months of events and messages arriving (a month in two halves, several
months at once, one month) give the same tables as a full refresh; the run that adds a month
rebuilds it and the lookback month before it, and no older one; a late event and a late
message inside the lookback window are counted in their own month, and a copy of a message,
or of an event with a text id, kept in an older month is a duplicate."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from conftest import DbtProject, write_csv

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


# The rows of a table that two builds of the same data share: int_incremental_settings holds
# each build's input paths too, and the builds compared here read the same files under two
# paths (the arriving copy and the generated data); its other settings are compared.
SAME_DATA_ROWS = {
    "intermediate.int_incremental_settings": "setting_name not like '%\\_path' escape '\\'"
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
        where = SAME_DATA_ROWS.get(f"{schema}.{name}", "true")
        a = f"(select * from l.{schema}.{name} where {where})"
        b = f"(select * from r.{schema}.{name} where {where})"
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
    from the fifth month on (its cut-off, the seventh, less the trailing windows), so only
    the carried-over last inactive month gets the streak length (and so the adoption stage)
    right."""
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


def rows_before(source: Path, target: Path, column: str, before: datetime | None) -> None:
    """A raw file as it stood at `before` (all of it when None): the rows whose `column` is
    earlier, and those without a time (rejected rows, checked again on every run)."""
    table = pq.read_table(source)
    if before is not None:
        times = table.column(column)
        table = table.filter(
            pc.or_(pc.is_null(times), pc.less(times, pa.scalar(before, times.type)))
        )
    pq.write_table(table, target)


def append_rows(path: Path, rows: list[dict]) -> None:
    table = pq.read_table(path)
    pq.write_table(pa.concat_tables([table, pa.Table.from_pylist(rows, schema=table.schema)]), path)


# Where a run leaves its mark on the rows it keeps: a column no reader of those rows uses, set
# to a value the models never write, then set back. (staged clean events: their raw amount,
# kept only for rejected rows; user-month aggregates: the event count, negated.)
MARKS = {
    "staging.stg_app__events_validated": (
        "partition_month_start",
        "amount_raw = 'probe'",
        "rejection_reason is null",
        "amount_raw = null",
        "amount_raw = 'probe'",
    ),
    "intermediate.int_user_months_aggregated": (
        "month_start",
        "event_count = -event_count",
        "true",
        "event_count = -event_count",
        "event_count < 0",
    ),
}


def run_marking_rebuilt_months(project: DbtProject, vars: dict[str, str]) -> None:
    """The run that adds the newest month, checked to rebuild exactly that month and the
    lookback month before it (incremental_month_cutoff: the newest input month minus
    incremental_lookback_months, at most the newest month built): rows of the newest month
    built (the run's lookback month) and of the month before it are marked first, and only
    those of the older month keep their mark. The marks are then taken off, so the tables
    are as the run left them."""
    ((newest_built,),) = project.query(
        "select max(month_start) from intermediate.int_user_months_aggregated"
    )
    lookback_month = newest_built
    older_month = (newest_built.replace(day=1) - timedelta(days=1)).replace(day=1)
    for table, (month, mark, rows, _, _) in MARKS.items():
        project.execute(
            f"update {table} set {mark}"
            f" where {month} in ('{older_month}', '{lookback_month}') and {rows}"
        )
    project.run("build", *MODELS_ONLY, vars=vars)
    for table, (month, _, rows, unmark, marked) in MARKS.items():
        counts = dict(
            project.query(
                f"select {month}, count(*) filter (where {marked}) from {table}"
                f" where {month} in ('{older_month}', '{lookback_month}') and {rows}"
                f" group by {month}"
            )
        )
        # Rebuilt: no row of the lookback month is marked; kept: the older month's are.
        assert counts[lookback_month] == 0, (table, counts)
        assert counts[older_month] > 0, (table, counts)
        project.execute(f"update {table} set {unmark} where {marked}")


def test_monthly_incremental_runs_equal_a_full_refresh(generated, tmp_path):
    parts = sorted((generated / "events").glob("part-*.parquet"))
    arriving = tmp_path / "arriving"
    (arriving / "events").mkdir(parents=True)
    for name in ("users.parquet", "subscriptions.parquet"):
        shutil.copy(generated / name, arriving / name)

    incremental = DbtProject(tmp_path / "incremental")
    # What each run has seen: (whole months of events, days of the month after them). Four
    # months first, then half of the fifth: that month is built from part of its data. The
    # next run brings the rest of it and two more months, so its lookback month is after
    # the half-built one, which must still be rebuilt. Then one month: with the default
    # windows of three months, the later runs read only part of the history and carry the
    # rest over from the model's own rows (revenue to date, purchase history, the last
    # inactive month, last month's tier). The messages arrive with their times too, so the
    # outreach log is also built month by month; the last run has all of it.
    arrivals = [(4, 0), (4, 15), (7, 0), (len(parts), 0)]
    for count, days in arrivals:
        for part in parts[:count]:
            shutil.copy(part, arriving / "events" / part.name)
        newest = datetime.strptime(parts[count - 1].stem, "part-%Y-%m")
        following = newest.replace(
            year=newest.year + newest.month // 12, month=newest.month % 12 + 1
        )
        if days:
            following += timedelta(days=days)
            rows_before(
                parts[count], arriving / "events" / parts[count].name, "event_at", following
            )
        rows_before(
            generated / "messages.parquet",
            arriving / "messages.parquet",
            "sent_at",
            following if count < len(parts) else None,
        )
        if count < len(parts):
            incremental.run("build", *MODELS_ONLY, vars=variables(arriving))
        else:
            run_marking_rebuilt_months(incremental, variables(arriving))
    full = DbtProject(tmp_path / "full")
    full.run("build", *MODELS_ONLY, vars=variables(generated))
    assert table_differences(incremental, full) == {}
    # Parquet inputs only: the CSV reader's null texts shape nothing, so are no setting.
    assert full.query(
        "select count(*) from intermediate.int_incremental_settings"
        " where setting_name = 'csv_null_texts'"
    ) == [(0,)]

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
            "campaign_id": "late_campaign",
            "variant": None,
            "sent_at": datetime(2025, 5, 20, 8, 0),
            **no_funnel,
        },
        {
            "message_id": kept_id,
            "user_id": user_id,
            "channel": "email",
            "campaign_id": "late_campaign",
            "variant": None,
            "sent_at": datetime(2025, 6, 3, 8, 0),
            **no_funnel,
        },
    ]
    # And an opt-out logged in June on a delivered message sent in January: the log's rows
    # gain their steps after the send, so the run reads it although January is long kept.
    (opted_out_id,) = incremental.query(
        "select min(message_id) from staging.stg_app__messages"
        " where sent_month_start = date '2025-01-01' and not is_control"
        " and delivered_at_local is not null and unsubscribed_at_local is null"
        " and message_id <> ?",
        [kept_id],
    )[0]
    generated_log = (generated / "messages.parquet").read_bytes()
    for data_dir in (arriving, generated):
        pq.write_table(late, data_dir / "events" / "part-late.parquet")
        append_rows(data_dir / "messages.parquet", late_messages)
        log = pq.read_table(data_dir / "messages.parquet")
        unsubscribed = [
            datetime(2025, 6, 10, 9, 0) if message_id == opted_out_id else at
            for message_id, at in zip(
                log.column("message_id").to_pylist(),
                log.column("unsubscribed_at").to_pylist(),
                strict=True,
            )
        ]
        index = log.schema.get_field_index("unsubscribed_at")
        log = log.set_column(
            index, log.schema.field(index), pa.array(unsubscribed, log.schema.field(index).type)
        )
        pq.write_table(log, data_dir / "messages.parquet")
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
    assert incremental.query(
        "select unsubscribed_at_local from staging.stg_app__messages where message_id = ?",
        [opted_out_id],
    ) == [(datetime(2025, 6, 10, 9, 0),)]
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


@pytest.mark.parametrize("settings_without_newest_month", [False, True])
def test_late_events_reach_months_built_past_a_stalled_feed(
    tmp_path, settings_without_newest_month
):
    """A scheduler passes each run's date as `as_of` while the events feed has stalled: the
    months after the newest event are built without events. When the feed catches up with
    events of those months, the incremental run counts them there, as a full refresh does
    (incremental_month_cutoff rebuilds from the newest event month the last build saw, not
    from its newest month): U2's April event makes April `returned`, not `churned`. So does
    the first run on a database whose settings lack that month (built before it was stored):
    the models after staging are rebuilt whole."""
    rows = [
        ("1", "U1", "2024-01-10 10:00:00"),
        ("2", "U1", "2024-02-10 10:00:00"),
        ("3", "U1", "2024-03-10 10:00:00"),
        ("4", "U1", "2024-05-10 10:00:00"),
        ("5", "U1", "2024-06-10 10:00:00"),
        ("6", "U2", "2024-01-15 10:00:00"),
        ("7", "U2", "2024-04-15 10:00:00"),
    ]

    def write(path: Path, before: str | None) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{i},{user},{at},login" for i, user, at in rows if before is None or at < before]
        return write_csv(path, "event_id,user_id,event_at,event_type", lines)

    feed = tmp_path / "feed" / "events.csv"
    incremental = DbtProject(tmp_path / "incremental")
    for as_of in ("2024-04-01", "2024-05-01", "2024-06-01"):
        write(feed, before="2024-04-01")
        incremental.run("build", *MODELS_ONLY, vars={"events_path": str(feed), "as_of": as_of})
    if settings_without_newest_month:
        incremental.execute(
            "delete from intermediate.int_incremental_settings"
            " where setting_name = 'newest_event_month_start'"
        )
    write(feed, before=None)
    incremental.run("build", *DATA_TESTS, vars={"events_path": str(feed), "as_of": "2024-07-01"})
    full = DbtProject(tmp_path / "full")
    complete = write(tmp_path / "complete" / "events.csv", before=None)
    full.run("build", *MODELS_ONLY, vars={"events_path": str(complete), "as_of": "2024-07-01"})
    assert table_differences(incremental, full) == {}
    assert incremental.query(
        "select is_active, lifecycle_state from marts.fct_user_months"
        " where user_id = 'U2' and month_start = date '2024-04-01'"
    ) == [(True, "returned")]


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_copies_of_kept_text_event_ids_are_duplicates(tmp_path, suffix):
    """Text event ids have no id range: an incremental run finds a copy of an event kept in a
    month it does not rebuild among the kept ids, the copy's id trimmed as the kept one was.
    From a CSV (text times: every raw row is read) it compares them with every kept id; from
    Parquet (timestamp times: only the newest months are read) with the kept ids among the
    ids it reads (kept_keys_cte's read_keys). The staged table then equals a full
    refresh's."""
    history = [
        ("e1", "u1", "2024-01-05 10:00:00"),
        ("e2", "u2", "2024-01-06 10:00:00"),
        ("e3", "u1", "2024-02-05 10:00:00"),
        ("e4", "u1", "2024-03-05 10:00:00"),
    ]
    april = [
        ("e1", "u2", "2024-04-02 10:00:00"),  # a copy of January's e1: January is kept
        (" e2 ", "u2", "2024-04-03 10:00:00"),  # the same, with spaces around the id
        ("e4", "u2", "2024-04-04 10:00:00"),  # a copy of March's e4: March is rebuilt
        ("e5", "u2", "2024-04-05 10:00:00"),
    ]
    events = tmp_path / f"events.{suffix}"

    def write_events(rows: list[tuple[str, str, str]]) -> None:
        if suffix == "csv":
            lines = [
                f"{event_id},{user_id},{event_at},login" for event_id, user_id, event_at in rows
            ]
            write_csv(events, "event_id,user_id,event_at,event_type", lines)
            return
        table = pa.table(
            {
                "event_id": [row[0] for row in rows],
                "user_id": [row[1] for row in rows],
                "event_at": [datetime.fromisoformat(row[2]) for row in rows],
                "event_type": ["login"] * len(rows),
            }
        )
        pq.write_table(table, events)

    project = DbtProject(tmp_path / "project")
    staged = ["--select", "+stg_app__events_validated"]
    query = (
        "select trim(event_id), strftime(partition_month_start, '%Y-%m'), rejection_reason"
        " from staging.stg_app__events_validated order by all"
    )
    write_events(history)
    project.run("run", *staged, vars={"events_path": str(events)})
    write_events(history + april)
    project.run("run", *staged, vars={"events_path": str(events)})
    incremental = project.query(query)
    assert [row for row in incremental if row[2] is not None] == [
        ("e1", "2024-04", "duplicate_event"),
        ("e2", "2024-04", "duplicate_event"),
        ("e4", "2024-04", "duplicate_event"),
    ]
    project.run("run", *staged, "--full-refresh", vars={"events_path": str(events)})
    assert incremental == project.query(query)


@pytest.mark.parametrize(
    "name, forms",
    [
        ("adoption_setup_event_types", ["none", "''", "[]"]),
        ("csv_null_texts", ["none", "[]"]),
        ("csv_null_texts", ["'NULL'", "['NULL']"]),
        ("csv_null_texts", ["['NULL', 'n/a']", "['n/a', 'NULL', 'n/a']"]),
        ("csv_null_texts", ["['NULL', 'null']", "['null', 'NULL']"]),
        ("adoption_setup_event_types", ["['b', 'a']", "['a', 'b']"]),
        ("churn_after_inactive_months", ["2", "'2'", "2.0"]),
    ],
)
def test_forms_of_one_setting_are_stored_alike(tmp_path, name, forms):
    """A var written in forms that mean the same (no setup step as null, '' or []; one text or
    a list of it; a set of texts in another order or with a repeat; a number as text) is
    stored as one text, so switching forms does not ask for a full refresh."""
    inline = " | ".join(f"{{{{ userops.setting_text('{name}', {form}) }}}}" for form in forms)
    result = DbtProject(tmp_path).run("compile", "--quiet", "--output", "json", "--inline", inline)
    texts = json.loads(result.output)["compiled"].split(" | ")
    assert len(texts) == len(forms) and len(set(texts)) == 1, texts


def test_a_changed_setting_stops_an_incremental_run(tmp_path):
    """A var that shapes the kept months (here the timezone, which decides each event's month,
    and a tier cut-off) changed since the history was built: an incremental run would rebuild
    only the newest months with it, and pass. It stops at the first incremental model instead,
    naming each change, until one full refresh of every incremental model stores the new
    settings (a full refresh of some of them keeps the stored ones); so does an input path
    set since. Vars that shape no kept month (target_active_rate), and a number written
    another way (1 for 1.0, "2" for 2), pass."""
    events = write_csv(
        tmp_path / "events.csv",
        "event_id,user_id,event_at,event_type",
        ["1,u1,2024-01-31 17:00:00,login", "2,u2,2024-02-10 10:00:00,login"],
    )
    project = DbtProject(tmp_path / "project")
    models = ["--select", "+stg_app__events_validated", "int_incremental_settings"]
    built = {"events_path": str(events)}
    changed = {**built, "timezone": "Asia/Shanghai", "value_tier_mid_cutoff": 0.3}
    stored = "select setting_value from intermediate.int_incremental_settings"

    project.run("run", *models, vars=built)
    project.run(
        "run", *models, vars={**built, "target_active_rate": 0.5, "stockpile_interval_tolerance": 1}
    )
    # Numbers written as text, as a var set from env_var() always is, are the same settings.
    as_text = {"churn_after_inactive_months": "2", "value_tier_high_cutoff": " 0.05"}
    project.run("run", *models, vars={**built, **as_text})
    # So are they as an older build stored them (text as JSON text, before setting_text).
    project.execute(
        "update intermediate.int_incremental_settings set setting_value = '\"2\"'"
        " where setting_name = 'churn_after_inactive_months'"
    )
    project.run("run", *models, vars=built)

    def assert_changed(result, changes: str) -> None:
        assert result.returncode != 0
        assert (
            'stg_app__events_validated" keeps months built with other settings than this'
            f" run's {changes}"
        ) in result.output
        assert "`dbt build --full-refresh`" in result.output

    assert_changed(
        project.run("run", *models, vars=changed, check=False),
        '(timezone "UTC" -> "Asia/Shanghai"; value_tier_mid_cutoff 0.25 -> 0.3).',
    )
    assert project.query(f"{stored} where setting_name = 'timezone'") == [('"UTC"',)]

    # A full refresh of some of the models (not the messages) keeps the stored settings:
    # the models it left out still hold months of the old ones, so the next run still stops.
    project.run("run", *models, "--full-refresh", vars=changed)
    assert project.query(f"{stored} where setting_name = 'timezone'") == [('"UTC"',)]
    assert_changed(
        project.run("run", *models, vars=changed, check=False),
        '(timezone "UTC" -> "Asia/Shanghai"; value_tier_mid_cutoff 0.25 -> 0.3).',
    )
    everything = ["--select", "+int_incremental_settings", *MODELS_ONLY]
    project.run("build", *everything, "--full-refresh", vars=changed)
    assert project.query(f"{stored} where setting_name = 'timezone'") == [('"Asia/Shanghai"',)]
    project.run("run", *models, vars=changed)
    # Other data: a users input added (only the rebuilt months would get its attributes).
    users = write_csv(tmp_path / "users.csv", "user_id,plan", ["u1,pro"])
    assert_changed(
        project.run("run", *models, vars={**changed, "users_path": str(users)}, check=False),
        f'(users_path null -> "{users}").',
    )
    # Texts read as NULL in a CSV input: the kept months read them as the old list did.
    assert_changed(
        project.run("run", *models, vars={**changed, "csv_null_texts": []}, check=False),
        '(csv_null_texts ["NULL", "\\\\N"] -> []).',
    )
    # The event at 17:00 UTC on 31 January is in February in Shanghai: both in one month.
    assert project.query(
        "select distinct strftime(partition_month_start, '%Y-%m')"
        " from staging.stg_app__events_validated"
    ) == [("2024-02",)]
    # The settings are stored after every incremental model: it depends on each of them
    # (and on int_reporting_period, for the newest event month the build saw).
    manifest = json.loads((project.target_path / "manifest.json").read_text())
    incremental_models = {
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    }
    settings = manifest["nodes"]["model.userops.int_incremental_settings"]
    assert len(incremental_models) >= 16
    assert set(settings["depends_on"]["nodes"]) == incremental_models | {
        "model.userops.int_reporting_period"
    }
