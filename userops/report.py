"""Write the lifecycle report: one self-contained HTML page with charts of the built marts.

    python -m userops.report [--db data/userops.duckdb] [--out reports/userops_report.html]

Reads the DuckDB file read-only (so it never holds the writer lock) and embeds plotly.js in
the page, so the report opens offline: it makes no network request at all.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import yaml
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from userops import PROJECT_DIR, missing_tables, unreadable_database
from userops.duckdb_settings import database_path

DEFAULT_OUT = "reports/userops_report.html"

# Lifecycle states in stacking order; dormant and churned are drawn below the axis.
STATES = [
    ("new_users", "new", "#1f77b4"),
    ("new_retained_users", "new retained", "#6baed6"),
    ("retained_users", "retained", "#2ca02c"),
    ("woken_users", "woken", "#bcbd22"),
    ("returned_users", "returned", "#9467bd"),
    ("dormant_users", "dormant", "#ff9f40"),
    ("churned_users", "churned", "#d62728"),
]
INACTIVE_STATES = {"dormant_users", "churned_users"}

RATES = [
    ("new_user_retention_rate", "new-user retention"),
    ("old_user_retention_rate", "old-user retention"),
    ("wake_rate", "wake"),
    ("win_back_rate", "win-back"),
]

TIERS = [("high", "#08519c"), ("mid", "#4292c6"), ("low", "#c6dbef")]
MIGRATION_TIERS = ["none", "low", "mid", "high"]

# Channel rates, the dbt var holding the benchmark each is flagged against, and whether the
# rate must be above (delivery, read, conversion) or below (unsubscribe) it.
CHANNEL_RATES = [
    ("delivery_rate", "delivery (of sent)", "channel_benchmark_delivery_rate", "above"),
    ("read_rate", "read (of delivered¹)", "channel_benchmark_read_rate", "above"),
    ("conversion_rate", "conversion (of delivered¹)", "channel_benchmark_conversion_rate", "above"),
    (
        "unsubscribe_rate",
        "unsubscribe (of delivered¹)",
        "channel_benchmark_unsubscribe_rate",
        "below",
    ),
]
MEETS_COLOUR, MISSES_COLOUR, UNKNOWN_COLOUR = "#2ca02c", "#d62728", "#bbbbbb"

PLOT_CONFIG = {"displaylogo": False, "responsive": True}
LAYOUT = {
    "template": "plotly_white",
    "font": {"family": "Helvetica, Arial, sans-serif", "size": 13},
    "margin": {"l": 70, "r": 30, "t": 100, "b": 60},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0},
}


@dataclass
class ReportData:
    """The marts the report draws, as pandas frames (month columns as 'YYYY-MM' labels)."""

    lifecycle: pd.DataFrame
    rates: pd.DataFrame
    plan: pd.DataFrame
    cohorts: pd.DataFrame
    tiers: pd.DataFrame
    migration: pd.DataFrame
    channels: pd.DataFrame


@dataclass
class Section:
    """One titled part of the page: a chart, or a sentence saying why there is none."""

    title: str
    intro: str
    figure: go.Figure | None
    empty_message: str = ""


QUERIES = {
    "lifecycle": "select * from marts.mart_lifecycle_monthly order by month_start",
    "rates": "select * from marts.mart_retention_rates order by month_start",
    "plan": "select * from marts.mart_active_rate_plan",
    "cohorts": (
        "select cohort_month_start, months_since_first_active, cohort_size, active_users,"
        " retention_rate from marts.mart_cohort_retention"
        " order by cohort_month_start, months_since_first_active"
    ),
    "tiers": (
        "select month_start, value_tier, count(*) as users from marts.fct_user_value_monthly"
        " where value_tier is not null group by 1, 2 order by 1, 2"
    ),
    "migration": (
        "select month_start, from_tier, to_tier, user_count from marts.mart_tier_migration"
        " order by 1, 2, 3"
    ),
    "channels": (
        "select channel, sum(sent_messages) as sent_messages,"
        " sum(delivered_messages) as delivered_messages,"
        " sum(case when delivered_messages is not null then sent_messages end)"
        " as tracked_sent_messages,"
        " sum(coalesce(delivered_messages, sent_messages)) as reached_messages,"
        " sum(read_messages) as read_messages,"
        " sum(converted_messages) as converted_messages,"
        " sum(unsubscribed_messages) as unsubscribed_messages"
        " from marts.mart_channel_performance group by 1 order by 1"
    ),
}
# The marts QUERIES read.
TABLES = [
    "marts.mart_lifecycle_monthly",
    "marts.mart_retention_rates",
    "marts.mart_active_rate_plan",
    "marts.mart_cohort_retention",
    "marts.fct_user_value_monthly",
    "marts.mart_tier_migration",
    "marts.mart_channel_performance",
]


def month_label(value: object) -> str:
    """'2025-06' for a date or timestamp."""
    return pd.Timestamp(value).strftime("%Y-%m")


def load_report_data(con: duckdb.DuckDBPyConnection) -> ReportData:
    """Read every mart the report needs; month columns become 'YYYY-MM' strings."""
    frames = {name: con.execute(sql).df() for name, sql in QUERIES.items()}
    for frame in frames.values():
        for column in ("month_start", "cohort_month_start", "forecast_month_start"):
            if column in frame.columns:
                frame[column] = frame[column].map(month_label)
    return ReportData(**frames)


def project_vars() -> dict:
    """The vars declared in dbt_project.yml (their defaults; a --vars override is not seen)."""
    with open(PROJECT_DIR / "dbt_project.yml") as handle:
        return yaml.safe_load(handle).get("vars", {})


def target_active_rate(data: ReportData) -> float:
    """The target from mart_active_rate_plan, else the var's default in dbt_project.yml."""
    if not data.plan.empty:
        return float(data.plan["target_active_rate"].iloc[0])
    return float(project_vars()["target_active_rate"])


def styled(fig: go.Figure, title: str, height: int = 460, **layout) -> go.Figure:
    """Apply the report's common layout and a title to a figure."""
    fig.update_layout(**LAYOUT, title={"text": title, "x": 0, "xanchor": "left"}, height=height)
    fig.update_layout(**layout)
    return fig


def chart_lifecycle(lifecycle: pd.DataFrame) -> go.Figure:
    """Users per lifecycle state per month as stacked bars; dormant and churned go below zero."""
    fig = go.Figure()
    for column, label, colour in STATES:
        sign = -1 if column in INACTIVE_STATES else 1
        fig.add_bar(
            x=lifecycle["month_start"],
            y=sign * lifecycle[column],
            name=label,
            marker_color=colour,
            customdata=lifecycle[column],
            hovertemplate=f"{label}: %{{customdata:,}}<extra>%{{x}}</extra>",
        )
    return styled(
        fig,
        "Users by lifecycle state per month (dormant and churned below the axis)",
        barmode="relative",
        xaxis_title="Month",
        yaxis_title="Users (inactive states negative)",
        xaxis_type="category",
    )


def chart_rates(rates: pd.DataFrame, lifecycle: pd.DataFrame, target: float) -> go.Figure:
    """The four retention rates and the monthly active rate per month, with the target line."""
    fig = go.Figure()
    for column, label in RATES:
        fig.add_scatter(
            x=rates["month_start"],
            y=rates[column],
            name=label,
            mode="lines+markers",
            hovertemplate=f"{label}: %{{y:.1%}}<extra>%{{x}}</extra>",
        )
    fig.add_scatter(
        x=lifecycle["month_start"],
        y=lifecycle["monthly_active_rate"],
        name="monthly active rate",
        mode="lines+markers",
        line={"color": "black", "width": 3},
        hovertemplate="monthly active rate: %{y:.1%}<extra>%{x}</extra>",
    )
    fig.add_hline(
        y=target,
        line={"color": "black", "dash": "dash", "width": 1.5},
        annotation_text=f"target active rate {target:.0%}",
        annotation_position="top right",
    )
    return styled(
        fig,
        "Retention, wake, win-back and monthly active rates",
        xaxis_title="Month",
        yaxis_title="Rate",
        yaxis={"tickformat": ".0%", "range": [0, 1.05]},
        xaxis_type="category",
    )


def chart_cohorts(cohorts: pd.DataFrame) -> go.Figure:
    """Share of each first-active-month cohort active N months later, as a heatmap."""
    grid = cohorts.pivot(
        index="cohort_month_start", columns="months_since_first_active", values="retention_rate"
    ).sort_index()
    sizes = cohorts.groupby("cohort_month_start")["cohort_size"].first().reindex(grid.index)
    labels = [f"{month} ({size:,})" for month, size in zip(grid.index, sizes, strict=True)]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[str(column) for column in grid.columns],
            y=labels,
            colorscale="Blues",
            zmin=0,
            zmax=1,
            texttemplate="%{z:.0%}",
            textfont={"size": 10},
            colorbar={"title": {"text": "retained"}, "tickformat": ".0%"},
            hovertemplate="cohort %{y}<br>month +%{x}: %{z:.1%}<extra></extra>",
        )
    )
    return styled(
        fig,
        "Cohort retention: share of each cohort active N months after its first month",
        height=max(420, 28 * len(labels) + 140),
        xaxis_title="Months since first active month",
        yaxis_title="Cohort (first active month, size)",
        yaxis_autorange="reversed",
        xaxis_type="category",
    )


def chart_value_tiers(tiers: pd.DataFrame) -> go.Figure:
    """Paying users per value tier per month as stacked bars."""
    grid = tiers.pivot(index="month_start", columns="value_tier", values="users").fillna(0)
    fig = go.Figure()
    for tier, colour in reversed(TIERS):
        if tier in grid.columns:
            fig.add_bar(x=grid.index, y=grid[tier], name=tier, marker_color=colour)
    return styled(
        fig,
        "Paying users by value tier (trailing ARPU) per month",
        barmode="stack",
        xaxis_title="Month",
        yaxis_title="Paying users",
        xaxis_type="category",
    )


def chart_tier_migration(migration: pd.DataFrame, month: str) -> go.Figure:
    """Users moving from last month's tier to this month's, for one month, as a matrix."""
    this_month = migration[migration["month_start"] == month]
    grid = (
        this_month.pivot(index="from_tier", columns="to_tier", values="user_count")
        .reindex(index=MIGRATION_TIERS, columns=MIGRATION_TIERS)
        .fillna(0)
    )
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=MIGRATION_TIERS,
            y=MIGRATION_TIERS,
            colorscale="Purples",
            texttemplate="%{z:,}",
            colorbar={"title": {"text": "users"}},
            hovertemplate="%{y} → %{x}: %{z:,} users<extra></extra>",
        )
    )
    return styled(
        fig,
        f"Value-tier migration into {month} (none = not paying)",
        height=420,
        xaxis_title=f"Tier in {month}",
        yaxis_title="Tier the month before",
        yaxis_autorange="reversed",
        xaxis_type="category",
        yaxis_type="category",
    )


def channel_rates(channels: pd.DataFrame) -> pd.DataFrame:
    """Each channel's rates over all its messages, with the denominators of the mart: delivery
    over the messages sent where delivery is tracked (unknown, NaN, where it never is), the
    other steps over the delivered messages, or the sent ones where delivery is not tracked
    (`reached_messages`; mart_channel_performance's delivered_messages is NULL there)."""
    tracked_sent = channels["tracked_sent_messages"].where(channels["tracked_sent_messages"] > 0)
    reached = channels["reached_messages"].where(channels["reached_messages"] > 0)
    return channels.assign(
        delivery_rate=channels["delivered_messages"] / tracked_sent,
        read_rate=channels["read_messages"] / reached,
        conversion_rate=channels["converted_messages"] / reached,
        unsubscribe_rate=channels["unsubscribed_messages"] / reached,
    )


def chart_channels(channels: pd.DataFrame, benchmarks: dict[str, float]) -> go.Figure:
    """Delivery, read, conversion and unsubscribe rate per channel against their benchmarks:
    green bars meet the benchmark (dashed line), red bars miss it."""
    rates = channel_rates(channels)
    fig = make_subplots(
        rows=1, cols=len(CHANNEL_RATES), subplot_titles=[label for _, label, *_ in CHANNEL_RATES]
    )
    for col, (column, label, var, side) in enumerate(CHANNEL_RATES, start=1):
        benchmark = benchmarks[var]
        meets = rates[column] > benchmark if side == "above" else rates[column] < benchmark
        fig.add_bar(
            x=rates["channel"],
            y=rates[column],
            name=label,
            marker_color=[
                UNKNOWN_COLOUR if pd.isna(rate) else MEETS_COLOUR if ok else MISSES_COLOUR
                for rate, ok in zip(rates[column], meets, strict=True)
            ],
            showlegend=False,
            hovertemplate=f"%{{x}} {label}: %{{y:.2%}}<extra></extra>",
            row=1,
            col=col,
        )
        fig.add_hline(y=benchmark, line={"color": "#333", "dash": "dash"}, row=1, col=col)
        fig.update_yaxes(tickformat=".1%" if side == "below" else ".0%", row=1, col=col)
    fig.update_xaxes(title_text="Channel")
    fig.update_yaxes(title_text="Rate", row=1, col=1)
    return styled(
        fig,
        "Channel performance, all months (dashed: benchmark; green meets it, red misses it;"
        " ¹ of sent where delivery is not tracked)",
        height=440,
    )


def build_sections(data: ReportData) -> list[Section]:
    """Every section of the report, in page order."""
    reporting_month = data.lifecycle["month_start"].iloc[-1]
    benchmarks = project_vars()
    has_messages = not data.channels.empty and data.channels["sent_messages"].sum() > 0
    has_migration = (data.migration["month_start"] == reporting_month).any()
    return [
        Section(
            "Lifecycle states",
            "Active users by state above the axis; users inactive this month below it.",
            chart_lifecycle(data.lifecycle),
        ),
        Section(
            "Rates",
            "Each rate is this month's count over last month's base (see the dbt docs); "
            "the monthly active rate is active users over all users seen so far.",
            chart_rates(data.rates, data.lifecycle, target_active_rate(data)),
        ),
        Section(
            "Cohort retention",
            "Rows are cohorts by first active month (size in brackets).",
            chart_cohorts(data.cohorts) if not data.cohorts.empty else None,
            "No cohorts yet.",
        ),
        Section(
            "Value tiers",
            "Paying users (trailing ARPU > 0) ranked into high, mid and low tiers each month.",
            chart_value_tiers(data.tiers) if not data.tiers.empty else None,
            "No paying users: the events carry no revenue.",
        ),
        Section(
            "Tier migration",
            "How users moved between tiers from the month before to the reporting month.",
            chart_tier_migration(data.migration, reporting_month) if has_migration else None,
            f"No tier movements into {reporting_month}.",
        ),
        Section(
            "Channel performance",
            "Operational messages (control groups excluded), all months and campaigns together.",
            chart_channels(data.channels, benchmarks) if has_messages else None,
            "No messages: the outreach log is empty, so there is no channel performance to show.",
        ),
    ]


def key_figures(data: ReportData) -> list[tuple[str, str]]:
    """(label, value) pairs for the header: the reporting month's headline numbers."""
    latest = data.lifecycle.iloc[-1]
    figures = [
        ("Monthly active users", f"{latest['active_users']:,}"),
        ("Monthly active rate", f"{latest['monthly_active_rate']:.1%}"),
        ("Target active rate", f"{target_active_rate(data):.0%}"),
        ("New users", f"{latest['new_users']:,}"),
        ("Churned users", f"{latest['churned_users']:,}"),
    ]
    if not data.plan.empty:
        plan = data.plan.iloc[0]
        figures.append(
            (
                f"Forecast active rate {plan['forecast_month_start']}",
                f"{plan['forecast_active_rate']:.1%}",
            )
        )
    return figures


STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1200px;
       padding: 0 24px 48px; color: #222; }
header { border-bottom: 1px solid #ddd; margin-bottom: 16px; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.figure { background: #f4f6f8; border-radius: 6px; padding: 10px 16px; min-width: 150px; }
.figure .value { font-size: 24px; font-weight: bold; }
.figure .label { font-size: 12px; color: #555; }
section { margin-top: 28px; }
.empty { background: #fff8e1; border: 1px solid #f0d58c; border-radius: 6px; padding: 16px; }
"""


def render_section(section: Section, index: int) -> str:
    """The HTML of one section: its title, intro and chart (or the empty message)."""
    if section.figure is None:
        body = f'<p class="empty">{html.escape(section.empty_message)}</p>'
    else:
        body = section.figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            config=PLOT_CONFIG,
            div_id=f"chart-{index}",
        )
    return (
        f"<section><h2>{html.escape(section.title)}</h2>"
        f"<p>{html.escape(section.intro)}</p>{body}</section>"
    )


def render_html(data: ReportData) -> str:
    """The whole page, plotly.js included, so it works without a network."""
    reporting_month = data.lifecycle["month_start"].iloc[-1]
    cards = "".join(
        f'<div class="figure"><div class="value">{html.escape(value)}</div>'
        f'<div class="label">{html.escape(label)}</div></div>'
        for label, value in key_figures(data)
    )
    sections = "".join(
        render_section(section, index) for index, section in enumerate(build_sections(data))
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>userops report {reporting_month}</title>
<style>{STYLE}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>User lifecycle report: {reporting_month}</h1>
<p>Reporting month {reporting_month} (months {data.lifecycle["month_start"].iloc[0]} to
{reporting_month}); generated {date.today().isoformat()} from the dbt marts.</p>
<div class="figures">{cards}</div>
</header>
{sections}
</body>
</html>
"""


def write_report(db: str | Path, out: str | Path) -> Path:
    """Read the marts from the DuckDB file at `db` and write the report to `out`."""
    with duckdb.connect(str(db), read_only=True) as con:
        missing = missing_tables(con, TABLES)
        if missing:
            raise ValueError(
                f"the database at {db} lacks {', '.join(missing)}; "
                "run `make build` (or `make demo`) first."
            )
        data = load_report_data(con)
    if data.lifecycle.empty:
        raise ValueError("mart_lifecycle_monthly is empty: build the project on some events first")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(data), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=database_path())
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not os.path.exists(args.db):
        print(f"userops: no database at {args.db}; run `make demo` first.", file=sys.stderr)
        return 1
    try:
        out = write_report(args.db, args.out)
    except ValueError as error:
        print(f"userops: {error}", file=sys.stderr)
        return 1
    except duckdb.Error as error:
        print(unreadable_database(args.db, error), file=sys.stderr)
        return 1
    print(f"Report written to {out} ({out.stat().st_size / 1e6:.1f} MB); open it in a browser.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
