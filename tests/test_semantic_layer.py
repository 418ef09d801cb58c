"""The MetricFlow semantic layer (models/semantic/): `mf validate-configs` passes on a built
project and catches a broken definition, and the metrics queried through `mf query` equal the
marts month by month."""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT_DIR, DbtProject

METRICS = [
    "mau",
    "monthly_active_rate",
    "new_user_retention_rate",
    "old_user_retention_rate",
    "wake_rate",
    "win_back_rate",
    "revenue",
    "arpu",
]

MART_QUERY = """
select
    l.month_start,
    l.active_users as mau,
    l.monthly_active_rate,
    r.new_user_retention_rate,
    r.old_user_retention_rate,
    r.wake_rate,
    r.win_back_rate,
    cast(l.revenue as double) as revenue,
    case when l.active_users > 0 then cast(l.revenue as double) / l.active_users end as arpu
from marts.mart_lifecycle_monthly as l
inner join marts.mart_retention_rates as r using (month_start)
order by 1
"""


def mf(project: DbtProject, root: Path, *args: str, manifest: dict | None = None):
    """Run the MetricFlow CLI on a build. `mf` reads ./dbt_project.yml and
    ./target/semantic_manifest.json of its working directory: `root` gets a link to the
    project file and a copy of the build's semantic manifest (or `manifest` instead)."""
    (root / "target").mkdir(exist_ok=True)
    semantic_manifest = root / "target" / "semantic_manifest.json"
    if manifest is not None:
        semantic_manifest.write_text(json.dumps(manifest))
    elif not semantic_manifest.exists():
        shutil.copy(project.target_path / "semantic_manifest.json", semantic_manifest)
    link = root / "dbt_project.yml"
    if not link.exists():
        link.symlink_to(PROJECT_DIR / "dbt_project.yml")
    local = Path(sys.executable).parent / "mf"
    env = {
        **os.environ,
        "USEROPS_DB": str(project.db_path),
        "USEROPS_TEMP_DIR": str(root / "duckdb_tmp"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return subprocess.run(
        [str(local) if local.exists() else "mf", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def as_number(text: str) -> float | None:
    return None if text == "" else float(text)


def test_validate_configs_passes(demo_build, tmp_path):
    result = mf(demo_build, tmp_path, "validate-configs")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Successfully validated metrics against data warehouse" in output, output
    assert "ERRORS: 0, FUTURE_ERRORS: 0, WARNINGS: 0" in output, output


def test_validate_configs_catches_a_broken_measure(demo_build, tmp_path):
    manifest = json.loads((demo_build.target_path / "semantic_manifest.json").read_text())
    model = next(m for m in manifest["semantic_models"] if m["name"] == "user_months")
    measure = next(m for m in model["measures"] if m["name"] == "revenue")
    measure["expr"] = "no_such_column"
    result = mf(demo_build, tmp_path, "validate-configs", manifest=manifest)
    output = result.stdout + result.stderr
    assert "no_such_column" in output.lower(), output
    assert "Successfully validated measures against data warehouse" not in output, output


def test_metrics_equal_the_marts_month_by_month(demo_build, tmp_path):
    out = tmp_path / "metrics.csv"
    result = mf(
        demo_build,
        tmp_path,
        "query",
        "--metrics",
        ",".join(METRICS),
        "--group-by",
        "metric_time__month",
        "--order",
        "metric_time__month",
        "--csv",
        str(out),
    )
    assert result.returncode == 0 and out.exists(), result.stdout + result.stderr
    with out.open(newline="") as handle:
        queried = {
            row["metric_time__month"][:10]: {m: as_number(row[m]) for m in METRICS}
            for row in csv.DictReader(handle)
        }
    marts = {
        month.isoformat(): dict(zip(METRICS, values, strict=True))
        for month, *values in demo_build.query(MART_QUERY)
    }
    assert len(marts) >= 6
    assert queried.keys() == marts.keys()
    # Every rate must have been tested on both a value and a NULL (zero denominator).
    assert any(values["win_back_rate"] is None for values in marts.values())
    assert any(values["win_back_rate"] for values in marts.values())
    differences = {
        (month, metric): (queried[month][metric], expected)
        for month, values in marts.items()
        for metric, expected in values.items()
        if not (
            queried[month][metric] is None
            if expected is None
            else queried[month][metric] is not None
            and math.isclose(queried[month][metric], expected, rel_tol=1e-9, abs_tol=1e-9)
        )
    }
    assert differences == {}


def test_a_coarser_grain_pools_the_rate(demo_build, tmp_path):
    """Over a quarter, win-back is the quarter's returned users over its churned bases."""
    grain = "quarter"
    out = tmp_path / "quarter.csv"
    result = mf(
        demo_build,
        tmp_path,
        "query",
        "--metrics",
        "win_back_rate",
        "--group-by",
        f"metric_time__{grain}",
        "--csv",
        str(out),
    )
    assert result.returncode == 0 and out.exists(), result.stdout + result.stderr
    with out.open(newline="") as handle:
        queried = {
            row[f"metric_time__{grain}"][:10]: as_number(row["win_back_rate"])
            for row in csv.DictReader(handle)
        }
    expected = {
        quarter.isoformat(): rate
        for quarter, rate in demo_build.query(
            f"select cast(date_trunc('{grain}', month_start) as date), "
            "sum(win_back_numerator) / nullif(sum(win_back_denominator), 0) "
            "from marts.mart_retention_rates group by 1"
        )
    }
    assert queried.keys() == expected.keys()
    for quarter, rate in expected.items():
        assert (queried[quarter] is None) == (rate is None)
        if rate is not None:
            assert math.isclose(queried[quarter], rate, rel_tol=1e-9)
