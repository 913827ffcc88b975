"""Per-source schedules: config validation, deterministic spread, cron + offset, previous tick."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from govwatch.daemon.triggers import previous_fire_time, source_offset, trigger_for
from govwatch.sources import ConfigError, load_config_text

BASE = "sources:\n  - id: x\n    name: X\n    start_urls: [http://x.gov.cn/]\n"


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("    schedule: '* * * *'\n", "source 'x': key 'schedule': invalid cron expression"),
        ("    schedule: '0 3 * * * *'\n", "source 'x': key 'schedule': invalid cron expression"),
        ("    schedule: '61 3 * * *'\n", "source 'x': key 'schedule': invalid cron expression"),
        ("    schedule: 'daily'\n", "source 'x': key 'schedule':"),
        ("    schedule: 5\n", "source 'x': key 'schedule':"),
        ("    jitter: -1\n", "source 'x': key 'jitter':"),
        ("    jitter: soon\n", "source 'x': key 'jitter':"),
        ("    jitter: 30d\n", "source 'x': key 'jitter':"),
    ],
)
def test_bad_schedule_or_jitter_names_source_and_key(snippet: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config_text(BASE + snippet)
    assert expected in str(info.value)


def test_bad_schedule_in_defaults_names_defaults() -> None:
    with pytest.raises(ConfigError, match="defaults: key 'schedule': invalid cron expression"):
        load_config_text("defaults:\n  schedule: '99 * * * *'\n" + BASE)


def test_schedule_and_jitter_are_read_and_inherited() -> None:
    second = "  - id: y\n    name: Y\n    start_urls: [http://y.gov.cn/]\n    schedule: '*/5 * * * *'\n"
    cfg = load_config_text("defaults:\n  schedule: '0 3 * * 1'\n  jitter: 10m\n" + BASE + second)
    x, y = cfg.sources
    assert (x.schedule, x.jitter) == ("0 3 * * 1", 600.0)
    assert (y.schedule, y.jitter) == ("*/5 * * * *", 600.0)
    assert load_config_text(BASE).sources[0].schedule is None


def test_default_schedule_is_daily_at_a_deterministic_spread_time() -> None:
    ids = [f"district-{i}" for i in range(5000)]
    offsets = [source_offset(i, 86400) for i in ids]
    assert offsets == [source_offset(i, 86400) for i in ids]  # same on every worker, every start
    assert all(0 <= o < 86400 for o in offsets)
    per_second = Counter(offsets)
    assert max(per_second.values()) <= 4  # not thousands in the same second
    per_hour = Counter(o // 3600 for o in offsets)
    assert min(per_hour.values()) > 5000 / 24 * 0.7  # roughly uniform over the day
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    trig = trigger_for(None, "district-7", tz=UTC)
    first = trig.get_next_fire_time(None, now)
    assert first is not None and now <= first < now + timedelta(days=1)
    second = trig.get_next_fire_time(first, first + timedelta(seconds=1))
    assert second == first + timedelta(days=1)
    assert str(trig).startswith("daily at ")


def test_explicit_cron_is_kept_and_shifted_below_jitter() -> None:
    now = datetime(2024, 5, 1, 0, 0, tzinfo=UTC)  # a Wednesday
    exact = trigger_for(None, "a", tz=UTC, schedule="30 4 * * *")
    assert exact.get_next_fire_time(None, now) == datetime(2024, 5, 1, 4, 30, tzinfo=UTC)
    fires = []
    for sid in ("a", "b", "c", "d"):
        t = trigger_for(None, sid, tz=UTC, schedule="30 4 * * *", jitter=900)
        nxt = t.get_next_fire_time(None, now)
        assert nxt is not None
        assert datetime(2024, 5, 1, 4, 30, tzinfo=UTC) <= nxt < datetime(2024, 5, 1, 4, 45, tzinfo=UTC)
        fires.append(nxt)
    assert len(set(fires)) == 4
    weekly = trigger_for(None, "a", tz=UTC, schedule="0 6 * * mon")
    assert weekly.get_next_fire_time(None, now) == datetime(2024, 5, 6, 6, 0, tzinfo=UTC)


def test_previous_fire_time_is_the_tick_being_served() -> None:
    every5 = trigger_for(None, "a", tz=UTC, schedule="*/5 * * * *")
    at = datetime(2024, 5, 1, 10, 7, 30, tzinfo=UTC)
    assert previous_fire_time(every5, at) == datetime(2024, 5, 1, 10, 5, tzinfo=UTC)
    assert previous_fire_time(every5, datetime(2024, 5, 1, 10, 5, tzinfo=UTC)) == datetime(2024, 5, 1, 10, 5,
                                                                                           tzinfo=UTC)
    yearly = trigger_for(None, "a", tz=UTC, schedule="0 0 1 1 *")
    assert previous_fire_time(yearly, at) == datetime(2024, 1, 1, tzinfo=UTC)
    interval = trigger_for(None, "a", tz=UTC, interval=7)
    tick = previous_fire_time(interval, at)
    assert tick is not None and tick.timestamp() % 7 == 0 and at - timedelta(seconds=7) < tick <= at
