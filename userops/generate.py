"""Deterministic demo data generator for the userops dbt project.

The data imitates the users of a B2B subscription SaaS selling "hang-up SMS": when a phone call
with a business ends, the business automatically texts the caller (a thank-you, a booking link,
a review request...). Everything is synthetic, seeded and vectorised with numpy; the same
arguments always produce byte-identical Parquet files.

Output layout (read by the dbt sources, do not rename)::

    {out}/users.parquet
    {out}/subscriptions.parquet            one row per subscription of a paid-plan user
    {out}/messages.parquet                 the outreach log (see ``userops.messages``)
    {out}/events/part-YYYY-MM.parquet      one file per calendar month, oldest first

Model of behaviour
------------------
Users
    Signups are spread over the whole span with ~4 % growth per month, stratified so that every
    month gets new users; user ids (``u0000000``...) follow signup order. Each user has a plan
    (free / basic / pro / enterprise, fees 0 / 49 / 149 / 499, mix ~40/35/20/5, skewed by the
    acquisition channel), a region, an industry, an acquisition channel with a noisy
    acquisition cost, a preferred device channel and two latent traits: *engagement* (lognormal,
    mean 1) and *loyalty* (normal).

Monthly activity (a persistent Markov chain per user)
    The signup month is always active (``signed_up_at`` lies inside it and the first events
    follow it). After that, with per-user probabilities:

    * active last month -> active again with ~0.8 (logit shifted up for paid plans, engaged and
      loyal users; lower right after signup and for users who never complete setup);
    * inactive for exactly one month -> back with ~0.3 ("woken");
    * inactive for two or more months -> back with ~0.07, decaying by 15 % per extra month
      ("returned");
    * whenever an active user lapses, they leave for good with probability ~0.2.

    Measured over all user-months after the first, most active months are "retained", dormant /
    woken / returned / churned all occur, and churned users pile up over time.

Subscriptions
    Only paid-plan users (basic / pro / enterprise) subscribe; free users have no row. Columns:
    ``user_id``, ``started_at``, ``ended_at`` (NULL while it runs), ``plan``, ``monthly_fee``
    (the plan fee) and ``status`` (``active`` when ``ended_at`` is NULL, ``cancelled``, or
    ``suspended`` when it ended for non-payment). Each paid user's first subscription starts at
    ``signed_up_at``. Rows are ordered by ``user_id`` then ``started_at``.

    * A paid user who leaves for good has their subscription ended inside the month after their
      last active month: ~80 % ``cancelled`` at a uniform time before that month's billing
      anniversary, ~20 % ``suspended`` within a 14-day grace period after the missed payment
      (never past the month's end).
    * ~3 % of the paid users who stay cancelled and re-subscribed: among those with an inactive
      gap followed by a come-back, the first subscription is ``cancelled`` inside the gap's first
      month and a second, ``active`` one starts in the come-back month, before that month's
      billing anniversary (so before its payment).
    * Everyone else stays ``active``. Hence no subscription ends after the generated span, none
      starts before its user's signup, every real ``payment`` event lies inside one of its
      user's subscriptions, and a user whose final subscription ended has no events from the
      month it ended in onwards. The subscriptions use their own random stream, so the users and
      events are the same as without them.

Events per active user-month
    ``1 + Poisson(lambda)`` with ``lambda = base * engagement * plan multiplier * Gamma(2, 1/2)``
    (a gamma-Poisson, i.e. negative binomial, mix), boosted in the signup month (pro rata to the
    part of the month left) and damped in come-back months. ``base`` is tuned so that the
    ``medium`` preset (100k users x 24 months) gives ~10M events and ``large`` ~100M.
    Event types: ``login`` about half, then the feature events (``sms_sent`` most, ``referral_sent``
    and ``support_ticket`` rare). On top of that:

    * ``setup_completed`` once per user: ~72 % in the first active month, ~18 % in a later active
      month (if the user is still around), ~10 % never;
    * ``payment`` once per active month for paid plans, amount = the plan fee, at the billing
      anniversary (the signup day/time); ~2 % of them are followed by a second payment of the
      same amount on the same day (a double charge, distinct ``event_id``);
    * ``addon_purchase`` occasionally (more often on bigger plans), amount lognormal around 40.

    ``amount`` is NULL for every other event type. Timestamps are naive UTC microseconds,
    uniform within the month (never before ``signed_up_at``), and each file is sorted by
    ``event_at`` (apart from the dirty "future" rows, appended at its end).

Dirty rows
    A fraction ``dirty_fraction`` of the events (cumulative rounding, so spread over all files)
    is dirty, cycling through four kinds: an exact duplicate of a real row (same ``event_id``),
    a copy of a real row with a new ``event_id`` and NULL ``user_id``, a copy turned into a
    ``payment`` with a negative amount, and a copy moved to the year 2099. The extra rows are
    copies of rows of the same month, so they never change which months users are active in.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tqdm import tqdm

from userops.messages import generate_messages

SIZES: dict[str, tuple[int, int]] = {
    "tiny": (300, 12),
    "small": (5_000, 18),
    "medium": (100_000, 24),
    "large": (1_000_000, 24),
}

PLANS = ["free", "basic", "pro", "enterprise"]
PLAN_FEE_CENTS = np.array([0, 4_900, 14_900, 49_900], dtype=np.int64)
PLAN_RETENTION_LOGIT = np.array([-0.35, 0.10, 0.40, 0.80])
PLAN_USAGE = np.array([0.6, 1.0, 1.6, 2.8])
PLAN_ADDON_PROB = np.array([0.01, 0.05, 0.09, 0.14])

REGIONS = ["north", "east", "south", "west", "central"]
REGION_P = np.array([0.18, 0.22, 0.24, 0.21, 0.15])

INDUSTRIES = ["retail", "education", "healthcare", "real_estate", "finance", "logistics"]
INDUSTRY_P = np.array([0.26, 0.12, 0.20, 0.17, 0.10, 0.15])

ACQ_CHANNELS = ["organic", "paid_search", "social", "referral", "partner"]
ACQ_CHANNEL_P = np.array([0.35, 0.25, 0.15, 0.15, 0.10])
ACQ_COST = np.array([5.0, 120.0, 60.0, 30.0, 200.0])
# Plan mix per acquisition channel (rows sum to 1); the overall mix is ~40/35/20/5.
PLAN_P_BY_ACQ = np.array(
    [
        [0.44, 0.34, 0.18, 0.04],  # organic
        [0.36, 0.38, 0.21, 0.05],  # paid_search
        [0.55, 0.30, 0.13, 0.02],  # social
        [0.40, 0.36, 0.20, 0.04],  # referral
        [0.13, 0.37, 0.36, 0.14],  # partner
    ]
)

DEVICE_CHANNELS = ["web", "ios", "android"]
DEVICE_P = np.array([0.55, 0.25, 0.20])
PREFERRED_CHANNEL_P = 0.85

# Feature/login events drawn per active month (``setup_completed``, ``payment`` and
# ``addon_purchase`` are added separately).
EVENT_TYPES = [
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
]
FEATURE_P = np.array([0.50, 0.20, 0.06, 0.05, 0.08, 0.04, 0.04, 0.015, 0.015])
SETUP, PAYMENT, ADDON = 9, 10, 11

# Activity chain.
P_STAY = 0.80
FIRST_MONTH_LOGIT = -0.45
NO_SETUP_LOGIT = -0.70
P_WAKE = 0.37
P_RETURN = 0.085
RETURN_DECAY = 0.85
P_LEAVE = 0.20

# Subscriptions: share of leavers suspended for non-payment (the others cancel), grace period
# after a missed payment, and share of paid users who stay that cancelled and re-subscribed.
P_SUSPENDED = 0.20
SUSPEND_GRACE_US = 14 * 86_400_000_000
P_RESUBSCRIBE = 0.03

# Events per active month, tuned for ~100 events per user over 24 months (medium ~10M).
BASE_RATE = 14.3
MONTH_GAMMA_SHAPE = 2.0
SIGNUP_BOOST = 1.5
COMEBACK_DAMPING = 0.7

P_SETUP_FIRST = 0.72
P_SETUP_LATER = 0.18
P_DOUBLE_PAYMENT = 0.02
ADDON_MEDIAN = 40.0
ADDON_SIGMA = 0.45

US_PER_DAY = 86_400_000_000
US_PER_SECOND = 1_000_000

DECIMAL = pa.decimal128(18, 2)
DICT_STRING = pa.dictionary(pa.int32(), pa.string())
TIMESTAMP = pa.timestamp("us")

EVENTS_SCHEMA = pa.schema(
    [
        ("event_id", pa.int64()),
        ("user_id", DICT_STRING),
        ("event_at", TIMESTAMP),
        ("event_type", DICT_STRING),
        ("amount", DECIMAL),
        ("channel", pa.string()),
    ]
)
USERS_SCHEMA = pa.schema(
    [
        ("user_id", pa.string()),
        ("signed_up_at", TIMESTAMP),
        ("plan", pa.string()),
        ("plan_monthly_fee", DECIMAL),
        ("region", pa.string()),
        ("industry", pa.string()),
        ("acquisition_channel", pa.string()),
        ("acquisition_cost", DECIMAL),
    ]
)

SUBSCRIPTIONS_SCHEMA = pa.schema(
    [
        ("user_id", pa.string()),
        ("started_at", TIMESTAMP),
        ("ended_at", TIMESTAMP),
        ("plan", pa.string()),
        ("monthly_fee", DECIMAL),
        ("status", pa.string()),
    ]
)
SUBSCRIPTION_STATUSES = ["active", "cancelled", "suspended"]
ACTIVE, CANCELLED, SUSPENDED = 0, 1, 2

DIRTY_KINDS = ("duplicate", "null_user", "negative_amount", "future")
FUTURE_YEAR = 2099


def month_starts(end_month: str, months: int) -> np.ndarray:
    """Return ``months + 1`` month boundaries (datetime64[us]) ending after ``end_month``."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", end_month):
        raise ValueError(f"end_month must look like YYYY-MM, got {end_month!r}")
    end = np.datetime64(end_month, "M")
    bounds = end - np.arange(months - 1, -2, -1)
    return bounds.astype("datetime64[us]")


def _decimal_array(cents: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Build a decimal128(18, 2) array straight from int64 cents (16-byte two's complement)."""
    cents = np.ascontiguousarray(cents, dtype=np.int64)
    words = np.empty((cents.size, 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = cents >> 63
    validity = None
    null_count = 0
    if valid is not None:
        null_count = int(cents.size - np.count_nonzero(valid))
        if null_count:
            validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(
        DECIMAL, cents.size, [validity, pa.py_buffer(words)], null_count=null_count
    )


def _timestamp_array(us: np.ndarray) -> pa.Array:
    return pa.array(np.ascontiguousarray(us, dtype=np.int64).view("datetime64[us]"))


def _categorical(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """Draw ``n`` category codes (int8) with probabilities ``p``."""
    cdf = np.cumsum(p)
    cdf /= cdf[-1]
    return np.searchsorted(cdf, rng.random(n), side="right").astype(np.int8)


def _user_ids(n: int) -> pa.Array:
    digits = pc.utf8_lpad(pa.array(np.arange(n, dtype=np.int64)).cast(pa.string()), 7, "0")
    return pc.binary_join_element_wise("u", digits, "")


def _anniversary(offset: np.ndarray, start: np.ndarray | int, end: np.ndarray | int) -> np.ndarray:
    """Billing anniversary inside the month ``[start, end)``: the signup day of month (clamped to
    the month's last day) at the signup time of day; ``offset`` is the signup offset (us) from
    the start of the signup month."""
    last_day = (end - start) // US_PER_DAY - 1
    anniversary = start + np.minimum(offset // US_PER_DAY, last_day) * US_PER_DAY
    return anniversary + offset % US_PER_DAY


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


class _Users:
    """Per-user attributes and latent traits, index = position in signup order."""

    def __init__(self, rng: np.random.Generator, n: int, bounds: np.ndarray) -> None:
        months = bounds.size - 1
        starts = bounds.astype(np.int64)
        # Stratified signup months with ~4 %/month growth: every month gets new users.
        weights = np.exp(0.04 * np.arange(months))
        cdf = np.cumsum(weights) / weights.sum()
        strata = (np.arange(n) + rng.random(n)) / n
        month = np.minimum(np.searchsorted(cdf, strata, side="right"), months - 1)
        length = starts[month + 1] - starts[month]
        signup = starts[month] + (rng.random(n) * length).astype(np.int64)
        order = np.argsort(signup, kind="stable")
        self.n = n
        self.signup_month = month[order].astype(np.int16)
        self.signup_us = signup[order]
        self.signup_offset = self.signup_us - starts[self.signup_month]

        self.acq = _categorical(rng, ACQ_CHANNEL_P, n)
        plan_cdf = np.cumsum(PLAN_P_BY_ACQ, axis=1)[self.acq]
        self.plan = (rng.random(n)[:, None] >= plan_cdf).sum(axis=1).clip(0, 3).astype(np.int8)
        self.region = _categorical(rng, REGION_P, n)
        self.industry = _categorical(rng, INDUSTRY_P, n)
        cost = ACQ_COST[self.acq] * rng.lognormal(-0.08, 0.4, n)
        self.acq_cost_cents = np.maximum(np.round(cost * 100), 0).astype(np.int64)
        self.device = _categorical(rng, DEVICE_P, n)

        z_engagement = rng.standard_normal(n)
        z_loyalty = rng.standard_normal(n)
        self.engagement = np.exp(0.7 * z_engagement - 0.245)
        # Setup: -1 never, 0 in the first active month, k >= 1 in the (k+1)-th active month.
        u = rng.random(n)
        later = 1 + rng.geometric(0.5, n)
        self.setup_ordinal = np.where(
            u < P_SETUP_FIRST, 0, np.where(u < P_SETUP_FIRST + P_SETUP_LATER, later - 1, -1)
        ).astype(np.int16)
        logit = (
            _logit(P_STAY)
            + PLAN_RETENTION_LOGIT[self.plan]
            + 0.45 * z_engagement
            + 0.35 * z_loyalty
            + np.where(self.setup_ordinal < 0, NO_SETUP_LOGIT, 0.0)
        )
        self.p_stay = _sigmoid(logit)
        self.p_stay_first = _sigmoid(logit + FIRST_MONTH_LOGIT)
        comeback = np.exp(0.3 * z_loyalty - 0.045)
        self.p_wake = np.minimum(P_WAKE * comeback, 0.95)
        self.p_return = np.minimum(P_RETURN * comeback, 0.95)
        self.p_leave = np.clip(P_LEAVE * np.exp(-0.3 * z_loyalty), 0.0, 1.0)

    def table(self) -> pa.Table:
        fee = PLAN_FEE_CENTS[self.plan]
        return pa.Table.from_arrays(
            [
                _user_ids(self.n),
                _timestamp_array(self.signup_us),
                pa.array(np.array(PLANS)[self.plan]),
                _decimal_array(fee),
                pa.array(np.array(REGIONS)[self.region]),
                pa.array(np.array(INDUSTRIES)[self.industry]),
                pa.array(np.array(ACQ_CHANNELS)[self.acq]),
                _decimal_array(self.acq_cost_cents),
            ],
            schema=USERS_SCHEMA,
        )


def _simulate_chain(
    rng: np.random.Generator, users: _Users, months: int
) -> tuple[np.ndarray, np.ndarray]:
    """Run the monthly activity chain.

    Returns the (months, users) boolean activity matrix and, per user, the month in which they
    left for good (the first inactive month after their last active one; int16, -1 if they
    never left).
    """
    n = users.n
    active = np.zeros((months, n), dtype=bool)
    left_month = np.full(n, -1, dtype=np.int16)
    gap = np.zeros(n, dtype=np.int16)  # consecutive inactive months so far
    gone = np.zeros(n, dtype=bool)
    prev = np.zeros(n, dtype=bool)
    for m in range(months):
        started = users.signup_month < m
        after_signup = users.signup_month == m - 1
        stay = np.where(after_signup, users.p_stay_first, users.p_stay)
        decay = RETURN_DECAY ** np.maximum(gap.astype(np.float64) - 2.0, 0.0)
        back = np.where(gap == 1, users.p_wake, users.p_return * decay)
        p = np.where(prev, stay, back)
        now = started & ~gone & (rng.random(n) < p)
        lapsed = started & prev & ~now
        leaves = lapsed & (rng.random(n) < users.p_leave)
        left_month[leaves] = m
        gone |= leaves
        now |= users.signup_month == m
        gap = np.where(now, 0, np.where(started, gap + 1, 0)).astype(np.int16)
        active[m] = now
        prev = now
    return active, left_month


def _subscriptions(
    rng: np.random.Generator,
    users: _Users,
    active: np.ndarray,
    left_month: np.ndarray,
    bounds_us: np.ndarray,
    user_ids: pa.Array,
) -> pa.Table:
    """One row per subscription of the paid-plan users, ordered by user and start."""
    months, n = active.shape
    paid = PLAN_FEE_CENTS[users.plan] > 0
    offset = users.signup_offset

    def ending(month: np.ndarray, who: np.ndarray, suspended: np.ndarray) -> np.ndarray:
        """End time inside ``month``: a cancellation before that month's billing anniversary,
        or a suspension within the grace period after the missed payment."""
        start, end = bounds_us[month], bounds_us[month + 1]
        anniversary = _anniversary(offset[who], start, end)
        u = rng.random(who.size)
        cancel_at = start + (u * (anniversary - start)).astype(np.int64)
        grace = np.minimum(anniversary + SUSPEND_GRACE_US, end) - anniversary
        suspend_at = anniversary + (u * grace).astype(np.int64)
        return np.where(suspended, suspend_at, cancel_at)

    # Paid users who left for good: ended in the month after their last active month.
    leaver = np.flatnonzero(paid & (left_month >= 0))
    leaver_suspended = rng.random(leaver.size) < P_SUSPENDED
    leaver_end = ending(left_month[leaver].astype(np.int64), leaver, leaver_suspended)

    # Re-subscriptions among the paid users who stay: they cancelled in the first month of an
    # inactive gap and subscribed again in the month they came back, before that month's
    # payment (the billing anniversary) and therefore before any payment after the gap.
    stayer = paid & (left_month < 0)
    month_idx = np.arange(months, dtype=np.int16)[:, None]
    back = np.zeros_like(active)
    back[1:] = active[1:] & ~active[:-1] & (month_idx[1:] > users.signup_month)
    eligible = stayer & back.any(axis=0)
    n_eligible = int(eligible.sum())
    p_resub = min(1.0, P_RESUBSCRIBE * int(stayer.sum()) / n_eligible) if n_eligible else 0.0
    resub = np.flatnonzero(eligible & (rng.random(n) < p_resub))
    back_r = back[:, resub]
    # One come-back month per re-subscriber, at random, and the first month of the gap before it.
    returned = np.argmax((1.0 + rng.random(back_r.shape)) * back_r, axis=0)
    last_seen = np.maximum.accumulate(np.where(active[:, resub], month_idx, -1), axis=0)
    gap_month = last_seen[returned - 1, np.arange(resub.size)].astype(np.int64) + 1
    resub_end = ending(gap_month, resub, np.zeros(resub.size, dtype=bool))
    r_start = bounds_us[returned]
    r_anniversary = _anniversary(offset[resub], r_start, bounds_us[returned + 1])
    restart = r_start + (rng.random(resub.size) * (r_anniversary - r_start)).astype(np.int64)

    # Rows: one per paid user (started at signup), plus the second subscription of re-subscribers.
    first = np.flatnonzero(paid)
    first_end = np.zeros(n, dtype=np.int64)
    first_status = np.zeros(n, dtype=np.int8)
    first_end[leaver] = leaver_end
    first_status[leaver] = np.where(leaver_suspended, SUSPENDED, CANCELLED)
    first_end[resub] = resub_end
    first_status[resub] = CANCELLED
    who = np.concatenate([first, resub])
    started = np.concatenate([users.signup_us[first], restart])
    ended = np.concatenate([first_end[first], np.zeros(resub.size, dtype=np.int64)])
    status = np.concatenate([first_status[first], np.full(resub.size, ACTIVE, dtype=np.int8)])
    order = np.lexsort((started, who))
    who, started, ended, status = who[order], started[order], ended[order], status[order]
    plan = users.plan[who]
    return pa.Table.from_arrays(
        [
            user_ids.take(pa.array(who)),
            _timestamp_array(started),
            pa.array(ended.view("datetime64[us]"), mask=status == ACTIVE),
            pa.array(np.array(PLANS)[plan]),
            _decimal_array(PLAN_FEE_CENTS[plan]),
            pa.array(np.array(SUBSCRIPTION_STATUSES)[status]),
        ],
        schema=SUBSCRIPTIONS_SCHEMA,
    )


class _MonthEvents:
    """Column arrays of one month of events, before they become an Arrow table."""

    def __init__(
        self,
        pos: np.ndarray,
        at: np.ndarray,
        etype: np.ndarray,
        cents: np.ndarray,
        channel: np.ndarray,
    ) -> None:
        self.pos = pos
        self.at = at
        self.etype = etype
        self.cents = cents
        self.channel = channel
        self.event_id = np.empty(0, dtype=np.int64)
        self.user_valid = np.ones(pos.size, dtype=bool)

    def __len__(self) -> int:
        return int(self.pos.size)


def _month_events(
    rng: np.random.Generator,
    users: _Users,
    idx: np.ndarray,
    m: int,
    start: int,
    end: int,
    prev_active: np.ndarray,
    active_before: np.ndarray,
) -> _MonthEvents:
    """Generate the (clean) events of month ``m`` for the active users ``idx``."""
    k = idx.size
    plan = users.plan[idx]
    signup_us = users.signup_us[idx]
    lo = np.maximum(start, signup_us)
    span = end - lo
    is_signup = users.signup_month[idx] == m

    # Number of feature/login events: gamma-Poisson around the user's engagement.
    lam = BASE_RATE * users.engagement[idx] * PLAN_USAGE[plan]
    lam *= rng.gamma(MONTH_GAMMA_SHAPE, 1.0 / MONTH_GAMMA_SHAPE, k)
    lam *= np.where(is_signup, SIGNUP_BOOST * (0.3 + 0.7 * span / (end - start)), 1.0)
    lam *= np.where(is_signup | prev_active[idx], 1.0, COMEBACK_DAMPING)
    counts = 1 + rng.poisson(lam)
    local = np.arange(k, dtype=np.int32)
    pos_f = np.repeat(local, counts)
    at_f = lo[pos_f] + (rng.random(pos_f.size) * span[pos_f]).astype(np.int64)
    type_f = _categorical(rng, FEATURE_P, pos_f.size)

    # Setup completed in the user's chosen active month.
    pos_s = local[users.setup_ordinal[idx] == active_before[idx]]
    at_s = lo[pos_s] + (rng.random(pos_s.size) * span[pos_s]).astype(np.int64)

    # Subscription payment at the billing anniversary (signup day of month and time of day).
    pos_p = local[PLAN_FEE_CENTS[plan] > 0]
    offset = users.signup_offset[idx[pos_p]]
    anniversary = _anniversary(offset, start, end)
    delay = rng.integers(1, 600, pos_p.size) * US_PER_SECOND
    at_p = np.where(is_signup[pos_p], signup_us[pos_p] + delay, anniversary)
    at_p = np.minimum(at_p, end - 1)
    # A few double charges: same amount, same day, a bit later.
    double = rng.random(pos_p.size) < P_DOUBLE_PAYMENT
    pos_d = pos_p[double]
    day_end = (at_p[double] // US_PER_DAY + 1) * US_PER_DAY - 1
    later = rng.integers(60, 7_200, pos_d.size) * US_PER_SECOND
    at_d = np.minimum(np.minimum(at_p[double] + later, day_end), end - 1)

    # Add-on purchases.
    pos_a = local[rng.random(k) < PLAN_ADDON_PROB[plan]]
    at_a = lo[pos_a] + (rng.random(pos_a.size) * span[pos_a]).astype(np.int64)
    addon = rng.lognormal(np.log(ADDON_MEDIAN), ADDON_SIGMA, pos_a.size)
    cents_a = np.maximum(np.round(addon * 100), 100).astype(np.int64)

    pos = np.concatenate([pos_f, pos_s, pos_p, pos_d, pos_a])
    at = np.concatenate([at_f, at_s, at_p, at_d, at_a])
    etype = np.concatenate(
        [
            type_f,
            np.full(pos_s.size, SETUP, dtype=np.int8),
            np.full(pos_p.size + pos_d.size, PAYMENT, dtype=np.int8),
            np.full(pos_a.size, ADDON, dtype=np.int8),
        ]
    )
    cents = np.concatenate(
        [
            np.zeros(pos_f.size + pos_s.size, dtype=np.int64),
            PLAN_FEE_CENTS[plan[pos_p]],
            PLAN_FEE_CENTS[plan[pos_d]],
            cents_a,
        ]
    )
    preferred = users.device[idx][pos]
    channel = np.where(
        rng.random(pos.size) < PREFERRED_CHANNEL_P,
        preferred,
        rng.integers(0, len(DEVICE_CHANNELS), pos.size, dtype=np.int8),
    ).astype(np.int8)

    order = np.argsort(at)
    return _MonthEvents(pos[order], at[order], etype[order], cents[order], channel[order])


def _add_dirty(
    rng: np.random.Generator,
    ev: _MonthEvents,
    n_dirty: int,
    first_kind: int,
    next_id: int,
    start: int,
) -> int:
    """Insert ``n_dirty`` dirty rows into ``ev``; returns the next free event id."""
    n = len(ev)
    if n_dirty <= 0 or n == 0:
        return next_id
    kind = (first_kind + np.arange(n_dirty)) % len(DIRTY_KINDS)
    src = np.sort(rng.integers(0, n, n_dirty))
    is_new_row = kind != 0
    ids = ev.event_id[src].copy()
    ids[is_new_row] = next_id + np.arange(int(is_new_row.sum()))
    next_id += int(is_new_row.sum())

    at = ev.at[src].copy()
    etype = ev.etype[src].copy()
    cents = ev.cents[src].copy()
    user_valid = np.ones(n_dirty, dtype=bool)
    user_valid[kind == 1] = False
    negative = kind == 2
    etype[negative] = PAYMENT
    cents[negative] = -np.where(cents[negative] > 0, cents[negative], PLAN_FEE_CENTS[1])
    future = kind == 3
    if future.any():
        month_of_year = int(np.datetime64(start, "us").astype("datetime64[M]").astype(int)) % 12
        f_start = np.datetime64(f"{FUTURE_YEAR}-01", "M") + month_of_year
        f_lo = int(f_start.astype("datetime64[us]").astype(np.int64))
        f_hi = int((f_start + 1).astype("datetime64[us]").astype(np.int64))
        at[future] = np.minimum(f_lo + (at[future] - start), f_hi - 1)

    # Dirty copies go right after their source row, future rows at the end of the file.
    where = np.where(future, n, src + 1)
    ev.event_id = np.insert(ev.event_id, where, ids)
    ev.pos = np.insert(ev.pos, where, ev.pos[src])
    ev.at = np.insert(ev.at, where, at)
    ev.etype = np.insert(ev.etype, where, etype)
    ev.cents = np.insert(ev.cents, where, cents)
    ev.channel = np.insert(ev.channel, where, ev.channel[src])
    ev.user_valid = np.insert(ev.user_valid, where, user_valid)
    return next_id


def _events_table(ev: _MonthEvents, user_dictionary: pa.Array) -> pa.Table:
    has_amount = (ev.etype == PAYMENT) | (ev.etype == ADDON)
    user_idx = pa.array(ev.pos, type=pa.int32(), mask=~ev.user_valid)
    etype_idx = pa.array(ev.etype.astype(np.int32))
    channel = pa.array(np.array(DEVICE_CHANNELS)).take(pa.array(ev.channel))
    return pa.Table.from_arrays(
        [
            pa.array(ev.event_id),
            pa.DictionaryArray.from_arrays(user_idx, user_dictionary),
            _timestamp_array(ev.at),
            pa.DictionaryArray.from_arrays(etype_idx, pa.array(EVENT_TYPES)),
            _decimal_array(ev.cents, has_amount),
            channel,
        ],
        schema=EVENTS_SCHEMA,
    )


def generate(
    out_dir: str | Path,
    users: int,
    months: int,
    end_month: str = "2025-12",
    seed: int = 42,
    dirty_fraction: float = 0.001,
    progress: bool = True,
) -> dict[str, float | int]:
    """Generate ``users`` users over ``months`` months ending ``end_month`` into ``out_dir``.

    Returns counts: ``users``, ``subscriptions`` (rows of ``subscriptions.parquet``),
    ``messages`` (rows of ``messages.parquet``, dirty ones included), ``events`` (rows written,
    dirty ones included), ``dirty_events``, ``files`` (``users.parquet`` plus the event parts;
    ``subscriptions.parquet`` and ``messages.parquet`` are not counted, so the figure keeps its
    earlier meaning) and ``seconds``.
    """
    if users < 1 or months < 1:
        raise ValueError("users and months must be >= 1")
    if not 0.0 <= dirty_fraction < 0.5:
        raise ValueError("dirty_fraction must be in [0, 0.5)")
    t0 = time.perf_counter()
    bounds = month_starts(end_month, months)
    out = Path(out_dir)
    events_dir = out / "events"
    events_dir.mkdir(parents=True, exist_ok=True)
    for stale in sorted(events_dir.glob("part-*.parquet")):
        stale.unlink()
    (out / "subscriptions.parquet").unlink(missing_ok=True)
    (out / "messages.parquet").unlink(missing_ok=True)

    bounds_us = bounds.astype(np.int64)
    labels = [str(b)[:7] for b in bounds.astype("datetime64[M]")[:-1]]
    root_seed = np.random.SeedSequence(seed)
    seeds = root_seed.spawn(2 + months)
    population = _Users(np.random.default_rng(seeds[0]), users, bounds)
    pq.write_table(population.table(), out / "users.parquet")
    active, left_month = _simulate_chain(np.random.default_rng(seeds[1]), population, months)
    # Spawned after the others so that the users and events streams do not depend on it.
    user_ids = _user_ids(users)
    subs_rng = np.random.default_rng(root_seed.spawn(1)[0])
    subscriptions = _subscriptions(subs_rng, population, active, left_month, bounds_us, user_ids)
    pq.write_table(subscriptions, out / "subscriptions.parquet")
    messages_rng = np.random.default_rng(root_seed.spawn(1)[0])
    messages = generate_messages(
        messages_rng, population, active, bounds_us, user_ids, dirty_fraction
    )
    pq.write_table(messages, out / "messages.parquet")

    active_before = np.zeros(users, dtype=np.int16)
    prev_active = np.zeros(users, dtype=bool)
    next_id = 1
    n_events = 0
    n_clean = 0
    n_dirty_total = 0
    with tqdm(total=months, unit="month", disable=not progress, desc="generating") as bar:
        for m in range(months):
            rng = np.random.default_rng(seeds[2 + m])
            start, end = int(bounds_us[m]), int(bounds_us[m + 1])
            idx = np.flatnonzero(active[m])
            ev = _month_events(rng, population, idx, m, start, end, prev_active, active_before)
            ev.event_id = next_id + np.arange(len(ev), dtype=np.int64)
            next_id += len(ev)
            n_clean += len(ev)
            n_dirty = round(dirty_fraction * n_clean) - n_dirty_total if len(ev) else 0
            next_id = _add_dirty(rng, ev, n_dirty, n_dirty_total, next_id, start)
            n_dirty_total += n_dirty
            table = _events_table(ev, user_ids.take(pa.array(idx)))
            pq.write_table(table, events_dir / f"part-{labels[m]}.parquet")
            n_events += len(ev)
            active_before += active[m]
            prev_active = active[m]
            bar.update(1)
            bar.set_postfix(events=f"{n_events:,}")
    return {
        "users": users,
        "subscriptions": subscriptions.num_rows,
        "messages": messages.num_rows,
        "events": n_events,
        "dirty_events": n_dirty_total,
        "files": months + 1,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m userops.generate", description=__doc__.splitlines()[0]
    )
    presets = ", ".join(f"{name} {u:,} x {m}" for name, (u, m) in SIZES.items())
    parser.add_argument(
        "--size", choices=list(SIZES), default="small", help=f"users x months preset: {presets}"
    )
    parser.add_argument("--users", type=int, help="number of users (overrides --size)")
    parser.add_argument("--months", type=int, help="number of months (overrides --size)")
    parser.add_argument("--end-month", default="2025-12", help="last month, YYYY-MM")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", default="data/demo", help="output directory")
    parser.add_argument(
        "--dirty-fraction", type=float, default=0.001, help="share of dirty rows, 0 disables"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    preset_users, preset_months = SIZES[args.size]
    try:
        stats = generate(
            args.out,
            users=args.users if args.users is not None else preset_users,
            months=args.months if args.months is not None else preset_months,
            end_month=args.end_month,
            seed=args.seed,
            dirty_fraction=args.dirty_fraction,
            progress=not args.no_progress,
        )
    except ValueError as exc:
        parser.error(str(exc))
    # ``files`` leaves out subscriptions and messages (see ``generate``); the message counts them.
    print(
        f"wrote {stats['users']:,} users, {stats['subscriptions']:,} subscriptions, "
        f"{stats['messages']:,} messages and {stats['events']:,} events "
        f"({stats['dirty_events']:,} dirty) in {stats['files'] + 2} files "
        f"to {args.out} in {stats['seconds']:.1f}s"
    )


if __name__ == "__main__":
    main()
