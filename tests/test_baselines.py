"""The benchmark's two baselines (issue 6) give exactly the numbers of the dbt models: the floor
(one hand-written DuckDB query, userops/floor.sql) and pandas (userops/pandas_lifecycle.py)
against marts.mart_lifecycle_monthly, month by month and column by column. Nothing is timed."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import test_generated_data
import test_worked_example
import yaml
from conftest import PROJECT_DIR, DbtProject
from test_bad_input import ROWS as BAD_INPUT_ROWS

from userops import load_postgres
from userops.floor import CSV_NULL_TEXTS, CSV_SUFFIXES, floor_sql, run_floor
from userops.pandas_lifecycle import MART_COLUMNS, STATES, run_pandas

# dbt vars and the same settings as keyword arguments of run_floor / run_pandas.
VARIANTS = {
    "utc_n2": ({}, {}),
    "shanghai_n3_as_of_types": (
        {
            "timezone": "Asia/Shanghai",
            "churn_after_inactive_months": 3,
            "as_of": "2025-04-20",
            "active_event_types": ["sms_sent", "report_viewed"],
        },
        {
            "timezone": "Asia/Shanghai",
            "churn_after": 3,
            "as_of": "2025-04-20",
            "active_event_types": ["sms_sent", "report_viewed"],
        },
    ),
}


def inputs(data_dir: Path) -> dict[str, str]:
    return {
        **test_generated_data.paths(data_dir),
        "subscriptions_path": str(data_dir / "subscriptions.parquet"),
    }


@pytest.fixture(scope="module")
def built_mart(demo_data, tmp_path_factory):
    """built_mart(variant): mart_lifecycle_monthly from `dbt run` of it and its parents, built
    once per variant."""
    marts: dict[str, pd.DataFrame] = {}

    def get(variant: str) -> pd.DataFrame:
        if variant not in marts:
            project = DbtProject(tmp_path_factory.mktemp(f"baselines_{variant}"))
            variables = {**inputs(demo_data), **VARIANTS[variant][0]}
            project.run("run", "--select", "+mart_lifecycle_monthly", vars=variables)
            with duckdb.connect(str(project.db_path), read_only=True) as con:
                marts[variant] = con.execute(
                    "select * from marts.mart_lifecycle_monthly order by month_start"
                ).df()
        return marts[variant]

    return get


def assert_same_months(result: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Every month and column equal: counts exactly, the rate and revenue (a float here) to
    1e-12 relative."""
    assert list(result.columns) == MART_COLUMNS
    pd.testing.assert_frame_equal(
        result.reset_index(drop=True),
        expected.reset_index(drop=True),
        check_exact=False,
        rtol=1e-12,
    )


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_floor_and_pandas_equal_the_mart(variant, demo_data, built_mart):
    mart = built_mart(variant)
    settings = VARIANTS[variant][1]
    paths = inputs(demo_data)
    args = (paths["events_path"], paths["users_path"], paths["subscriptions_path"])
    floor = run_floor(*args, **settings)
    floor_without_shortcuts = run_floor(*args, **settings, type_shortcuts=False)
    pandas_result = run_pandas(*args, **settings)

    assert list(mart.columns) == MART_COLUMNS
    assert len(mart) >= 10
    assert_same_months(floor, mart)
    assert_same_months(floor_without_shortcuts, mart)
    assert_same_months(pandas_result, mart)
    # The data exercise what is compared: every state, stockpilers, dirty rows.
    assert (mart[[f"{state}_users" for state in STATES]].sum() > 0).all()
    assert mart["dormant_expected_to_return_users"].sum() > 0


@pytest.mark.parametrize("churn_after", [2, 3])
def test_worked_example_counts(churn_after):
    """DESIGN.md section 8: the state counts of the worked example, month by month."""
    table = test_worked_example.EXPECTED_N2 if churn_after == 2 else test_worked_example.EXPECTED_N3
    cells = test_worked_example.parse_table(table)
    expected = Counter((month, state) for (_, month), state in cells.items())
    for run in (run_floor, run_pandas):
        result = run(test_worked_example.EVENTS_CSV, churn_after=churn_after)
        assert list(result["month_start"].dt.month) == list(range(1, 10)), run.__name__
        for row in result.itertuples():
            month = row.month_start.month
            counts = {state: getattr(row, f"{state}_users") for state in STATES}
            assert counts == {state: expected[(month, state)] for state in STATES}, run.__name__
            assert row.cumulative_users == sum(counts.values())


# Rows that test the cleaning rules beyond test_bad_input's: copies of one event_id that
# differ (the first by event time, then user, wins), blanks around ids, rows without an
# event_id (identical ones are one event), a payment on two days in one month, and a UTC
# instant that is still March in New York.
EDGE_ROWS = [
    ("112", "u4", "2024-05-31 17:00:00", "login", ""),
    ("112", " u4", "2024-05-31 17:00:00", "payment", "5"),
    ("", "u5", "2024-05-03 10:00:00", "payment", "10"),
    ("", "u5", "2024-05-03 10:00:00", "payment", "10"),
    ("", "u5", "2024-05-03 10:00:00", "payment", "10.000"),
    ("", "u5", "2024-05-04 10:00:00", "payment", "10"),
    ("113", "u5", "2024-05-20 10:00:00", "payment", ""),
    ("114", "u5", "2024-02-20 10:00:00", "payment", "7"),
    ("115", "u1", "2024-06-10 10:00:00", "payment", "3"),
    ("116", "u1", "2024-06-12 10:00:00", "addon", "4"),
    ("117", "u1", "2024-09-01 01:00:00", "login", ""),
]


@pytest.mark.parametrize("timezone", ["UTC", "America/New_York"])
def test_floor_and_pandas_agree_on_bad_rows(timezone, tmp_path):
    """No dbt here: the two baselines against each other on hand-made dirty CSV rows."""
    events = tmp_path / "events.csv"
    lines = [",".join(row[:5]) for row in [*BAD_INPUT_ROWS, *EDGE_ROWS]]
    events.write_text("\n".join(["event_id,user_id,event_at,event_type,amount", *lines]) + "\n")
    floor = run_floor(str(events), timezone=timezone)
    assert_same_months(run_pandas(str(events), timezone=timezone), floor)
    # Users u1, u2, u4 and u5 (u3's rows are all rejected; u9's only row is a copy of event 1).
    assert floor["cumulative_users"].iloc[-1] == 4
    # u2's 2024-04-01T08:00:00+08:00 is 1 April in UTC, 31 March in New York.
    march = floor[floor["month_start"] == pd.Timestamp("2024-03-01")]
    assert march["new_users"].item() == (2 if timezone == "America/New_York" else 1)
    # u1: 12 events (9 of test_bad_input's, three with a blank or NULL amount, and 3 here),
    # u2: 2, u4: 1 (one event_id), u5: 4 (three identical rows are one). The user ids written
    # NULL and \N are missing, as the models read them (csv_null_texts); an offset after a
    # blank is read (u2's 2024-03-31 22:00:00 -05:00 is 1 April in UTC: still one new user
    # in March).
    assert floor["event_count"].sum() == 12 + 2 + 1 + 4


def test_floor_and_pandas_agree_on_nan_amounts(tmp_path):
    """A float Parquet amount column: NaN is unparseable in staging and the floor (their decimal
    cannot hold it), null is a payment-free event; pandas, whose NumPy floats show both as NaN,
    tells them apart too."""
    events = tmp_path / "events.parquet"
    duckdb.sql(
        "copy (select * from (values"
        " (1, 'u1', timestamp '2024-01-05 10:00:00', 'payment', 5.0::double),"
        " (2, 'u1', timestamp '2024-01-06 10:00:00', 'payment', 'nan'::double),"
        " (3, 'u1', timestamp '2024-01-07 10:00:00', 'login', null::double),"
        " (4, 'u2', timestamp '2024-02-01 10:00:00', 'payment', 'nan'::double)"
        f") as t(event_id, user_id, event_at, event_type, amount)) to '{events}'"
    )
    floor = run_floor(str(events))
    assert_same_months(run_pandas(str(events)), floor)
    assert floor["event_count"].sum() == 2  # events 1 and 3
    assert floor["cumulative_users"].iloc[-1] == 1  # u2's only event is unparseable


def test_baselines_read_the_csv_null_texts_of_the_project():
    """The floor and pandas read CSV with the default of the var csv_null_texts, as the models
    do: a change of the default must reach them."""
    with open(PROJECT_DIR / "dbt_project.yml") as handle:
        default = yaml.safe_load(handle)["vars"]["csv_null_texts"]
    assert tuple(default) == CSV_NULL_TEXTS


def test_baselines_and_loader_read_the_csv_extensions_of_the_project():
    """The floor, pandas and the Postgres loader pick CSV by the extensions the dbt macro
    is_csv_path lists (the one list, floor.CSV_SUFFIXES, in Python): a change there must reach
    them."""
    macro = (PROJECT_DIR / "macros" / "inputs" / "is_csv_path.sql").read_text()
    (listed,) = re.findall(r"endswith\(\(([^)]*)\)\)", macro)
    assert tuple(re.findall(r'"([^"]+)"', listed)) == CSV_SUFFIXES
    assert load_postgres.CSV_SUFFIXES is CSV_SUFFIXES


def test_the_floor_reads_offsets_after_a_blank_as_the_models_do():
    """The floor rewrites a text time's offset after a blank with the pattern of the dbt macro
    offset_after_blank_pattern (to_instant): a change there must reach it."""
    macro = (PROJECT_DIR / "macros" / "utils" / "to_instant.sql").read_text()
    (pattern,) = re.findall(
        r"macro offset_after_blank_pattern\(\) -%\}\s*(.*?)\s*\{%- endmacro", macro, re.S
    )
    assert f"'{pattern}'" in floor_sql("events.csv")
