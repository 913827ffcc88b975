"""CMS family patterns, as data: how to recognise a family from a page, and its URL shapes.

Each entry is tested in ``tests/unit/test_families.py``. ``detect_family`` is what
``fetcher: auto`` uses.

>>> detect_family('<script type="text/xml"><datastore><recordset></recordset></datastore></script>', "")
'hanweb'
>>> detect_family("<html>…</html>", "http://x.gov.cn/zwgk/202401/t20240105_123.html")
'trs'
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FamilyPattern:
    family: str
    where: str  # "html" or "url"
    pattern: str
    note: str


#: Markers in the order they are tried: the most specific first.
FAMILY_MARKERS: tuple[FamilyPattern, ...] = (
    FamilyPattern("gkmlpt", "html", r"SID\s*:\s*['\"]\w+['\"]", "gkmlpt config object with the site id"),
    FamilyPattern("gkmlpt", "url", r"/gkmlpt/", "Guangdong disclosure platform path"),
    FamilyPattern("hanweb", "html", r"<datastore>", "Hanweb jpage record store"),
    FamilyPattern("hanweb", "html", r"jpage/dataproxy\.jsp", "Hanweb jpage paging proxy"),
    FamilyPattern("hanweb", "url", r"/col/col\d+/", "Hanweb column path"),
    FamilyPattern("hanweb", "html", r"/art/\d{4}/art_[0-9a-f]{32}\.html", "Hanweb JPaaS detail links"),
    FamilyPattern("huaian", "html", r"function\s+goPage\s*\(", "淮安 platform JS pager"),
    FamilyPattern("huaian", "url", r"/col/\d+_\d+/", "淮安 platform column path"),
    FamilyPattern("trs", "html", r"createPageHTML\s*\(", "TRS WCM pager"),
    FamilyPattern("trs", "url", r"/t\d{8}_\d+\.s?html", "TRS detail URL"),
    FamilyPattern("hunan", "html", r"/content_\d+\.html", "Hunan intensive platform detail links"),
    FamilyPattern("shaanxi", "html", r"/\d{19}\.html", "Shaanxi snowflake-id detail links"),
)

_COMPILED = tuple((m, re.compile(m.pattern, re.I)) for m in FAMILY_MARKERS)


def detect_family(html: str, url: str) -> str | None:
    """The first family whose marker matches the page (or its URL); None for unknown."""
    for marker, rx in _COMPILED:
        if rx.search(url if marker.where == "url" else html):
            return marker.family
    return None
