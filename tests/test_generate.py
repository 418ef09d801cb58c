"""Tests for the demo data generator (userops/generate.py)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

gen = importlib.import_module("userops.generate")
msg = importlib.import_module("userops.messages")
generate = gen.generate

SPAN_END = "2026-01-01"
STATES = {"new", "new_retained", "retained", "woken", "returned", "dormant", "churned"}


def _connect(out: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"create view events as select * from read_parquet('{out}/events/*.parquet')")
    con.execute(f"create view users as select * from read_parquet('{out}/users.parquet')")
    # Real rows: no NULL user, not in the future, not a negative payment.
    con.execute(
        "create view clean as select * from events where user_id is not null "
        f"and event_at < timestamp '{SPAN_END}' and coalesce(amount, 0) >= 0"
    )
    return con


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    rows = con.sql(sql).fetchall()
    assert len(rows) == 1
    return rows[0]


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("dirty")
    stats = generate(out, users=400, months=8, seed=7, dirty_fraction=0.01, progress=False)
    return out, stats


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    generate(out, users=400, months=8, seed=7, dirty_fraction=0.0, progress=False)
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small")
    generate(out, users=3_000, months=12, seed=42, progress=False)
    return out


def _read_all(out: Path) -> dict[str, pa.Table]:
    files = [out / "users.parquet", *sorted((out / "events").glob("part-*.parquet"))]
    return {f.name: pq.read_table(f) for f in files}


def test_deterministic(tmp_path: Path) -> None:
    kwargs = {"users": 300, "months": 6, "dirty_fraction": 0.01, "progress": False}
    generate(tmp_path / "a", seed=1, **kwargs)
    generate(tmp_path / "b", seed=1, **kwargs)
    generate(tmp_path / "c", seed=2, **kwargs)
    a, b, c = (_read_all(tmp_path / name) for name in "abc")
    assert list(a) == list(b) == list(c)
    assert len(a) == 7
    for name in a:
        assert a[name].equals(b[name]), name
    for path in (tmp_path / "a").rglob("*.parquet"):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes(), path.name
    assert not all(a[name].equals(c[name]) for name in a)
    assert not a["users.parquet"].equals(c["users.parquet"])
    for name in ("subscriptions.parquet", "messages.parquet"):
        files = [tmp_path / run / name for run in "abc"]
        assert files[0].read_bytes() == files[1].read_bytes(), name
        assert not pq.read_table(files[0]).equals(pq.read_table(files[2])), name


def test_layout_and_counts(dirty: tuple[Path, dict]) -> None:
    out, stats = dirty
    parts = sorted(p.name for p in (out / "events").iterdir())
    expected = [f"part-2025-{m:02d}.parquet" for m in range(5, 13)]
    assert parts == expected
    assert stats["users"] == 400
    assert stats["files"] == 9
    assert stats["events"] == sum(pq.read_metadata(out / "events" / p).num_rows for p in parts)
    assert pq.read_metadata(out / "users.parquet").num_rows == 400


def test_schema(dirty: tuple[Path, dict]) -> None:
    out, _ = dirty
    assert pq.read_schema(out / "users.parquet").remove_metadata() == gen.USERS_SCHEMA
    for part in (out / "events").glob("part-*.parquet"):
        schema = pq.read_schema(part).remove_metadata()
        assert schema == gen.EVENTS_SCHEMA, part.name
    assert gen.EVENTS_SCHEMA.names == [
        "event_id",
        "user_id",
        "event_at",
        "event_type",
        "amount",
        "channel",
    ]
    assert gen.EVENTS_SCHEMA.field("user_id").type == pa.dictionary(pa.int32(), pa.string())
    assert gen.EVENTS_SCHEMA.field("event_at").type == pa.timestamp("us")
    assert gen.EVENTS_SCHEMA.field("amount").type == pa.decimal128(18, 2)


def test_users(dirty: tuple[Path, dict]) -> None:
    con = _connect(dirty[0])
    n, distinct, pattern, bad_fee, bad_cost = _one(
        con,
        """
        select count(*), count(distinct user_id),
               count(*) filter (where regexp_full_match(user_id, 'u[0-9]{7}')),
               count(*) filter (where plan_monthly_fee <> case plan when 'free' then 0
                   when 'basic' then 49 when 'pro' then 149 when 'enterprise' then 499 end
                   or plan_monthly_fee is null),
               count(*) filter (where acquisition_cost < 0 or acquisition_cost is null)
        from users
        """,
    )
    assert n == distinct == pattern == 400
    assert bad_fee == 0 and bad_cost == 0
    values = {
        "region": {"north", "east", "south", "west", "central"},
        "industry": {"retail", "education", "healthcare", "real_estate", "finance", "logistics"},
        "acquisition_channel": {"organic", "paid_search", "social", "referral", "partner"},
        "plan": {"free", "basic", "pro", "enterprise"},
    }
    for column, allowed in values.items():
        seen = {row[0] for row in con.sql(f"select distinct {column} from users").fetchall()}
        assert seen == allowed, column


def test_event_ids_unique_apart_from_duplicates(dirty: tuple[Path, dict]) -> None:
    con = _connect(dirty[0])
    out = dirty[0]
    rows, ids, distinct_rows, dup_files = _one(
        con,
        f"""
        select count(*), count(distinct event_id),
               (select count(*) from (select distinct * from events)),
               (select count(distinct filename) from (
                   select event_id, filename
                   from read_parquet('{out}/events/*.parquet', filename = true)
                   group by all having count(*) > 1))
        from events
        """,
    )
    # Every repeated event_id is an exact duplicate row, and there are some, in several files.
    assert distinct_rows == ids
    assert rows > ids
    assert dup_files >= 3


def test_user_ids_exist(dirty: tuple[Path, dict]) -> None:
    con = _connect(dirty[0])
    (orphans,) = _one(
        con,
        "select count(*) from events e anti join users u using (user_id) "
        "where e.user_id is not null",
    )
    assert orphans == 0


def test_first_event_is_in_signup_month(dirty: tuple[Path, dict]) -> None:
    con = _connect(dirty[0])
    users_with_events, wrong_month, before_signup = _one(
        con,
        """
        with first as (select user_id, min(event_at) as first_at from clean group by 1)
        select count(*),
               count(*) filter (where date_trunc('month', first_at)
                                      <> date_trunc('month', signed_up_at)),
               count(*) filter (where first_at < signed_up_at)
        from first join users using (user_id)
        """,
    )
    assert users_with_events == 400
    assert wrong_month == 0
    assert before_signup == 0


def test_amounts(dirty: tuple[Path, dict]) -> None:
    con = _connect(dirty[0])
    wrong_null, wrong_value, addons, fee_mismatch = _one(
        con,
        """
        select
          count(*) filter (where (amount is null)
                                 = (event_type in ('payment', 'addon_purchase'))),
          count(*) filter (where event_type = 'addon_purchase' and amount <= 0),
          count(*) filter (where event_type = 'addon_purchase'),
          (select count(*) from clean e join users u using (user_id)
           where e.event_type = 'payment' and e.amount <> u.plan_monthly_fee)
        from events
        """,
    )
    assert wrong_null == 0
    assert wrong_value == 0
    assert addons > 0
    assert fee_mismatch == 0
    (double_charges,) = _one(
        con,
        """
        select count(*) from (
            select user_id, event_at::date from clean where event_type = 'payment'
            group by all having count(distinct event_id) > 1)
        """,
    )
    assert double_charges > 0


def test_dirty_rows_present(dirty: tuple[Path, dict]) -> None:
    out, stats = dirty
    con = _connect(out)
    nulls, negative, future, files = _one(
        con,
        f"""
        select count(*) filter (where user_id is null),
               count(*) filter (where amount < 0 and event_type = 'payment'),
               count(*) filter (where year(event_at) = 2099),
               (select count(distinct filename) from read_parquet(
                   '{out}/events/*.parquet', filename = true)
                where user_id is null or amount < 0 or year(event_at) = 2099)
        from events
        """,
    )
    assert nulls > 0 and negative > 0 and future > 0
    assert files >= 4
    real_events = stats["events"] - stats["dirty_events"]
    assert stats["dirty_events"] == pytest.approx(0.01 * real_events, abs=1)


def test_no_dirty_rows_when_disabled(clean: Path) -> None:
    con = _connect(clean)
    rows, ids, nulls, negative, future = _one(
        con,
        f"""
        select count(*), count(distinct event_id), count(*) filter (where user_id is null),
               count(*) filter (where amount < 0),
               count(*) filter (where event_at >= timestamp '{SPAN_END}')
        from events
        """,
    )
    assert rows == ids
    assert nulls == negative == future == 0


def test_dirty_rows_do_not_change_activity(dirty: tuple[Path, dict], clean: Path) -> None:
    sql = "select distinct user_id, date_trunc('month', event_at) from clean order by all"
    assert _connect(dirty[0]).sql(sql).fetchall() == _connect(clean).sql(sql).fetchall()


def test_event_types_and_channels(small: Path) -> None:
    con = _connect(small)
    mix = dict(
        con.sql(
            "select event_type, count(*) / sum(count(*)) over () from clean group by 1"
        ).fetchall()
    )
    assert set(mix) == {
        "login",
        "sms_sent",
        "template_edited",
        "contact_imported",
        "report_viewed",
        "campaign_created",
        "content_shared",
        "referral_sent",
        "support_ticket",
        "setup_completed",
        "payment",
        "addon_purchase",
    }
    assert 0.4 < mix["login"] < 0.6
    assert mix["support_ticket"] < 0.03 and mix["referral_sent"] < 0.03
    channels = {row[0] for row in con.sql("select distinct channel from events").fetchall()}
    assert channels == {"web", "ios", "android"}
    (setup_twice,) = _one(
        con,
        "select count(*) from (select user_id from clean where event_type = 'setup_completed' "
        "group by 1 having count(distinct event_id) > 1)",
    )
    assert setup_twice == 0


def test_lifecycle_states(small: Path) -> None:
    con = _connect(small)
    counts = dict(
        con.sql(
            f"""
            with active as (
                select distinct user_id, date_trunc('month', event_at)::date as month
                from events
                where user_id is not null and event_at < timestamp '{SPAN_END}'
            ),
            months as (select distinct month from active),
            firsts as (select user_id, min(month) as first_month from active group by 1),
            grid as (
                select f.user_id, m.month, f.first_month, a.user_id is not null as is_active
                from firsts f
                join months m on m.month >= f.first_month
                left join active a on a.user_id = f.user_id and a.month = m.month
            ),
            prev as (
                select *, max(case when is_active then month end) over (
                    partition by user_id order by month
                    rows between unbounded preceding and 1 preceding) as last_active
                from grid
            ),
            states as (
                select case
                    when is_active and month = first_month then 'new'
                    when is_active and date_diff('month', last_active, month) = 1
                         and last_active = first_month then 'new_retained'
                    when is_active and date_diff('month', last_active, month) = 1
                         then 'retained'
                    when is_active and date_diff('month', last_active, month) = 2 then 'woken'
                    when is_active then 'returned'
                    when date_diff('month', last_active, month) = 1 then 'dormant'
                    else 'churned'
                end as state
                from prev
            )
            select state, count(*) from states group by 1
            """
        ).fetchall()
    )
    assert set(counts) == STATES
    active_not_new = {s: counts[s] for s in ("new_retained", "retained", "woken", "returned")}
    assert max(active_not_new, key=active_not_new.get) == "retained"
    assert counts["new"] == 3_000
    # Plausible proportions.
    assert counts["woken"] > counts["returned"] > 0
    assert counts["churned"] > counts["dormant"]


def test_stale_parts_removed(tmp_path: Path) -> None:
    generate(tmp_path, users=50, months=5, progress=False)
    generate(tmp_path, users=50, months=2, end_month="2024-03", progress=False)
    parts = sorted(p.name for p in (tmp_path / "events").glob("*.parquet"))
    assert parts == ["part-2024-02.parquet", "part-2024-03.parquet"]


def test_invalid_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path, users=10, months=2, end_month="2025-13", progress=False)
    with pytest.raises(ValueError):
        generate(tmp_path, users=0, months=2, progress=False)


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gen.main(
        [
            "--size",
            "tiny",
            "--users",
            "40",
            "--months",
            "3",
            "--no-progress",
            "--out",
            str(tmp_path),
        ]
    )
    assert "40 users" in capsys.readouterr().out
    assert len(list((tmp_path / "events").glob("part-*.parquet"))) == 3


def test_module_entry_point(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "userops.generate",
            *("--users", "20", "--months", "2", "--end-month", "2025-06"),
            *("--out", str(tmp_path), "--no-progress"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "20 users" in result.stdout
    assert (tmp_path / "events" / "part-2025-06.parquet").exists()


# --- subscriptions -------------------------------------------------------------------------


def _connect_subs(out: Path) -> duckdb.DuckDBPyConnection:
    con = _connect(out)
    con.execute(f"create view subs as select * from read_parquet('{out}/subscriptions.parquet')")
    # Each subscription with its rank from the user's last one and the start of the next one.
    con.execute(
        """
        create view subs_seq as select *,
            row_number() over (partition by user_id order by started_at desc) as from_last,
            row_number() over (partition by user_id order by started_at) as nth,
            lead(started_at) over (partition by user_id order by started_at) as next_started_at
        from subs
        """
    )
    return con


def test_subscriptions_schema(dirty: tuple[Path, dict]) -> None:
    out, stats = dirty
    path = out / "subscriptions.parquet"
    assert pq.read_schema(path).remove_metadata() == gen.SUBSCRIPTIONS_SCHEMA
    assert gen.SUBSCRIPTIONS_SCHEMA.names == [
        "user_id",
        "started_at",
        "ended_at",
        "plan",
        "monthly_fee",
        "status",
    ]
    types = [field.type for field in gen.SUBSCRIPTIONS_SCHEMA]
    assert types == [
        pa.string(),
        pa.timestamp("us"),
        pa.timestamp("us"),
        pa.string(),
        pa.decimal128(18, 2),
        pa.string(),
    ]
    assert stats["subscriptions"] == pq.read_metadata(path).num_rows > 0
    table = pq.read_table(path)
    assert table.column("ended_at").null_count > 0
    for column in ("user_id", "started_at", "plan", "monthly_fee", "status"):
        assert table.column(column).null_count == 0, column


def test_stale_subscriptions_replaced(tmp_path: Path) -> None:
    (tmp_path / "subscriptions.parquet").write_bytes(b"stale, not parquet")
    stats = generate(tmp_path, users=60, months=3, progress=False)
    assert pq.read_metadata(tmp_path / "subscriptions.parquet").num_rows == stats["subscriptions"]


def test_left_month_matches_activity() -> None:
    bounds = gen.month_starts("2025-12", 10)
    seeds = np.random.SeedSequence(3).spawn(2)
    users = gen._Users(np.random.default_rng(seeds[0]), 2_000, bounds)
    active, left = gen._simulate_chain(np.random.default_rng(seeds[1]), users, 10)
    leavers = np.flatnonzero(left >= 0)
    assert leavers.size > 0
    assert (left[leavers] > users.signup_month[leavers]).all()
    assert active[left[leavers] - 1, leavers].all()  # active just before leaving
    after = np.arange(10)[:, None] >= left[leavers]
    assert not (active[:, leavers] & after).any()  # and never again


def test_subscriptions_only_paid_users(small: Path) -> None:
    con = _connect_subs(small)
    paid, paid_with_sub, free_with_sub, orphans, wrong_plan, before_signup, wrong_first = _one(
        con,
        """
        select
          (select count(*) from users where plan <> 'free'),
          (select count(distinct user_id) from subs join users u using (user_id)
           where u.plan <> 'free'),
          (select count(*) from subs join users u using (user_id) where u.plan = 'free'),
          (select count(*) from subs anti join users using (user_id)),
          (select count(*) from subs s join users u using (user_id)
           where s.plan <> u.plan or s.monthly_fee <> u.plan_monthly_fee),
          (select count(*) from subs s join users u using (user_id)
           where s.started_at < u.signed_up_at),
          (select count(*) from subs_seq s join users u using (user_id)
           where s.nth = 1 and s.started_at <> u.signed_up_at)
        """,
    )
    assert paid > 0
    assert paid_with_sub == paid
    assert free_with_sub == orphans == wrong_plan == before_signup == wrong_first == 0


def test_subscription_dates_and_status(small: Path) -> None:
    con = _connect_subs(small)
    bad_status, not_after_start, past_span, too_many = _one(
        con,
        f"""
        select
          count(*) filter (where status not in ('active', 'cancelled', 'suspended')
                                 or (status = 'active') <> (ended_at is null)),
          count(*) filter (where ended_at <= started_at),
          count(*) filter (where ended_at >= timestamp '{SPAN_END}'
                                 or started_at >= timestamp '{SPAN_END}'),
          (select count(*) from (select user_id from subs group by 1 having count(*) > 2))
        from subs
        """,
    )
    assert bad_status == not_after_start == past_span == too_many == 0
    # Rows are ordered by user, then start.
    table = pq.read_table(small / "subscriptions.parquet", columns=["user_id", "started_at"])
    keys = list(zip(*(table.column(c).to_pylist() for c in table.column_names), strict=True))
    assert keys == sorted(keys)


def test_resubscriptions_do_not_overlap(small: Path) -> None:
    con = _connect_subs(small)
    resubs, stayers, bad_first, overlap, active_in_gap = _one(
        con,
        """
        select
          count(*) filter (where next_started_at is not null),
          count(*) filter (where from_last = 1 and status = 'active'),
          count(*) filter (where next_started_at is not null and status <> 'cancelled'),
          count(*) filter (where next_started_at is not null
                                 and (ended_at is null or ended_at >= next_started_at)),
          (select count(*) from subs_seq s join clean e using (user_id)
           where s.next_started_at is not null
             and e.event_at >= date_trunc('month', s.ended_at)
             and e.event_at < date_trunc('month', s.next_started_at))
        from subs_seq
        """,
    )
    assert 0.01 * stayers < resubs < 0.06 * stayers
    assert bad_first == overlap == active_in_gap == 0
    # The second subscription is the running one.
    (bad_second,) = _one(con, "select count(*) from subs_seq where nth = 2 and status <> 'active'")
    assert bad_second == 0


@pytest.mark.parametrize("fixture", ["dirty", "small"])
def test_ended_subscriptions_have_no_later_activity(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    value = request.getfixturevalue(fixture)
    con = _connect_subs(value[0] if fixture == "dirty" else value)
    ended, later_events, wrong_month = _one(
        con,
        """
        with final as (select * from subs_seq where from_last = 1 and ended_at is not null),
        last_month as (
            select user_id, max(date_trunc('month', event_at)) as month from clean group by 1
        )
        select
          (select count(*) from final),
          (select count(*) from final f join clean e using (user_id)
           where e.event_at >= date_trunc('month', f.ended_at)),
          (select count(*) from final f join last_month m using (user_id)
           where date_trunc('month', f.ended_at) <> m.month + interval 1 month)
        """,
    )
    assert ended > 0
    # Ended inside the month after the last active month, and no activity from then on.
    assert later_events == wrong_month == 0


@pytest.mark.parametrize("fixture", ["dirty", "small"])
def test_payments_within_subscriptions(fixture: str, request: pytest.FixtureRequest) -> None:
    value = request.getfixturevalue(fixture)
    con = _connect_subs(value[0] if fixture == "dirty" else value)
    payments, leaver_payments, after_final_end, outside = _one(
        con,
        f"""
        with payments as (select * from clean where event_type = 'payment'),
        final_end as (select user_id, ended_at from subs_seq
                      where from_last = 1 and ended_at is not null)
        select
          (select count(*) from payments),
          (select count(*) from payments join final_end using (user_id)),
          (select count(*) from payments p join final_end f using (user_id)
           where p.event_at > f.ended_at),
          (select count(*) from payments p where not exists (
              select 1 from subs s where s.user_id = p.user_id and p.event_at >= s.started_at
                and p.event_at < coalesce(s.ended_at, timestamp '{SPAN_END}')))
        """,
    )
    assert payments > 0 and leaver_payments > 0
    assert after_final_end == 0
    assert outside == 0


def test_subscription_status_mix(small: Path) -> None:
    con = _connect_subs(small)
    mix = dict(con.sql("select status, count(*) from subs group by 1").fetchall())
    assert set(mix) == {"active", "cancelled", "suspended"}
    total = sum(mix.values())
    assert mix["active"] > 0.6 * total
    assert mix["cancelled"] > mix["suspended"] > 0.01 * total
    (leavers, suspended) = _one(
        con,
        "select count(*), count(*) filter (where status = 'suspended') "
        "from subs_seq where from_last = 1 and ended_at is not null",
    )
    assert 0.1 < suspended / leavers < 0.3


def _messages(out: Path) -> duckdb.DuckDBPyConnection:
    con = _connect(out)
    con.execute(f"create view messages as select * from read_parquet('{out}/messages.parquet')")
    return con


def test_messages_schema_and_counts(dirty: tuple[Path, dict]) -> None:
    out, stats = dirty
    assert pq.read_schema(out / "messages.parquet").remove_metadata() == msg.MESSAGES_SCHEMA
    assert stats["messages"] == pq.read_metadata(out / "messages.parquet").num_rows > 0
    con = _messages(out)
    channels, campaigns, variants = _one(
        con,
        "select list(distinct channel order by channel), list(distinct campaign_id order by"
        " campaign_id), list(distinct variant order by variant) from messages",
    )
    assert channels == sorted(msg.CHANNELS)
    assert campaigns == sorted(msg.CAMPAIGNS)
    assert variants == ["A", "B", "control", None]  # None: the newsletter, no experiment


def test_messages_dirty_rows(dirty: tuple[Path, dict], clean: Path) -> None:
    con = _messages(dirty[0])
    duplicates, null_users, read_before_sent = _one(
        con,
        """
        select
            count(*) - count(distinct message_id),
            count(*) filter (where user_id is null),
            count(*) filter (where read_at < sent_at)
        from messages
        """,
    )
    assert duplicates >= 1 and null_users >= 1 and read_before_sent >= 1
    clean_con = _messages(clean)
    assert _one(
        clean_con,
        "select count(*) - count(distinct message_id) + count(*) filter (where user_id is null)"
        " + count(*) filter (where read_at < sent_at) from messages",
    ) == (0,)


def test_messages_funnels_caps_and_opt_outs(clean: Path) -> None:
    """Each funnel step follows the one before it; control rows hold no funnel but may
    convert; the log keeps the default caps; nobody is messaged after unsubscribing; every
    message goes to an existing user, inside the generated span."""
    con = _messages(clean)
    bad_order, control_funnel, treated_conversion_without_click = _one(
        con,
        """
        select
            count(*) filter (where delivered_at < sent_at or read_at < delivered_at
                or clicked_at < read_at or converted_at < sent_at
                or unsubscribed_at < delivered_at
                or (read_at is not null and delivered_at is null)
                or (clicked_at is not null and read_at is null)),
            count(*) filter (where variant = 'control' and coalesce(delivered_at, read_at,
                clicked_at, unsubscribed_at) is not null),
            count(*) filter (where variant is distinct from 'control'
                and converted_at is not null and clicked_at is null)
        from messages
        """,
    )
    assert (bad_order, control_funnel, treated_conversion_without_click) == (0, 0, 0)
    (control_conversions,) = _one(
        con, "select count(*) from messages where variant = 'control' and converted_at is not null"
    )
    assert control_conversions > 0
    max_a_month, min_gap_hours = _one(
        con,
        """
        with sends as (
            select user_id, sent_at,
                count(*) over (partition by user_id, date_trunc('month', sent_at)) as in_month,
                sent_at - lag(sent_at) over (partition by user_id order by sent_at) as gap
            from messages where variant is distinct from 'control'
        )
        select max(in_month), min(epoch(gap)) / 3600 from sends
        """,
    )
    assert max_a_month <= 2 and min_gap_hours >= 72
    after_opt_out, unknown_users, outside_span = _one(
        con,
        f"""
        with opt_outs as (
            select user_id, min(unsubscribed_at) as opted_out_at from messages
            where unsubscribed_at is not null group by 1
        )
        select
            (select count(*) from messages join opt_outs using (user_id)
             where sent_at > opted_out_at),
            (select count(*) from messages anti join users using (user_id)),
            (select count(*) from messages where sent_at >= timestamp '{SPAN_END}'
             or sent_at < timestamp '2025-06-01')
        """,
    )
    assert (after_opt_out, unknown_users, outside_span) == (0, 0, 0)
