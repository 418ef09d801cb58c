"""Bad input gets a clear answer: bad rows are quarantined with a reason, never lost, and an
input that cannot be used at all stops the run with a message naming the file and the column."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import PROJECT_DIR, DbtProject, write_csv

# (event_id, user_id, event_at, event_type, amount, expected reason or "" for clean)
ROWS = [
    ("1", "u1", "2024-03-01 10:00:00", "login", "", ""),
    ("2", "u1", "2024-03-02 10:00:00", "payment", "49.00", ""),
    ("3", "u2", "2024-04-01T08:00:00+08:00", "login", "", ""),
    ("4", "", "2024-03-01 10:00:00", "login", "", "missing_user_id"),
    ("5", "u3", "", "login", "", "missing_event_at"),
    ("6", "u3", "last tuesday", "login", "", "unparseable_event_at"),
    ("7", "u3", "2024-02-30 10:00:00", "login", "", "unparseable_event_at"),
    ("8", "u3", "2999-01-01 00:00:00", "login", "", "future_event_at"),
    ("9", "u3", "2024-03-01 10:00:00", "", "", "missing_event_type"),
    ("10", "u3", "2024-03-01 10:00:00", "payment", "lots", "unparseable_amount"),
    ("11", "u3", "2024-03-01 10:00:00", "payment", "-10", "negative_amount"),
    ("12", "u1", "2024-03-03T10:00:00Z", "login", "", ""),
    ("13", "u1", "2024-03-03 10:00:00.123456", "login", "", ""),
    ("14", "u1", "2024-03-04 10:00:00", "payment", "1.5e2", ""),
    ("15", "u1", "2024-03-04 11:00:00", "login", "   ", ""),  # blank: no amount
    ("16", "u3", "1709287200", "login", "", "unparseable_event_at"),  # epoch: unit unknown
    ("17", "u3", "NULL", "login", "", "missing_event_at"),  # SQL Server's NULL
    ("18", "u3", "2024-03-01 10:00:00", "payment", '"12,50"', "unparseable_amount"),
    ("19", "u3", "2024-03-01 10:00:00", "payment", "$5", "unparseable_amount"),
    ("20", "u3", "2024-03-01 10:00:00", "payment", "NaN", "unparseable_amount"),
    ("21", "u3", "2024-03-01 10:00:00", "payment", "1e30", "unparseable_amount"),
    ("22", "NULL", "2024-03-01 10:00:00", "login", "", "missing_user_id"),
    ("23", " \\N ", "2024-03-01 10:00:00", "login", "", "missing_user_id"),  # MySQL's NULL
    ("24", "u1", "2024-03-05 10:00:00", "login", "\\N", ""),  # no amount
    ("25", "u1", "2024-03-05 11:00:00", "login", "NULL", ""),
    # An offset after a blank (Ruby's Time#to_s, Go's layouts): before, unparseable_event_at.
    ("26", "u1", "2024-03-06 10:00:00 +0000", "login", "", ""),
    ("27", "u2", "2024-03-31 22:00:00 -05:00", "login", "", ""),  # 1 April, 03:00 UTC
    # Not an offset after the time (Postgres would read UTC+08:00 as a POSIX zone, 16 h off),
    # and no offset (Postgres and Spark reject +25 hours): unreadable on every engine.
    ("28", "u3", "2024-03-06 10:00:00 UTC +0800", "login", "", "unparseable_event_at"),
    ("29", "u3", "2024-03-06 10:00:00 +2500", "login", "", "unparseable_event_at"),
    ("1", "u1", "2024-03-01 10:00:00", "login", "", "duplicate_event"),
    ("1", "u9", "2024-03-09 10:00:00", "login", "", "duplicate_event"),
]


SELECT_STAGED_EVENTS = ["base_app__events", "stg_app__events_validated"]


def one_event(tmp_path: Path) -> Path:
    """An events CSV with one clean row, for the tests of vars and configs."""
    return write_csv(tmp_path / "e.csv", "user_id,event_at,event_type", ["a,2024-01-05,login"])


def assert_refused(project: DbtProject, args: list[str], vars: dict, *messages: str):
    """The dbt command fails, and its output says every one of `messages`."""
    result = project.run(*args, vars=vars, check=False)
    assert result.returncode != 0
    for message in messages:
        assert message in result.output
    return result


def test_bad_rows_are_quarantined_not_lost(dbt_project: DbtProject, tmp_path: Path):
    events = write_csv(
        tmp_path / "events.csv",
        "event_id,user_id,event_at,event_type,amount",
        [",".join(row[:5]) for row in ROWS],
    )
    dbt_project.run("build", vars={"events_path": str(events)})

    expected_reasons: dict[str, int] = {}
    for row in ROWS:
        if row[5]:
            expected_reasons[row[5]] = expected_reasons.get(row[5], 0) + 1
    quarantined = dict(
        dbt_project.query(
            "select rejection_reason, count(*) from staging.stg_app__events_quarantine group by 1"
        )
    )
    assert quarantined == expected_reasons
    (clean,) = dbt_project.query("select count(*) from staging.stg_app__events")[0]
    assert clean == sum(1 for row in ROWS if not row[5])
    assert clean + sum(quarantined.values()) == len(ROWS)
    # The offset is honoured: 08:00+08:00 is midnight UTC on 1 April.
    assert dbt_project.query(
        "select strftime(event_at_utc at time zone 'UTC', '%Y-%m-%d %H:%M') "
        "from staging.stg_app__events where event_id = '3'"
    ) == [("2024-04-01 00:00",)]
    assert dbt_project.query(
        "select event_id, strftime(event_at_utc at time zone 'UTC', '%Y-%m-%d %H:%M') "
        "from staging.stg_app__events where event_id in ('26', '27') order by 1"
    ) == [("26", "2024-03-06 10:00"), ("27", "2024-04-01 03:00")]
    # The pipeline still ran: u1 and u2 have lifecycle rows through April.
    assert dbt_project.query(
        "select user_id, count(*) from marts.fct_user_months group by 1 order by 1"
    ) == [("u1", 2), ("u2", 1)]


def test_csv_null_texts_are_a_var(dbt_project: DbtProject, tmp_path: Path):
    """The texts read as NULL are the var csv_null_texts: with none, a user id written NULL
    is a user; with ['n/a'], an 'n/a' is missing. Anything but a list of texts is refused."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type",
        ["NULL,2024-01-05,login", "n/a,2024-01-06,login", "a,2024-01-07,login"],
    )
    for null_texts, users, rejected in [
        ([], [("NULL",), ("a",), ("n/a",)], []),
        (["n/a"], [("NULL",), ("a",)], [("missing_user_id",)]),
    ]:
        dbt_project.run(
            "run",
            "--select",
            *SELECT_STAGED_EVENTS,
            vars={"events_path": str(events), "csv_null_texts": null_texts},
        )
        assert (
            dbt_project.query(
                "select distinct user_id from staging.stg_app__events_validated"
                " where rejection_reason is null order by 1"
            )
            == users
        )
        assert (
            dbt_project.query(
                "select rejection_reason from staging.stg_app__events_validated"
                " where rejection_reason is not null"
            )
            == rejected
        )
    for value in [{"a": 1}, 5]:
        assert_refused(
            dbt_project,
            ["compile", "--select", "base_app__events"],
            {"events_path": str(events), "csv_null_texts": value},
            "userops: the var csv_null_texts must be a list of texts",
        )
    assert_refused(
        dbt_project,
        ["compile", "--select", "base_app__events"],
        {"events_path": str(events), "csv_null_texts": [None, "n/a"]},
        "In YAML a bare NULL is null: quote it, 'NULL'.",
    )


def test_minimal_csv_and_optional_users_csv(dbt_project: DbtProject, tmp_path: Path):
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type",
        ["a,2024-01-05 10:00:00,login", "a,2024-02-05 10:00:00,login", "b,2024-02-07 09:00,open"],
    )
    users = write_csv(
        tmp_path / "users.csv",
        "user_id,signed_up_at,plan,region,acquisition_cost",
        [
            "a,2024-03-01,free,west,1",  # a later sign-up of the same user: a duplicate
            "a,2024-01-01,pro,east,12.5",
            "b,2024-02-01,basic,north,oops",
            " ,2024-01-01,pro,east,3",
        ],
    )
    dbt_project.run("build", vars={"events_path": str(events), "users_path": str(users)})
    assert dbt_project.query(
        "select user_id, strftime(month_start, '%m'), lifecycle_state, plan, region "
        "from marts.fct_user_months order by 1, 2"
    ) == [
        ("a", "01", "new", "pro", "east"),
        ("a", "02", "new_retained", "pro", "east"),
        ("b", "02", "new", None, None),
    ]
    assert dbt_project.query(
        "select rejection_reason, count(*) from staging.stg_app__users_quarantine "
        "group by 1 order by 1"
    ) == [("duplicate_user", 1), ("missing_user_id", 1), ("unparseable_acquisition_cost", 1)]


def test_calendar_dates_keep_their_day_and_staging_its_instants(
    dbt_project: DbtProject, tmp_path: Path
):
    """A time given as a date alone (a Parquet DATE column, or CSV text `YYYY-MM-DD`) is that
    day's midnight in the business timezone: west of UTC, 1 February stays in February, and a
    subscription from 1 January starts in January. A naive time with a clock stays UTC, and
    the staged subscriptions name the same instant for a reader in another time zone (a table,
    not a view that reads the text again in the reader's session)."""
    events = tmp_path / "events.parquet"
    duckdb.sql(
        "copy (select * from (values ('u1', date '2024-01-15', 'login'),"
        " ('u1', date '2024-02-01', 'login'), ('u1', date '2024-03-01', 'login'))"
        f" as t (user_id, event_at, event_type)) to '{events}'"
    )
    subscriptions = write_csv(
        tmp_path / "subscriptions.csv",
        "user_id,started_at,ended_at,monthly_fee",
        ["u1,2024-01-01,2024-03-01 03:00:00,10"],
    )
    vars = {
        "events_path": str(events),
        "subscriptions_path": str(subscriptions),
        "timezone": "America/New_York",
    }
    dbt_project.run("run", "--select", "+fct_user_months", vars=vars)
    assert dbt_project.query(
        "select strftime(month_start, '%m'), lifecycle_state from marts.fct_user_months order by 1"
    ) == [("01", "new"), ("02", "new_retained"), ("03", "retained")]
    with duckdb.connect(str(dbt_project.db_path), read_only=True) as con:
        con.execute("set TimeZone = 'Asia/Tokyo'")
        assert con.execute(
            "select strftime(started_month_start, '%m'), epoch(started_at_utc),"
            " epoch(ended_at_utc) from staging.stg_app__subscriptions"
        ).fetchall() == [
            # 2024-01-01 05:00 UTC (midnight in New York); 2024-03-01 03:00 UTC
            ("01", 1704085200.0, 1709262000.0)
        ]


def test_missing_required_column_names_column_and_file(dbt_project: DbtProject, tmp_path: Path):
    events = write_csv(tmp_path / "events.csv", "user_id,event_at", ["a,2024-01-05 10:00:00"])
    assert_refused(
        dbt_project,
        ["build"],
        {"events_path": str(events)},
        "missing the required column(s) event_type",
        str(events),
    )


def test_messages_without_message_id_names_column_and_file(dbt_project: DbtProject, tmp_path: Path):
    """message_id is a required column of the messages input (DESIGN.md section 1)."""
    messages = write_csv(
        tmp_path / "messages.csv", "user_id,channel,sent_at", ["a,sms,2024-01-06 10:00:00"]
    )
    assert_refused(
        dbt_project,
        ["build", "--select", "base_app__messages"],
        {"events_path": str(one_event(tmp_path)), "messages_path": str(messages)},
        "missing the required column(s) message_id",
        str(messages),
    )


def test_no_matching_file_names_the_path(dbt_project: DbtProject, tmp_path: Path):
    pattern = str(tmp_path / "nowhere" / "*.parquet")
    assert_refused(
        dbt_project,
        ["build"],
        {"events_path": pattern},
        f"no file matches the events input path '{pattern}'",
    )


def test_invalid_churn_threshold_is_refused(dbt_project: DbtProject, tmp_path: Path):
    assert_refused(
        dbt_project,
        ["build", "--select", "int_user_months_classified"],
        {"events_path": str(one_event(tmp_path)), "churn_after_inactive_months": 0},
        "churn_after_inactive_months must be a whole number >= 1",
    )


@pytest.mark.parametrize("timezone", ["UTC+8", "GMT-5", "+08:00", "EST", "EST5EDT", 8])
def test_timezone_offsets_and_abbreviations_are_refused(
    dbt_project: DbtProject, tmp_path: Path, timezone
):
    """The engines read offsets and abbreviations differently (Postgres reads UTC+8 as eight
    hours west of UTC, DuckDB east): only UTC and IANA names are taken (see the test below
    for those)."""
    assert_refused(
        dbt_project,
        ["compile", "--select", "stg_app__events_validated"],
        {"events_path": str(one_event(tmp_path)), "timezone": timezone},
        f"userops: var timezone must be UTC or an IANA time zone name such as 'Asia/Shanghai'"
        f" or 'America/New_York', got '{timezone}'",
    )


def test_utc_and_iana_names_are_taken(dbt_project: DbtProject, tmp_path: Path):
    """UTC in any case, Area/Location names and IANA links without a slash build."""
    for timezone in ["utc", "Singapore", "Etc/GMT-8", "America/Argentina/Buenos_Aires"]:
        dbt_project.run(
            "compile",
            "--select",
            "stg_app__events_validated",
            vars={"events_path": str(one_event(tmp_path)), "timezone": timezone},
        )


@pytest.mark.parametrize(
    "model, var, value, minimum",
    [
        ("mart_active_rate_plan", "forecast_trailing_months", 0, 1),
        ("fct_user_preferences", "preference_trailing_months", 2.5, 1),
        ("fct_user_value_monthly", "arpu_trailing_months", "three", 1),
        ("fct_user_value_monthly", "value_drop_trailing_months", -1, 1),
        ("int_user_months_adoption", "adoption_trailing_months", 0, 1),
        ("dim_user_value", "value_growth_months", 0, 1),
        ("int_user_months_adoption", "adoption_mature_min_active_months", 0, 1),
        ("int_outreach_candidates", "outreach_monthly_cap", 2.5, 0),
        ("int_outreach_candidates", "outreach_min_gap_days", -1, 0),
        ("int_campaign_users", "experiment_revenue_days", "seven", 0),
    ],
)
def test_invalid_whole_numbers_are_refused(
    dbt_project: DbtProject, tmp_path: Path, model: str, var: str, value, minimum: int
):
    """Every trailing window in months is a whole number >= 1, and the outreach cap, the
    minimum gap and the A/B revenue window whole numbers >= 0 (whole_number_var): before, a
    window of 0 gave a plan with no forecast that still called the gap closable, and the cap,
    gap and revenue window reached the SQL as they were written."""
    assert_refused(
        dbt_project,
        ["compile", "--select", model],
        {"events_path": str(one_event(tmp_path)), var: value},
        f"userops: var {var} must be a whole number >= {minimum}, got {json.dumps(value)}.",
    )


@pytest.mark.parametrize(
    "value",
    [[11, 13], "11-13", [], [[11.5, 13]], [[13, 11]], [[0, 25]], [[11, 13, 15]], [["11", "x"]]],
)
def test_malformed_send_windows_are_refused(dbt_project: DbtProject, tmp_path: Path, value):
    """The send windows are [start_hour, end_hour] pairs of whole hours (send_windows): before,
    a bare pair stopped the run with "object of type 'int' has no len()", text hours with
    "'<=' not supported between instances of 'int' and 'str'", naming no var."""
    assert_refused(
        dbt_project,
        ["compile", "--select", "int_outreach_candidates"],
        {"events_path": str(one_event(tmp_path)), "outreach_send_windows": value},
        "userops: var outreach_send_windows must be a list of [start_hour, end_hour] pairs of"
        f" whole hours with 0 <= start < end <= 24, e.g. [[11, 13], [19, 21]]; got"
        f" {json.dumps(value)}.",
    )


def test_send_windows_written_as_text_are_read(dbt_project: DbtProject, tmp_path: Path):
    """Hours written as text (as env_var() gives them) are the hours, in any order of the
    windows: the queue's send time and its singular test compile the same SQL as with
    numbers."""
    compiled = {}
    for name, windows in {
        "numbers": [[11, 13], [19, 21]],
        "text": [["19", "21"], ["11", 13]],
    }.items():
        dbt_project.run(
            "compile",
            "--select",
            "int_outreach_candidates assert_outreach_queue_matches_its_rule",
            vars={"events_path": str(one_event(tmp_path)), "outreach_send_windows": windows},
        )
        compiled[name] = sorted(
            path.read_text()
            for path in (dbt_project.target_path / "compiled").rglob("*.sql")
            if path.stem in {"int_outreach_candidates", "assert_outreach_queue_matches_its_rule"}
        )
    assert len(compiled["numbers"]) == 2
    assert compiled["text"] == compiled["numbers"]


@pytest.mark.parametrize(
    "model, var, value, shown",
    [
        ("mart_active_rate_plan", "target_active_rate", "85%", '"85%"'),
        ("mart_active_rate_plan", "target_active_rate", 85, "85"),
        ("fct_user_value_monthly", "value_tier_mid_cutoff", 1.25, "1.25"),
        ("fct_value_alerts", "value_drop_share", -0.5, "-0.5"),
        ("fct_value_alerts", "value_drop_critical_share", True, "true"),
        ("fct_user_preferences", "preference_tag_share", "40%", '"40%"'),
        ("fct_user_preferences", "preference_tag_share", "forty", '"forty"'),
        ("mart_channel_performance", "channel_benchmark_read_rate", 35, "35"),
        ("int_user_months_adoption", "adoption_decline_ratio", 1.5, "1.5"),
    ],
)
def test_shares_outside_0_to_1_are_refused(
    dbt_project: DbtProject, tmp_path: Path, model: str, var: str, value, shown: str
):
    """A share (cut-off, target, drop share, benchmark rate) is a number from 0 to 1
    (share_var): before, a target of 85 for 85% built a plan 453,883 users short that passed
    every test, and '85%' failed with the engine's syntax error."""
    assert_refused(
        dbt_project,
        ["compile", "--select", model],
        {"events_path": str(one_event(tmp_path)), var: value},
        f"userops: var {var} must be a share from 0 to 1 (0.85 for 85%), got {shown}.",
    )


def test_numbers_written_as_text_are_read_as_numbers(dbt_project: DbtProject, tmp_path: Path):
    """YAML reads `5e-3` as text, and a var from env_var() is always text: a share or a whole
    number written so is read as the number (before share_var, 5e-3 built, and before
    whole_number_var validated it, an outreach cap of "3"; both must still)."""
    dbt_project.run(
        "compile",
        "--select",
        "mart_channel_performance",
        "fct_value_alerts",
        "int_outreach_candidates",
        "assert_outreach_queue_respects_caps_gaps_and_opt_outs",
        vars={
            "events_path": str(one_event(tmp_path)),
            "channel_benchmark_unsubscribe_rate": "5e-3",
            "value_drop_share": " 0.33333333 ",
            "outreach_monthly_cap": "3",
            "outreach_min_gap_days": "3",
        },
    )
    compiled = (dbt_project.target_path / "compiled").rglob("mart_channel_performance.sql")
    assert "unsubscribe_rate < 0.005" in next(compiled).read_text()
    compiled = (dbt_project.target_path / "compiled").rglob("fct_value_alerts.sql")
    assert "cast(1 - 0.33333333 as decimal(18, 12))" in next(compiled).read_text()
    compiled = (dbt_project.target_path / "compiled").rglob("int_outreach_candidates.sql")
    assert "message_count, 0) >= 3" in next(compiled).read_text()


@pytest.mark.parametrize(
    "model, var, value, rule, shown",
    [
        ("dim_user_value", "ltv_cac_warning_threshold", "1.5x", ">= 0", '"1.5x"'),
        ("dim_user_value", "service_cost_per_event", -15, ">= 0", "-15"),
        ("dim_user_value", "expected_relationship_years", 0, "> 0", "0"),
        ("int_user_months_purchase_cadence", "stockpile_interval_tolerance", True, ">= 0", "true"),
        (
            "int_user_months_adoption",
            "adoption_mature_min_monthly_events",
            "twenty",
            ">= 0",
            '"twenty"',
        ),
        ("mart_experiment_results", "experiment_z", 0, "> 0", "0"),
    ],
)
def test_numbers_out_of_range_are_refused(
    dbt_project: DbtProject, tmp_path: Path, model: str, var: str, value, rule: str, shown: str
):
    """A cost, threshold, tolerance or z value is a number in its range (number_var): before,
    '1.5x' reached the SQL as `< 1.5x` (the engine's syntax error) and a negative cost per
    service event made more service contacts score as cheaper to serve."""
    assert_refused(
        dbt_project,
        ["compile", "--select", model],
        {"events_path": str(one_event(tmp_path)), var: value},
        f"userops: var {var} must be a number {rule}, got {shown}.",
    )


@pytest.mark.parametrize(
    "yaml_vars, message",
    [
        (
            "churn_after_inactive_months: 2024-01-01",
            'var churn_after_inactive_months must be a whole number >= 1, got "2024-01-01".',
        ),
        (
            "value_score_weights: {spend: 2024-01-01, influence: 1}",
            'got {"influence": 1, "spend": "2024-01-01"}.',
        ),
    ],
)
def test_a_date_for_a_number_is_refused_naming_the_var(
    dbt_project: DbtProject, tmp_path: Path, yaml_vars: str, message: str
):
    """YAML reads 2024-01-01 as a date, which JSON cannot hold: the refusal still names the
    var and shows the value (before, every command stopped with 'Object of type date is not
    JSON serializable', naming neither)."""
    result = dbt_project.run(
        "compile", "--vars", f"{{events_path: '{one_event(tmp_path)}', {yaml_vars}}}", check=False
    )
    assert result.returncode != 0
    assert message in result.output


@pytest.mark.parametrize(
    "weights",
    [
        {"spend": 0.4, "influence": 0.3, "service_cost": 0.2},
        {"spend": 0.4, "influence": 0.3, "service_cost": 0.2, "growth": -0.1},
        {"spend": 0, "influence": 0, "service_cost": 0, "growth": 0},
        {"spend": "40%", "influence": 0.3, "service_cost": 0.2, "growth": 0.1},
    ],
)
def test_invalid_value_score_weights_are_refused(
    dbt_project: DbtProject, tmp_path: Path, weights: dict
):
    """The value score's weights: the four parts, each a number >= 0, not all 0 (before, the
    weights reached the SQL as written and were divided by their total, even of 0)."""
    assert_refused(
        dbt_project,
        ["compile", "--select", "dim_user_value"],
        {"events_path": str(one_event(tmp_path)), "value_score_weights": weights},
        "userops: var value_score_weights must give spend, influence, service_cost and growth"
        " each a number >= 0, not all 0, got ",
    )


def test_high_cutoff_above_mid_cutoff_is_refused(dbt_project: DbtProject, tmp_path: Path):
    """The mid cut-off includes the high tier: a high cut-off above it would leave no mid tier."""
    assert_refused(
        dbt_project,
        ["compile", "--select", "fct_user_value_monthly"],
        {
            "events_path": str(one_event(tmp_path)),
            "value_tier_high_cutoff": 0.3,
            "value_tier_mid_cutoff": 0.2,
        },
        "userops: var value_tier_high_cutoff (0.3) must not be above value_tier_mid_cutoff (0.2)",
    )


def test_no_active_event_stops_the_run(dbt_project: DbtProject, tmp_path: Path):
    """Clean events, but none of `active_event_types` (a misspelt type): the run stops at
    int_calendar_months naming the var and its value, instead of building empty marts."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type",
        ["a,2024-01-05 10:00:00,login", "b,2024-02-05 10:00:00,open"],
    )
    result = assert_refused(
        dbt_project,
        ["build"],
        {"events_path": str(events), "active_event_types": ["logn", "opn"]},
        "userops: no active user by the reporting month: no clean event up to it is of var "
        "active_event_types (logn, opn). Check the event types against those in stg_app__events.",
    )
    assert "int_calendar_months" in result.failed_nodes()
    statuses = result.statuses()
    assert statuses["model.userops.mart_lifecycle_monthly"] == "skipped"


def test_all_events_rejected_stops_the_run(dbt_project: DbtProject, tmp_path: Path):
    """Every event row quarantined: the build stops at int_reporting_period with the count,
    before any empty mart is built; the quarantine is there to read."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type",
        [",2024-03-01 10:00:00,login", "u1,last tuesday,login", "u2,2024-03-01 10:00:00,"],
    )
    result = dbt_project.run("build", vars={"events_path": str(events)}, check=False)
    assert result.returncode != 0
    assert (
        "userops: no clean events: all 3 event rows were quarantined "
        "(reasons in stg_app__events_quarantine)"
    ) in result.output
    assert "int_reporting_period" in result.failed_nodes()
    statuses = result.statuses()
    assert statuses["model.userops.fct_user_months"] == "skipped"
    assert statuses["model.userops.mart_lifecycle_monthly"] == "skipped"
    assert dbt_project.query("select count(*) from staging.stg_app__events_quarantine") == [(3,)]


QUARANTINE_SHARE_TEST = "events_quarantined_share_within_quarantine_warn_share"


def quarantine_share_result(result) -> dict:
    """The events quarantine-share test's entry of a dbt command's run_results."""
    (entry,) = [
        r
        for r in result.run_results["results"]
        if r["unique_id"].startswith(f"test.userops.{QUARANTINE_SHARE_TEST}")
    ]
    return entry


def test_quarantined_share_above_the_var_warns_without_stopping(
    dbt_project: DbtProject, tmp_path: Path
):
    """2 of 8 event rows quarantined (25%), for two reasons: the share test warns with a row
    per reason above `quarantine_warn_share` and passes at it (the bound is inclusive); the
    build goes on either way. A share outside [0, 1] is refused, naming the var."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type",
        [f"u{day},2024-03-0{day} 10:00:00,login" for day in range(1, 7)]
        + [",2024-03-01 10:00:00,login", "u1,last tuesday,login"],
    )
    vars = {"events_path": str(events)}
    built = dbt_project.run("build", vars={**vars, "quarantine_warn_share": 0.24})
    assert quarantine_share_result(built)["status"] == "warn"
    assert quarantine_share_result(built)["failures"] == 2  # one row per reason
    assert dbt_project.query("select count(*) from marts.fct_user_months") != [(0,)]
    at_bound = dbt_project.run(
        "test", "--select", QUARANTINE_SHARE_TEST, vars={**vars, "quarantine_warn_share": 0.25}
    )
    assert quarantine_share_result(at_bound)["status"] == "pass"
    default = dbt_project.run("test", "--select", QUARANTINE_SHARE_TEST, vars=vars)
    assert quarantine_share_result(default)["status"] == "warn"  # 25% > the default 1%
    assert_refused(
        dbt_project,
        ["test", "--select", QUARANTINE_SHARE_TEST],
        {**vars, "quarantine_warn_share": 1.5},
        "needs max_share between 0 and 1 (var quarantine_warn_share",
    )


def test_events_without_rows_stop_the_run(dbt_project: DbtProject, tmp_path: Path):
    events = write_csv(tmp_path / "events.csv", "user_id,event_at,event_type", [])
    assert_refused(
        dbt_project,
        ["run", "--select", "+int_reporting_period"],
        {"events_path": str(events)},
        "userops: no clean events: the events input has no rows",
    )


@pytest.mark.parametrize("as_of", ["2024-02-29", "2024-03-04"])
def test_as_of_before_the_first_event_stops_the_run(
    dbt_project: DbtProject, tmp_path: Path, as_of: str
):
    """Also in the first event's month: the events are counted up to the reporting date, so
    there would be nothing (before, a run as of the 4th stopped later, at int_calendar_months,
    blaming active_event_types). The first event's own date builds."""
    events = write_csv(
        tmp_path / "e.csv",
        "user_id,event_at,event_type",
        ["a,2024-03-05 10:00:00,login", "a,2024-04-05 10:00:00,login"],
    )
    assert_refused(
        dbt_project,
        ["run", "--select", "+int_reporting_period"],
        {"events_path": str(events), "as_of": as_of},
        f"userops: as_of {as_of} is before the first clean event (2024-03-05): nothing had"
        " happened by then.",
    )
    dbt_project.run(
        "run",
        "--select",
        "+int_calendar_months",
        vars={"events_path": str(events), "as_of": "2024-03-05"},
    )


def test_a_reporting_month_without_events_warns(dbt_project: DbtProject, tmp_path: Path):
    """An as_of in a month after the newest event (a scheduler's date over a stalled feed)
    builds, but its month would show everyone inactive: the build warns, naming it. A month
    with events, or an earlier one, does not. A month whose only events are not active ones
    (var active_event_types: a payment without a login) warns too, from the lifecycle mart
    (before, nothing warned: the feed had events), as does an as_of before the month's first
    event (a run on the 1st)."""
    events = write_csv(
        tmp_path / "e.csv",
        "user_id,event_at,event_type",
        ["a,2024-03-05 10:00:00,login", "a,2024-04-05 10:00:00,login"],
    )
    with_payment = write_csv(
        tmp_path / "p.csv",
        "user_id,event_at,event_type",
        ["a,2024-03-05 10:00:00,login", "a,2024-04-05 10:00:00,payment"],
    )
    feed_test = "int_reporting_period_reporting_month_has_events"
    active_test = "assert_reporting_month_has_active_users"
    cases = [
        ({"events_path": str(events), "as_of": "2024-05-02"}, "warn", "warn"),
        # April's event is on the 5th: as of the 1st, April has none yet (everyone inactive).
        ({"events_path": str(events), "as_of": "2024-04-01"}, "pass", "warn"),
        ({"events_path": str(events), "as_of": "2024-04-05"}, "pass", "pass"),
        ({"events_path": str(events), "as_of": "2024-03-31"}, "pass", "pass"),
        ({"events_path": str(with_payment), "active_event_types": ["login"]}, "pass", "warn"),
        ({"events_path": str(with_payment)}, "pass", "pass"),
    ]
    for build_vars, feed_status, active_status in cases:
        result = dbt_project.run(
            "build",
            "--select",
            "+mart_lifecycle_monthly",
            "--exclude",
            "resource_type:unit_test",
            "--indirect-selection",
            "cautious",
            "--full-refresh",
            vars=build_vars,
        )
        statuses = {
            r["unique_id"].split(".")[2]: r["status"] for r in result.run_results["results"]
        }
        assert (statuses[feed_test], statuses[active_test]) == (
            feed_status,
            active_status,
        ), build_vars


@pytest.mark.parametrize(
    "value, shown",
    [([], "[]"), ("plan", '"plan"'), (["plan", "country"], None), (["plan", "plan"], "twice")],
)
def test_invalid_segment_columns_are_refused(
    dbt_project: DbtProject, tmp_path: Path, value, shown: str | None
):
    """No column (before: the segment marts' SQL failed to parse), a bare name instead of a
    list, a column no breakdown can use, or one listed twice (before: the engine's
    'Duplicate CTE name'): the run stops naming the var."""
    if shown == "twice":
        message = 'userops: var segment_columns lists a column twice: ["plan", "plan"].'
    elif shown:
        message = (
            f"userops: var segment_columns must list at least one of plan, region, industry, "
            f"acquisition_channel, value_tier, got {shown}."
        )
    else:
        message = "userops: var segment_columns has 'country'; it can list plan, region"
    assert_refused(
        dbt_project,
        ["compile", "--select", "mart_lifecycle_by_segment"],
        {"events_path": str(one_event(tmp_path)), "segment_columns": value},
        message,
    )


@pytest.mark.parametrize("as_of", ["2024-02-30", "yesterday"])
def test_malformed_as_of_is_refused(dbt_project: DbtProject, tmp_path: Path, as_of: str):
    assert_refused(
        dbt_project,
        ["run", "--select", "+int_reporting_period"],
        {"events_path": str(one_event(tmp_path)), "as_of": as_of},
        f"userops: var as_of must be a date written YYYY-MM-DD, got '{as_of}'",
    )


def test_an_earlier_as_of_on_an_incremental_run_asks_for_a_full_refresh(
    dbt_project: DbtProject, tmp_path: Path
):
    """Months built through March, then an incremental run with as_of in January: the cut-off
    follows the input (February on), so February and March would stay as March's report built
    them. The run stops asking for a full refresh at int_reporting_period, before it changes;
    a model run alone stops at its own newest month. An as_of in the newest month goes on."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type",
        ["a,2024-01-05,login", "a,2024-02-05,login", "b,2024-03-05,login"],
    )
    inputs = {"events_path": str(events)}
    select = ["--select", "+int_user_months_aggregated"]
    dbt_project.run("run", *select, vars=inputs)
    dbt_project.run("run", *select, vars={**inputs, "as_of": "2024-03-20"})
    earlier = {**inputs, "as_of": "2024-01-20"}
    message = "userops: var as_of (2024-01-20) is in an earlier month than the newest month "
    for selected, holder in [
        (select, 'int_reporting_period" holds (2024-03-01)'),
        (
            ["--select", "int_user_months_aggregated"],
            'int_user_months_aggregated" holds (2024-03-01)',
        ),
    ]:
        assert_refused(
            dbt_project, ["run", *selected], earlier, message, holder, "`dbt build --full-refresh`"
        )
    with duckdb.connect(str(dbt_project.db_path), read_only=True) as con:
        assert con.execute(
            "select reporting_month_start from intermediate.int_reporting_period"
        ).fetchall() == [(date(2024, 3, 1),)]
    dbt_project.run("run", "--full-refresh", *select, vars=earlier)


def test_fractional_lookback_is_refused(dbt_project: DbtProject, tmp_path: Path):
    assert_refused(
        dbt_project,
        ["run", "--select", "+stg_app__events_validated"],
        {"events_path": str(one_event(tmp_path)), "incremental_lookback_months": 1.5},
        "incremental_lookback_months must be a whole number >= 0, got 1.5",
    )


def test_compression_of_a_missing_column_is_refused(dbt_project: DbtProject, tmp_path: Path):
    """meta.duckdb_column_compression naming a column the model lacks stops the model with a
    message naming the model and the column (a copy of the project with the config changed)."""
    project = tmp_path / "project"
    shutil.copytree(
        PROJECT_DIR,
        project,
        ignore=shutil.ignore_patterns(".*", "data", "target", "logs", "reports", "__pycache__"),
    )
    models_yml = project / "models" / "staging" / "app" / "_app__models.yml"
    text = models_yml.read_text()
    assert text.count("          user_id: uncompressed\n") == 1
    models_yml.write_text(
        text.replace("          user_id: uncompressed\n", "          userid: zstd\n")
    )
    assert_refused(
        dbt_project,
        ["run", "--project-dir", str(project), "--select", *SELECT_STAGED_EVENTS],
        {"events_path": str(one_event(tmp_path))},
        "meta.duckdb_column_compression of stg_app__events_validated names columns the model"
        " does not have: userid",
    )


@pytest.mark.parametrize("pattern", ["*", "events.*"])
def test_glob_of_csv_and_parquet_names_both(dbt_project: DbtProject, tmp_path: Path, pattern: str):
    """A glob matching a CSV and a Parquet file stops with a message naming the path and a file
    of each kind, not the Parquet reader's "No magic bytes" on the CSV."""
    folder = tmp_path / "exports"
    folder.mkdir()
    csv = write_csv(folder / "events.csv", "user_id,event_at,event_type", ["a,2024-01-05,login"])
    parquet = folder / "events.parquet"
    duckdb.sql(f"copy (from read_csv('{csv}')) to '{parquet}'")
    assert_refused(
        dbt_project,
        ["run", "--select", "base_app__events"],
        {"events_path": str(folder / pattern)},
        f"input path '{folder / pattern}' matches both CSV and Parquet files",
        str(csv),
        str(parquet),
    )


def test_csv_files_behind_a_parquet_glob_are_named(dbt_project: DbtProject, tmp_path: Path):
    """CSV files matched by a path without a CSV extension: the message says why they would be
    read as Parquet and how to name them."""
    folder = tmp_path / "exports"
    folder.mkdir()
    csv = write_csv(folder / "events.csv", "user_id,event_at,event_type", ["a,2024-01-05,login"])
    assert_refused(
        dbt_project,
        ["run", "--select", "base_app__events"],
        {"events_path": str(folder / "*")},
        f"matches CSV files (e.g. '{csv}') but is read as Parquet",
    )


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_a_file_of_a_glob_lacking_a_required_column_is_named(
    dbt_project: DbtProject, tmp_path: Path, suffix: str
):
    """The newest month's export renamed event_type: the reader's union by name would fill it
    with NULLs and quarantine that month's rows as missing_event_type (below the warning share
    beside a larger history). The run stops naming that file and the column instead."""
    folder = tmp_path / "exports"
    folder.mkdir()
    files = [
        write_csv(
            folder / "events_2024_01.csv", "user_id,event_at,event_type", ["a,2024-01-05,login"]
        ),
        write_csv(folder / "events_2024_02.csv", "user_id,event_at,type", ["a,2024-02-05,login"]),
    ]
    if suffix == "parquet":
        for file in files:
            duckdb.sql(f"copy (from read_csv('{file}')) to '{file.with_suffix('.parquet')}'")
            file.unlink()
    lacking = folder / f"events_2024_02.{suffix}"
    pattern = str(folder / f"events_*.{suffix}")
    assert_refused(
        dbt_project,
        ["run", "--select", "base_app__events"],
        {"events_path": pattern},
        f"userops: the events input file '{lacking}' is missing the required column(s) "
        f"event_type (1 of the 2 files matching '{pattern}' lack a required column). Columns "
        "found: user_id, event_at, type.",
    )
    # Without the renamed file, files without rows pass whatever their header: an empty
    # export of a quiet day, one with only another header (nothing of theirs to lose).
    lacking.unlink()
    if suffix == "csv":
        (folder / "events_2024_03.csv").write_text("")
        write_csv(folder / "events_2024_04.csv", "user_id,event_at,type", [])
    dbt_project.run("run", "--select", "base_app__events", vars={"events_path": pattern})


def test_a_glob_mixing_date_and_timestamp_files_is_refused(dbt_project: DbtProject, tmp_path: Path):
    """One month's Parquet export stores event_at as a DATE, the others as timestamps: the
    union widened the date to midnight UTC, so in New York the event of 1 April counted in
    March. The run stops naming the column and a file of each kind, also when the timestamp
    file has no rows (its schema still widens the dates); files of dates alone read each date
    as its business-time day (April)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    timestamps, dates = folder / "events_2024_03.parquet", folder / "events_2024_04.parquet"
    duckdb.sql(
        "copy (select 'u1' as user_id, timestamp '2024-03-10 12:00:00' as event_at,"
        f" 'login' as event_type) to '{timestamps}'"
    )
    duckdb.sql(
        "copy (select 'u1' as user_id, date '2024-04-01' as event_at, 'login' as event_type)"
        f" to '{dates}'"
    )
    pattern = str(folder / "*.parquet")
    assert_refused(
        dbt_project,
        ["run", "--select", "base_app__events"],
        {"events_path": pattern, "timezone": "America/New_York"},
        f"userops: the events input files matching '{pattern}' store event_at as DATE in"
        f" '{dates}' but as TIMESTAMP in '{timestamps}'",
        "Write event_at with one type in every file (all dates, or all timestamps).",
    )
    # A timestamp file without rows widens the dates all the same.
    timestamps.unlink()
    empty = folder / "events_2024_05.parquet"
    duckdb.sql(
        "copy (select 'u1' as user_id, timestamp '2024-05-01 00:00:00' as event_at,"
        f" 'login' as event_type limit 0) to '{empty}'"
    )
    assert_refused(
        dbt_project,
        ["run", "--select", "base_app__events"],
        {"events_path": pattern, "timezone": "America/New_York"},
        f"store event_at as DATE in '{dates}' but as TIMESTAMP in '{empty}'",
    )
    empty.unlink()
    duckdb.sql(
        "copy (select 'u2' as user_id, date '2024-03-01' as event_at, 'login' as event_type)"
        f" to '{folder / 'events_2024_03b.parquet'}'"
    )
    variables = {"events_path": pattern, "timezone": "America/New_York"}
    dbt_project.run("run", "--select", "+stg_app__events_validated", vars=variables)
    assert dbt_project.query(
        "select user_id, strftime(partition_month_start, '%Y-%m')"
        " from staging.stg_app__events_validated order by 1"
    ) == [("u1", "2024-04"), ("u2", "2024-03")]


def test_event_id_type_change_asks_for_a_full_refresh(dbt_project: DbtProject, tmp_path: Path):
    """Integer event ids (Parquet) kept by one run, text ids (CSV) in the next: the incremental
    run stops naming the change, not at the engine's VARCHAR/BIGINT binder error; a full
    refresh then builds."""
    csv = write_csv(
        tmp_path / "e.csv", "event_id,user_id,event_at,event_type", ["x1,a,2024-01-05,login"]
    )
    parquet = tmp_path / "e.parquet"
    duckdb.sql(
        "copy (select 1::bigint as event_id, 'a' as user_id, timestamp '2024-01-05 10:00:00'"
        f" as event_at, 'login' as event_type) to '{parquet}'"
    )
    select = ["--select", "+stg_app__events_validated"]
    dbt_project.run("run", *select, vars={"events_path": str(parquet)})
    assert_refused(
        dbt_project,
        ["run", *select],
        {"events_path": str(csv)},
        "userops: the events input's event_id is now text or absent, but",
        "was built by an earlier run from integer ids",
        "dbt build --full-refresh",
    )
    dbt_project.run("run", *select, "--full-refresh", vars={"events_path": str(csv)})
    assert dbt_project.query("select event_id from staging.stg_app__events_validated") == [("x1",)]


def test_ragged_csv_rows_are_quarantined_not_lost(dbt_project: DbtProject, tmp_path: Path):
    """A CSV row with a field too many or too few is quarantined as too_many_fields or
    too_few_fields, inside the sniffer's sample (a short row on line 2) and far beyond it
    (DuckDB samples about 20,000 rows: a long row there was once a crash, and with lenient
    options its extra field would have been dropped silently), also 20 fields too many in
    the sample. A quoted value holding the delimiter beyond the sample is one field, and a
    quoted empty value is empty. Every raw line is one staged row."""
    header = "event_id,user_id,event_at,event_type,amount"
    clean = [f"{i},u{i % 50},2024-03-05 10:00:00,login," for i in range(3, 30_003)]
    ragged = {
        "too_few_fields": ["1,u1,2024-03-01 10:00:00", "30003,u1"],
        "too_many_fields": [
            "2,u1,2024-03-01 10:00:00,login," + ",x" * 20,
            "30004,u2,2024-03-01 10:00:00,payment,5,extra",
            "30005,u2,2024-03-01 10:00:00,payment,5,extra,more",
            "30006,u2,2024-03-01 10:00:00,login,,x",
        ],
    }
    quoted = ['30007,"u,3",2024-03-06 10:00:00,"say ""hi""",""', '30008,u4,2024-03-06,"pay",7']
    lines = [ragged["too_few_fields"][0], ragged["too_many_fields"][0], *clean]
    lines += [ragged["too_few_fields"][1], *ragged["too_many_fields"][1:], *quoted]
    events = write_csv(tmp_path / "events.csv", header, lines)
    dbt_project.run(
        "build",
        "--select",
        "base_app__events",
        "stg_app__events_validated",
        "stg_app__events",
        "stg_app__events_quarantine",
        vars={"events_path": str(events)},
    )

    assert dict(
        dbt_project.query(
            "select rejection_reason, count(*) from staging.stg_app__events_quarantine group by 1"
        )
    ) == {reason: len(rows) for reason, rows in ragged.items()}
    assert dbt_project.query("select count(*) from staging.stg_app__events") == [
        (len(clean) + len(quoted),)
    ]
    assert dbt_project.query("select count(*) from staging.stg_app__events_validated") == [
        (len(lines),)
    ]
    # What the short and long rows held, from the left, is in the quarantine.
    assert dbt_project.query(
        "select event_id, user_id, event_at_raw, amount_raw from staging.stg_app__events_quarantine"
        " where event_id in ('30003', '30005') order by 1"
    ) == [("30003", "u1", None, None), ("30005", "u2", "2024-03-01 10:00:00", "5")]
    assert dbt_project.query(
        "select event_id, user_id, event_type, amount from staging.stg_app__events"
        " where event_id in ('30007', '30008') order by 1"
    ) == [("30007", "u,3", 'say "hi"', None), ("30008", "u4", "pay", 7)]


def test_an_outreach_log_without_delivery_is_not_quarantined(
    dbt_project: DbtProject, tmp_path: Path
):
    """A messages file without a delivered_at column (a push tool that records sends and
    opens only) does not track delivery: its reads are clean, not funnel_without_delivery,
    and the channel mart reports delivery as unknown and the read rate over sent messages.
    A file with the column, empty on a read message, still quarantines it."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type",
        ["a,2024-01-05,login", "b,2024-01-06,login", "c,2024-01-07,login"],
    )
    untracked = write_csv(
        tmp_path / "push.csv",
        "message_id,user_id,channel,sent_at,read_at",
        ["m1,a,push,2024-01-06 10:00:00,2024-01-06 11:00:00", "m2,b,push,2024-01-06 10:00:00,"],
    )
    variables = {"events_path": str(events), "messages_path": str(untracked)}
    dbt_project.run("build", "--exclude", "resource_type:unit_test", vars=variables)
    assert dbt_project.query("select count(*) from staging.stg_app__messages_quarantine") == [(0,)]
    assert dbt_project.query(
        "select channel, sent_messages, delivered_messages, read_messages, delivery_rate,"
        " read_rate, is_delivery_benchmark_met from marts.mart_channel_performance"
    ) == [("push", 2, None, 1, None, 0.5, None)]

    tracked = write_csv(
        tmp_path / "sms.csv",
        "message_id,user_id,channel,sent_at,delivered_at,read_at",
        ["m1,a,sms,2024-01-10 10:00:00,,2024-01-10 11:00:00"],
    )
    variables["messages_path"] = str(tracked)
    dbt_project.run(
        "build",
        "--select",
        "staging",
        "--indirect-selection",
        "cautious",
        "--full-refresh",
        vars=variables,
    )
    assert dbt_project.query(
        "select message_id, rejection_reason from staging.stg_app__messages_quarantine"
    ) == [("m1", "funnel_without_delivery")]


def events_and_a_messages_folder(tmp_path: Path) -> tuple[Path, Path]:
    """Users a, b and c active in January and February, and an empty folder for the exports
    of an outreach log (the tests of delivery tracked per file)."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type",
        ["a,2024-01-05,login", "b,2024-02-06,login", "c,2024-02-07,login"],
    )
    folder = tmp_path / "messages"
    folder.mkdir()
    return events, folder


@pytest.mark.parametrize("extension", ["csv", "parquet"])
def test_each_file_of_an_outreach_log_says_whether_it_tracks_delivery(
    dbt_project: DbtProject, tmp_path: Path, extension: str
):
    """A glob of exports from before and after the tool tracked delivery: each row follows
    its own file (a review found every file taken as tracking as soon as one had the column,
    and the older reads quarantined). A header-only file changes nothing."""
    events, folder = events_and_a_messages_folder(tmp_path)
    exports = {
        "2024_01": (
            "message_id,user_id,channel,sent_at,read_at",
            ["m1,a,push,2024-01-05 10:00:00,2024-01-05 11:00:00", "m2,b,push,2024-01-05 10:00:00,"],
        ),
        "2024_02": (
            "message_id,user_id,channel,sent_at,delivered_at,read_at",
            [
                "m3,b,push,2024-02-06 10:00:00,2024-02-06 10:00:01,2024-02-06 11:00:00",
                "m4,c,push,2024-02-06 10:00:00,,2024-02-06 11:00:00",
            ],
        ),
        "2024_03": ("message_id,user_id,channel,sent_at,delivered_at,read_at", []),
    }
    for name, (header, lines) in exports.items():
        csv = write_csv(tmp_path / f"{name}.csv", header, lines)
        if extension == "csv":
            shutil.copy(csv, folder / f"{name}.csv")
        else:
            duckdb.sql(
                f"copy (select * from read_csv('{csv}', all_varchar = true, header = true))"
                f" to '{folder / name}.parquet' (format parquet)"
            )
    variables = {"events_path": str(events), "messages_path": str(folder / f"*.{extension}")}
    dbt_project.run("build", "--exclude", "resource_type:unit_test", vars=variables)
    assert dbt_project.query(
        "select message_id, is_delivery_tracked, rejection_reason"
        " from staging.stg_app__messages_validated order by 1"
    ) == [
        ("m1", False, None),
        ("m2", False, None),
        ("m3", True, None),
        ("m4", True, "funnel_without_delivery"),
    ]
    assert dbt_project.query(
        "select strftime(month_start, '%m'), sent_messages, delivered_messages, read_rate"
        " from marts.mart_channel_performance order by 1"
    ) == [("01", 2, None, 0.5), ("02", 1, 1, 1.0)]


def test_a_delivered_at_of_parquet_null_type_is_not_tracked(
    dbt_project: DbtProject, tmp_path: Path
):
    """pandas writes a column that is None on every row as Parquet's null type: an outreach
    export whose delivered_at was never filled. It tracks no delivery, as if the column were
    absent (before, every read was quarantined as funnel_without_delivery), alone and as one
    file of a glob whose other file has real delivery times."""
    events, folder = events_and_a_messages_folder(tmp_path)
    sent = pa.array([datetime(2024, 1, 5, 10), datetime(2024, 1, 5, 10)])
    pq.write_table(
        pa.table(
            {
                "message_id": ["m1", "m2"],
                "user_id": ["a", "b"],
                "channel": ["push", "push"],
                "sent_at": sent,
                "delivered_at": pa.nulls(2),
                "read_at": pa.array([datetime(2024, 1, 5, 11), None]),
            }
        ),
        folder / "2024_01.parquet",
    )
    variables = {"events_path": str(events), "messages_path": str(folder / "2024_01.parquet")}
    query = (
        "select message_id, is_delivery_tracked, rejection_reason"
        " from staging.stg_app__messages_validated order by 1"
    )
    dbt_project.run("run", "--select", "staging", vars=variables)
    assert dbt_project.query(query) == [("m1", False, None), ("m2", False, None)]

    pq.write_table(
        pa.table(
            {
                "message_id": ["m3", "m4"],
                "user_id": ["b", "c"],
                "channel": ["push", "push"],
                "sent_at": pa.array([datetime(2024, 2, 6, 10), datetime(2024, 2, 6, 10)]),
                "delivered_at": pa.array([datetime(2024, 2, 6, 10, 0, 1), None]),
                "read_at": pa.array([datetime(2024, 2, 6, 11), datetime(2024, 2, 6, 11)]),
            }
        ),
        folder / "2024_02.parquet",
    )
    variables["messages_path"] = str(folder / "*.parquet")
    dbt_project.run(
        "run",
        "--select",
        "staging",
        "--full-refresh",
        vars=variables,
    )
    assert dbt_project.query(query) == [
        ("m1", False, None),
        ("m2", False, None),
        ("m3", True, None),
        ("m4", True, "funnel_without_delivery"),
    ]


def test_ragged_rows_of_every_csv_input_are_quarantined(dbt_project: DbtProject, tmp_path: Path):
    """The same for users, subscriptions and messages, and for one file of a glob whose files
    order their columns differently: each row lands in its own input's quarantine."""
    folder = tmp_path / "events"
    folder.mkdir()
    write_csv(folder / "2024_01.csv", "user_id,event_at,event_type", ["a,2024-01-05,login"])
    write_csv(
        folder / "2024_02.csv",
        "event_type,user_id,event_at",
        ["login,b,2024-02-06", "login,c,2024-02-07,x", "login,d"],
    )
    users = write_csv(tmp_path / "users.csv", "user_id,plan", ["a,pro", "b", "c,pro,x"])
    subscriptions = write_csv(
        tmp_path / "subscriptions.csv",
        "user_id,started_at,monthly_fee",
        ["a,2024-01-01,10", "b,2024-02-01", "c,2024-02-01,10,x"],
    )
    messages = write_csv(
        tmp_path / "messages.csv",
        "message_id,user_id,channel,sent_at",
        ["m1,a,sms,2024-01-06 10:00:00", "m2,b,sms", "m3,c,sms,2024-02-08 10:00:00,x"],
    )
    dbt_project.run(
        "build",
        "--select",
        "staging",
        "--indirect-selection",
        "cautious",
        vars={
            "events_path": str(folder / "*.csv"),
            "users_path": str(users),
            "subscriptions_path": str(subscriptions),
            "messages_path": str(messages),
        },
    )
    for input_name, clean_id, id_column in [
        ("events", "b", "user_id"),
        ("users", "a", "user_id"),
        ("subscriptions", "a", "user_id"),
        ("messages", "m1", "message_id"),
    ]:
        quarantined = dbt_project.query(
            f"select rejection_reason, count(*) from staging.stg_app__{input_name}_quarantine"
            " group by 1 order by 1"
        )
        assert quarantined == [("too_few_fields", 1), ("too_many_fields", 1)], input_name
        staged = dbt_project.query(f"select {id_column} from staging.stg_app__{input_name}")
        assert (clean_id,) in staged, input_name
    assert dbt_project.query("select user_id from staging.stg_app__events order by 1") == [
        ("a",),
        ("b",),
    ]
    # Each file of the glob is sniffed once (its reader is built once, for the read and for the
    # checks that compare the files), not again for each check.
    log = (dbt_project.work_dir / "logs" / "dbt.log").read_text()
    for file in sorted(folder.glob("*.csv")):
        assert log.count(f"sniff_csv('{file}', null_padding = true)") == 1, file


def test_valid_csv_forms_are_read_whole(dbt_project: DbtProject, tmp_path: Path):
    """Forms of valid CSV that the ragged-row reader must still read as DuckDB's own reader
    does (a review found each stopping the run or quarantining every row): a quoted value
    holding a line break, inside and beyond the sniffer's sample; lines before the header
    (a title, a blank line); header names equal ignoring case (the second gets `_1`); rows
    ending in a delimiter the header lacks, and a header ending in one the rows lack or fill
    (an empty or blank field is no field too many; an unnamed column is a column); a value
    holding a blank line."""
    header = "event_id,user_id,event_at,event_type,channel"
    many = [f"{i},u{i % 7},2024-03-05 10:00:00,login,web" for i in range(100, 30_100)]
    files = {
        "multiline": (
            header,
            ['1,u1,2024-03-05 10:00:00,"two\nlines",web', *many, '2,u2,2024-03-06,"a\nb",ios'],
        ),
        "title": ("Exported by the app\n\n" + header, ["1,u1,2024-03-05 10:00:00,login,web"]),
        "case": ("event_id,user_id,USER_ID,event_at,event_type", ["1,u1,x,2024-03-05,login"]),
        "rows_trailing": (header, ["1,u1,2024-03-05,login,web,", "2,u2,2024-03-06,login,ios,"]),
        "header_trailing": (header + ",", ["1,u1,2024-03-05,login,web"]),
        "header_unnamed_filled": (header + ",", ["1,u1,2024-03-05,login,web,x"]),
        "rows_blank_extra": (header, ["1,u1,2024-03-05,login,web,  ", "2,u2,2024-03-06,a,b, , "]),
        "one_blank_value_with_line_breaks": (header, ['1,u1,2024-03-05,"a\n\nb",web']),
    }
    for name, (head, lines) in files.items():
        events = write_csv(tmp_path / f"{name}.csv", head, lines)
        dbt_project.run(
            "run",
            "--select",
            "base_app__events",
            "stg_app__events_validated",
            "--full-refresh",
            vars={"events_path": str(events)},
        )
        assert dbt_project.query(
            "select count(*), count(rejection_reason) from staging.stg_app__events_validated"
        ) == [(len(lines), 0)], name
        if name == "multiline":
            assert dbt_project.query(
                "select event_type from staging.stg_app__events_validated"
                " where event_id in ('1', '2') order by event_id"
            ) == [("two\nlines",), ("a\nb",)]


def test_csv_beyond_repair_stops_naming_the_line(dbt_project: DbtProject, tmp_path: Path):
    """Beyond the sniffer's sample, more than 16 fields too many (more than the sample's
    widest row allows for) is not a ragged row of a CSV but not CSV: the run stops with
    DuckDB's error naming the line."""
    clean = [f"u{i},2024-01-05,login" for i in range(30_000)]
    too_wide = write_csv(
        tmp_path / "wide.csv",
        "user_id,event_at,event_type",
        [*clean, "b,2024-01-06,login" + ",x" * 17],
    )
    assert_refused(
        dbt_project,
        ["run", "--select", "base_app__events", "stg_app__events_validated"],
        {"events_path": str(too_wide)},
        "CSV Error on Line: 30002",
    )


def test_unterminated_quote_stops_naming_the_file(dbt_project: DbtProject, tmp_path: Path):
    """A quote that is never closed takes the rest of the file into one value, which DuckDB's
    reader then drops with every row after it, without an error (29,900 of 30,000 events
    were lost in a review). Every line must be read: the run stops, naming the file."""
    lines = [f"{i},u{i},2024-01-05,login" for i in range(30_000)]
    lines[100] = '100,u100,2024-01-05,"login'
    events = write_csv(tmp_path / "quote.csv", "event_id,user_id,event_at,event_type", lines)
    assert_refused(
        dbt_project,
        ["run", "--select", "base_app__events", "stg_app__events_validated"],
        {"events_path": str(events)},
        f"userops: the CSV file '{events}' could not be read to its end",
        "A quote is opened and never closed",
    )


def test_one_column_header_is_not_a_title(dbt_project: DbtProject, tmp_path: Path):
    """A one-column users file whose rows have a field too many: its header `user_id` has no
    delimiter, like a title line, but names a contract column, so it stays the header and
    the rows are quarantined (not a data row taken for the header)."""
    users = write_csv(tmp_path / "users.csv", "user_id", [f"u{i},x" for i in range(10)])
    dbt_project.run(
        "run",
        "--select",
        "base_app__users",
        "stg_app__users_validated",
        vars={"events_path": str(one_event(tmp_path)), "users_path": str(users)},
    )
    assert dbt_project.query(
        "select rejection_reason, count(*) from staging.stg_app__users_validated group by 1"
    ) == [("too_many_fields", 10)]


def test_csv_whose_header_and_rows_split_differently_is_refused(
    dbt_project: DbtProject, tmp_path: Path
):
    """A header split by commas over (ragged) rows split by semicolons: DuckDB's sniffer
    takes the rows' delimiter and reads the header line as one column; the message says so,
    not that user_id, event_at and event_type are missing."""
    events = write_csv(
        tmp_path / "events.csv",
        "user_id,event_at,event_type",
        ["a;2024-01-05;login", "b;2024-01-06"],
    )
    result = assert_refused(
        dbt_project,
        ["run", "--select", "base_app__events"],
        {"events_path": str(events)},
        f"the events input '{events}' could not be split into columns",
        "'user_id,event_at,event_type'",
    )
    assert "missing the required column" not in result.output


def test_csv_split_differently_in_a_glob_is_named(dbt_project: DbtProject, tmp_path: Path):
    """The same, for one file of several: the file is named, not the glob."""
    folder = tmp_path / "exports"
    folder.mkdir()
    header = "user_id,event_at,event_type"
    write_csv(folder / "events_2024_01.csv", header, ["a,2024-01-05,login"])
    odd = write_csv(folder / "events_2024_02.csv", header, ["b;2024-02-06;login", "c;2024-02-07"])
    result = assert_refused(
        dbt_project,
        ["run", "--select", "base_app__events"],
        {"events_path": str(folder / "*.csv")},
        f"the events input file '{odd}' could not be split into columns",
        "'user_id,event_at,event_type'",
    )
    assert "missing the required column" not in result.output


@pytest.mark.parametrize(
    "input_name, column, sql_type",
    [
        ("events", "user_id", "double"),
        ("events", "event_id", "float"),
        ("users", "user_id", "decimal(18, 3)"),
    ],
)
def test_fractional_ids_are_refused(
    dbt_project: DbtProject, tmp_path: Path, input_name: str, column: str, sql_type: str
):
    """An id column written as a float (pandas' float64 for integer ids with a gap) would read
    as '103.0' and silently match nothing: refused, naming the input, column and type. The
    same file with integer ids builds."""
    events = tmp_path / "events.parquet"
    users = tmp_path / "users.parquet"
    files = {"events": events, "users": users}

    def write(fractional: bool) -> None:
        def id_type(file: str, name: str) -> str:
            return sql_type if fractional and (file, name) == (input_name, column) else "bigint"

        duckdb.sql(
            f"copy (select 7::{id_type('events', 'event_id')} as event_id,"
            f" 103::{id_type('events', 'user_id')} as user_id,"
            f" timestamp '2024-01-05 10:00:00' as event_at, 'login' as event_type) to '{events}'"
        )
        duckdb.sql(
            f"copy (select 103::{id_type('users', 'user_id')} as user_id, 'pro' as plan)"
            f" to '{users}'"
        )

    select = ["run", "--select", "base_app__events", "base_app__users"]
    paths = {"events_path": str(events), "users_path": str(users)}
    write(fractional=False)
    dbt_project.run(*select, vars=paths)
    write(fractional=True)
    assert_refused(
        dbt_project,
        select,
        paths,
        f"the {input_name} input '{files[input_name]}' has its {column} column as "
        f"{sql_type.upper().replace(' ', '')}, a fractional type",
        "matching no '103' in the other inputs",
    )


def test_float_ids_in_a_csv_are_refused(dbt_project: DbtProject, tmp_path: Path):
    """A CSV is read as text, so pandas' float64 ids arrive as '103.0' (its to_csv of integer
    ids with a gap): refused, by their values. Integer ids, text ids, ids with a dot that are
    not floats of integers (a Google Analytics client id), and an extra `*_id` column outside
    the contract holding floats, all build."""
    events = tmp_path / "events.csv"
    select = ["run", "--select", "base_app__events"]
    header = "user_id,event_at,event_type,session_id"
    for ids in [("103", "104"), ("u103", "u104"), ("1197596843.1673515099", "42.0")]:
        lines = [f"{i},2024-01-05 10:00:00,login,1706745600.5" for i in ids]
        write_csv(events, header, lines)
        dbt_project.run(*select, vars={"events_path": str(events)})
    write_csv(
        events,
        header,
        [
            "103.0,2024-01-05 10:00:00,login,1.5",
            " ,2024-01-06 10:00:00,login,",
            "104.00,2024-01-06 10:00:00,login,2",
        ],
    )
    assert_refused(
        dbt_project,
        select,
        {"events_path": str(events)},
        f"the events input '{events}' has its user_id values written as floats ('103.0')",
    )


def run_refuse_fractional_ids(project: DbtProject, types: dict[str, str], check: bool = True):
    """Call the macro refuse_fractional_ids on its own (dbt run-operation) with these types."""
    args = json.dumps({"described": "the raw table raw.events", "types": types})
    return project.run("run-operation", "refuse_fractional_ids", "--args", args, check=check)


def test_integer_and_text_id_types_of_every_engine_pass(dbt_project: DbtProject):
    """The types ids are stored in on DuckDB, Postgres and Spark (as each names them) pass, and
    so does a fractional column that is no id."""
    run_refuse_fractional_ids(
        dbt_project,
        {
            "user_id": "VARCHAR",
            "event_id": "BIGINT",
            "a_id": "HUGEINT",
            "b_id": "DECIMAL(18,0)",
            "c_id": "text",
            "d_id": "character varying(64)",
            "e_id": "integer",
            "f_id": "numeric",
            "g_id": "numeric(18,0)",
            "h_id": "string",
            "i_id": "decimal(10, 0)",
            "amount": "double precision",
            "monthly_fee": "numeric(18,3)",
        },
    )


@pytest.mark.parametrize(
    "engine_type", ["double precision", "real", "numeric(18,3)", "decimal(10, 2)"]
)
def test_fractional_id_types_of_every_engine_are_refused(dbt_project: DbtProject, engine_type: str):
    """The names Postgres (information_schema, as dbt's Column gives them) and Spark (`describe
    query`) give a fractional column are refused for an id (DuckDB's are in the test above)."""
    result = run_refuse_fractional_ids(
        dbt_project, {"user_id": "text", "event_id": engine_type}, check=False
    )
    assert result.returncode != 0
    assert (
        f"the raw table raw.events has its event_id column as {engine_type}, a fractional type"
        in result.output
    )
