"""DESIGN.md section 8 end to end: the four users A-D built from a CSV, compared cell by cell."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, DbtProject

EVENTS_CSV = str(FIXTURES / "worked_example_events.csv")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep"]

# DESIGN.md section 8, verbatim. "-" = before the user's first active month (no row).
EXPECTED_N2 = """
A | new | new_retained | retained | dormant | woken | dormant | churned | churned | returned
B | new | dormant | churned | returned | dormant | churned | churned | churned | churned
C | - | new | new_retained | retained | retained | retained | dormant | churned | churned
D | - | - | new | dormant | churned | churned | churned | churned | churned
"""
EXPECTED_N3 = """
A | new | new_retained | retained | dormant | woken | dormant | dormant | churned | returned
B | new | dormant | dormant | woken | dormant | dormant | churned | churned | churned
C | - | new | new_retained | retained | retained | retained | dormant | dormant | churned
D | - | - | new | dormant | dormant | churned | churned | churned | churned
"""


def parse_table(text: str) -> dict[tuple[str, int], str]:
    cells = {}
    for line in text.strip().splitlines():
        user, *states = (part.strip() for part in line.split("|"))
        for month, state in enumerate(states, start=1):
            if state != "-":
                cells[(user, month)] = state
    return cells


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """build(N): the worked example built with churn_after_inactive_months = N, once per N."""
    projects: dict[int, DbtProject] = {}

    def get(churn_after: int) -> DbtProject:
        if churn_after not in projects:
            project = DbtProject(tmp_path_factory.mktemp(f"worked_example_n{churn_after}"))
            project.run(
                "build",
                vars={"events_path": EVENTS_CSV, "churn_after_inactive_months": churn_after},
            )
            projects[churn_after] = project
        return projects[churn_after]

    return get


@pytest.mark.parametrize(
    ("churn_after", "expected"), [(2, EXPECTED_N2), (3, EXPECTED_N3)], ids=["N=2", "N=3"]
)
def test_every_user_month_state_matches_design(build, churn_after, expected):
    rows = build(churn_after).query(
        "select user_id, month(month_start), lifecycle_state from marts.fct_user_months"
    )
    assert {(user, month): state for user, month, state in rows} == parse_table(expected)


def test_april_rates_match_design(build):
    project = build(2)
    (row,) = project.query(
        """
        select
            new_user_retention_numerator, new_user_retention_denominator, new_user_retention_rate,
            old_user_retention_numerator, old_user_retention_denominator, old_user_retention_rate,
            wake_numerator, wake_denominator, wake_rate,
            win_back_numerator, win_back_denominator, win_back_rate,
            active_users
        from marts.mart_retention_rates
        where month_start = date '2024-04-01'
        """
    )
    assert row == (0, 1, 0.0, 1, 2, 0.5, 0, 0, None, 1, 1, 1.0, 2)
    (active_rate,) = project.query(
        "select monthly_active_rate from marts.mart_lifecycle_monthly "
        "where month_start = date '2024-04-01'"
    )[0]
    assert active_rate == 0.5


def test_reporting_month_is_newest_event_and_spine_is_complete(build):
    project = build(2)
    (reporting_month,) = project.query(
        "select strftime(reporting_month_start, '%Y-%m') from intermediate.int_reporting_period"
    )[0]
    assert reporting_month == "2024-09"
    # 9 + 9 + 8 + 7 user-months: every month from F through September, gaps included.
    assert project.query("select count(*) from marts.fct_user_months") == [(33,)]


def test_cohort_retention(build):
    rows = build(2).query(
        "select strftime(cohort_month_start, '%m'), months_since_first_active, cohort_size, "
        "active_users from marts.mart_cohort_retention where months_since_first_active <= 2 "
        "order by 1, 2"
    )
    assert rows == [
        ("01", 0, 2, 2), ("01", 1, 2, 1), ("01", 2, 2, 1),  # A and B; Feb: A; Mar: A
        ("02", 0, 1, 1), ("02", 1, 1, 1), ("02", 2, 1, 1),  # C
        ("03", 0, 1, 1), ("03", 1, 1, 0), ("03", 2, 1, 0),  # D
    ]  # fmt: skip


def test_no_users_input_leaves_attributes_null(build):
    project = build(2)
    assert project.query("select count(*) from marts.fct_user_months where plan is not null") == [
        (0,)
    ]
    assert project.query("select count(*) from staging.stg_app__users") == [(0,)]


def test_show_prints_the_latest_months_and_the_plan(build, capsys):
    from userops.show import describe_plan, main

    assert main(["--db", str(build(2).db_path), "--months", "3"]) == 0
    out = capsys.readouterr().out
    lines = [line.split() for line in out.splitlines() if line.startswith("2024-")]
    # July-September of the worked example: MAU 0, 0, 1 of 4 users; September: 1 returned.
    assert [line[0] for line in lines] == ["2024-07", "2024-08", "2024-09"]
    assert [line[8] for line in lines] == ["0", "0", "1"]
    assert "Plan for 2024-10" in out
    assert "Outreach queue: " in out
    assert describe_plan("2024-10", 2.0, 0.5, 0.85, None, 0.9, None, 0.25) == (
        "Plan for 2024-10: forecast MAU 2, active rate 50.0%, which misses the 85% target. "
        "To close the gap alone: new-user retention cannot alone, old-user retention 90.0%, "
        "wake cannot alone, win-back 25.0%."
    )


def test_show_warns_when_the_last_dbt_command_went_wrong(build, tmp_path, monkeypatch, capsys):
    from userops.show import describe_last_run, main

    project = build(2)
    monkeypatch.setenv("DBT_TARGET_PATH", str(project.target_path))  # the build's: all passed
    assert main(["--db", str(project.db_path)]) == 0
    assert "userops: the last dbt command" not in capsys.readouterr().err

    failed = {
        "metadata": {"generated_at": "2026-12-06T17:55:39.346155Z"},
        "args": {"which": "build"},
        "results": [{"status": s} for s in ["success", "error", "skipped", "skipped", "pass"]],
    }
    (tmp_path / "run_results.json").write_text(json.dumps(failed))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path))
    assert main(["--db", str(project.db_path)]) == 0  # the tables are still shown
    assert capsys.readouterr().err == (
        "userops: the last dbt command (`dbt build`, 2026-12-06 17:55 UTC) ended with 1 error, "
        "2 skipped: the numbers below may come from an earlier build, or be wrong. Fix what it "
        "reported and build again.\n"
    )
    tests_failed = {**failed, "results": [{"status": "fail"}, {"status": "warn"}]}
    assert "ended with 1 failed test:" in describe_last_run(tests_failed)
    assert describe_last_run({**failed, "results": [{"status": "warn"}]}) is None


def test_show_describes_the_quarantine():
    from userops.show import describe_quarantine

    assert describe_quarantine(12, []) == "Clean events: 12. Quarantined: none."
    assert describe_quarantine(1_990, [("duplicate_event", 8), ("missing_user_id", 2)]) == (
        "Clean events: 1,990. Quarantined: duplicate_event 8, missing_user_id 2 "
        "(0.50% of the raw rows)."
    )


def test_show_describes_the_outreach_queue():
    from userops.show import describe_queue

    assert describe_queue([]) == "Outreach queue: nobody to contact."
    rules = [("dormant_reminder_offer", "sms", 1200, "2026-01-01 11:00"),
             ("new_welcome", "email", 3, "2025-12-31 19:00")]  # fmt: skip
    assert describe_queue(rules) == (
        "Outreach queue: 1,203 users to contact, the first at 2025-12-31 19:00: "
        "dormant_reminder_offer (sms) 1,200, new_welcome (email) 3."
    )


def test_show_without_a_database_says_so(tmp_path, capsys):
    from userops.show import main

    assert main(["--db", str(tmp_path / "missing.duckdb")]) == 1
    assert "run `make demo` first" in capsys.readouterr().err


def test_show_on_a_half_built_database_says_so(tmp_path, capsys):
    import duckdb

    from userops.show import main

    db = tmp_path / "half_built.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema staging")
        con.execute("create table staging.stg_app__events (user_id varchar)")
    assert main(["--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"userops: the database at {db} lacks marts.mart_lifecycle_monthly" in err
    assert "staging.stg_app__events," not in err
    assert "run `make build` (or `make demo`) first" in err
