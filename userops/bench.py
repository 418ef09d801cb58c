"""Benchmark the pipeline on generated data and print rows, seconds and peak memory.

    python -m userops.bench [--sizes small,medium] [--json data/bench/results.json]

For each size: generate the data (skipped when it is already there), then time `dbt seed`,
`dbt run` (every model) and `dbt test` (every data test) separately on a fresh DuckDB file,
plus dbt's fixed start-up (`dbt parse`), and report the peak memory of each step. Then:

- the lifecycle models alone (`dbt run --select +mart_lifecycle_monthly --full-refresh`);
- a monthly incremental run: the history without its newest month is built first (not
  timed), then the `dbt run` that adds that month is timed;
- the floor, one hand-written DuckDB query (userops/floor.sql), and the same classification
  in pandas (userops/pandas_lifecycle.py; by default on sizes up to medium), each in its own
  process, from the raw Parquet to the monthly counts; each is checked equal to
  mart_lifecycle_monthly before its time is reported;
- ratios, with dbt's start-up taken off: lifecycle models / floor, pandas / lifecycle
  models, incremental / full run;
- the slowest nodes of the full and of the incremental run (dbt's run_results.json).

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
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from userops import PROJECT_DIR
from userops.duckdb_settings import duckdb_config
from userops.generate import SIZES, generate
from userops.rfm_reference import (
    PURCHASES_SQL,
    import_lifetimes,
    lifetimes_summary,
    rfm_differences,
)

RFM_MODELS = ["int_purchases", "int_user_rfm_summary", "dim_user_rfm"]


def run_step(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run one command in a child process: wall seconds and the child's own peak RSS in MiB.

    dbt-duckdb runs DuckDB inside the dbt process, so this is the engine's peak too. The
    child's last line of output, when it is a JSON object, is merged into the result.
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
    result = {"seconds": round(seconds, 2), "peak_mib": round(usage.ru_maxrss / 1024, 1)}
    last = output.strip().splitlines()[-1] if output.strip() else ""
    if last.startswith("{"):
        result.update(json.loads(last))
    return result


def input_vars(data_dir: Path, events_dir: Path | None = None) -> str:
    """The dbt vars pointing the project at one generated dataset."""
    events_dir = events_dir or data_dir / "events"
    return json.dumps(
        {
            "events_path": str(events_dir / "*.parquet"),
            **{
                f"{name}_path": str(data_dir / f"{name}.parquet")
                for name in ("users", "subscriptions", "messages")
            },
        }
    )


def dbt_env(data_root: Path, name: str) -> dict[str, str]:
    return {
        **os.environ,
        "USEROPS_DB": str(data_root / f"{name}.duckdb"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(data_root / f"target_{name}"),
        "DBT_LOG_PATH": str(data_root / "logs"),
    }


def bench_size(
    size: str,
    data_root: Path,
    dbt: str,
    rfm_repeats: int = 3,
    rfm_only: bool = False,
    pandas: bool = True,
) -> dict:
    users, months = SIZES[size]
    data_dir = data_root / size
    if not (data_dir / "messages.parquet").exists():
        print(f"[{size}] generating {users:,} users x {months} months ...", flush=True)
        generate(data_dir, users=users, months=months, progress=True)
    db_path = data_root / f"{size}.duckdb"
    rfm_only = rfm_only and db_path.exists()
    if not rfm_only:
        db_path.unlink(missing_ok=True)
    env = dbt_env(data_root, size)
    common = ["--vars", input_vars(data_dir), "--quiet"]
    steps: dict[str, dict] = {}
    if rfm_only:
        run_step([dbt, "seed", *common], env)  # the RFM models' seed, in case it changed
    else:
        print(f"[{size}] dbt parse, seed, run, test ...", flush=True)
        steps = {
            "dbt_parse": run_step([dbt, "parse", *common], env),
            "dbt_seed": run_step([dbt, "seed", *common], env),
            "dbt_run": run_step([dbt, "run", *common], env),
        }
        steps["dbt_run"]["slowest_nodes"] = slowest_nodes(env)
        steps["dbt_test"] = run_step([dbt, "test", "--exclude", "test_type:unit", *common], env)
        print(f"[{size}] the lifecycle models alone, and a monthly incremental run ...", flush=True)
        steps["dbt_lifecycle"] = run_step(
            [dbt, "run", "--select", "+mart_lifecycle_monthly", "--full-refresh", *common], env
        )
        steps["dbt_incremental"] = bench_incremental(data_root, size, dbt)
        # dbt's fixed start-up as the runs above have it: a warm parse (partial parsing).
        steps["dbt_startup"] = run_step([dbt, "parse", *common], env)
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = {
            "raw_events": con.execute(
                "select count(*) from staging.stg_app__events_validated"
            ).fetchone()[0],
            "user_months": con.execute("select count(*) from marts.fct_user_months").fetchone()[0],
        }
    baselines = {} if rfm_only else bench_baselines(size, data_dir, db_path, pandas)
    rfm = bench_rfm(db_path, env, common, dbt, rfm_repeats)
    result = {"size": size, "users": users, "months": months, **rows, "steps": steps}
    return {**result, "baselines": baselines, "ratios": ratios(steps, baselines), "rfm": rfm}


def bench_incremental(data_root: Path, size: str, dbt: str) -> dict:
    """A monthly run: build the history without its newest month (not timed), then time the
    `dbt run` that adds that month incrementally. The events are read through one folder of
    links to the generated files, as a scheduled run reads its exports: the newest month's
    file is linked there before the timed run (the input paths are part of the settings an
    incremental run checks, int_incremental_settings)."""
    data_dir = data_root / size
    parts = sorted((data_dir / "events").glob("part-*.parquet"))
    arriving = data_root / f"{size}_events_arriving"
    shutil.rmtree(arriving, ignore_errors=True)
    arriving.mkdir()
    for part in parts[:-1]:
        (arriving / part.name).symlink_to(part)
    name = f"{size}_incremental"
    env = dbt_env(data_root, name)
    Path(env["USEROPS_DB"]).unlink(missing_ok=True)
    run_step([dbt, "seed", "--vars", input_vars(data_dir, arriving), "--quiet"], env)
    run_step([dbt, "run", "--vars", input_vars(data_dir, arriving), "--quiet"], env)
    (arriving / parts[-1].name).symlink_to(parts[-1])
    step = run_step([dbt, "run", "--vars", input_vars(data_dir, arriving), "--quiet"], env)
    step["slowest_nodes"] = slowest_nodes(env)
    shutil.rmtree(arriving)
    return step


def node_results(env: dict[str, str]) -> list[dict]:
    """The nodes of the dbt command just run, with dbt's own timing (its run_results.json)."""
    return json.loads((Path(env["DBT_TARGET_PATH"]) / "run_results.json").read_text())["results"]


def slowest_nodes(env: dict[str, str], count: int = 6) -> list[dict]:
    """The `count` slowest nodes of the dbt command just run, by dbt's own timing (with 2 dbt
    threads, nodes overlap: the seconds add up to more than the wall time). Where the time of
    a run goes, reported beside it."""
    nodes = sorted(node_results(env), key=lambda node: -node["execution_time"])[:count]
    return [
        {"node": node["unique_id"].split(".")[-1], "seconds": round(node["execution_time"], 1)}
        for node in nodes
    ]


def bench_baselines(size: str, data_dir: Path, db_path: Path, pandas: bool) -> dict:
    """The floor (one hand-written DuckDB query) and pandas, each in its own process, checked
    equal to mart_lifecycle_monthly before their times are reported."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        mart = con.execute("select * from marts.mart_lifecycle_monthly order by month_start").df()
    kinds = ["floor", "pandas"] if pandas else ["floor"]
    results = {}
    for kind in kinds:
        print(f"[{size}] {kind} baseline ...", flush=True)
        out = db_path.with_name(f"{size}_{kind}.parquet")
        step = run_step(
            [
                sys.executable,
                "-m",
                "userops.bench",
                "--baseline",
                kind,
                "--events",
                str(data_dir / "events" / "*.parquet"),
                "--out",
                str(out),
                "--repeats",
                "3" if kind == "floor" else "1",
            ],
            {**os.environ},
        )
        result = pd.read_parquet(out)
        out.unlink()
        assert_same_months(result, mart, kind)
        results[kind] = {**step, "equal": True}
    return results


def assert_same_months(result: pd.DataFrame, mart: pd.DataFrame, kind: str) -> None:
    """The baseline's monthly counts equal the mart's: counts exactly, rate and revenue to
    1e-12 relative; else the benchmark stops, showing the difference."""
    try:
        pd.testing.assert_frame_equal(
            result.reset_index(drop=True)[list(mart.columns)],
            mart.reset_index(drop=True),
            check_exact=False,
            rtol=1e-12,
            check_dtype=False,
        )
    except AssertionError as error:
        message = f"bench: the {kind} baseline differs from mart_lifecycle_monthly\n{error}"
        raise SystemExit(message) from error


def ratios(steps: dict, baselines: dict) -> dict:
    """dbt's models (start-up, i.e. a `dbt parse`, taken off) against the floor and pandas, and
    the monthly incremental run against the full run."""
    if not steps:
        return {}
    startup = steps["dbt_startup"]["seconds"]
    full = steps["dbt_run"]["seconds"] - startup
    lifecycle = steps["dbt_lifecycle"]["seconds"] - startup
    incremental = steps["dbt_incremental"]["seconds"] - startup
    result = {
        "dbt_startup_seconds": startup,
        "dbt_models_seconds": round(full, 2),
        "dbt_lifecycle_models_seconds": round(lifecycle, 2),
        "dbt_incremental_models_seconds": round(incremental, 2),
        "incremental_over_full": round(incremental / full, 3),
    }
    if "floor" in baselines:
        floor = baselines["floor"]["best_seconds"]
        result["dbt_lifecycle_over_floor"] = round(lifecycle / floor, 2)
        result["dbt_all_models_over_floor"] = round(full / floor, 2)
    if "pandas" in baselines:
        result["pandas_over_dbt_lifecycle"] = round(
            baselines["pandas"]["best_seconds"] / lifecycle, 2
        )
    return result


def run_baseline(kind: str, events: str, out: Path, repeats: int) -> None:
    """Child process of bench_baselines: run one baseline `repeats` times, write its result,
    print the timings as JSON."""
    if kind == "floor":
        from userops.floor import run_floor as run
    else:
        from userops.pandas_lifecycle import run_pandas as run
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = run(events)
        seconds.append(round(time.perf_counter() - start, 2))
    result.to_parquet(out)
    print(json.dumps({"best_seconds": min(seconds), "all_seconds": seconds}))


def compiled_sql(target_path: Path, model_path: str) -> str:
    return (target_path / "compiled" / "userops" / "models" / model_path).read_text()


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
    startup, runs, node_seconds = [], [], []
    for _ in range(repeats):
        startup.append(run_step([dbt, "parse", *common], env)["seconds"])
        runs.append(run_step([dbt, "run", "--select", *RFM_MODELS, *common], env))
        node_seconds.append(round(sum(node["execution_time"] for node in node_results(env)), 2))
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
    header = f"{'size':<8}{'raw events':>13}{'user-months':>13}  {'step':<16}{'seconds':>9}"
    print("\n" + header + f"{'peak MiB':>10}")
    print("-" * (len(header) + 10))
    for result in (result for result in results if result["steps"]):
        rows = {**result["steps"], **{f"{k}_baseline": v for k, v in result["baselines"].items()}}
        for index, (step, figures) in enumerate(rows.items()):
            lead = (
                f"{result['size']:<8}{result['raw_events']:>13,}{result['user_months']:>13,}"
                if index == 0
                else " " * 34
            )
            seconds = figures.get("best_seconds", figures["seconds"])
            print(f"{lead}  {step:<16}{seconds:>9.2f}{figures['peak_mib']:>10.1f}")
        r = result["ratios"]
        lines = [
            f"dbt start-up (warm parse) {r['dbt_startup_seconds']:.1f} s, taken off the runs below",
            f"all models {r['dbt_models_seconds']:.1f} s; lifecycle models (+mart_lifecycle_"
            f"monthly) {r['dbt_lifecycle_models_seconds']:.1f} s; monthly incremental run "
            f"{r['dbt_incremental_models_seconds']:.1f} s = {r['incremental_over_full']:.0%} of "
            "the full run",
        ]
        if "dbt_lifecycle_over_floor" in r:
            lines.append(
                f"lifecycle models / floor {r['dbt_lifecycle_over_floor']:.2f}x "
                f"(all models / floor {r['dbt_all_models_over_floor']:.2f}x)"
            )
        if "pandas_over_dbt_lifecycle" in r:
            lines.append(f"pandas / lifecycle models {r['pandas_over_dbt_lifecycle']:.2f}x")
        for step, label in [("dbt_run", "full run"), ("dbt_incremental", "incremental run")]:
            nodes = result["steps"][step].get("slowest_nodes", [])
            lines.append(f"slowest nodes of the {label} (dbt's timing, overlapping):")
            lines += [f"  {node['seconds']:7.1f} s  {node['node']}" for node in nodes]
        for line in lines:
            print(f"{'':34}  {line}")
    print(
        "seconds: wall time of each step in its own process; floor = one hand-written DuckDB"
        " query\n(userops/floor.sql) and pandas = userops/pandas_lifecycle.py, from the raw"
        " Parquet to the\nmonthly counts, best of 3 (pandas 1), each checked equal to"
        " mart_lifecycle_monthly first."
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


def bench_size_in_child(size: str, args: argparse.Namespace) -> dict:
    """One size of several, measured by a process of its own. A child's peak memory
    (ru_maxrss) starts from its parent's at the fork, so after a large size had its RFM
    purchases in memory, every step of the next size would report that peak instead of its
    own."""
    out = args.json.resolve().with_name(f"{args.json.stem}_{size}.json")
    command = [
        sys.executable,
        "-m",
        "userops.bench",
        *["--sizes", size, "--data-root", str(args.data_root.resolve()), "--json", str(out)],
        *["--rfm-repeats", str(args.rfm_repeats), "--pandas-sizes", args.pandas_sizes],
        *(["--rfm-only"] if args.rfm_only else []),
    ]
    subprocess.run(command, cwd=PROJECT_DIR, check=True)
    (result,) = json.loads(out.read_text())
    out.unlink()
    return result


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
    parser.add_argument(
        "--pandas-sizes",
        default="tiny,small,medium",
        help="sizes on which the pandas baseline runs (it needs ~10x the events' memory)",
    )
    parser.add_argument("--baseline", choices=["floor", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--events", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline:  # the child process of bench_baselines
        run_baseline(args.baseline, args.events, args.out, args.repeats)
        return 0
    dbt = str(Path(sys.executable).parent / "dbt")
    args.data_root.mkdir(parents=True, exist_ok=True)
    pandas_sizes = args.pandas_sizes.split(",")
    sizes = args.sizes.split(",")
    if len(sizes) == 1:
        results = [
            bench_size(
                sizes[0],
                args.data_root.resolve(),
                dbt,
                args.rfm_repeats,
                args.rfm_only,
                pandas=sizes[0] in pandas_sizes,
            )
        ]
    else:
        results = [bench_size_in_child(size, args) for size in sizes]
    print_table(results)
    args.json.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
