"""Benchmark the pipeline on generated data and print rows, seconds and peak memory.

    python -m userops.bench [--size medium] [--sizes small,medium] [--json data/bench.json]

For each size: generate the data (skipped when it is already there), then time `dbt seed`,
`dbt run` (every model) and `dbt test` (every data test) separately on a fresh DuckDB file,
plus dbt's fixed start-up (`dbt parse`), and report the peak memory of each step.

Then the RFM comparison: time `dbt run` of just the RFM models (int_purchases,
int_user_rfm_summary, dim_user_rfm) and lifetimes' `summary_data_from_transaction_data` (freq
"D", with monetary value) on the same clean purchases, already loaded in a pandas DataFrame (the
loading is timed separately and not counted), and the RFM summary's own SQL on a table of those
purchases (see `time_rfm_sql`). The one thing it asserts: both give the same RFM for every user
(else it stops with the differences). The test suite never times anything.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from userops.generate import SIZES, generate
from userops.rfm_reference import (
    PURCHASES_SQL,
    import_lifetimes,
    lifetimes_summary,
    rfm_differences,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent

RFM_MODELS = ["int_purchases", "int_user_rfm_summary", "dim_user_rfm"]


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


def bench_size(
    size: str, data_root: Path, dbt: str, rfm_repeats: int = 3, rfm_only: bool = False
) -> dict:
    users, months = SIZES[size]
    data_dir = data_root / size
    if not (data_dir / "users.parquet").exists():
        print(f"[{size}] generating {users:,} users x {months} months ...", flush=True)
        generate(data_dir, users=users, months=months, progress=True)
    db_path = data_root / f"{size}.duckdb"
    rfm_only = rfm_only and db_path.exists()
    if not rfm_only:
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
    steps = {}
    if rfm_only:
        run_step([dbt, "seed", *common], env)  # the RFM models' seed, in case it changed
    else:
        steps = {
            "dbt_parse": run_step([dbt, "parse", *common], env),
            "dbt_seed": run_step([dbt, "seed", *common], env),
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
    rfm = bench_rfm(db_path, env, common, dbt, rfm_repeats)
    return {"size": size, "users": users, "months": months, **rows, "steps": steps, "rfm": rfm}


def compiled_sql(target_path: Path, model_path: str) -> str:
    return (target_path / "compiled" / "userops" / "models" / model_path).read_text()


def duckdb_config() -> dict[str, object]:
    """The DuckDB settings the profile opens the database with (profiles.yml `config_options`,
    the same environment overrides), so the RFM SQL is timed as the pipeline runs it."""
    return {
        "threads": int(os.environ.get("USEROPS_DUCKDB_THREADS", "2")),
        "memory_limit": os.environ.get("USEROPS_MEMORY_LIMIT", "4GB"),
        "preserve_insertion_order": False,
    }


def rfm_summary_sql(target_path: Path) -> str:
    """The compiled SQL of int_user_rfm_summary reading `bench_purchases` for int_purchases."""
    rfm_sql = compiled_sql(target_path, "intermediate/value/int_user_rfm_summary.sql")
    rfm_sql, replaced = re.subn(
        r'"[^"]+"\."intermediate"\."int_purchases"', "bench_purchases", rfm_sql
    )
    if replaced != 1:
        raise SystemExit("bench: int_user_rfm_summary no longer reads int_purchases once")
    return rfm_sql


def run_rfm_sql(con: duckdb.DuckDBPyConnection, rfm_sql: str) -> int:
    """Write the RFM summary to a temp table, as the model writes its table; its row count."""
    con.execute(f"create or replace temp table bench_rfm as {rfm_sql}")
    (rows,) = con.execute("select count(*) from bench_rfm").fetchone()
    return rows


def bench_rfm(
    db_path: Path, env: dict[str, str], common: list[str], dbt: str, repeats: int
) -> dict:
    """dbt's RFM models against lifetimes on the same purchases, after the full run.

    Each timing is the best of `repeats` (the machine may be busy). dbt's start-up is a warm
    `dbt parse` (partial parsing, as the RFM run has it): the cold first parse of the main table
    costs more than the RFM run's own start-up, so subtracting it would understate the models.
    dbt's own timing of the nodes (run_results.json) is kept as a cross-check.

    The ratio is lifetimes against "RFM SQL": the compiled SQL of int_user_rfm_summary (what
    lifetimes' function computes, from the purchases to frequency, recency, T and monetary
    value, written to a table; the scores are left out), with its input int_purchases
    replaced by a temp table holding exactly the purchases lifetimes is given, so neither
    side pays for filtering every clean event, nor dbt for start-up. How it is measured:

    - Until the RFM summary was one query, RFM SQL was two statements: int_user_purchase_days
      (purchases merged into purchase days, written to a table) and the summary on that
      table. int_user_rfm_summary now merges the days itself, in its own query, so the same
      work (purchases in, the RFM table out) is one statement, and nothing lifetimes does is
      left out. (int_user_purchase_days still exists for other models; the RFM summary no
      longer reads it. The old first statement also re-applied the purchase filter to the
      already-filtered purchases; that filter is now int_purchases', outside the timing, as
      lifetimes' input is filtered outside its timing.)
    - The SQL runs on a connection with the profile's DuckDB settings (`duckdb_config`, e.g.
      `preserve_insertion_order = false`), as in the pipeline; it used DuckDB's defaults.
    - lifetimes and the SQL are timed in turns, one run of each per repeat, so load from
      other work on the machine weighs on both sides alike; before, all of lifetimes' runs
      came first. Each side is still the best of `repeats`.
    """
    run_results = Path(env["DBT_TARGET_PATH"]) / "run_results.json"
    startup, runs, node_seconds = [], [], []
    for _ in range(repeats):
        startup.append(run_step([dbt, "parse", *common], env)["seconds"])
        runs.append(run_step([dbt, "run", "--select", *RFM_MODELS, *common], env))
        nodes = json.loads(run_results.read_text())["results"]
        node_seconds.append(round(sum(node["execution_time"] for node in nodes), 2))
    dbt_run = min(runs, key=lambda step: step["seconds"])

    start = time.perf_counter()
    with duckdb.connect(str(db_path), read_only=True) as con:
        (as_of,) = con.execute(
            "select as_of_date from intermediate.int_reporting_period"
        ).fetchone()
        purchases = con.execute(PURCHASES_SQL).df()
    load_seconds = time.perf_counter() - start
    import_lifetimes()
    rfm_sql = rfm_summary_sql(Path(env["DBT_TARGET_PATH"]))
    lifetimes_runs, sql_runs = [], []
    with duckdb.connect(str(db_path), config=duckdb_config()) as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"create temp table bench_purchases as {PURCHASES_SQL}")
        for _ in range(repeats):
            start = time.perf_counter()
            reference = lifetimes_summary(purchases, as_of)
            lifetimes_runs.append(round(time.perf_counter() - start, 3))
            start = time.perf_counter()
            run_rfm_sql(con, rfm_sql)
            sql_runs.append(round(time.perf_counter() - start, 3))
        sql_rfm = con.execute(
            'select user_id, frequency, recency, "T", monetary_value from bench_rfm'
        ).df()
    lifetimes_seconds = min(lifetimes_runs)
    sql_seconds = min(sql_runs)

    with duckdb.connect(str(db_path), read_only=True) as con:
        dbt_rfm = con.execute(
            'select user_id, frequency, recency, "T", monetary_value from marts.dim_user_rfm'
        ).df()
    for name, rfm in [("dim_user_rfm", dbt_rfm), ("the timed RFM SQL", sql_rfm)]:
        problems = rfm_differences(rfm.set_index("user_id"), reference)
        if problems:
            print("\n".join(problems))
            raise SystemExit(f"bench: {name} differs from lifetimes (as of {as_of})")

    models_seconds = round(dbt_run["seconds"] - min(startup), 2)
    return {
        "as_of_date": str(as_of),
        "purchases": len(purchases),
        "rfm_users": len(reference),
        "repeats": repeats,
        "dbt_run": dbt_run,
        "dbt_run_seconds_all": [step["seconds"] for step in runs],
        "dbt_startup_seconds": min(startup),
        "dbt_startup_seconds_all": startup,
        "dbt_models_seconds": models_seconds,
        "dbt_node_seconds": min(node_seconds),
        "dbt_node_seconds_all": node_seconds,
        "load_seconds": round(load_seconds, 2),
        "lifetimes_seconds": lifetimes_seconds,
        "lifetimes_seconds_all": lifetimes_runs,
        "lifetimes_over_dbt": round(lifetimes_seconds / models_seconds, 2)
        if models_seconds > 0
        else None,
        "lifetimes_over_dbt_nodes": round(lifetimes_seconds / max(min(node_seconds), 0.01), 2),
        "lifetimes_over_dbt_with_startup": round(lifetimes_seconds / dbt_run["seconds"], 2),
        "rfm_sql_seconds": sql_seconds,
        "rfm_sql_seconds_all": sql_runs,
        "lifetimes_over_rfm_sql": round(lifetimes_seconds / max(sql_seconds, 0.001), 1),
        "equal": True,
    }


def print_table(results: list[dict]) -> None:
    header = f"{'size':<8}{'raw events':>13}{'user-months':>13}  {'step':<10}{'seconds':>9}"
    print("\n" + header + f"{'peak MiB':>10}")
    print("-" * (len(header) + 10))
    for result in (result for result in results if result["steps"]):
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
    print_rfm_table(results)


def print_rfm_table(results: list[dict]) -> None:
    print(
        "\nRFM: lifetimes summary_data_from_transaction_data (freq D) vs the same summary in SQL,"
        f" same purchases, best of {results[0]['rfm']['repeats']}"
    )
    header = (
        f"{'size':<8}{'purchases':>12}{'RFM users':>11}{'lifetimes':>11}{'RFM SQL':>9}"
        f"{'ratio':>8}  {'dbt nodes':>10}{'ratio':>8}  {'dbt run':>9}{'start-up':>10}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        rfm = result["rfm"]
        print(
            f"{result['size']:<8}{rfm['purchases']:>12,}{rfm['rfm_users']:>11,}"
            f"{rfm['lifetimes_seconds']:>11.2f}{rfm['rfm_sql_seconds']:>9.3f}"
            f"{rfm['lifetimes_over_rfm_sql']:>7.1f}x  {rfm['dbt_node_seconds']:>10.2f}"
            f"{rfm['lifetimes_over_dbt_nodes']:>7.2f}x  {rfm['dbt_run']['seconds']:>9.2f}"
            f"{rfm['dbt_startup_seconds']:>10.2f}"
        )
    print(
        "seconds. lifetimes = its function on the purchases already in pandas (loading not"
        " counted);\nRFM SQL = the compiled SQL of int_user_rfm_summary (purchases → purchase"
        " days → RFM, one query)\non a table of exactly those purchases; dbt nodes = dbt's own"
        " timing of the RFM models in the pipeline\n(they also filter every clean event and"
        " write tables); dbt run = the whole `dbt run --select` of them,\nstart-up = a warm"
        " `dbt parse`. Results equal for every user (frequency, recency, T exactly;\n"
        "monetary_value to 1e-9 relative)."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="medium", help="comma-separated: tiny,small,...")
    parser.add_argument("--data-root", default="data/bench", type=Path)
    parser.add_argument("--json", default="data/bench/results.json", type=Path)
    parser.add_argument(
        "--rfm-repeats", default=3, type=int, help="RFM timings: best of this many runs"
    )
    parser.add_argument(
        "--rfm-only",
        action="store_true",
        help="reuse an existing build of each size and time only the RFM comparison",
    )
    args = parser.parse_args(argv)
    dbt = str(Path(sys.executable).parent / "dbt")
    args.data_root.mkdir(parents=True, exist_ok=True)
    results = [
        bench_size(size, args.data_root.resolve(), dbt, args.rfm_repeats, args.rfm_only)
        for size in args.sizes.split(",")
    ]
    print_table(results)
    args.json.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
