"""The rows of ``govwatch assess``: one per government, its report's parts, figures, length and timeliness.

Rows come from two places:

1. the catalogue (``govwatch.coverage.coverage_rows``, when that module is present): one row per
   catalogue government with its coverage status, assessed when a report document was found;
2. configured sources whose reports no catalogue row took and that watch no listed catalogue
   government (:func:`watches`): one row per source, named after its region (``code`` empty).

Statuses follow ``govwatch coverage`` (published, late, missing, blocked, unreachable, not_checked);
a source row is published, late, removed, missing (no report and 1 April has passed) or pending (not yet
due). Catalogue governments that discovery has not checked are left out unless ``all_governments``.

Timeliness: governments must publish by 1 April of the following year (on 1 April is on time, as in
``govwatch coverage``), departments by 1 March; ``days`` is negative when early (−11 = eleven days
before the last day), positive when late. A report edited after publication is assessed in its current
version; ``changes`` lists the parts and figures that differ from the first version.

>>> days_from_deadline("2024-03-28", 2023)
-4
>>> days_from_deadline("2024-04-03", 2023), days_from_deadline("2024-03-02", 2023, "department_report")
(2, 1)
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from govwatch.assess.analyse import ABSENT, Assessment, assess_text
from govwatch.assess.rules import FIGURE_NAMES, FIGURE_RULES_BY_NAME, PART_NAMES, PART_RULES_BY_NAME

if TYPE_CHECKING:
    from govwatch.sources import Source
    from govwatch.store.repository import DocumentRecord, Store


def last_day(year: int, kind: str | None = None) -> date:
    """The last day a report for ``year`` is on time: 1 April (governments) or 1 March (department
    reports) of the following year."""
    return date(year + 1, 3 if kind == "department_report" else 4, 1)


def days_from_deadline(published: str | None, year: int, kind: str | None = None) -> int | None:
    if not published:
        return None
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return (day - last_day(year, kind)).days


@dataclass
class AssessRow:
    code: str
    name: str
    province: str
    prefecture: str
    status: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    days: int | None = None
    version: int | None = None
    versions: int | None = None
    changes: list[str] = field(default_factory=list)
    assessment: Assessment | None = None
    found_by: str = ""

    @property
    def key(self) -> str:
        return self.code or self.name

    def part(self, name: str) -> str:
        return self.assessment.parts[name].status if self.assessment else ""

    def figure(self, name: str) -> float | None:
        if self.assessment is None or name not in self.assessment.figures:
            return None
        return self.assessment.figures[name].value

    def as_dict(self) -> dict[str, Any]:
        """The full row with its evidence (jsonl)."""
        return {"code": self.code or None, "name": self.name, "province": self.province,
                "prefecture": self.prefecture, "status": self.status, "url": self.url, "title": self.title,
                "published": self.published, "days_from_deadline": self.days, "version": self.version,
                "versions": self.versions, "changes": self.changes,
                "assessment": self.assessment.as_dict() if self.assessment else None}

    def flat(self) -> dict[str, Any]:
        """One flat record (csv, parquet): part statuses and headings, figure values and sentences."""
        a = self.assessment
        row: dict[str, Any] = {"code": self.code, "name": self.name, "province": self.province,
                               "prefecture": self.prefecture, "status": self.status, "published": self.published,
                               "days_from_deadline": self.days, "kind": a.kind if a else None,
                               "length": a.length if a else None, "version": self.version,
                               "versions": self.versions, "changes": "; ".join(self.changes),
                               "title": self.title, "url": self.url}
        for n in PART_NAMES:
            p = a.parts[n] if a else None
            row[f"part_{n}"] = p.status if p else None
            row[f"part_{n}_heading"] = p.heading if p else None
        for n in FIGURE_NAMES:
            f = a.figures.get(n) if a else None
            row[f"fig_{n}"] = f.value if f else None
            row[f"fig_{n}_sentence"] = f.sentence if f else None
        return row


def compare(old: Assessment, new: Assessment) -> list[str]:
    """What changed between two versions' assessments, in words.

    >>> a = assess_text("一、主要举措和成效\\n受理行政复议案件5件。")
    >>> b = assess_text("一、主要举措和成效\\n受理行政复议案件6件。\\n二、存在的问题\\n不足。")
    >>> compare(a, b)
    ['part shortcomings: absent → section', 'figure review_received: 5 → 6']
    """
    out = []
    for n in PART_NAMES:
        po, pn = old.parts[n], new.parts[n]
        if po.status != pn.status:
            out.append(f"part {n}: {po.status} → {pn.status}")
        elif po.heading != pn.heading and pn.status != ABSENT:
            out.append(f"part {n}: heading {po.heading!r} → {pn.heading!r}")
    for n in FIGURE_NAMES:
        fo, fn = old.figures.get(n), new.figures.get(n)
        vo = _num(fo.value) if fo else "—"
        vn = _num(fn.value) if fn else "—"
        if vo != vn:
            out.append(f"figure {n}: {vo} → {vn}")
    return out


def _num(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def _assess_record(store: Store, rec: DocumentRecord) -> tuple[Assessment, int, list[str]]:
    a = assess_text(rec.text, rec.title)
    changes: list[str] = []
    versions = rec.version
    if rec.version > 1:
        history = store.history(rec.url)
        versions = len(history) or rec.version
        if history and history[0].version != rec.version:
            first = history[0]
            changes = [f"v{first.version}→v{rec.version}: {c}"
                       for c in compare(assess_text(first.text, first.title), a)] or \
                      [f"v{first.version}→v{rec.version}: text edited; parts and figures unchanged"]
    return a, versions, changes


def _catalog_rows(store: Store, year: int, catalog: Any, province: str | None,
                  all_governments: bool) -> tuple[list[AssessRow], int]:
    """Rows of catalogue governments, and how many were left out as not checked."""
    try:
        from govwatch.coverage import coverage_rows
    except ImportError:  # a build without the catalogue
        return [], 0
    rows = []
    skipped = 0
    for c in coverage_rows(store, year, catalog=catalog, province=province):
        if c.status == "not_checked" and not all_governments and not c.url:
            skipped += 1
            continue
        row = AssessRow(code=c.code, name=c.name, province=c.province, prefecture=c.prefecture or "",
                        status=c.status, url=c.url if c.document_id is not None else None, title=c.title,
                        published=c.published, found_by=c.found_by or c.reason or "")
        rec = store.document(row.url) if row.url else None
        if rec is not None:
            row.assessment, row.versions, row.changes = _assess_record(store, rec)
            row.version = rec.version
            row.published = row.published or rec.published
            row.days = days_from_deadline(row.published, year, rec.kind)
        rows.append(row)
    return rows, skipped


def watches(src: Source, row: AssessRow) -> bool:
    """A configured source watches this catalogue government: the same ``code`` when the source has
    one, else its region ends with the government's name in the same province (and prefecture)."""
    code = getattr(src, "code", None)
    if code:
        return bool(code == row.code)
    region = list(src.region)
    if not region or region[0] != row.province or region[-1] != row.name:
        return False
    return len(region) < 3 or not row.prefecture or region[1] in (row.prefecture, row.name, "")


def _source_rows(store: Store, year: int, sources: list[Source], catalog_rows: list[AssessRow],
                 province: str | None, today: date | None) -> list[AssessRow]:
    from govwatch.calendar import build_calendar

    taken = {r.url for r in catalog_rows if r.url}
    rows = []
    for c, src in zip(build_calendar(sources, store, year, today=today), sources, strict=True):
        if c.url and c.url in taken:
            continue
        if any(watches(src, r) for r in catalog_rows):  # the government has its catalogue row
            continue
        region = list(src.region)
        prov = region[0] if region else ""
        if province and prov != province:
            continue
        name = "".join(region[1:]) if len(region) > 1 else (src.name or src.id)
        if len(region) > 2 and region[1] == region[0]:  # 重庆市/重庆市/綦江区
            name = region[0] + "".join(region[2:])
        status = {"found": "published", "overdue": "missing", "missing": "pending"}.get(c.status, c.status)
        row = AssessRow(code="", name=name, province=prov, prefecture=region[1] if len(region) > 1 else "",
                        status=status, url=c.url, title=c.title, published=c.published,
                        found_by=f"source {src.id}")
        rec = store.document(c.url) if c.url else None
        if rec is not None:
            row.assessment, row.versions, row.changes = _assess_record(store, rec)
            row.version = rec.version
            row.days = days_from_deadline(row.published, year, rec.kind)
            if status == "published" and (row.days or 0) > 0:
                row.status = "late"
        rows.append(row)
    return rows


@dataclass
class AssessResult:
    rows: list[AssessRow]
    not_checked: int  # catalogue governments left out: discovery has not looked at them


def assess_rows(store: Store, year: int, *, catalog: Any = None, sources: list[Source] | None = None,
                province: str | None = None, today: date | None = None, use_catalog: bool = True,
                all_governments: bool = False) -> AssessResult:
    """Catalogue governments (checked ones, or all with ``all_governments``), then the configured
    sources whose report no catalogue row took."""
    rows, skipped = _catalog_rows(store, year, catalog, province, all_governments) if use_catalog else ([], 0)
    if sources:
        rows += _source_rows(store, year, sources, rows, province, today)
    return AssessResult(rows, skipped)


# ------------------------------------------------------------------------------------ output

PART_MARK = {"section": "S", "mentioned": "m", "absent": "—", "": ""}


def timeliness(days: int | None) -> str:
    """``11 early``, ``on the day``, ``2 late`` or empty."""
    if days is None:
        return ""
    if days == 0:
        return "on the day"
    return f"{-days} early" if days < 0 else f"{days} late"


def to_csv(rows: list[AssessRow]) -> str:
    buf = io.StringIO()
    flat = [r.flat() for r in rows]
    cols = list(flat[0]) if flat else list(AssessRow("", "", "", "", "").flat())
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in flat:
        w.writerow(r)
    return buf.getvalue()


def to_jsonl(rows: list[AssessRow]) -> str:
    return "".join(json.dumps(r.as_dict(), ensure_ascii=False) + "\n" for r in rows)


@dataclass
class ProvinceTotal:
    province: str
    governments: int = 0
    found: int = 0
    late: int = 0
    sections: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PART_NAMES, 0))
    mentioned: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PART_NAMES, 0))
    lengths: list[int] = field(default_factory=list)


def province_totals(rows: list[AssessRow]) -> list[ProvinceTotal]:
    totals: dict[str, ProvinceTotal] = {}
    for r in rows:
        t = totals.setdefault(r.province or "—", ProvinceTotal(r.province or "—"))
        t.governments += 1
        if r.assessment is None:
            continue
        t.found += 1
        t.late += 1 if (r.days or 0) > 0 else 0
        t.lengths.append(r.assessment.length)
        for n in PART_NAMES:
            s = r.assessment.parts[n].status
            t.sections[n] += s == "section"
            t.mentioned[n] += s == "mentioned"
    return sorted(totals.values(), key=lambda t: t.province)


def explain(row: AssessRow) -> list[str]:
    """Every cell of a row with the text it came from (``govwatch assess --explain``)."""
    out = [f"{row.name} ({row.code or 'no catalogue code'}) — {row.status}"]
    if row.url:
        out.append(f"  report: {row.title} <{row.url}>")
        out.append(f"  published {row.published or '?'}: {timeliness(row.days) or 'no date'}; "
                   f"version {row.version} of {row.versions}")
    for c in row.changes:
        out.append(f"  changed {c}")
    a = row.assessment
    if a is None:
        out.append("  no report text to assess")
        return out
    out.append(f"  kind: {a.kind}; length {a.length} characters")
    for n in PART_NAMES:
        p = a.parts[n]
        label = PART_RULES_BY_NAME[n].label
        if p.status == "absent":
            out.append(f"  [{n}] {label}: absent")
        else:
            out.append(f"  [{n}] {label}: {p.status} at {p.start}–{p.end}: {p.heading}")
    for n in FIGURE_NAMES:
        f = a.figures.get(n)
        label = FIGURE_RULES_BY_NAME[n].label
        if f is None:
            out.append(f"  {{{n}}} {label}: not reported")
        else:
            out.append(f"  {{{n}}} {label}: {_num(f.value)}{f.unit} at {f.start}–{f.end} "
                       f"(in {f.part or 'no part'}): {f.sentence}")
    return out
