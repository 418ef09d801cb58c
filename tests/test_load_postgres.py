"""userops.load_postgres without a server: which files it reads, and the paths it refuses
before it connects."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_csv

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
