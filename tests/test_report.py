"""The HTML report (userops/report.py): built from the suite's demo build, opened in headless
Chromium (Debian's package, driven by Python playwright) to prove every chart renders, the
console stays clean and the page asks for nothing over the network; plus fast checks of the
generator on hand-made marts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import PROJECT_DIR, DbtProject
from playwright.sync_api import sync_playwright

from userops import report, show

CHROMIUM = Path(os.environ.get("USEROPS_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOT = PROJECT_DIR / "reports" / "test_report_screenshot.png"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Per chart div: its traces (plotly's own data), the marks drawn in its SVG (bar and marker
# paths, line paths, heatmap images) and whether heatmap images hold pixels.
CHART_STATE_JS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(div => ({
    id: div.id,
    svgs: div.querySelectorAll('svg.main-svg').length,
    bars: div.querySelectorAll('g.trace.bars g.point path').length,
    marks: Array.from(div.querySelectorAll(
        'g.point path, path.point, path.js-line, g.hm image'
    )).filter(el => (el.getAttribute('d') || el.getAttribute('href') || '').length > 10).length,
    // _fullData: the traces as drawn, typed arrays decoded (div.data keeps them base64).
    traces: div._fullData.map(trace => ({name: trace.name, type: trace.type,
                                    x: Array.from(trace.x || []), y: Array.from(trace.y || [])})),
}))
"""


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium: `make test` installs it (make chromium); pytest alone needs it too."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="module")
def built_report(demo_build: DbtProject, tmp_path_factory) -> Path:
    """The report of the suite's demo build."""
    return report.write_report(demo_build.db_path, tmp_path_factory.mktemp("report") / "r.html")


@pytest.fixture(scope="module")
def rendered(built_report: Path, chromium: Path, tmp_path_factory) -> dict:
    """Open the report in headless Chromium, offline; return what the page showed and did."""
    profile = tmp_path_factory.mktemp("chromium_profile")
    console, requests = [], []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_ARGS,
            offline=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            page = context.new_page()
            page.on("console", lambda message: console.append((message.type, message.text)))
            page.on("pageerror", lambda error: console.append(("pageerror", str(error))))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(built_report.as_uri(), wait_until="load")
            page.wait_for_function(
                "document.querySelectorAll('.js-plotly-plot svg.main-svg').length > 0"
            )
            charts = page.evaluate(CHART_STATE_JS)
            header = page.inner_text("header")
            empty_sections = page.locator(".empty").count()
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            print(f"report screenshot: {SCREENSHOT}")
        finally:
            context.close()
    return {
        "charts": charts,
        "console": console,
        "requests": requests,
        "header": header,
        "empty_sections": empty_sections,
    }


def test_every_chart_renders(rendered):
    charts = rendered["charts"]
    # lifecycle, rates, cohorts, value tiers, tier migration, channels (the demo has messages)
    assert [chart["id"] for chart in charts] == [f"chart-{i}" for i in range(6)]
    assert rendered["empty_sections"] == 0
    for chart in charts:
        assert chart["svgs"] > 0, chart["id"]
        assert chart["marks"] > 0, f"{chart['id']} drew nothing"


def test_no_console_errors_and_no_network(rendered):
    errors = [entry for entry in rendered["console"] if entry[0] in ("error", "pageerror")]
    assert errors == []
    assert rendered["requests"], "the page itself was requested"
    assert [url for url in rendered["requests"] if not url.startswith("file://")] == []


def test_lifecycle_chart_matches_the_mart(rendered, demo_build: DbtProject):
    lifecycle = rendered["charts"][0]
    months = demo_build.query(
        "select strftime(month_start, '%Y-%m'), new_users, dormant_users, churned_users"
        " from marts.mart_lifecycle_monthly order by month_start"
    )
    traces = {trace["name"]: trace for trace in lifecycle["traces"]}
    assert list(traces) == [label for _, label, _ in report.STATES]
    assert lifecycle["bars"] == len(report.STATES) * len(months)
    assert traces["new"]["x"] == [month for month, *_ in months]
    assert traces["new"]["y"] == [new for _, new, _, _ in months]
    # Inactive users are drawn below the axis.
    assert traces["dormant"]["y"] == [-dormant for *_, dormant, _ in months]
    assert traces["churned"]["y"] == [-churned for *_, churned in months]
    assert min(traces["churned"]["y"]) < 0


def test_header_names_the_reporting_month_and_mau(rendered, demo_build: DbtProject):
    month, mau = demo_build.query(
        "select strftime(month_start, '%Y-%m'), active_users from marts.mart_lifecycle_monthly"
        " order by month_start desc limit 1"
    )[0]
    assert f"User lifecycle report: {month}" in rendered["header"]
    assert f"{mau:,}\nMonthly active users" in rendered["header"]


def test_rates_chart_has_the_target_line(rendered, demo_build: DbtProject):
    (target,) = demo_build.query("select target_active_rate from marts.mart_active_rate_plan")[0]
    rates = rendered["charts"][1]
    names = [trace["name"] for trace in rates["traces"]]
    assert names == [label for _, label in report.RATES] + ["monthly active rate"]
    assert f"{target:.0%}" in rendered["header"]


# --- fast checks on hand-made marts (no dbt, no browser) -------------------------------------


def hand_made_data(with_messages: bool) -> report.ReportData:
    """Two months of every mart the report reads, with or without outreach messages."""
    months = ["2025-01", "2025-02"]
    lifecycle = pd.DataFrame(
        {
            "month_start": months,
            "new_users": [10, 5],
            "new_retained_users": [0, 6],
            "retained_users": [0, 0],
            "woken_users": [0, 0],
            "returned_users": [0, 0],
            "dormant_users": [0, 4],
            "churned_users": [0, 0],
            "active_users": [10, 11],
            "monthly_active_rate": [1.0, 11 / 15],
        }
    )
    rates = pd.DataFrame(
        {"month_start": months, **{column: [None, 0.6] for column, _ in report.RATES}}
    )
    cohorts = pd.DataFrame(
        {
            "cohort_month_start": ["2025-01", "2025-01", "2025-02"],
            "months_since_first_active": [0, 1, 0],
            "cohort_size": [10, 10, 5],
            "active_users": [10, 6, 5],
            "retention_rate": [1.0, 0.6, 1.0],
        }
    )
    tiers = pd.DataFrame(
        {"month_start": months * 2, "value_tier": ["low"] * 2 + ["high"] * 2, "users": [8, 9, 1, 1]}
    )
    migration = pd.DataFrame(
        {"month_start": ["2025-02"], "from_tier": ["low"], "to_tier": ["high"], "user_count": [1]}
    )
    channels = pd.DataFrame(
        {
            "channel": ["sms"] if with_messages else [],
            "sent_messages": [100] if with_messages else [],
            "delivered_messages": [99] if with_messages else [],
            "tracked_sent_messages": [100] if with_messages else [],
            "reached_messages": [99] if with_messages else [],
            "read_messages": [40] if with_messages else [],
            "converted_messages": [9] if with_messages else [],
            "unsubscribed_messages": [1] if with_messages else [],
        }
    )
    return report.ReportData(
        lifecycle=lifecycle,
        rates=rates,
        plan=pd.DataFrame(),
        cohorts=cohorts,
        tiers=tiers,
        migration=migration,
        channels=channels,
    )


def test_empty_channel_mart_says_no_messages():
    page = report.render_html(hand_made_data(with_messages=False))
    assert "No messages" in page
    assert page.count('class="plotly-graph-div"') == 5
    assert "Channel performance," not in page  # no channel chart title


def test_channel_chart_when_messages_exist():
    page = report.render_html(hand_made_data(with_messages=True))
    assert "No messages" not in page
    assert page.count('class="plotly-graph-div"') == 6


def test_channel_rates_where_delivery_is_not_tracked():
    """The rates follow the mart's bases: delivery over the sends where delivery is tracked
    (unknown where it never is), the other steps over the delivered messages plus the sends
    of untracked months. push: 3 untracked months of 3 sends (2 read) and one tracked month
    of 1 send, delivered and read: delivery 1/1, read 3/4, not 3/1. web: never tracked."""
    channels = pd.DataFrame(
        {
            "channel": ["push", "web"],
            "sent_messages": [4, 2],
            "delivered_messages": [1, None],
            "tracked_sent_messages": [1, None],
            "reached_messages": [4, 2],
            "read_messages": [3, 1],
            "converted_messages": [0, 0],
            "unsubscribed_messages": [1, 0],
        }
    )
    rates = report.channel_rates(channels).set_index("channel")
    assert rates.loc["push", "delivery_rate"] == 1.0
    assert rates.loc["push", "read_rate"] == 0.75
    assert rates.loc["push", "unsubscribe_rate"] == 0.25
    assert pd.isna(rates.loc["web", "delivery_rate"])
    assert rates.loc["web", "read_rate"] == 0.5
    figure = report.chart_channels(channels, report.project_vars())
    delivery_bar = figure.data[0]
    assert list(delivery_bar.marker.color) == [report.MEETS_COLOUR, report.UNKNOWN_COLOUR]


def test_target_falls_back_to_the_project_var_without_a_plan():
    data = hand_made_data(with_messages=False)
    assert report.target_active_rate(data) == report.project_vars()["target_active_rate"]


def test_page_loads_nothing_from_outside():
    page = report.render_html(hand_made_data(with_messages=True))
    assert "<script src=" not in page
    assert "<link " not in page
    assert "Plotly.newPlot" in page


def test_cli_without_database(tmp_path, capsys):
    assert report.main(["--db", str(tmp_path / "missing.duckdb")]) == 1
    assert "no database" in capsys.readouterr().err


def test_cli_on_a_half_built_database(tmp_path, capsys):
    db = tmp_path / "half_built.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.mart_lifecycle_monthly (month_start date)")
    assert report.main(["--db", str(db), "--out", str(tmp_path / "report.html")]) == 1
    err = capsys.readouterr().err
    assert f"userops: the database at {db} lacks marts.mart_retention_rates" in err
    assert "marts.mart_lifecycle_monthly," not in err
    assert "run `make build` (or `make demo`) first" in err
    assert not (tmp_path / "report.html").exists()


def test_the_tables_checked_are_those_the_queries_read():
    read = set(re.findall(r"\bfrom (marts\.\w+)", " ".join(report.QUERIES.values())))
    assert read == set(report.TABLES)


@pytest.mark.parametrize("command", ["report", "show"])
def test_cli_on_a_file_that_is_not_a_database(tmp_path, capsys, command):
    db = tmp_path / "notes.duckdb"
    db.write_text("not a database\n")
    module = report if command == "report" else show
    assert module.main(["--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"userops: cannot read the database at {db}: ")
    assert "Traceback" not in err


def test_cli_on_a_database_a_build_holds(tmp_path, capsys):
    """A running `dbt build` holds the database's write lock: show and report say so."""
    db = tmp_path / "held.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
            "sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        for module in (show, report):
            assert module.main(["--db", str(db)]) == 1
            err = capsys.readouterr().err
            assert err.startswith(f"userops: cannot read the database at {db}: ")
            assert "a `dbt build` still running?" in err
    finally:
        holder.communicate("")
