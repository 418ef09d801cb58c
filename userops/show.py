"""Print the latest months of the lifecycle marts as a compact table.

    python -m userops.show [--db data/userops.duckdb] [--months 6]

Reads the DuckDB file read-only, so it never holds the writer lock. Warns first (on stderr)
when the last dbt command, by its target/run_results.json, ended with errors, skipped nodes or
failed tests: the tables may then be an earlier build's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import duckdb

from userops import PROJECT_DIR, missing_tables, unreadable_database
from userops.duckdb_settings import database_path

# What it reads: the lifecycle and plan marts, the queue and the staged events.
TABLES = [
    "marts.mart_lifecycle_monthly",
    "marts.mart_retention_rates",
    "marts.mart_active_rate_plan",
    "marts.fct_outreach_queue",
    "staging.stg_app__events",
    "staging.stg_app__events_quarantine",
]

QUERY = """
select
    strftime(l.month_start, '%Y-%m') as month,
    l.new_users as new,
    l.new_retained_users as new_ret,
    l.retained_users as retained,
    l.woken_users as woken,
    l.returned_users as returned,
    l.dormant_users as dormant,
    l.churned_users as churned,
    l.active_users as mau,
    l.monthly_active_rate as active_rate,
    r.new_user_retention_rate as new_retention,
    r.old_user_retention_rate as old_retention,
    r.wake_rate as wake,
    r.win_back_rate as win_back
from marts.mart_lifecycle_monthly as l
inner join marts.mart_retention_rates as r using (month_start)
order by l.month_start desc
limit ?
"""


PLAN_QUERY = """
select
    strftime(forecast_month_start, '%Y-%m'),
    forecast_active_users,
    forecast_active_rate,
    target_active_rate,
    new_user_retention_required_rate,
    old_user_retention_required_rate,
    wake_required_rate,
    win_back_required_rate
from marts.mart_active_rate_plan
"""
LEVERS = ["new-user retention", "old-user retention", "wake", "win-back"]

QUEUE_QUERY = """
select rule_id, channel, count(*), strftime(min(suggested_send_at_local), '%Y-%m-%d %H:%M')
from marts.fct_outreach_queue
group by 1, 2
order by 3 desc, 1
"""


def describe_plan(month: str, mau: float, rate: float, target: float, *required) -> str:
    """One paragraph from mart_active_rate_plan: the forecast and what each lever needs."""
    needs = ", ".join(
        f"{lever} {value:.1%}" if value is not None else f"{lever} cannot alone"
        for lever, value in zip(LEVERS, required, strict=True)
    )
    verdict = "meets" if rate >= target else "misses"
    return (
        f"Plan for {month}: forecast MAU {mau:,.0f}, active rate {rate:.1%}, which {verdict} "
        f"the {target:.0%} target. To close the gap alone: {needs}."
    )


def describe_queue(rules: list[tuple[str, str, int, str]]) -> str:
    """One paragraph from fct_outreach_queue: how many users to contact, by rule and channel."""
    if not rules:
        return "Outreach queue: nobody to contact."
    total = sum(count for _, _, count, _ in rules)
    first = min(first_send for *_, first_send in rules)
    by_rule = ", ".join(f"{rule} ({channel}) {count:,}" for rule, channel, count, _ in rules)
    return f"Outreach queue: {total:,} users to contact, the first at {first}: {by_rule}."


def format_cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1%}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def render(columns: list[str], rows: list[tuple]) -> str:
    cells = [columns] + [[format_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def describe_quarantine(clean: int, quarantined: list[tuple[str, int]]) -> str:
    """The clean events, and the quarantined ones by reason with their share of the raw rows."""
    reasons = ", ".join(f"{reason} {count:,}" for reason, count in quarantined) or "none"
    rejected = sum(count for _, count in quarantined)
    share = f" ({rejected / (clean + rejected):.2%} of the raw rows)" if rejected else ""
    return f"Clean events: {clean:,}. Quarantined: {reasons}{share}."


# The statuses of run_results.json that make the tables suspect, with how to name them.
LAST_RUN_PROBLEMS = [
    ("error", "error", "errors"),
    ("fail", "failed test", "failed tests"),
    ("skipped", "skipped", "skipped"),
]


def describe_last_run(run_results: dict) -> str | None:
    """A warning when the last dbt command (its run_results.json) left errors, skipped nodes or
    failed tests: the tables read may then be those of an earlier build, or wrong."""
    statuses = [result["status"] for result in run_results["results"]]
    problems = [
        f"{count} {singular if count == 1 else plural}"
        for status, singular, plural in LAST_RUN_PROBLEMS
        if (count := statuses.count(status))
    ]
    if not problems:
        return None
    when = run_results["metadata"]["generated_at"][:16].replace("T", " ")
    return (
        f"userops: the last dbt command (`dbt {run_results['args']['which']}`, {when} UTC) "
        f"ended with {', '.join(problems)}: the numbers below may come from an earlier build, "
        "or be wrong. Fix what it reported and build again."
    )


def last_run_results() -> dict | None:
    """dbt's run_results.json of the last command (in DBT_TARGET_PATH, else target/)."""
    path = Path(os.environ.get("DBT_TARGET_PATH", PROJECT_DIR / "target")) / "run_results.json"
    return json.loads(path.read_text()) if path.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=database_path())
    parser.add_argument("--months", type=int, default=6)
    args = parser.parse_args(argv)
    if not os.path.exists(args.db):
        print(f"userops: no database at {args.db}; run `make demo` first.", file=sys.stderr)
        return 1
    try:
        with duckdb.connect(args.db, read_only=True) as con:
            missing = missing_tables(con, TABLES)
            if missing:
                print(
                    f"userops: the database at {args.db} lacks {', '.join(missing)}; "
                    "run `make build` (or `make demo`) first.",
                    file=sys.stderr,
                )
                return 1
            result = con.execute(QUERY, [args.months])
            columns = [d[0] for d in result.description]
            rows = list(reversed(result.fetchall()))
            quarantined = con.execute(
                "select rejection_reason, count(*) from staging.stg_app__events_quarantine "
                "group by 1 order by 2 desc, 1"
            ).fetchall()
            clean = con.execute("select count(*) from staging.stg_app__events").fetchone()[0]
            plan = con.execute(PLAN_QUERY).fetchone()
            queue = con.execute(QUEUE_QUERY).fetchall()
    except duckdb.Error as error:
        print(unreadable_database(args.db, error), file=sys.stderr)
        return 1
    run_results = last_run_results()
    warning = describe_last_run(run_results) if run_results else None
    if warning:
        print(warning, file=sys.stderr)
    print(f"\nLifecycle of the last {len(rows)} months (users; rates in %)\n")
    print(render(columns, rows))
    print("\n" + describe_quarantine(clean, quarantined))
    if plan:
        print(describe_plan(*plan))
    print(describe_queue(queue))
    return 0


if __name__ == "__main__":
    sys.exit(main())
