"""Benchmark the same project on DuckDB, PostgreSQL and Spark (local mode), side by side.

    python -m userops.bench_engines [--size medium] [--engines duckdb,postgres,spark]

For one generated dataset (made when absent, as userops.bench does), each engine gets a fresh
database and the same timed steps, each in its own process: `dbt seed`, `dbt run` (every
model) and `dbt test` (every data test; unit tests are DuckDB-only), plus Postgres's load step
(userops.load_postgres: the Parquet files copied into the raw tables). PostgreSQL is a
throwaway local cluster (userops.engines), Spark a local session in the dbt process
(`local[2]`, the profile's defaults). Peak MiB is the step's process as the OS reports it:
DuckDB runs inside dbt, so it is counted; the Postgres server and Spark's JVM (a separate
process, at most spark.driver.memory, 4g by default) are not. The marts are not compared here:
tests/test_engines.py proves them equal on the tiny dataset.

userops.bench calls `bench_engines` and `print_engines_table` for `--engines`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from userops import PROJECT_DIR
from userops.bench import input_vars, run_step
from userops.engines import postgres_cluster, spark_env
from userops.generate import SIZES, generate

ENGINES = ["duckdb", "postgres", "spark"]
STEPS = ["load", "dbt_seed", "dbt_run", "dbt_test"]


def engine_env(data_root: Path, engine: str, extra: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        "USEROPS_TARGET": engine,
        "USEROPS_DB": str(data_root / f"engines_{engine}.duckdb"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(data_root / f"target_engines_{engine}"),
        "DBT_LOG_PATH": str(data_root / "logs"),
        **extra,
    }


def dbt_steps(dbt: str, env: dict[str, str], data_dir: Path) -> dict[str, dict]:
    common = ["--vars", input_vars(data_dir), "--quiet"]
    return {
        "dbt_seed": run_step([dbt, "seed", *common], env),
        "dbt_run": run_step([dbt, "run", *common], env),
        "dbt_test": run_step([dbt, "test", "--exclude", "resource_type:unit_test", *common], env),
    }


def bench_engine(engine: str, data_dir: Path, data_root: Path, dbt: str) -> dict[str, dict]:
    load = "load, " if engine == "postgres" else ""
    print(f"[{engine}] {load}dbt seed, run, test ...", flush=True)
    if engine == "duckdb":
        (data_root / "engines_duckdb.duckdb").unlink(missing_ok=True)
        return dbt_steps(dbt, engine_env(data_root, engine, {}), data_dir)
    if engine == "postgres":
        with postgres_cluster() as server:
            env = engine_env(data_root, engine, server.env())
            loader = [sys.executable, "-m", "userops.load_postgres", "--data-dir", str(data_dir)]
            return {"load": run_step(loader, env), **dbt_steps(dbt, env, data_dir)}
    if engine == "spark":
        with tempfile.TemporaryDirectory(prefix="userops_spark_", dir=data_root) as work:
            env = engine_env(data_root, engine, spark_env(Path(work)))
            return dbt_steps(dbt, env, data_dir)
    raise SystemExit(f"bench: unknown engine {engine!r} (one of {', '.join(ENGINES)})")


def bench_engines(size: str, data_root: Path, dbt: str, engines: list[str]) -> dict:
    """{size, users, months, engines: {engine: {step: {seconds, peak_mib}}}}."""
    users, months = SIZES[size]
    data_dir = data_root / size
    if not (data_dir / "messages.parquet").exists():
        print(f"[{size}] generating {users:,} users x {months} months ...", flush=True)
        generate(data_dir, users=users, months=months, progress=True)
    results = {engine: bench_engine(engine, data_dir, data_root, dbt) for engine in engines}
    return {"size": size, "users": users, "months": months, "engines": results}


def print_engines_table(result: dict) -> None:
    engines = list(result["engines"])
    print(f"\nEngines, {result['size']} ({result['users']:,} users x {result['months']} months)")
    header = f"{'step':<12}" + "".join(f"{engine + ' s':>14}{'MiB':>8}" for engine in engines)
    print(header)
    print("-" * len(header))
    totals = dict.fromkeys(engines, 0.0)
    for step in STEPS:
        if not any(step in result["engines"][engine] for engine in engines):
            continue
        cells = []
        for engine in engines:
            figures = result["engines"][engine].get(step)
            if figures is None:
                cells.append(f"{'-':>14}{'':>8}")
                continue
            totals[engine] += figures["seconds"]
            cells.append(f"{figures['seconds']:>14.1f}{figures['peak_mib']:>8.0f}")
        print(f"{step:<12}" + "".join(cells))
    print(f"{'total':<12}" + "".join(f"{totals[engine]:>14.1f}{'':>8}" for engine in engines))
    print(
        "seconds: wall time of each step in its own process (dbt start-up included).\n"
        "MiB: peak of that process (DuckDB's included; not the Postgres server's nor Spark's"
        " JVM).\nload: Postgres's raw tables filled from the Parquet files; DuckDB and Spark"
        " read the files directly."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="medium", choices=list(SIZES))
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--data-root", default="data/bench", type=Path)
    parser.add_argument("--json", default="data/bench/engines.json", type=Path)
    args = parser.parse_args(argv)
    dbt = str(Path(sys.executable).parent / "dbt")
    data_root = args.data_root.resolve()
    data_root.mkdir(parents=True, exist_ok=True)
    result = bench_engines(args.size, data_root, dbt, args.engines.split(","))
    print_engines_table(result)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
