"""Parquet exports of the marts (userops/export.py): every mart is exported with its rows, an
interrupted export leaves the previous files as they were, and the database is only read."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest
from conftest import PROJECT_DIR

from userops import export as exporter


def snapshot(folder) -> dict[str, bytes]:
    """Every file in the folder, hidden ones included, by name."""
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def test_every_mart_is_exported_with_its_rows(demo_build, tmp_path):
    manifest = exporter.export(demo_build.db_path, tmp_path)

    dbt_manifest = json.loads((demo_build.target_path / "manifest.json").read_text())
    marts = {
        node["name"]
        for node in dbt_manifest["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    }
    assert len(marts) >= 15
    assert set(manifest["tables"]) == marts
    assert {p.name for p in tmp_path.glob("*.parquet")} == {f"{m}.parquet" for m in marts}
    assert json.loads((tmp_path / "manifest.json").read_text()) == manifest
    assert manifest["reporting_month_start"] == "2025-06-01"

    con = duckdb.connect()
    con.execute(f"attach '{demo_build.db_path}' as built (read_only)")
    for name, entry in manifest["tables"].items():
        parquet = str(tmp_path / entry["file"])
        (rows,) = con.execute(f"select count(*) from built.marts.{name}").fetchone()
        assert entry["rows"] == rows, name
        assert con.execute("select count(*) from read_parquet(?)", [parquet]).fetchone() == (rows,)
        assert list(entry["columns"]) == [
            row[0] for row in con.execute(f"describe built.marts.{name}").fetchall()
        ]
    assert manifest["tables"]["fct_user_months"]["rows"] > 1000
    for name in ["mart_lifecycle_monthly", "mart_retention_rates"]:
        parquet = str(tmp_path / f"{name}.parquet")
        (differences,) = con.execute(
            f"select count(*) from ("
            f" (select * from built.marts.{name} except all select * from read_parquet(?))"
            f" union all"
            f" (select * from read_parquet(?) except all select * from built.marts.{name}))",
            [parquet, parquet],
        ).fetchone()
        assert differences == 0, name
    con.close()


def test_an_interrupted_export_leaves_the_previous_files(demo_build, tmp_path, monkeypatch):
    exporter.export(demo_build.db_path, tmp_path)
    before = snapshot(tmp_path)
    written = []
    real_write = exporter.write_parquet

    def write_then_crash(con, schema, table, path):
        if len(written) == 3:
            path.write_bytes(b"PAR1 half a file")
            raise KeyboardInterrupt("interrupted while writing")
        written.append(table)
        real_write(con, schema, table, path)

    monkeypatch.setattr(exporter, "write_parquet", write_then_crash)
    with pytest.raises(KeyboardInterrupt):
        exporter.export(demo_build.db_path, tmp_path)
    assert len(written) == 3
    # Same files, same bytes, and no temporary file left behind.
    assert snapshot(tmp_path) == before

    # Into an empty folder: nothing a reader could take for an export.
    written.clear()
    empty = tmp_path / "first"
    with pytest.raises(KeyboardInterrupt):
        exporter.export(demo_build.db_path, empty)
    assert list(empty.iterdir()) == []


def test_files_are_swapped_in_only_under_their_final_name(demo_build, tmp_path, monkeypatch):
    """Every Parquet file is complete and readable at the moment it takes its final name."""
    replaced = []
    real_replace = exporter.os.replace

    def checked_replace(source, destination):
        if str(destination).endswith(".parquet"):
            assert source.name.startswith(".") and source.name.endswith(".tmp")
            with duckdb.connect() as con:
                query = "select count(*) from read_parquet(?)"
                replaced.append(con.execute(query, [str(source)]).fetchone())
        real_replace(source, destination)

    monkeypatch.setattr(exporter.os, "replace", checked_replace)
    manifest = exporter.export(demo_build.db_path, tmp_path)
    assert len(replaced) == len(manifest["tables"])


def test_removed_marts_disappear_and_other_files_stay(demo_build, tmp_path):
    (tmp_path / "mart_dropped.parquet").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("mine")
    previous = {"tables": {"mart_dropped": {"file": "mart_dropped.parquet", "rows": 1}}}
    (tmp_path / "manifest.json").write_text(json.dumps(previous))
    exporter.export(demo_build.db_path, tmp_path)
    assert not (tmp_path / "mart_dropped.parquet").exists()
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_export_only_reads_the_database(demo_build, tmp_path):
    """With another process reading the file, a writer could not open it; the export can."""
    command = [sys.executable, "-m", "userops.export", "--db", str(demo_build.db_path)]
    with duckdb.connect(str(demo_build.db_path), read_only=True) as reader:
        result = subprocess.run(
            [*command, "--out", str(tmp_path)],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        (months,) = reader.execute("select count(*) from marts.mart_lifecycle_monthly").fetchone()
        assert months > 0  # the reader really read while the export ran
    assert result.returncode == 0, result.stderr
    assert "Exported" in result.stdout
    assert (tmp_path / "manifest.json").exists()
