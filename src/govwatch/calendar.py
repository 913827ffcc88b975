"""The report calendar: for one year, did every configured source publish its annual report?

Local governments must publish the previous year's rule-of-law report (法治政府建设年度报告)
before 1 April. For each source the calendar shows whether the report for ``year`` was found
(a stored document whose latest version has that ``report_year`` and an annual report kind),
when govwatch first saw it, whether it was edited later (more than one version) or removed,
and flags a source as overdue when no report was found and 1 April of the following year
has passed.

>>> deadline(2024)
datetime.date(2025, 4, 1)
>>> status_for(found=False, removed=False, today=date(2025, 3, 31), year=2024)
'missing'
>>> status_for(found=False, removed=False, today=date(2025, 4, 1), year=2024)
'overdue'
>>> status_for(found=True, removed=True, today=date(2025, 4, 1), year=2024)
'removed'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govwatch.coverage import CoverageRow
    from govwatch.sources import Source
    from govwatch.store.repository import DocumentRecord, Store

#: kinds (see ``govwatch.reports``) that count as the annual report, most specific first
ANNUAL_KINDS: tuple[str, ...] = ("report", "joint_report", "department_report")

COLUMNS = ("source", "name", "region", "status", "found", "overdue", "first_seen", "published", "late",
           "edited", "versions", "removed", "title", "url", "candidates")


def deadline(year: int) -> date:
    """The day from which a missing report for ``year`` is overdue (1 April of the next year)."""
    return date(year + 1, 4, 1)


def status_for(*, found: bool, removed: bool, today: date, year: int) -> str:
    """found / removed / overdue / missing (not yet due)."""
    if found:
        return "removed" if removed else "found"
    return "overdue" if today >= deadline(year) else "missing"


@dataclass(frozen=True)
class CalendarRow:
    source: str
    name: str
    region: str
    status: str  # found | removed | overdue | missing
    first_seen: str | None
    published: str | None
    edited: bool
    versions: int
    removed: bool
    title: str | None
    url: str | None
    candidates: int  # documents for that year in the source (copies, department reports…)
    late: bool  # published on or after the deadline

    @property
    def found(self) -> bool:
        return self.status in ("found", "removed")

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"

    def as_row(self) -> list[str]:
        yes = {True: "yes", False: "no"}
        return [self.source, self.name, self.region, self.status, yes[self.found], yes[self.overdue],
                self.first_seen or "", self.published or "", yes[self.late] if self.found else "",
                yes[self.edited] if self.found else "", str(self.versions) if self.found else "",
                yes[self.removed] if self.found else "", self.title or "", self.url or "",
                str(self.candidates)]


def _best(docs: list[DocumentRecord]) -> DocumentRecord:
    """The one document that stands for the source's report: an original over a copy, an
    active page over a removed one, the most specific kind, then the earliest seen."""
    return min(docs, key=lambda d: (d.duplicate_of is not None, d.status == "gone",
                                    ANNUAL_KINDS.index(d.kind) if d.kind in ANNUAL_KINDS else 99,
                                    d.first_seen, d.url))


def build_calendar(sources: Iterable[Source], store: Store, year: int, *, today: date | None = None,
                   kinds: tuple[str, ...] = ANNUAL_KINDS) -> list[CalendarRow]:
    """One row per source, in config order."""
    today = today or date.today()
    by_source: dict[str, list[DocumentRecord]] = {}
    for rec in store.calendar_rows(year, kinds):
        by_source.setdefault(rec.source, []).append(rec)
    rows = []
    for src in sources:
        docs = by_source.get(src.id, [])
        region = "/".join(src.region)
        if not docs:
            status = status_for(found=False, removed=False, today=today, year=year)
            rows.append(CalendarRow(src.id, src.name, region, status, None, None, False, 0, False, None, None,
                                    0, False))
            continue
        best = _best(docs)
        removed = best.status == "gone"
        late = bool(best.published and best.published >= deadline(year).isoformat())
        rows.append(CalendarRow(
            src.id, src.name, region, status_for(found=True, removed=removed, today=today, year=year),
            best.first_seen, best.published, best.version > 1, best.version, removed, best.title, best.url,
            len(docs), late,
        ))
    return rows


def from_coverage(rows: Iterable[CoverageRow], store: Store, year: int, *,
                  today: date | None = None) -> list[CalendarRow]:
    """One calendar row per government of ``govwatch coverage`` (its report, found by discovery or
    crawled from a discovered column), in the same terms as the configured sources' rows."""
    today = today or date.today()
    out = []
    for r in rows:
        region = "/".join(p for p in (r.province, r.prefecture) if p)
        rec = store.document(r.url) if r.status in ("published", "late") and r.url else None
        if rec is None:
            out.append(CalendarRow(r.code, r.name, region, status_for(found=False, removed=False, today=today,
                                                                      year=year),
                                   None, None, False, 0, False, None, None, 0, False))
            continue
        removed = rec.status == "gone"
        out.append(CalendarRow(r.code, r.name, region, status_for(found=True, removed=removed, today=today, year=year),
                               rec.first_seen, r.published, rec.version > 1, rec.version, removed, r.title, r.url, 1,
                               r.status == "late"))
    return out


def to_csv(rows: list[CalendarRow]) -> str:
    from govwatch.coverage import csv_text

    return csv_text(COLUMNS, (row.as_row() for row in rows))
