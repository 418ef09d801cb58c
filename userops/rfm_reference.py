"""The reference for marts.dim_user_rfm: lifetimes' own RFM summary on the same purchases.

Used by the test suite (equality for every user) and by the benchmark (equality, then speed),
so both compare against exactly the same thing.
"""

from __future__ import annotations

import warnings
from datetime import date

import duckdb
import numpy as np
import pandas as pd

RFM_COLUMNS = ["frequency", "recency", "T", "monetary_value"]

# The clean purchases dim_user_rfm is built from (var purchase_event_types at its default):
# staging events with amount > 0 whose business-timezone date is on or before as_of_date.
PURCHASES_SQL = """
    select
        events.user_id,
        events.event_type,
        events.event_at_local,
        events.event_at_local as purchased_at,
        events.amount,
        cast(events.amount as double) as amount_value
    from staging.stg_app__events as events
    cross join intermediate.int_reporting_period as period
    where events.amount > 0 and cast(events.event_at_local as date) <= period.as_of_date
"""


def read_built(con: duckdb.DuckDBPyConnection) -> tuple[date, pd.DataFrame, pd.DataFrame]:
    """The reporting date, the clean purchases and dim_user_rfm (indexed by user_id)."""
    (as_of,) = con.execute("select as_of_date from intermediate.int_reporting_period").fetchone()
    purchases = con.execute(PURCHASES_SQL).df()
    rfm = con.execute(
        'select user_id, frequency, recency, "T", monetary_value from marts.dim_user_rfm'
    ).df()
    return as_of, purchases, rfm.set_index("user_id")


def import_lifetimes() -> None:
    """Import lifetimes (and its scipy / autograd stack) once, outside any timing."""
    with warnings.catch_warnings():  # lifetimes sets a pandas option pandas 3 deprecates
        warnings.simplefilter("ignore")
        import lifetimes.utils  # noqa: F401


def lifetimes_summary(purchases: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """lifetimes.utils.summary_data_from_transaction_data with daily periods."""
    import_lifetimes()
    from lifetimes.utils import summary_data_from_transaction_data

    return summary_data_from_transaction_data(
        purchases,
        "user_id",
        "purchased_at",
        monetary_value_col="amount_value",
        observation_period_end=as_of,
        freq="D",
    )


def rfm_differences(dbt_rfm: pd.DataFrame, reference: pd.DataFrame) -> list[str]:
    """Where dim_user_rfm and lifetimes disagree: the user sets, then per user frequency,
    recency and T exactly and monetary_value to 1e-9 relative. Empty when they agree."""
    problems = []
    if not dbt_rfm.index.is_unique:
        problems.append("dim_user_rfm has more than one row for a user")
    only_dbt = sorted(set(dbt_rfm.index) - set(reference.index))
    only_lifetimes = sorted(set(reference.index) - set(dbt_rfm.index))
    if only_dbt or only_lifetimes:
        problems.append(
            f"user sets differ: {len(only_dbt)} only in dim_user_rfm {only_dbt[:5]}, "
            f"{len(only_lifetimes)} only in lifetimes {only_lifetimes[:5]}"
        )
    if problems:
        return problems
    actual = dbt_rfm.loc[reference.index, RFM_COLUMNS].astype(float)
    wrong = (
        (actual["frequency"] != reference["frequency"])
        | (actual["recency"] != reference["recency"])
        | (actual["T"] != reference["T"])
        | ~np.isclose(actual["monetary_value"], reference["monetary_value"], rtol=1e-9, atol=0)
    )
    for user_id in reference.index[wrong][:10]:
        problems.append(
            f"user {user_id}: dim_user_rfm {actual.loc[user_id].to_dict()} "
            f"!= lifetimes {reference.loc[user_id, RFM_COLUMNS].to_dict()}"
        )
    if wrong.sum() > 10:
        problems.append(f"... {int(wrong.sum())} users differ in all")
    return problems
