"""The whole pipeline on generated data, checked against an independent reference: a plain
Python reading of DESIGN.md section 3 applied to the raw Parquet files. Then the marts are
corrupted on purpose to show that the data tests catch each kind of damage."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import duckdb
import pytest
from conftest import DbtProject, paths

STATES = ["new", "new_retained", "retained", "woken", "returned", "dormant", "churned"]


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def month_date(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def reference_states(
    events_glob: str, timezone: str, churn_after: int, as_of: date | None = None
) -> dict[tuple[str, date], str]:
    """Lifecycle state per (user, month), computed without SQL windows or the dbt models:
    events up to and including the reporting date `as_of` (business time), else all."""
    zone = ZoneInfo(timezone)
    now = datetime.now(UTC)
    rows = duckdb.sql(
        f"select user_id, event_at, amount from read_parquet('{events_glob}')"
    ).fetchall()
    active: dict[str, set[int]] = defaultdict(set)
    newest = None
    for user_id, event_at, amount in rows:
        if user_id is None or (amount is not None and amount < 0):
            continue
        instant = event_at.replace(tzinfo=UTC)
        if instant > now:
            continue
        local_date = instant.astimezone(zone).date()
        if as_of and local_date > as_of:
            continue
        month = month_index(local_date)
        active[user_id].add(month)
        newest = month if newest is None else max(newest, month)
    reporting = month_index(as_of) if as_of else newest
    states = {}
    for user_id, months in active.items():
        months = {m for m in months if m <= reporting}
        if not months:
            continue
        first = min(months)
        inactive_run = 0  # consecutive inactive months before the month being classified
        for m in range(first, reporting + 1):
            if m in months:
                if m == first:
                    state = "new"
                elif inactive_run == 0:
                    state = "new_retained" if first == m - 1 else "retained"
                else:
                    state = "woken" if inactive_run < churn_after else "returned"
                inactive_run = 0
            else:
                inactive_run += 1
                state = "dormant" if inactive_run < churn_after else "churned"
            states[(user_id, month_date(m))] = state
    return states


# demo_data and demo_build (the suite's generated dataset and its build) live in conftest.py.


def built_states(project: DbtProject) -> dict[tuple[str, date], str]:
    rows = project.query("select user_id, month_start, lifecycle_state from marts.fct_user_months")
    return {(user, month): state for user, month, state in rows}


def test_fct_user_months_matches_reference(demo_data, demo_build):
    expected = reference_states(str(demo_data / "events" / "*.parquet"), "UTC", 2)
    assert built_states(demo_build) == expected
    assert {state for state in expected.values()} == set(STATES), "every state is reachable"


def test_lifecycle_counts_match_fct(demo_build):
    mismatches = demo_build.query(
        """
        select m.month_start
        from marts.mart_lifecycle_monthly as m
        left join (
            select month_start, count(*) as users, count(*) filter (where is_active) as active
            from marts.fct_user_months group by 1
        ) as f using (month_start)
        where m.cumulative_users != f.users or m.active_users != f.active
        """
    )
    assert mismatches == []


def test_attributes_and_dirty_rows_from_demo(demo_build):
    (without_plan,) = demo_build.query(
        "select count(*) from marts.fct_user_months where plan is null"
    )[0]
    assert without_plan == 0
    reasons = {r for (r,) in demo_build.query(
        "select distinct rejection_reason from staging.stg_app__events_quarantine"
    )}  # fmt: skip
    assert reasons == {"duplicate_event", "missing_user_id", "negative_amount", "future_event_at"}
    message_reasons = {r for (r,) in demo_build.query(
        "select distinct rejection_reason from staging.stg_app__messages_quarantine"
    )}  # fmt: skip
    assert message_reasons == {"duplicate_message", "missing_user_id", "read_before_sent"}
    channels = {c for (c,) in demo_build.query(
        "select distinct channel from marts.mart_channel_performance"
    )}  # fmt: skip
    assert channels == {"sms", "mms", "push", "wechat", "email"}
    (significant,) = demo_build.query(
        "select count(*) from marts.mart_experiment_results where control_users > 0"
    )[0]
    assert significant == 6  # 3 experiments x variants A and B, each with a control group


def test_demo_build_passes_every_test_without_a_warning(demo_build):
    """The generated data's dirty rows stay a small share of each input (under the default
    `quarantine_warn_share`), so `make demo` builds with no warning; and the build ran the
    four inputs' quarantine-share tests."""
    results = demo_build.build_result.run_results["results"]
    assert {r["status"] for r in results} <= {"success", "pass", "no-op"}  # no warn, fail, error
    share_tests = {
        r["unique_id"].split(".")[2]
        for r in results
        if r["unique_id"].startswith("test.") and "_quarantined_share_" in r["unique_id"]
    }
    assert share_tests == {
        f"{name}_quarantined_share_within_quarantine_warn_share"
        for name in ["events", "users", "subscriptions", "messages"]
    }


def test_configured_columns_are_stored_uncompressed(demo_build):
    """meta.duckdb_column_compression (macro duckdb__create_table_as) reaches the table, and
    only the columns it names: the other columns, and other models, keep DuckDB's choice."""
    staged = demo_build.column_compressions("staging.stg_app__events_validated")
    assert staged["user_id"] == {"Uncompressed"}
    assert staged["event_type"] != {"Uncompressed"}
    months = demo_build.column_compressions("marts.fct_user_months")
    assert months["user_id"] != {"Uncompressed"}


def test_business_timezone_churn_threshold_and_as_of(demo_data, tmp_path):
    project = DbtProject(tmp_path)
    variables = {
        **paths(demo_data),
        "timezone": "Asia/Shanghai",
        "churn_after_inactive_months": 3,
        "as_of": "2025-04-20",
    }
    project.run("build", vars=variables)
    expected = reference_states(
        str(demo_data / "events" / "*.parquet"), "Asia/Shanghai", 3, as_of=date(2025, 4, 20)
    )
    assert built_states(project) == expected
    assert max(month for _, month in expected) == date(2025, 4, 1)
    # Mid-month, the history already holds messages: every exclusion of the queue occurs.
    exclusions = dict(project.query(
        "select coalesce(exclusion_reason, 'queued'), count(*)"
        " from intermediate.int_outreach_candidates group by 1"
    ))  # fmt: skip
    assert set(exclusions) == {"queued", "unsubscribed", "monthly_cap_reached"}, exclusions
    # The log runs on past the reporting date: the queue honours what it holds after it too
    # (the singular test assert_outreach_queue_respects_caps_gaps_and_opt_outs checks every
    # queued user against the whole log in this build).
    [(opted_out_later, sent_later)] = project.query(
        "select"
        " count(case when cast(unsubscribed_at_local as date) > as_of_date then 1 end),"
        " count(case when cast(last_sent_at_local as date) > as_of_date then 1 end)"
        " from intermediate.int_outreach_candidates"
    )
    assert opted_out_later > 0 and sent_later > 0, (opted_out_later, sent_later)


# Each corruption breaks one invariant; the named test must then fail. A second corruption
# for the same test is keyed `test_name/what_it_breaks`.
CORRUPTIONS = {
    "unique_combination_of_columns_fct_user_months": (
        "insert into marts.fct_user_months select * from marts.fct_user_months limit 1"
    ),
    "no_gaps_in_spine_fct_user_months": (
        "delete from marts.fct_user_months where (user_id, month_start) in ("
        " select user_id, month_start from marts.fct_user_months"
        " where months_since_first_active = 1 and month_start < ("
        "  select max(month_start) from marts.fct_user_months) limit 1)"
    ),
    "sum_of_columns_equals_mart_lifecycle_monthly": (
        "update marts.mart_lifecycle_monthly set churned_users = churned_users + 1"
        " where month_start = (select max(month_start) from marts.mart_lifecycle_monthly)"
    ),
    "accepted_range_mart_retention_rates_wake_rate": (
        "update marts.mart_retention_rates set wake_rate = 1.5"
        " where month_start = (select max(month_start) from marts.mart_retention_rates)"
    ),
    "assert_mau_identity": (
        "update marts.mart_retention_rates set active_users = active_users + 1"
        " where month_start = (select min(month_start) from marts.mart_retention_rates)"
    ),
    # A row more in the validated table than the raw input has (the test against the base).
    "row_count_equals_sum_of_stg_app__events_validated_ref_base_app__events_": (
        "insert into staging.stg_app__events_validated"
        " select * from staging.stg_app__events_validated limit 1"
    ),
    # A quarantine view that drops a reason: validated = clean + quarantined fails (the clean
    # and quarantine views filter one table both ways, so only a change to a view breaks it).
    "row_count_equals_sum_of_stg_app__events_validated_ref_stg_app__events___ref_": (
        "create or replace view staging.stg_app__events_quarantine as"
        " select * from staging.stg_app__events_validated"
        " where rejection_reason is not null and rejection_reason <> 'duplicate_event'"
    ),
    "assert_value_tier_shares_match_cutoffs": (
        "update marts.fct_user_value_monthly set value_tier = 'high'"
        " where (user_id, month_start) in ("
        "  select user_id, month_start from marts.fct_user_value_monthly"
        "  where value_tier = 'low' limit 1)"
    ),
    "assert_tier_migration_adds_up": (
        "update marts.mart_tier_migration set user_count = user_count + 1"
        " where (month_start, from_tier, to_tier) in ("
        "  select month_start, from_tier, to_tier from marts.mart_tier_migration limit 1)"
    ),
    "accepted_range_dim_user_rfm_r_score": (
        "update marts.dim_user_rfm set r_score = 6"
        " where user_id = (select min(user_id) from marts.dim_user_rfm)"
    ),
    "assert_segments_add_up_to_overall": (
        "update marts.mart_retention_rates_by_segment set wake_denominator = wake_denominator + 1"
        " where (month_start, segment_column, segment_value) in ("
        "  select month_start, segment_column, segment_value"
        "  from marts.mart_retention_rates_by_segment limit 1)"
    ),
    "unique_combination_of_columns_fct_outreach_queue": (
        "insert into marts.fct_outreach_queue select * from marts.fct_outreach_queue limit 1"
    ),
    "assert_outreach_queue_respects_caps_gaps_and_opt_outs": (
        "update marts.fct_outreach_queue"
        " set suggested_send_at_local = last_sent_at_local + interval 1 day"
        " where user_id = (select min(user_id) from marts.fct_outreach_queue"
        "  where last_sent_at_local is not null)"
    ),
    "assert_outreach_queue_matches_its_rule": (
        "update marts.fct_outreach_queue set rule_id = 'new_welcome', rule_priority = 70"
        " where user_id = (select min(user_id) from marts.fct_outreach_queue"
        "  where lifecycle_state != 'new')"
    ),
    "accepted_range_mart_channel_performance_read_rate": (
        "update marts.mart_channel_performance set read_rate = 1.25"
        " where month_start = (select max(month_start) from marts.mart_channel_performance)"
    ),
    "accepted_values_fct_user_months_lifecycle_state": (
        "update marts.fct_user_months set lifecycle_state = 'sleeping'"
        " where month_start = (select max(month_start) from marts.fct_user_months)"
    ),
    # A state that contradicts its own counters (DESIGN.md section 3, N = 2).
    "fct_user_months_woken_after_fewer_than_n": (
        "update marts.fct_user_months set lifecycle_state = 'returned'"
        " where lifecycle_state = 'woken'"
    ),
    "fct_user_months_churned_after_n_inactive_months": (
        "update marts.fct_user_months set lifecycle_state = 'churned'"
        " where (user_id, month_start) in (select user_id, month_start"
        "  from marts.fct_user_months where lifecycle_state = 'dormant'"
        "  and consecutive_inactive_months = 1 limit 1)"
    ),
    "fct_user_months_months_since_first_active": (
        "update marts.fct_user_months set months_since_first_active = months_since_first_active + 1"
        " where user_id = (select min(user_id) from marts.fct_user_months)"
    ),
    # A rate that is not its own numerator over its denominator, or beside NULL counts.
    "rate_is_quotient_mart_lifecycle_monthly_monthly_active_rate": (
        "update marts.mart_lifecycle_monthly set monthly_active_rate = 0.99"
        " where month_start = (select max(month_start) from marts.mart_lifecycle_monthly)"
    ),
    "rate_is_quotient_mart_retention_rates_wake_rate": (
        "update marts.mart_retention_rates set wake_numerator = null, wake_denominator = null"
        " where month_start = (select max(month_start) from marts.mart_retention_rates)"
    ),
    "rate_is_quotient_mart_retention_rates_by_segment_wake_rate": (
        "update marts.mart_retention_rates_by_segment set wake_rate = 0"
        " where (month_start, segment_column, segment_value) in ("
        "  select month_start, segment_column, segment_value"
        "  from marts.mart_retention_rates_by_segment where wake_numerator > 0 limit 1)"
    ),
    "rate_is_quotient_mart_cohort_retention_retention_rate": (
        "update marts.mart_cohort_retention set retention_rate = 0.99"
        " where months_since_first_active = 3 and cohort_month_start = ("
        "  select min(cohort_month_start) from marts.mart_cohort_retention)"
    ),
    "rate_is_quotient_mart_channel_performance_delivery_rate": (
        "update marts.mart_channel_performance set delivery_rate = 0.5"
        " where month_start = (select max(month_start) from marts.mart_channel_performance)"
    ),
    "rate_is_quotient_mart_experiment_results_conversion_rate": (
        "update marts.mart_experiment_results set conversion_rate = 0.9"
    ),
    "rate_is_quotient_mart_active_rate_plan_wake_rate": (
        "update marts.mart_active_rate_plan set wake_rate = 0.9"
    ),
    "fct_user_preferences_dominant_and_tags_follow_the_shares": (
        "update marts.fct_user_preferences set is_preference_tag = not is_preference_tag"
        " where (user_id, month_start) in ("
        "  select user_id, month_start from marts.fct_user_preferences limit 1)"
    ),
    "dim_user_value_ltv_and_clv_identities": (
        "update marts.dim_user_value set clv = clv + 1000"
        " where user_id = (select min(user_id) from marts.dim_user_value)"
    ),
    "fct_value_alerts_severity_follows_the_tier": (
        "update marts.fct_value_alerts set severity = 'medium' where previous_value_tier = 'high'"
    ),
    "mart_channel_performance_flags_follow_the_benchmarks": (
        "update marts.mart_channel_performance"
        " set is_read_benchmark_met = not is_read_benchmark_met where read_rate is not null"
    ),
    # Sums that hold on the damaged mart alone but not against the marts it must match.
    "assert_cohort_sizes_are_new_users": (
        "update marts.mart_cohort_retention set cohort_size = cohort_size + 100,"
        " retention_rate = active_users / (cohort_size + 100)"
        " where cohort_month_start = ("
        "  select min(cohort_month_start) from marts.mart_cohort_retention)"
    ),
    "assert_adoption_flows_add_up": (
        "update marts.mart_adoption_monthly set to_stage = case to_stage"
        " when 'growth' then 'mature' else 'growth' end"
        " where month_start = (select max(month_start) from marts.mart_adoption_monthly)"
        " and from_stage = 'growth' and to_stage in ('growth', 'mature')"
    ),
    "assert_mau_identity/mau_of_the_lifecycle_mart": (
        "update marts.mart_retention_rates set new_users = new_users + 50,"
        " active_users = active_users + 50"
        " where month_start = (select max(month_start) from marts.mart_retention_rates)"
    ),
    "assert_segments_add_up_to_overall/a_segment_column_missing": (
        "delete from marts.mart_retention_rates_by_segment where segment_column = 'plan'"
        " and month_start = (select max(month_start) from marts.mart_retention_rates_by_segment)"
    ),
    # A named RFM segment the seed does not give the user's scores; a purchasing user lost.
    "assert_rfm_segment_follows_the_seed": (
        "update marts.dim_user_rfm set rfm_segment = case rfm_segment"
        " when 'champions' then 'hibernating' else 'champions' end"
        " where user_id = (select min(user_id) from marts.dim_user_rfm)"
    ),
    "assert_rfm_segment_follows_the_seed/a_user_dropped": (
        "delete from marts.dim_user_rfm"
        " where user_id = (select min(user_id) from marts.dim_user_rfm)"
    ),
    # The plan on bases or a window that are not the reporting month's, or a forecast that
    # does not follow from them (each consistent with the plan's other tests).
    "assert_active_rate_plan_bases_match_lifecycle": (
        "update marts.mart_active_rate_plan set active_users = active_users + 1"
    ),
    "assert_active_rate_plan_bases_match_lifecycle/trailing_window": (
        "update marts.mart_active_rate_plan set trailing_months = trailing_months + 1"
    ),
    "assert_active_rate_plan_forecast_adds_up": (
        "update marts.mart_active_rate_plan set forecast_active_users = forecast_active_users + 100"
    ),
    "assert_active_rate_plan_forecast_adds_up/a_lever_flag": (
        "update marts.mart_active_rate_plan"
        " set is_gap_closable_by_wake = not is_gap_closable_by_wake"
    ),
    # The LTV/CAC flag flipped; and a user at exactly 1.5 (85.005 / 56.67) flagged as the float
    # ratio 1.4999999999999998 says, every other column consistent.
    "dim_user_value_ltv_cac_flag_follows_ltv_and_cac": (
        "update marts.dim_user_value"
        " set is_ltv_cac_below_threshold = not is_ltv_cac_below_threshold"
        " where user_id = ("
        "  select min(user_id) from marts.dim_user_value where acquisition_cost > 0)"
    ),
    "dim_user_value_ltv_cac_flag_follows_ltv_and_cac/float_decision_at_the_threshold": (
        "update marts.dim_user_value set expected_revenue = 85.005 + service_cost, ltv = 85.005,"
        " clv = 85.005 - 56.67, acquisition_cost = 56.67,"
        " ltv_cac_ratio = cast(85.005 as double) / cast(56.67 as double),"
        " is_ltv_cac_below_threshold = cast(85.005 as double) / cast(56.67 as double) < 1.5"
        " where user_id = (select min(user_id) from marts.dim_user_value)"
    ),
}


@pytest.mark.parametrize("test_name", sorted(CORRUPTIONS))
def test_data_tests_catch_corruption(test_name, demo_data, demo_build, tmp_path):
    project = DbtProject(tmp_path)
    shutil.copy(demo_build.db_path, project.db_path)
    statement = CORRUPTIONS[test_name]
    project.execute(statement)
    # Run the data tests of the damaged model only (every test that depends on it).
    damaged_model = re.search(r"(?:update|into|from) \w+\.(\w+)", statement).group(1)
    result = project.run(
        "test",
        "--select",
        damaged_model,
        "--exclude",
        "test_type:unit",
        vars=paths(demo_data),
        check=False,
    )
    assert result.returncode != 0
    failed = result.failed_nodes()
    test_name = test_name.split("/")[0]
    assert any(name.startswith(test_name) for name in failed), (test_name, failed)
