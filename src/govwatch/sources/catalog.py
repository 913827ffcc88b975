"""The catalogue: every government that must publish an annual rule-of-law report.

Every county-level, prefecture-level and provincial government in China must publish its
法治政府建设年度报告 by 1 April. The bundled file ``governments.tsv`` (next to this module) lists
all 3,213 of them, tab-separated, UTF-8, one header line:

====================  =========================================================================
column                meaning
====================  =========================================================================
``code``              6-digit division code (民政部 县级以上行政区划代码, status at 2024-12-31)
``level``             ``province`` (34), ``prefecture`` (333) or ``county`` (2,846)
``province``          province name
``prefecture``        prefecture name; empty for the municipalities' districts, province-level
                      entries and county-level units governed directly by a province
``name``              the government's name
``portal``            its portal's home page (3,207 have one)
``probe_2026_04``     how the portal answered a probe on 2026-04-26: ``direct``, ``none`` (every
                      attempt failed, mostly 412/521 anti-bot walls), ``protocol-switch`` (needs
                      http/https swapped), ``ua-mobile`` (answers a mobile User-Agent only),
                      ``earlier-list``, or empty (no portal, not probed)
``probe_effective_url``  the URL that answered in that probe
====================  =========================================================================

Provenance: the codes come from the public-domain (CC0) list of the ``yescallop/areacodes``
repository (``data/2024.txt``); the portal addresses and probe notes are facts gathered from the
public ``anyi-econ/china-public-debt`` repository (``data/website-gov.ts``, checked 2026-04-26),
joined by name path (3,196 of 3,213 automatically). Rows without a portal: 台湾省, 金门县,
三沙市's 西沙区/南沙区, 和田's 和康县/和安县. 香港 and 澳门 are listed but not covered by the
reporting rule. 2025 replaced 重庆's 江北区 and 渝北区 with 两江新区 (500157); reports for years
up to 2024 are under the old districts.

``--catalog PATH`` replaces the bundled file with one of the same columns.

>>> govs = load_catalog()
>>> len(govs), sum(1 for g in govs if g.portal)
(3213, 3207)
>>> hb = [g for g in govs if g.province == "湖北省"]
>>> hb[0].code, hb[0].level, hb[0].name
('420000', 'province', '湖北省')
>>> by_code(govs)["420626"].prefecture
'襄阳市'
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

#: the bundled catalogue
BUNDLED = Path(__file__).resolve().with_name("governments.tsv")
HEADER = ("code", "level", "province", "prefecture", "name", "portal", "probe_2026_04", "probe_effective_url")
LEVELS = ("province", "prefecture", "county")


class CatalogError(Exception):
    """A catalogue file that cannot be used; the message names the path and the line."""


@dataclass(frozen=True)
class Government:
    """One government of the catalogue (one line of ``governments.tsv``)."""

    code: str
    level: str
    province: str
    prefecture: str
    name: str
    portal: str
    probe: str
    probe_url: str

    @property
    def host(self) -> str:
        """The portal's host name, lower case ('' without a portal)."""
        return (urlsplit(self.portal).hostname or "").lower() if self.portal else ""

    @property
    def full_name(self) -> str:
        """Province, prefecture and name without repeats: 湖北省襄阳市保康县."""
        parts: list[str] = []
        for part in (self.province, self.prefecture, self.name):
            if part and part not in parts:
                parts.append(part)
        return "".join(parts)


def load_catalog(path: Path | None = None) -> list[Government]:
    """Read a catalogue (``None``: the bundled one), in file order.

    Raises :class:`CatalogError` naming the path and line for a missing file, a wrong header,
    a wrong number of columns, a bad code or level, a duplicate code or a portal that is no
    http(s) URL.
    """
    src = Path(path) if path is not None else BUNDLED
    try:
        raw = src.read_bytes()
    except OSError as exc:
        raise CatalogError(f"{src}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{src}: not UTF-8 (byte {exc.start})") from None
    lines = text.splitlines()
    if not lines:
        raise CatalogError(f"{src}: empty file (want a header line: {' '.join(HEADER)})")
    header = tuple(c.strip() for c in lines[0].split("\t"))
    if header != HEADER:
        raise CatalogError(f"{src}:1: header is {'|'.join(header)!r}, want the tab-separated columns "
                           f"{'|'.join(HEADER)!r}")
    out: list[Government] = []
    seen: dict[str, int] = {}
    for lineno, row in enumerate(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != len(HEADER):
            raise CatalogError(f"{src}:{lineno}: {len(row)} columns, want {len(HEADER)}")
        gov = Government(*(c.strip() for c in row))
        if not (len(gov.code) == 6 and gov.code.isdigit()):
            raise CatalogError(f"{src}:{lineno}: code {gov.code!r} is not a 6-digit division code")
        if gov.level not in LEVELS:
            raise CatalogError(f"{src}:{lineno}: level {gov.level!r}, want one of {', '.join(LEVELS)}")
        if not gov.name or not gov.province:
            raise CatalogError(f"{src}:{lineno}: province and name are required")
        if gov.portal and (urlsplit(gov.portal).scheme not in ("http", "https") or not urlsplit(gov.portal).hostname):
            raise CatalogError(f"{src}:{lineno}: portal {gov.portal!r} is not an http(s) URL")
        if gov.code in seen:
            raise CatalogError(f"{src}:{lineno}: code {gov.code} already on line {seen[gov.code]}")
        seen[gov.code] = lineno
        out.append(gov)
    return out


def by_code(catalog: list[Government]) -> dict[str, Government]:
    return {g.code: g for g in catalog}


def select(catalog: list[Government], *, codes: list[str] | None = None,
           province: str | None = None) -> list[Government]:
    """The governments named by ``codes`` and/or in ``province`` (all when neither is given).

    >>> [g.name for g in select(load_catalog(), codes=["420626", "110101"])]
    ['东城区', '保康县']
    >>> select(load_catalog(), province="火星省")
    Traceback (most recent call last):
    ...
    govwatch.sources.catalog.CatalogError: no government in province '火星省' (a full name such as 湖北省)
    """
    out = catalog
    if province:
        out = [g for g in out if g.province == province]
        if not out:
            raise CatalogError(f"no government in province {province!r} (a full name such as 湖北省)")
    if codes:
        known = {g.code for g in out}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise CatalogError(f"unknown division code(s) {', '.join(unknown)}"
                               + (f" in {province}" if province else ""))
        wanted = set(codes)
        out = [g for g in out if g.code in wanted]
    return out


_BUNDLED_NAMES: set[str] = set()


def name_index(catalog: list[Government]) -> list[str]:
    """Government names, longest first (for :func:`names_in`): the catalogue's and the bundled
    catalogue's (a replacement catalogue of a few governments still knows its neighbours' names)."""
    if not _BUNDLED_NAMES:
        _BUNDLED_NAMES.update(g.name for g in load_catalog())
    return sorted({g.name for g in catalog} | _BUNDLED_NAMES, key=len, reverse=True)


def names_in(title: str, names: list[str]) -> list[str]:
    """Catalogue ``names`` (longest first) in ``title``, each span counted once: 长沙县 is not 沙县.

    >>> names_in("长沙县2024年法治政府建设年度报告", ["长沙县", "沙县"])
    ['长沙县']
    """
    found = []
    for name in names:
        if len(name) >= 2 and name in title:
            found.append(name)
            title = title.replace(name, "|")
    return found


def other_government(gov: Government, title: str, names: list[str]) -> str | None:
    """Another government named in ``title``: such a report is not ``gov``'s. None when the title
    names nobody, or ``gov`` (with its prefecture and province around it); a title naming only
    the prefecture or the province is theirs (a county reposting the city's report)."""
    found = names_in(title, names)
    mine = {gov.name, gov.prefecture, gov.province}
    other = next((n for n in found if n not in mine), None)
    if other is None and gov.name not in found and gov.name not in title:
        # the city's or province's own report, reposted below (their names, known or not to the index)
        other = next((n for n in (gov.prefecture, gov.province) if n and n != gov.name and n in title), None)
    return other
