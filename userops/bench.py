"""Benchmark the pipeline on generated data and print rows, seconds and peak memory.

    python -m userops.bench [--size medium] [--sizes small,medium] [--json data/bench.json]

For each size: generate the data (skipped when it is already there), then time `dbt run`
(every model) and `dbt test` (every data test) separately on a fresh DuckDB file, plus dbt's
fixed start-up (`dbt parse`), and report the peak memory of each step. Measures only: it
asserts nothing, and the test suite never times anything.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from userops.generate import SIZES, generate

PROJECT_DIR = Path(__file__).resolve().parent.parent


def run_step(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run one command in a child process: wall seconds and the child's own peak RSS in MiB.

    dbt-duckdb runs DuckDB inside the dbt process, so this is the engine's peak too.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stdout.write(output[-4000:])
        raise SystemExit(f"bench: `{' '.join(args)}` failed")
    return {"seconds": round(seconds, 2), "peak_mib": round(usage.ru_maxrss / 1024, 1)}


def bench_size(size: str, data_root: Path, dbt: str) -> dict:
    users, months = SIZES[size]
    data_dir = data_root / size
    if not (data_dir / "users.parquet").exists():
        print(f"[{size}] generating {users:,} users x {months} months ...", flush=True)
        generate(data_dir, users=users, months=months, progress=True)
    db_path = data_root / f"{size}.duckdb"
    db_path.unlink(missing_ok=True)
    env = {
        **os.environ,
        "USEROPS_DB": str(db_path),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(data_root / f"target_{size}"),
        "DBT_LOG_PATH": str(data_root / "logs"),
    }
    variables = json.dumps(
        {
            "events_path": str(data_dir / "events" / "*.parquet"),
            "users_path": str(data_dir / "users.parquet"),
        }
    )
    common = ["--vars", variables, "--quiet"]
    steps = {
        "dbt_parse": run_step([dbt, "parse", *common], env),
        "dbt_run": run_step([dbt, "run", *common], env),
        "dbt_test": run_step([dbt, "test", "--exclude", "test_type:unit", *common], env),
    }
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = {
            "raw_events": con.execute(
                "select count(*) from staging.stg_app__events_validated"
            ).fetchone()[0],
            "user_months": con.execute("select count(*) from marts.fct_user_months").fetchone()[0],
        }
    return {"size": size, "users": users, "months": months, **rows, "steps": steps}


def print_table(results: list[dict]) -> None:
    header = f"{'size':<8}{'raw events':>13}{'user-months':>13}  {'step':<10}{'seconds':>9}"
    print("\n" + header + f"{'peak MiB':>10}")
    print("-" * (len(header) + 10))
    for result in results:
        for index, (step, figures) in enumerate(result["steps"].items()):
            lead = (
                f"{result['size']:<8}{result['raw_events']:>13,}{result['user_months']:>13,}"
                if index == 0
                else " " * 34
            )
            print(f"{lead}  {step:<10}{figures['seconds']:>9.2f}{figures['peak_mib']:>10.1f}")
        run = result["steps"]["dbt_run"]["seconds"]
        parse = result["steps"]["dbt_parse"]["seconds"]
        total = run + result["steps"]["dbt_test"]["seconds"]
        print(
            f"{'':34}  models without start-up ~{run - parse:.1f} s; "
            f"build + tests {total:.1f} s; {result['raw_events'] / run / 1e6:.2f} M events/s"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="medium", help="comma-separated: tiny,small,...")
    parser.add_argument("--data-root", default="data/bench", type=Path)
    parser.add_argument("--json", default="data/bench/results.json", type=Path)
    args = parser.parse_args(argv)
    dbt = str(Path(sys.executable).parent / "dbt")
    args.data_root.mkdir(parents=True, exist_ok=True)
    results = [bench_size(size, args.data_root.resolve(), dbt) for size in args.sizes.split(",")]
    print_table(results)
    args.json.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
