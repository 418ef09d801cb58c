"""The pandas baseline of the benchmark (issue 6): mart_lifecycle_monthly in pandas.

What an analyst would otherwise write: read the raw events, clean them as the staging models do
(rejection rules, deduplication, conversion to the business timezone), roll them up by user and
month, and classify every user-month on a wide user x month table (DESIGN.md section 3), all
vectorised. ``run_pandas`` returns the same columns as ``run_floor`` and the mart (revenue as a
float).

Like the floor, it reads only the events: the users and subscriptions inputs do not change any
column of mart_lifecycle_monthly.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from userops.floor import CSV_NULL_TEXTS, CSV_SUFFIXES

STATES = ["new", "new_retained", "retained", "woken", "returned", "dormant", "churned"]
EVENT_COLUMNS = ["event_id", "user_id", "event_at", "event_type", "amount", "channel"]
MART_COLUMNS = [
    "month_start",
    *(f"{state}_users" for state in STATES),
    "active_users",
    "cumulative_users",
    "dormant_expected_to_return_users",
    "churned_expected_to_return_users",
    "monthly_active_rate",
    "event_count",
    "revenue",
]
# The order in which copies of one event compete (stg_app__events_validated): first wins.
COPY_ORDER = ["event_at_utc", "user_id", "event_type", "amount", "channel"]


def read_events(events_glob: str) -> pd.DataFrame:
    """The raw events with the contract's columns; optional ones missing from the file are
    NULL. CSV is read as text, Parquet keeps its types."""
    files = sorted(glob.glob(events_glob))
    if not files:
        raise FileNotFoundError(f"no file matches the events input path {events_glob!r}")
    if events_glob.lower().endswith(CSV_SUFFIXES):
        frames = [
            pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""]) for file in files
        ]
        raw, nan = pd.concat(frames, ignore_index=True), None
        # A field holding only a null text (blanks around it ignored) is NULL, as in the models.
        raw = raw.mask(raw.apply(lambda column: column.str.strip().isin(CSV_NULL_TEXTS)))
    else:
        raw, nan = pd.read_parquet(files), nan_amounts(files)
    raw.columns = raw.columns.str.strip().str.lower()
    if nan is not None:
        # Staging's decimal cannot hold NaN (unparseable_amount), but pandas reads a NaN as a
        # missing amount; infinity is unparseable in to_amount and is not blank.
        raw["amount"] = raw["amount"].mask(nan, np.inf)
    return raw.reindex(columns=EVENT_COLUMNS)


def nan_amounts(files: list[str]) -> np.ndarray | None:
    """For a floating-point Parquet amount column, which rows hold NaN (not null): NumPy
    dtypes show both as NaN once in pandas. None for any other amount type."""
    schema = pq.read_schema(files[0])
    names = [name for name in schema.names if name.strip().lower() == "amount"]
    if not names or not pa.types.is_floating(schema.field(names[0]).type):
        return None
    column = pq.read_table(files, columns=names).column(0)
    return pc.fill_null(pc.is_nan(column), False).to_numpy(zero_copy_only=False)


def clean_text(values: pd.Series) -> pd.Series:
    """Trimmed text, blank = missing; an integer column (event ids) stays as it is, and a
    categorical one (Parquet dictionary columns) is trimmed category by category."""
    if pd.api.types.is_integer_dtype(values):
        return values
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories
        text = values.map(dict(zip(categories, categories.astype("str").str.strip(), strict=True)))
    else:
        text = values.astype("str").where(values.notna()).str.strip()
    return text.mask(text == "")


def to_utc(values: pd.Series) -> pd.Series:
    """Timestamps as UTC instants: naive means UTC, an offset is honoured, unparseable = NaT."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC")
    if pd.api.types.is_datetime64_dtype(values):
        return values.dt.tz_localize("UTC")
    return pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601")


# The amount type of staging, decimal(28, 6), holds fewer than 22 integer digits: a larger
# number (1e30) cannot be typed there and is unparseable, like NaN and infinity.
AMOUNT_LIMIT = 1e22


def to_amount(values: pd.Series) -> pd.Series:
    """Amounts as floats; what staging cannot type as its decimal (text that is no number, NaN,
    infinity, 1e22 or more) is missing here too."""
    if not pd.api.types.is_numeric_dtype(values):
        values = pd.to_numeric(values, errors="coerce")
    amounts = values.astype("float64")
    return amounts.where(amounts.abs() < AMOUNT_LIMIT)


def is_blank(values: pd.Series) -> pd.Series:
    """A missing raw value: null, or text that is empty or only spaces."""
    if pd.api.types.is_numeric_dtype(values):
        return values.isna()
    return clean_text(values).isna()


def as_text(values: pd.Series) -> pd.Series:
    """A categorical column as text, to sort in text order (not in category order)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.astype("str")
    return values


def clean_events(raw: pd.DataFrame) -> pd.DataFrame:
    """stg_app__events: the valid rows, one copy of each event."""
    events = pd.DataFrame(
        {
            "event_id": clean_text(raw["event_id"]),
            "user_id": clean_text(raw["user_id"]),
            "event_type": clean_text(raw["event_type"]),
            "channel": clean_text(raw["channel"]),
            "event_at_utc": to_utc(raw["event_at"]),
            "amount": to_amount(raw["amount"]),
        }
    )
    valid = (
        events["user_id"].notna()
        & (events["event_at_utc"] <= pd.Timestamp.now(tz="UTC"))
        & events["event_type"].notna()
        & ((events["amount"] >= 0) | is_blank(raw["amount"]))
    )
    events = events[valid]

    # Deduplicate: by event_id, the first copy in COPY_ORDER (nulls last); without an
    # event_id, identical rows. Only the few ids with copies need sorting.
    keyed = events[events["event_id"].notna()]
    has_copies = keyed["event_id"].duplicated(keep=False)
    first_copies = (
        keyed[has_copies]
        .sort_values(COPY_ORDER, na_position="last", key=as_text)
        .drop_duplicates("event_id")
    )
    unkeyed = events[events["event_id"].isna()].drop_duplicates(COPY_ORDER)
    return pd.concat([keyed[~has_copies], first_copies, unkeyed], ignore_index=True)


def run_pandas(
    events_glob: str,
    users_path: str | None = None,
    subscriptions_path: str | None = None,
    *,
    timezone: str = "UTC",
    churn_after: int = 2,
    as_of: str | None = None,
    active_event_types: Sequence[str] | None = None,
    purchase_event_types: Sequence[str] | None = None,
    stockpile_tolerance: float = 1.0,
) -> pd.DataFrame:
    """mart_lifecycle_monthly from the raw events, one row per month, oldest first.

    The same arguments and result columns as ``userops.floor.run_floor``; ``users_path`` and
    ``subscriptions_path`` are not read.
    """
    del users_path, subscriptions_path  # the lifecycle counts do not depend on them
    if int(churn_after) != churn_after or churn_after < 1:
        raise ValueError(f"churn_after must be a whole number >= 1, got {churn_after!r}")
    events = clean_events(read_events(events_glob))

    # Business time: calendar months (as integers year * 12 + month - 1) and dates.
    local = events["event_at_utc"].dt.tz_convert(timezone).dt.tz_localize(None)
    events = pd.DataFrame(
        {
            "user_id": events["user_id"],
            "month": local.dt.year * 12 + local.dt.month - 1,
            "date": local.dt.normalize(),
            "is_active_event": events["event_type"].isin(active_event_types)
            if active_event_types
            else True,
            "is_purchase": events["event_type"].isin(purchase_event_types)
            if purchase_event_types
            else events["amount"].fillna(0) > 0,
            "amount": events["amount"],
        }
    )

    # int_reporting_period: as_of, else the newest clean event.
    if as_of:
        as_of_date = pd.Timestamp(as_of).normalize()
        reporting_month = as_of_date.year * 12 + as_of_date.month - 1
    else:
        as_of_date = events["date"].max()
        reporting_month = int(events["month"].max())

    # One row per user and month with events, up to the reporting date.
    events = events[events["date"] <= as_of_date] if as_of else events
    user_months = events.groupby(["user_id", "month"], sort=False, observed=True).agg(
        event_count=("is_active_event", "size"),
        active_event_count=("is_active_event", "sum"),
        revenue=("amount", "sum"),
    )
    # Purchase days up to the reporting date (lifetimes' daily periods).
    purchase_days = (
        events.loc[
            events["is_purchase"] & (events["date"] <= as_of_date), ["user_id", "month", "date"]
        ]
        .drop_duplicates()
        .groupby(["user_id", "month"], sort=False, observed=True)["date"]
        .agg(["size", "min", "max"])
    )
    days = (purchase_days[["min", "max"]] - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1)
    user_months = user_months.join(
        pd.DataFrame(
            {
                "purchase_days": purchase_days["size"],
                "first_purchase_day": days["min"],
                "last_purchase_day": days["max"],
            }
        )
    )

    # The wide table: one row per user with an active month, one column per calendar month
    # from the first active month of any user through the reporting month.
    is_active_month = user_months["active_event_count"] > 0
    if not is_active_month.any():
        return pd.DataFrame(columns=MART_COLUMNS)
    first_month = int(user_months.index.get_level_values("month")[is_active_month].min())
    user_months = user_months[is_active_month.groupby(level="user_id").transform("any")]
    months = np.arange(first_month, reporting_month + 1)

    table = user_months.unstack("month")

    def wide(column: str, fill: float) -> np.ndarray:
        return table[column].reindex(columns=months).fillna(fill).to_numpy()

    is_active = wide("active_event_count", 0) > 0
    column = np.arange(months.size)
    first_active = is_active.argmax(axis=1)[:, None]
    on_spine = column >= first_active
    last_active = np.maximum.accumulate(np.where(is_active, column, -1), axis=1)
    previous_active = np.hstack([np.full((len(is_active), 1), -1), last_active[:, :-1]])
    inactive_before = column - previous_active - 1  # of an active month
    inactive_for = column - last_active  # of an inactive month
    state = np.select(
        [
            ~is_active & (inactive_for >= churn_after),
            ~is_active,
            column == first_active,
            inactive_before >= churn_after,
            inactive_before >= 1,
            column - first_active == 1,
        ],
        ["churned", "dormant", "new", "returned", "woken", "new_retained"],
        "retained",
    )

    # Stockpilers (int_user_months_purchase_cadence): purchases so far on the spine; an
    # inactive buyer whose gap is within their own mean interval between purchase days.
    purchase_count = np.cumsum(np.where(on_spine, wide("purchase_days", 0), 0), axis=1)
    first_day = np.minimum.accumulate(
        np.where(on_spine, wide("first_purchase_day", np.inf), np.inf), axis=1
    )
    last_day = np.maximum.accumulate(
        np.where(on_spine, wide("last_purchase_day", -np.inf), -np.inf), axis=1
    )
    month_starts = pd.to_datetime(
        pd.DataFrame({"year": months // 12, "month": months % 12 + 1, "day": 1})
    )
    measured_on = (month_starts + pd.offsets.MonthEnd(0)).clip(upper=as_of_date)
    measured_day = ((measured_on - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1)).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_interval = (last_day - first_day) / (purchase_count - 1)
        is_expected_to_return = (
            ~is_active
            & (purchase_count >= 2)
            & (measured_day - last_day <= stockpile_tolerance * mean_interval)
        )

    def per_month(cells: np.ndarray) -> np.ndarray:
        return (cells & on_spine).sum(axis=0)

    monthly = pd.DataFrame({"month_start": month_starts})
    for name in STATES:
        monthly[f"{name}_users"] = per_month(state == name)
    monthly["active_users"] = per_month(is_active)
    monthly["cumulative_users"] = on_spine.sum(axis=0)
    for name in ["dormant", "churned"]:
        monthly[f"{name}_expected_to_return_users"] = per_month(
            (state == name) & is_expected_to_return
        )
    monthly["monthly_active_rate"] = monthly["active_users"] / monthly["cumulative_users"]
    monthly["event_count"] = np.where(on_spine, wide("event_count", 0), 0).sum(axis=0)
    monthly["revenue"] = np.where(on_spine, wide("revenue", 0), 0).sum(axis=0).round(6)
    return monthly.astype({"event_count": "int64"})[MART_COLUMNS]
