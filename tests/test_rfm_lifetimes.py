"""marts.dim_user_rfm against lifetimes.utils.summary_data_from_transaction_data (freq "D").

The reference is lifetimes itself, run on the clean purchases the pipeline read (staging
events with amount > 0 whose business-timezone date is on or before the reporting date):
daily periods, same-day purchases merged and summed, first purchase day excluded from
frequency and monetary value. Every user's four numbers must agree, and the user sets too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import DbtProject

from userops.generate import generate
from userops.rfm_reference import RFM_COLUMNS, lifetimes_summary, read_built, rfm_differences

RFM_SELECT = ("--select", "+dim_user_rfm", "--indirect-selection", "cautious")


def read_back(project: DbtProject) -> tuple[date, pd.DataFrame, pd.DataFrame]:
    with duckdb.connect(str(project.db_path), read_only=True) as con:
        return read_built(con)


def assert_equals_lifetimes(project: DbtProject) -> tuple[pd.DataFrame, pd.DataFrame]:
    """dim_user_rfm == lifetimes for every user; returns (dim_user_rfm, clean purchases)."""
    as_of, purchases, rfm = read_back(project)
    problems = rfm_differences(rfm, lifetimes_summary(purchases, as_of))
    if problems:
        pytest.fail(f"dim_user_rfm differs from lifetimes (as of {as_of}):\n" + "\n".join(problems))
    return rfm, purchases


# --- generated data ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated_rfm(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    data_dir = tmp_path_factory.mktemp("rfm_data")
    generate(data_dir, users=1_500, months=12, seed=2024, progress=False)
    project = DbtProject(tmp_path_factory.mktemp("rfm_generated"))
    project.run(
        "build",
        *RFM_SELECT,
        vars={
            "events_path": str(data_dir / "events" / "*.parquet"),
            "users_path": str(data_dir / "users.parquet"),
        },
    )
    return project


def test_generated_data_equals_lifetimes_for_every_user(generated_rfm: DbtProject):
    rfm, purchases = assert_equals_lifetimes(generated_rfm)

    # The comparison only proves the merging if some days really have several purchases,
    # including days after a user's first purchase day (those reach monetary_value).
    days = purchases.assign(day=purchases["purchased_at"].dt.floor("D"))
    per_day = days.groupby(["user_id", "day"]).size().rename("purchases").reset_index()
    first_day = per_day.groupby("user_id")["day"].transform("min")
    multi = per_day[per_day["purchases"] > 1]
    assert len(multi) >= 10, f"only {len(multi)} same-day multi-purchase days in the data"
    assert (multi["day"] > first_day[multi.index]).sum() >= 5, "no multi-purchase repeat days"
    assert len(rfm) > 500
    assert (rfm["frequency"] == 0).any() and (rfm["frequency"] >= 5).any()


# --- hand-made case ----------------------------------------------------------------------------

AS_OF = "2024-06-30"

EVENTS_CSV = """\
user_id,event_at,event_type,amount
one,2024-03-10 08:00:00,payment,25.00
one,2024-03-11 08:00:00,login,
sameday,2024-05-01 09:00:00,payment,10.00
sameday,2024-05-01 18:30:00,addon_purchase,15.00
repeat,2024-01-05 10:00:00,payment,20.00
repeat,2024-01-05 11:00:00,addon_purchase,5.00
repeat,2024-02-05 10:00:00,payment,30.00
repeat,2024-02-05 20:00:00,addon_purchase,12.50
repeat,2024-04-05 23:59:59,payment,17.50
repeat,2024-05-05 10:00:00,payment,0
repeat,2024-06-01 10:00:00,login,
repeat,2024-07-02 10:00:00,payment,100.00
edge,2024-06-01 00:00:00,payment,40.00
edge,2024-06-30 23:59:59,payment,60.00
edge,2024-07-01 00:00:00,payment,999.00
late,2024-07-15 12:00:00,payment,80.00
browser,2024-02-01 12:00:00,login,
browser,2024-02-02 12:00:00,payment,0.00
browser,2024-02-03 12:00:00,sms_sent,
"""

# Worked by hand, as of 2024-06-30 (2024 is a leap year):
#   one      one purchase day 03-10: frequency 0, recency 0, T 112, monetary 0.
#   sameday  two purchases on 05-01 only: one purchase day, frequency 0, T 60, monetary 0.
#   repeat   days 01-05 (20 + 5, first day: excluded), 02-05 (30 + 12.5 = 42.5), 04-05 (17.5);
#            the zero payment, the login and the 07-02 purchase do not count: frequency 2,
#            recency 91, T 177, monetary (42.5 + 17.5) / 2 = 30.
#   edge     06-01 and the last second of the reporting date (60); 07-01 is after it:
#            frequency 1, recency 29, T 29, monetary 60.
#   late     only purchase after the reporting date; browser never paid: no row.
EXPECTED = {
    "one": (0, 0, 112, 0.0),
    "sameday": (0, 0, 60, 0.0),
    "repeat": (2, 91, 177, 30.0),
    "edge": (1, 29, 29, 60.0),
}


@pytest.fixture(scope="module")
def hand_made_rfm(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    work_dir = tmp_path_factory.mktemp("rfm_hand_made")
    events_csv = Path(work_dir) / "events.csv"
    events_csv.write_text(EVENTS_CSV)
    project = DbtProject(work_dir)
    project.run("build", *RFM_SELECT, vars={"events_path": str(events_csv), "as_of": AS_OF})
    return project


def test_hand_made_case_equals_lifetimes(hand_made_rfm: DbtProject):
    rfm, purchases = assert_equals_lifetimes(hand_made_rfm)
    # The reference saw the same-day and repeat purchases, and none of the ignored rows.
    assert sorted(purchases.groupby("user_id").size().items()) == [
        ("edge", 2),
        ("one", 1),
        ("repeat", 5),
        ("sameday", 2),
    ]
    assert set(rfm.index) == set(EXPECTED)


def test_hand_made_case_hand_computed_values(hand_made_rfm: DbtProject):
    rows = hand_made_rfm.query(
        """
        select user_id, as_of_date, frequency, recency, "T", monetary_value,
            purchase_count, total_amount
        from marts.dim_user_rfm
        """
    )
    got = {row[0]: row[2:6] for row in rows}
    assert got.keys() == EXPECTED.keys()
    for user_id, (frequency, recency, t, monetary_value) in EXPECTED.items():
        assert got[user_id][:3] == (frequency, recency, t), user_id
        assert got[user_id][3] == pytest.approx(monetary_value, rel=1e-12, abs=0), user_id
    assert {row[1] for row in rows} == {date(2024, 6, 30)}
    totals = {row[0]: (row[6], float(row[7])) for row in rows}
    assert totals == {
        "one": (1, 25.0),
        "sameday": (2, 25.0),
        "repeat": (5, 85.0),
        "edge": (2, 100.0),
    }
    # The same numbers straight from lifetimes, as a check on the hand computation.
    as_of, purchases, _ = read_back(hand_made_rfm)
    reference = lifetimes_summary(purchases, as_of)
    from_lifetimes = {
        user_id: tuple(reference.loc[user_id, RFM_COLUMNS]) for user_id in reference.index
    }
    assert from_lifetimes == {user_id: tuple(map(float, row)) for user_id, row in EXPECTED.items()}
