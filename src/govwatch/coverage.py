"""Coverage: for one report year, one explained row per government of the catalogue.

A government's row says where its report for ``year`` is, or why there is none:

=============  =============================================================================
status         meaning
=============  =============================================================================
published      a government report (kind ``report`` or ``joint_report``) for the year is stored,
               published on or before 1 April of the following year
late           such a report, published after 1 April
missing        the portal answered and was searched, and no report for the year turned up
blocked        the portal answered with an anti-bot wall
unreachable    DNS, connect or TLS failures (the reason says which)
not_checked    discovery has not looked at this government (or it has no portal)
=============  =============================================================================

The report comes from what ``govwatch discover`` attributed to the government, or from what
``govwatch fetch`` stored from a discovered source of that government (unless its title names
another government: a county's column reposting the city's report). When a report was
reached at several URLs (the county's column and the city's aggregator), the original wins
over the copy. The date is the page's publication date, else the day govwatch first saw it.

>>> is_on_time("2025-04-01", 2024), is_on_time("2025-04-02", 2024)
(True, False)
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govwatch.sources.catalog import Government
    from govwatch.store import Store
    from govwatch.store.discovery import AttributedReport

STATUSES = ("published", "late", "missing", "blocked", "unreachable", "not_checked")
#: report kinds that are a government's own report (not a department's)
GOVERNMENT_KINDS = ("report", "joint_report")
COLUMNS = ("code", "name", "level", "province", "prefecture", "status", "url", "title", "published", "found_by",
           "reason")


@dataclass
class CoverageRow:
    code: str
    name: str
    level: str
    province: str
    prefecture: str
    status: str
    url: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    found_by: str | None
    reason: str | None
    document_id: int | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def deadline(year: int) -> str:
    """The last day a report for ``year`` is on time (1 April of the next year), ISO."""
    return f"{year + 1}-04-01"


def is_on_time(day: str, year: int) -> bool:
    return day[:10] <= deadline(year)


def _rank(rep: AttributedReport) -> tuple[object, ...]:
    r = rep.record
    return (r.duplicate_of is not None, r.status == "gone", GOVERNMENT_KINDS.index(r.kind or "report"),
            r.published or r.first_seen[:10], r.url)


def coverage_rows(store: Store, year: int, catalog: list[Government] | None = None,
                  province: str | None = None) -> list[CoverageRow]:
    """One row per government of ``catalog`` (default: the bundled one), in catalogue order."""
    from govwatch.sources.catalog import load_catalog, name_index, other_government
    from govwatch.store.discovery import DiscoveryStore

    govs = load_catalog() if catalog is None else catalog
    if province:
        govs = [g for g in govs if g.province == province]
    disc = DiscoveryStore(store)
    by_code = {g.code: g for g in govs}
    names = name_index(govs)
    reports: dict[str, list[AttributedReport]] = {}
    for rep in disc.reports(year):
        gov = by_code.get(rep.code)
        if gov is None or rep.record.kind not in GOVERNMENT_KINDS:
            continue
        # a column crawled later may hold another government's report (the city's, reposted)
        if rep.found_by == "column" and other_government(gov, rep.record.title or "", names):
            continue
        reports.setdefault(rep.code, []).append(rep)
    checks = disc.latest_checks()
    rows: list[CoverageRow] = []
    for g in govs:
        base = {"code": g.code, "name": g.name, "level": g.level, "province": g.province, "prefecture": g.prefecture}
        found = reports.get(g.code)
        if found:
            best = min(found, key=_rank)
            rec = best.record
            day = rec.published or rec.first_seen[:10]
            on_time = is_on_time(day, year)
            reason = None if on_time else f"published {day}, after the deadline {deadline(year)}"
            if rec.status == "gone":
                reason = (reason + "; " if reason else "") + "the page was removed since"
            rows.append(CoverageRow(**base, status="published" if on_time else "late", url=rec.url,
                                    title=rec.title, published=day, found_by=best.found_by, reason=reason,
                                    document_id=best.document_id))
            continue
        check = checks.get(g.code)
        if check is None:
            reason = "no portal in the catalogue" if not g.portal else "not yet discovered"
            rows.append(CoverageRow(**base, status="not_checked", url=None, title=None, published=None,
                                    found_by=None, reason=reason, document_id=None))
            continue
        status = {"searched": "missing"}.get(check.status, check.status)
        reason = check.reason
        if status == "missing":
            reason = (f"searched on {check.checked_at:%Y-%m-%d} ({check.requests} requests): no report for {year}"
                      + (f"; {check.reason}" if check.reason else ""))
        rows.append(CoverageRow(**base, status=status, url=g.portal or None, title=None, published=None,
                                found_by=None, reason=reason, document_id=None))
    return rows


def counts_by_province(rows: list[CoverageRow]) -> dict[str, Counter[str]]:
    """Status counts per province, in the rows' order, plus ``全国`` (all)."""
    out: dict[str, Counter[str]] = {}
    for row in rows:
        out.setdefault(row.province, Counter())[row.status] += 1
    total: Counter[str] = Counter()
    for c in out.values():
        total.update(c)
    out["全国"] = total
    return out


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """A CSV document (``\\n`` line ends) of a header and rows; None is written empty."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def to_csv(rows: list[CoverageRow]) -> str:
    return csv_text(COLUMNS, ([row.as_dict()[c] for c in COLUMNS] for row in rows))


def to_jsonl(rows: list[CoverageRow]) -> str:
    return "".join(json.dumps(row.as_dict(), ensure_ascii=False) + "\n" for row in rows)
