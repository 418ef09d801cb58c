"""Docs coverage stays at 100%: `dbt docs generate`, then dbt-coverage (from PyPI) over every
column that the build actually created, and a check of the descriptions dbt-coverage does
not measure (models, seeds, sources, singular tests, macros, exposures, semantic models and
metrics). Both are shown to fail when one description is missing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, DbtProject, paths

ADAPTERS = ("default", "duckdb", "postgres", "spark", "databricks", "snowflake", "bigquery")


@pytest.fixture(scope="module")
def docs(demo_build: DbtProject, demo_data: Path, module_tmp: Path) -> DbtProject:
    """`dbt docs generate` on the suite's demo build, into a target folder of its own."""
    project = DbtProject(module_tmp)
    project.db_path = demo_build.db_path
    project.run("docs", "generate", vars=paths(demo_data))
    return project


def dbt_coverage(artifacts: Path, report: Path) -> subprocess.CompletedProcess:
    local = Path(sys.executable).parent / "dbt-coverage"
    command = [str(local) if local.exists() else "dbt-coverage", "compute", "doc"]
    return subprocess.run(
        [
            *command,
            "--project-dir",
            str(PROJECT_DIR),
            "--run-artifacts-dir",
            str(artifacts),
            "--cov-report",
            str(report),
            "--cov-fail-under",
            "1.0",
        ],
        cwd=PROJECT_DIR,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def undocumented(manifest: dict) -> list[str]:
    """Project resources without a description, other than columns (dbt-coverage's part)
    generic data tests (described once, in tests/generic/_generic__tests.yml) and the
    on-run-start hook (dbt has no place for its description; dbt_project.yml comments it).
    Adapter implementations of a dispatched macro (`duckdb__x`) count as documented when the
    macro they implement (`x`) is."""
    missing = []
    described_macros = {
        macro["name"]
        for macro in manifest["macros"].values()
        if macro["package_name"] == "userops" and macro["description"].strip()
    }
    for group in ["nodes", "sources", "exposures", "metrics", "semantic_models", "macros"]:
        for unique_id, node in manifest[group].items():
            if node.get("package_name") != "userops" or node.get("description", "").strip():
                continue
            if node["resource_type"] == "test" and "test_metadata" in node:
                continue
            if node["resource_type"] == "operation":
                continue  # an on-run-start hook: dbt gives hooks no description
            prefix, _, implemented = node["name"].partition("__")
            if group == "macros" and prefix in ADAPTERS and implemented in described_macros:
                continue
            missing.append(unique_id)
    return sorted(missing)


def test_every_column_is_documented(docs, tmp_path):
    report = tmp_path / "coverage.json"
    result = dbt_coverage(docs.target_path, report)
    assert result.returncode == 0, result.stdout + result.stderr
    coverage = json.loads(report.read_text())
    assert coverage["coverage"] == 1.0
    tables = {table["name"] for table in coverage["tables"]}
    assert {"marts.fct_user_months", "semantic.metricflow_time_spine"} <= tables
    assert coverage["total"] > 400


def test_every_model_and_resource_is_documented(docs):
    manifest = json.loads((docs.target_path / "manifest.json").read_text())
    assert undocumented(manifest) == []
    kinds = {node["resource_type"] for node in manifest["nodes"].values()}
    assert {"model", "seed", "test"} <= kinds
    assert manifest["metrics"] and manifest["semantic_models"] and manifest["exposures"]


def test_coverage_fails_without_a_description(docs, tmp_path):
    for artifact in ["manifest.json", "catalog.json"]:
        shutil.copy(docs.target_path / artifact, tmp_path / artifact)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    model = next(
        node for node in manifest["nodes"].values() if node["name"] == "mart_retention_rates"
    )
    model["columns"]["win_back_rate"]["description"] = ""
    model["description"] = ""
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))

    result = dbt_coverage(tmp_path, tmp_path / "coverage.json")
    assert result.returncode != 0
    coverage = json.loads((tmp_path / "coverage.json").read_text())
    assert coverage["coverage"] < 1.0
    assert undocumented(manifest) == [model["unique_id"]]
