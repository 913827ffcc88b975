"""When each source runs: its cron ``schedule`` shifted by a per-source offset.

A source without ``schedule`` runs once a day at a time derived from its id (a SHA-256 of
the id picks a second of the day), so thousands of sources spread over the whole day and
every worker computes the same time. A source with ``schedule`` runs on that 5-field cron
expression, shifted by a per-source offset below ``jitter`` seconds (default 0: exactly on
the cron times). Times are in the local time zone (``TZ``).

>>> from datetime import datetime, timedelta, timezone
>>> source_offset("trs-demo", 86400) == source_offset("trs-demo", 86400)
True
>>> len({source_offset(f"s{i}", 86400) for i in range(1000)}) > 950   # spread over the day
True
>>> t = trigger_for(None, "x", tz=timezone.utc, schedule="0 3 * * *", jitter=600)
>>> t.get_next_fire_time(None, datetime(2024, 1, 1, tzinfo=timezone.utc))
datetime.datetime(2024, 1, 1, 3, 3, 2, tzinfo=datetime.timezone.utc)
>>> previous_fire_time(t, datetime(2024, 1, 2, 12, tzinfo=timezone.utc))
datetime.datetime(2024, 1, 2, 3, 3, 2, tzinfo=datetime.timezone.utc)
>>> every = trigger_for(None, "x", tz=timezone.utc, interval=10)
>>> previous_fire_time(every, datetime(2024, 1, 1, 0, 0, 25, tzinfo=timezone.utc)).second
20
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

if TYPE_CHECKING:
    from govwatch.sources import Source

DAY = 86400
DEFAULT_SCHEDULE = "0 0 * * *"  # shifted by up to a day: daily at a per-source time
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def source_offset(source_id: str, jitter: float) -> int:
    """Whole seconds in ``[0, jitter)`` derived from the source id (0 when jitter < 1)."""
    span = int(jitter)
    if span < 1:
        return 0
    return int(hashlib.sha256(source_id.encode("utf-8")).hexdigest()[:12], 16) % span


class OffsetTrigger(BaseTrigger):
    """Another trigger's fire times, each moved later by a fixed ``offset``."""

    def __init__(self, base: BaseTrigger, offset: timedelta, label: str = "") -> None:
        self.base = base
        self.offset = offset
        self.label = label

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        prev = previous_fire_time - self.offset if previous_fire_time is not None else None
        nxt = self.base.get_next_fire_time(prev, now - self.offset)
        return nxt + self.offset if nxt is not None else None

    def __str__(self) -> str:
        return self.label or f"{self.base} +{self.offset}"

    def __repr__(self) -> str:
        return f"<OffsetTrigger {self}>"


def trigger_for(
    source: Source | None,
    source_id: str | None = None,
    *,
    tz: tzinfo | None = None,
    schedule: str | None = None,
    jitter: float | None = None,
    interval: float | None = None,
) -> BaseTrigger:
    """The trigger of one source (``source`` or an explicit id/schedule/jitter).

    ``interval`` (seconds) replaces every schedule with a fixed period aligned on the Unix
    epoch, so that all workers agree on the ticks (for tests and benchmarks).
    """
    sid = source.id if source is not None else source_id
    if sid is None:
        raise ValueError("trigger_for needs a source or a source id")
    if interval is not None:
        return IntervalTrigger(seconds=interval, start_date=EPOCH, timezone=UTC)
    if source is not None:
        schedule, jitter = source.schedule, source.jitter
    if schedule is None:
        cron, span = DEFAULT_SCHEDULE, DAY if jitter is None else jitter
    else:
        cron, span = schedule, 0 if jitter is None else jitter
    offset = timedelta(seconds=source_offset(sid, span))
    base = CronTrigger.from_crontab(cron, timezone=tz)
    if schedule is None and span >= DAY:
        hh, rest = divmod(int(offset.total_seconds()), 3600)
        label = f"daily at {hh:02d}:{rest // 60:02d}:{rest % 60:02d} {base.timezone}"
    else:
        label = f"cron '{cron}'" + (f" +{int(offset.total_seconds())}s" if offset else "")
    return OffsetTrigger(base, offset, label)


def previous_fire_time(trigger: BaseTrigger, now: datetime) -> datetime | None:
    """The latest fire time at or before ``now`` (None if there was none in the last 2 years)."""
    window = timedelta(minutes=2)
    while window <= timedelta(days=800):
        first = trigger.get_next_fire_time(None, now - window)
        if first is not None and first <= now:
            current = first
            while True:
                nxt = trigger.get_next_fire_time(None, current + timedelta(microseconds=1))
                if nxt is None or nxt > now:
                    return current
                current = nxt
        window *= 4
    return None
