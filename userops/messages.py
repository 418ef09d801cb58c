"""The demo outreach log: ``{out}/messages.parquet``, written by ``userops.generate``.

One row per message, or per control-group assignment, in the raw data contract's columns
(DESIGN.md section 1): ``message_id``, ``user_id``, ``channel`` (``sms``, ``mms``, ``push``,
``wechat``, ``email``), ``campaign_id`` (the campaign's name, one of ``CAMPAIGNS``),
``variant`` (``A``, ``B``, ``control``, or NULL outside experiments), then the funnel
timestamps ``sent_at``, ``delivered_at``, ``read_at``, ``clicked_at``, ``converted_at`` and
``unsubscribed_at`` (naive UTC, NULL when the step did not happen).

Campaigns, each month from the second on, aimed at what the activity chain showed last month
(so at what an operations team could see), always to users who have not unsubscribed:

* ``onboarding_guide``: users who signed up last month; push on a phone, else email.
* ``dormant_reminder``: users active two months ago but not last month; SMS.
* ``winback_offer``: users inactive for the last 2 to 6 months (who left for good or not);
  WeChat in the east and south, MMS on the pro and enterprise plans, SMS otherwise.
* ``monthly_newsletter``: a third of last month's active users; email, no experiment.

The three targeted campaigns are A/B tests with a control group: 10 % of the targeted users are
held out (``variant = 'control'``: a row with the assignment time as ``sent_at``, no funnel,
but ``converted_at`` when the user converted on their own), the rest split evenly between A
and B; B's click-through is 30 % higher. The newsletter goes out on days 1-5 and the others on
days 10-28, mostly inside the 11-13 h and 19-21 h send windows, so the log itself keeps the
default caps (at most 2 messages a month, 3 days apart).

Funnel per channel (``CHANNEL_FUNNEL``): delivered given sent, read given delivered, clicked
given read, converted given clicked, unsubscribed given delivered; each step follows the one
before it by a random delay (conversion within 7 days of sending). A user who unsubscribes is
never messaged again. The log uses its own random stream, so events, users and subscriptions
are the same with or without it; conversions are recorded in the log only, so no purchase
event is added for them.

Dirty rows (``dirty_fraction`` of the messages, at least one of each kind, cycling): an exact
duplicate, a copy with a NULL ``user_id``, and a copy whose ``read_at`` is before its
``sent_at``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

US_PER_SECOND = 1_000_000
US_PER_HOUR = 3_600 * US_PER_SECOND
US_PER_DAY = 24 * US_PER_HOUR

CHANNELS = ["sms", "mms", "push", "wechat", "email"]
SMS, MMS, PUSH, WECHAT, EMAIL = range(5)
# delivered | sent, read | delivered, clicked | read, converted | clicked, unsubscribed | delivered
CHANNEL_FUNNEL = np.array(
    [
        [0.985, 0.45, 0.22, 0.45, 0.004],  # sms
        [0.970, 0.55, 0.24, 0.45, 0.003],  # mms
        [0.930, 0.30, 0.25, 0.35, 0.006],  # push
        [0.995, 0.62, 0.28, 0.50, 0.002],  # wechat
        [0.970, 0.24, 0.16, 0.40, 0.008],  # email
    ]
)
CAMPAIGNS = ["onboarding_guide", "dormant_reminder", "winback_offer", "monthly_newsletter"]
ONBOARDING, DORMANT, WINBACK, NEWSLETTER = range(4)
VARIANTS = ["A", "B", "control"]
VARIANT_A, VARIANT_B, CONTROL, NO_VARIANT = 0, 1, 2, -1
CONTROL_SHARE = 0.10
VARIANT_B_CLICK_LIFT = 1.3
# Conversion without any message, per campaign (the control group's rate).
ORGANIC_CONVERSION = np.array([0.020, 0.015, 0.010, 0.0])
NEWSLETTER_SHARE = 1 / 3
WINBACK_MAX_GAP = 6
SEND_WINDOWS_HOURS = [(11, 13), (19, 21)]
IN_WINDOW_P = 0.9
PHONE_DEVICES = (1, 2)  # ios, android in generate.DEVICE_CHANNELS
EAST_SOUTH = (1, 2)  # in generate.REGIONS
PRO_OR_ENTERPRISE = (2, 3)  # in generate.PLANS
DIRTY_KINDS = ("duplicate", "null_user", "read_before_sent")

MESSAGES_SCHEMA = pa.schema(
    [
        ("message_id", pa.string()),
        ("user_id", pa.string()),
        ("channel", pa.string()),
        ("campaign_id", pa.string()),
        ("variant", pa.string()),
        ("sent_at", pa.timestamp("us")),
        ("delivered_at", pa.timestamp("us")),
        ("read_at", pa.timestamp("us")),
        ("clicked_at", pa.timestamp("us")),
        ("converted_at", pa.timestamp("us")),
        ("unsubscribed_at", pa.timestamp("us")),
    ]
)


def _send_times(
    rng: np.random.Generator, start: int, end: int, first_day: int, last_day: int, n: int
) -> np.ndarray:
    """Send instants (us) on days ``first_day..last_day`` of the month ``[start, end)``, mostly
    inside a send window, else at any second of the day."""
    days_in_month = (end - start) // US_PER_DAY
    day = rng.integers(first_day - 1, min(last_day, days_in_month), n)
    window = rng.integers(0, len(SEND_WINDOWS_HOURS), n)
    opens = np.array([w[0] for w in SEND_WINDOWS_HOURS])[window]
    lengths = np.array([w[1] - w[0] for w in SEND_WINDOWS_HOURS])[window]
    in_window = opens * US_PER_HOUR + (rng.random(n) * lengths * US_PER_HOUR).astype(np.int64)
    anytime = (rng.random(n) * US_PER_DAY).astype(np.int64)
    time_of_day = np.where(rng.random(n) < IN_WINDOW_P, in_window, anytime)
    return start + day * US_PER_DAY + time_of_day


def _delay(rng: np.random.Generator, median_seconds: float, n: int) -> np.ndarray:
    return (rng.lognormal(np.log(median_seconds), 1.0, n) * US_PER_SECOND).astype(np.int64)


class _Log:
    """Column arrays of the log, appended campaign by campaign."""

    def __init__(self) -> None:
        self.parts: dict[str, list[np.ndarray]] = {
            name: [] for name in ("user", "channel", "campaign", "variant", *STEPS)
        }

    def add(self, **columns: np.ndarray) -> None:
        for name, values in columns.items():
            self.parts[name].append(values)

    def column(self, name: str) -> np.ndarray:
        return np.concatenate(self.parts[name]) if self.parts[name] else np.zeros(0, np.int64)


STEPS = ("sent", "delivered", "read", "clicked", "converted", "unsubscribed")
MISSING = np.iinfo(np.int64).min


def _funnel(
    rng: np.random.Generator,
    sent: np.ndarray,
    channel: np.ndarray,
    variant: np.ndarray,
    campaign: int,
    horizon: int,
) -> dict[str, np.ndarray]:
    """The funnel timestamps (us, ``MISSING`` when the step did not happen) of one campaign."""
    n = sent.size
    funnel = CHANNEL_FUNNEL[channel]
    treated = variant != CONTROL
    delivered = treated & (rng.random(n) < funnel[:, 0])
    read = delivered & (rng.random(n) < funnel[:, 1])
    click_p = funnel[:, 2] * np.where(variant == VARIANT_B, VARIANT_B_CLICK_LIFT, 1.0)
    clicked = read & (rng.random(n) < click_p)
    converted = np.where(
        treated,
        clicked & (rng.random(n) < funnel[:, 3]),
        rng.random(n) < ORGANIC_CONVERSION[campaign],
    )
    unsubscribed = delivered & (rng.random(n) < funnel[:, 4])

    delivered_at = sent + _delay(rng, 5, n)
    read_at = delivered_at + _delay(rng, 1_800, n)
    clicked_at = read_at + _delay(rng, 60, n)
    converted_at = np.where(
        treated,
        clicked_at + _delay(rng, 6 * 3_600, n),
        sent + (rng.random(n) * 7 * US_PER_DAY).astype(np.int64),
    )
    converted_at = np.minimum(converted_at, sent + 7 * US_PER_DAY - 1)
    unsubscribed_at = delivered_at + _delay(rng, 600, n)
    steps = {
        "sent": (np.ones(n, bool), sent),
        "delivered": (delivered, delivered_at),
        "read": (read, read_at),
        "clicked": (clicked, clicked_at),
        "converted": (converted, converted_at),
        "unsubscribed": (unsubscribed, unsubscribed_at),
    }
    # A step after the end of the generated span has not happened yet.
    return {
        name: np.where(happened & (at < horizon), at, MISSING)
        for name, (happened, at) in steps.items()
    }


def generate_messages(
    rng: np.random.Generator,
    users,  # userops.generate._Users
    active: np.ndarray,
    bounds_us: np.ndarray,
    user_ids: pa.Array,
    dirty_fraction: float,
) -> pa.Table:
    """The outreach log for the (months, users) activity matrix ``active``."""
    months, n = active.shape
    horizon = int(bounds_us[-1])
    opted_out = np.zeros(n, dtype=bool)
    inactive_run = np.zeros(n, dtype=np.int16)  # consecutive inactive months before month m
    ever_active = np.zeros(n, dtype=bool)
    log = _Log()
    for m in range(1, months):
        start, end = int(bounds_us[m]), int(bounds_us[m + 1])
        last = active[m - 1]
        ever_active |= last
        inactive_run = np.where(last, 0, inactive_run + ever_active).astype(np.int16)
        two_ago = active[m - 2] if m >= 2 else np.zeros(n, dtype=bool)
        targets = {  # in sending order: the newsletter goes out first
            NEWSLETTER: last & (rng.random(n) < NEWSLETTER_SHARE),
            ONBOARDING: users.signup_month == m - 1,
            DORMANT: ~last & two_ago,
            WINBACK: (inactive_run >= 2) & (inactive_run <= WINBACK_MAX_GAP),
        }
        for campaign, chosen in targets.items():
            who = np.flatnonzero(chosen & ~opted_out)
            if campaign == ONBOARDING:
                phone = np.isin(users.device[who], PHONE_DEVICES)
                channel = np.where(phone, PUSH, EMAIL)
            elif campaign == WINBACK:
                channel = np.where(
                    np.isin(users.region[who], EAST_SOUTH),
                    WECHAT,
                    np.where(np.isin(users.plan[who], PRO_OR_ENTERPRISE), MMS, SMS),
                )
            elif campaign == DORMANT:
                channel = np.full(who.size, SMS)
            else:
                channel = np.full(who.size, EMAIL)
            if campaign == NEWSLETTER:
                variant = np.full(who.size, NO_VARIANT)
                sent = _send_times(rng, start, end, 1, 5, who.size)
            else:
                u = rng.random(who.size)
                variant = np.where(
                    u < CONTROL_SHARE,
                    CONTROL,
                    np.where(u < CONTROL_SHARE + (1 - CONTROL_SHARE) / 2, VARIANT_A, VARIANT_B),
                )
                sent = _send_times(rng, start, end, 10, 28, who.size)
            steps = _funnel(rng, sent, channel, variant, campaign, horizon)
            opted_out[who[steps["unsubscribed"] != MISSING]] = True
            log.add(
                user=who,
                channel=channel,
                campaign=np.full(who.size, campaign),
                variant=variant,
                **steps,
            )

    columns = {name: log.column(name) for name in log.parts}
    order = np.lexsort((columns["user"], columns["sent"]))
    columns = {name: values[order] for name, values in columns.items()}
    message_id = np.arange(1, order.size + 1)
    columns, message_id, null_user = _add_dirty(rng, columns, message_id, dirty_fraction)
    return _table(columns, message_id, null_user, user_ids)


def _add_dirty(
    rng: np.random.Generator,
    columns: dict[str, np.ndarray],
    message_id: np.ndarray,
    dirty_fraction: float,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    size = message_id.size
    # At least one row of each kind whenever dirty rows are wanted.
    n_dirty = max(round(dirty_fraction * size), len(DIRTY_KINDS)) if dirty_fraction > 0 else 0
    n_dirty = min(n_dirty, size)
    null_user = np.zeros(size, dtype=bool)
    if n_dirty == 0 or size == 0:
        return columns, message_id, null_user
    source = rng.choice(size, n_dirty, replace=False)
    kind = np.arange(n_dirty) % len(DIRTY_KINDS)
    extra = {name: values[source].copy() for name, values in columns.items()}
    extra_id = message_id[source].copy()
    fresh = kind != 0  # the duplicate keeps its message_id; the others are new rows
    extra_id[fresh] = size + 1 + np.arange(int(fresh.sum()))
    bad_read = kind == 2
    extra["read"][bad_read] = extra["sent"][bad_read] - US_PER_HOUR
    extra["delivered"][bad_read] = extra["sent"][bad_read] + US_PER_SECOND
    columns = {name: np.concatenate([columns[name], extra[name]]) for name in columns}
    return (
        columns,
        np.concatenate([message_id, extra_id]),
        np.concatenate([null_user, kind == 1]),
    )


def _timestamps(values: np.ndarray) -> pa.Array:
    return pa.array(values.view("datetime64[us]"), mask=values == MISSING)


def _table(
    columns: dict[str, np.ndarray], message_id: np.ndarray, null_user: np.ndarray, user_ids
) -> pa.Table:
    variant = columns["variant"]
    has_variant = variant != NO_VARIANT
    return pa.Table.from_arrays(
        [
            pc.binary_join_element_wise("m", pa.array(message_id).cast(pa.string()), ""),
            pc.if_else(
                pa.array(null_user),
                pa.scalar(None, pa.string()),
                user_ids.take(pa.array(columns["user"])),
            ),
            pa.array(np.array(CHANNELS)[columns["channel"]]),
            pa.array(np.array(CAMPAIGNS)[columns["campaign"]]),
            pa.array(np.array(VARIANTS)[np.where(has_variant, variant, 0)], mask=~has_variant),
            *(_timestamps(columns[step]) for step in STEPS),
        ],
        schema=MESSAGES_SCHEMA,
    )
