"""Re-discovery in the daemon: governments still without a report for the latest year are looked
for again, weekly from February to May (the reporting season: reports are due by 1 April, many
come late) and monthly otherwise.

Only governments discovery has checked before are re-discovered (``govwatch discover`` brings a
government in); one published or late for the latest year is left alone. The daemon asks once
a day which are due (:func:`due`) and discovers them under a lease, so several workers never
discover the same governments twice.

>>> from datetime import date
>>> interval(date(2025, 2, 1)).days, interval(date(2025, 5, 31)).days, interval(date(2025, 6, 1)).days
(7, 7, 30)
>>> latest_year(date(2025, 11, 26))
2024
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govwatch.crawl.http import HttpClient, RequestPolicy
    from govwatch.sources.catalog import Government
    from govwatch.store import Store

#: months of the reporting season, when missing governments are re-discovered weekly
SEASON = (2, 3, 4, 5)
WEEKLY, MONTHLY = timedelta(days=7), timedelta(days=30)
LEASE_ID = "_rediscover"  # the lease row several workers share
#: governments re-discovered at most per daily run (the rest wait for the next day)
MAX_PER_RUN = 400


def interval(today: date) -> timedelta:
    """How long a missing government waits between two discoveries."""
    return WEEKLY if today.month in SEASON else MONTHLY


def latest_year(today: date) -> int:
    """The latest report year: last year's reports (due 1 April of this year)."""
    return today.year - 1


def due(store: Store, catalog: list[Government], now: datetime) -> list[Government]:
    """Checked governments without a published or late report for the latest year, whose last
    check is older than :func:`interval` — oldest check first."""
    from govwatch.coverage import coverage_rows
    from govwatch.store.discovery import DiscoveryStore

    today = now.astimezone(UTC).date()
    checks = DiscoveryStore(store).latest_checks()
    rows = {r.code: r for r in coverage_rows(store, latest_year(today), catalog)}
    wait = interval(today)
    out = []
    for gov in catalog:
        check = checks.get(gov.code)
        if check is None or rows[gov.code].status in ("published", "late"):
            continue
        checked = check.checked_at if check.checked_at.tzinfo else check.checked_at.replace(tzinfo=UTC)
        if now - checked >= wait:
            out.append((checked, gov))
    out.sort(key=lambda item: item[0])
    return [gov for _, gov in out[:MAX_PER_RUN]]


async def rediscover(store: Store, catalog: list[Government], client: HttpClient, policy: RequestPolicy,
                     now: datetime | None = None) -> list[str]:
    """Discover the due governments again; returns their codes."""
    from govwatch.crawl.discover import discover

    now = now or datetime.now(UTC)
    govs = due(store, catalog, now)
    if govs:
        await discover(store, catalog, govs, policy, year=latest_year(now.date()), client=client)
    return [g.code for g in govs]
