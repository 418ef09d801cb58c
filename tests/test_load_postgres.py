"""userops.load_postgres without a server: which files it reads, and the paths it refuses
before it connects."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, write_csv

from userops import load_postgres
from userops.load_postgres import input_paths, load


@pytest.fixture(autouse=True)
def no_server(monkeypatch):
    """Nothing here may connect: the paths are checked first."""

    def connect(dsn=None):
        raise AssertionError("load_postgres connected before checking the paths")

    monkeypatch.setattr(load_postgres, "connect", connect)


def test_an_explicit_path_that_matches_nothing_is_refused(tmp_path: Path):
    events = write_csv(tmp_path / "events.csv", "user_id,event_at,event_type", ["a,2024-01-05,x"])
    users = str(tmp_path / "nowhere" / "users*.csv")
    paths = input_paths(tmp_path, {"events": str(events), "users": users})
    with pytest.raises(SystemExit, match="no file matches the users input path"):
        load(paths)


def test_demo_defaults_and_an_empty_path(tmp_path: Path):
    """An empty path is unset, as in the dbt macro input_path; an optional demo file that
    does not exist is an absent input, the demo events are required."""
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "part-0.parquet").touch()
    (tmp_path / "users.parquet").touch()
    empty = {"events": "", "users": "", "subscriptions": None, "messages": ""}
    assert input_paths(tmp_path, empty) == {
        "events": str(tmp_path / "events" / "*.parquet"),
        "users": str(tmp_path / "users.parquet"),
        "subscriptions": None,
        "messages": None,
    }
    with pytest.raises(SystemExit, match="no file matches the events input path"):
        load(input_paths(tmp_path / "nowhere", {}))


def test_csv_inputs_are_read_as_the_duckdb_models_read_them(tmp_path: Path):
    """A CSV row with a field too many or too few is loaded with its reason in
    `_userops_field_count_error` (which the models pass on as field_count_error and quarantine),
    where DuckDB's plain reader stopped the load; the other rows and fields are text as before,
    an empty field NULL."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type,amount",
        ["a,2024-01-05,login,", "b,2024-01-06", "c,2024-01-07,payment,5,x", "d,2024-01-08,x,1"],
    )
    users = write_csv(tmp_path / "users.csv", "user_id,plan", ["a,pro", "b"])
    readers = load_postgres.csv_readers({"events": str(events), "users": str(users)})
    assert set(readers) == {"events", "users"}
    with duckdb.connect() as con:
        rows = con.execute(f"select * from {readers['events']} order by user_id").fetchall()
        columns = [column[0] for column in con.description]
        users_rows = con.execute(f"select * from {readers['users']} order by 1").fetchall()
    assert columns == ["user_id", "event_at", "event_type", "amount", "_userops_field_count_error"]
    assert rows == [
        ("a", "2024-01-05", "login", None, None),
        ("b", "2024-01-06", None, None, "too_few_fields"),
        ("c", "2024-01-07", "payment", "5", "too_many_fields"),
        ("d", "2024-01-08", "x", "1", None),
    ]
    assert users_rows == [("a", "pro", None), ("b", None, "too_few_fields")]


def test_a_csv_input_that_cannot_be_read_stops_the_load_naming_it(tmp_path: Path):
    """A quote never closed would lose the rest of the file: the load stops before it
    connects, with the reader's message naming the file."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type",
        ["a,2024-01-05,login", 'b,"2024-01-06,login', "c,2024-01-07,login"],
    )
    with pytest.raises(SystemExit, match=f"the CSV file '{events}' could not be read to its end"):
        load(input_paths(tmp_path, {"events": str(events)}))


def test_csv_null_texts_reach_the_loader(tmp_path: Path):
    """The loader reads CSV with the var csv_null_texts as `dbt build` would (default NULL
    and \\N are NULL), and with the vars it is given (`--vars`)."""
    users = write_csv(tmp_path / "users.csv", "user_id,plan", ["a,NULL", "b,\\N", "c,n/a"])
    for dbt_vars, plans in [
        (None, [None, None, "n/a"]),
        ({"csv_null_texts": ["n/a"]}, ["NULL", "\\N", None]),
    ]:
        reader = load_postgres.csv_readers({"users": str(users)}, dbt_vars)["users"]
        with duckdb.connect() as con:
            rows = con.execute(f"select plan from {reader} order by user_id").fetchall()
        assert [row[0] for row in rows] == plans, dbt_vars


class RecordingCursor:
    """Stands in for a psycopg2 cursor: keeps the statements and the rows COPY would load."""

    def __init__(self):
        self.statements: list[str] = []
        self.copied = ""
        self.rowcount = -1

    def execute(self, sql: str) -> None:
        self.statements.append(sql)

    def copy_expert(self, sql: str, handle) -> None:
        self.statements.append(sql)
        self.copied = handle.read()
        self.rowcount = len(self.copied.splitlines())


def test_an_optional_column_of_parquet_null_type_is_not_loaded(tmp_path: Path):
    """pandas writes a column that is None on every row as Parquet's null type; on DuckDB the
    models count an optional one as absent (macro is_typeless), so the loader leaves it out
    of the raw table, where a text column of NULLs would count as present (delivery
    tracked). A required one is loaded, as text, so its rows are quarantined as on DuckDB
    (user_id here), and an empty pandas export, every column of the null type, loads no rows
    instead of failing (a review found `select  from`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "messages.parquet"
    pq.write_table(
        pa.table(
            {
                "message_id": ["m1"],
                "user_id": pa.nulls(1),
                "delivered_at": pa.nulls(1),
                "read_at": ["x"],
            }
        ),
        path,
    )
    cursor = RecordingCursor()
    assert load_postgres.load_input(cursor, "raw", "messages", str(path)) == 1
    create = next(sql for sql in cursor.statements if sql.startswith("create table"))
    assert create == (
        'create table "raw"."messages" ("message_id" text, "user_id" text, "read_at" text)'
    )
    assert cursor.copied == "m1,,x\n"

    empty = tmp_path / "subscriptions.parquet"
    pq.write_table(pa.table({"user_id": pa.nulls(0), "ended_at": pa.nulls(0)}), empty)
    cursor = RecordingCursor()
    assert load_postgres.load_input(cursor, "raw", "subscriptions", str(empty)) == 0
    assert 'create table "raw"."subscriptions" ("user_id" text)' in cursor.statements


def test_the_loader_reads_the_optional_columns_of_the_contract():
    """optional_columns parses the dbt macro input_contract, the one contract: every input,
    and every column marked optional there."""
    contract = (PROJECT_DIR / "macros" / "inputs" / "input_contract.sql").read_text()
    optional = load_postgres.optional_columns()
    assert set(optional) == set(load_postgres.INPUTS)
    assert sum(len(names) for names in optional.values()) == contract.count('"required": false')
    assert "delivered_at" in optional["messages"] and "user_id" not in optional["messages"]
