"""Shared helpers: run dbt on a throwaway DuckDB file and read the results back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from userops import PROJECT_DIR
from userops.generate import generate

FIXTURES = PROJECT_DIR / "tests" / "fixtures"


def _dbt_executable() -> str:
    local = Path(sys.executable).parent / "dbt"
    return str(local) if local.exists() else shutil.which("dbt") or "dbt"


def write_csv(path: Path, header: str, lines: list[str]) -> Path:
    """A CSV file of `header` and `lines`, for the tests that give the project their own input."""
    path.write_text("\n".join([header, *lines]) + "\n")
    return path


@dataclass
class DbtResult:
    returncode: int
    output: str
    run_results: dict | None

    def failed_nodes(self) -> set[str]:
        """Names of the nodes (models, tests) that failed or errored."""
        if not self.run_results:
            return set()
        # unique_id: "test.userops.<name>[.<hash>]" or "unit_test.userops.<model>.<name>"
        return {
            r["unique_id"].split(".", 2)[2].rsplit(".", 1)[0]
            if r["unique_id"].startswith("test.")
            else r["unique_id"].split(".", 2)[2]
            for r in self.run_results["results"]
            if r["status"] in ("fail", "error")
        }

    def statuses(self) -> dict[str, str]:
        """Each node's status by its unique_id ("model.userops.<name>": "skipped", ...)."""
        return {r["unique_id"]: r["status"] for r in self.run_results["results"]}


class DbtProject:
    """The project, pointed at its own DuckDB file and target folder under tmp_path."""

    def __init__(self, work_dir: Path):
        self.work_dir = work_dir
        self.db_path = work_dir / "userops.duckdb"
        self.target_path = work_dir / "target"
        # Set by the engine tests: a dbt target other than DuckDB and its connection settings.
        self.extra_env: dict[str, str] = {}
        # Set by demo_build: the result of its `dbt build`.
        self.build_result: DbtResult | None = None

    def run(self, *args: str, vars: dict | None = None, check: bool = True) -> DbtResult:
        env = {
            **os.environ,
            "USEROPS_DB": str(self.db_path),
            "USEROPS_TEMP_DIR": str(self.work_dir / "duckdb_tmp"),
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
            "DBT_TARGET_PATH": str(self.target_path),
            "DBT_LOG_PATH": str(self.work_dir / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            **self.extra_env,
        }
        command = [_dbt_executable(), *args]
        if vars:
            command += ["--vars", json.dumps(vars)]
        proc = subprocess.run(
            command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
        )
        results_file = self.target_path / "run_results.json"
        run_results = json.loads(results_file.read_text()) if results_file.exists() else None
        result = DbtResult(proc.returncode, proc.stdout + proc.stderr, run_results)
        if check and proc.returncode != 0:
            pytest.fail(f"dbt {' '.join(args)} failed:\n{result.output[-6000:]}")
        return result

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def column_compressions(self, table: str) -> dict[str, set[str]]:
        """The storage compressions of each column of a table (its data segments)."""
        found: dict[str, set[str]] = {}
        for column, compression in self.query(
            "select column_name, compression from pragma_storage_info(?)"
            " where segment_type != 'VALIDITY'",
            [table],
        ):
            found.setdefault(column, set()).add(compression)
        return found

    def execute(self, sql: str) -> None:
        with duckdb.connect(str(self.db_path)) as con:
            con.execute(sql)


@pytest.fixture
def dbt_project(tmp_path: Path) -> DbtProject:
    return DbtProject(tmp_path)


@pytest.fixture(scope="module")
def module_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("module")


def paths(data_dir: Path) -> dict[str, str]:
    """The dbt vars that point the project at generated data in `data_dir`."""
    return {
        "events_path": str(data_dir / "events" / "*.parquet"),
        "users_path": str(data_dir / "users.parquet"),
        "messages_path": str(data_dir / "messages.parquet"),
    }


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The suite's generated dataset (400 users x 12 months, dirty rows included), made once."""
    out = tmp_path_factory.mktemp("demo_data")
    generate(out, users=400, months=12, end_month="2025-06", seed=7, progress=False)
    return out


@pytest.fixture(scope="session")
def demo_build(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """`dbt build` of the project on demo_data, once per session; read it, never change it."""
    project = DbtProject(tmp_path_factory.mktemp("demo_build"))
    project.build_result = project.run("build", vars=paths(demo_data))
    return project
