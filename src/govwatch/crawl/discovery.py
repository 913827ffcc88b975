"""Finding document links and further list pages on a column (list) page.

>>> html = '''<ul><li><a href="./202402/t20240218_1.html">关于2023年度法治政府建设工作情况的报告</a>
... <span>2024-02-18</span></li><li><a href="javascript:void(0)">打印</a></li></ul>
... <script>createPageHTML(3, 0, "index", "html");</script>'''
>>> [(c.url, c.date) for c in find_links(html, "http://x.gov.cn/col/index.html")]
[('http://x.gov.cn/col/202402/t20240218_1.html', '2024-02-18')]
>>> find_pages(html, "http://x.gov.cn/col/index.html")
['http://x.gov.cn/col/index_1.html', 'http://x.gov.cn/col/index_2.html']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

DATE_RX = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w.-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_NEXT_TEXT = re.compile(r"^\s*(下一页|下页|后一页|next|>|›|»)\s*$", re.I)
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Candidate:
    """A link found on a list page: where it points, what it says, the date the list shows."""

    url: str
    text: str
    date: str | None = None


def clean_url(href: str, base: str) -> str | None:
    """Absolute http(s) URL without fragment, or None for javascript:, mailto: and the like."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    url = urldefrag(urljoin(base, href))[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def _date_near(node: Node) -> str | None:
    for candidate in (node, node.parent, node.parent.parent if node.parent else None):
        if candidate is None:
            continue
        m = DATE_RX.search(candidate.text(deep=True, separator=" "))
        if m:
            y, mo, d = m.groups()
            return f"{y}-{int(mo):02d}-{int(d):02d}"
    return None


def find_links(html: str | HTMLParser, base_url: str) -> list[Candidate]:
    """Every link on the page with its text (or ``title``), de-duplicated, in page order."""
    tree = html if isinstance(html, HTMLParser) else HTMLParser(html)
    seen: set[str] = set()
    out: list[Candidate] = []
    for a in tree.css("a[href]"):
        url = clean_url(a.attributes.get("href") or "", base_url)
        if url is None or url in seen:
            continue
        text = _WS.sub(" ", a.text(deep=True)).strip()
        title = (a.attributes.get("title") or "").strip()
        if len(title) > len(text) or text.endswith(("...", "…")):
            text = title or text
        if not text:
            continue
        seen.add(url)
        out.append(Candidate(url=url, text=text, date=_date_near(a)))
    return out


#: list pages one column may announce at most, whatever its pager claims (a source's ``max_pages`` is lower)
MAX_ANNOUNCED_PAGES = 1000


def page_count(digits: str, limit: int = MAX_ANNOUNCED_PAGES) -> int:
    """A page count a list page announces, clamped to ``limit`` (``"3000000"`` → ``limit``).

    >>> page_count("3000000", 20), page_count("7", 20), page_count("9" * 5000, 20)
    (20, 7, 20)
    """
    digits = digits.lstrip("0") or "0"
    return limit if len(digits) > 9 else min(int(digits), limit)


def find_pages(html: str | HTMLParser, base_url: str, limit: int = MAX_ANNOUNCED_PAGES) -> list[str]:
    """Further list pages: TRS ``createPageHTML`` pages (at most ``limit``), then a "下一页" (next) link."""
    raw = html if isinstance(html, str) else (html.html or "")
    pages: list[str] = []
    m = _CREATE_PAGE.search(raw)
    if m:
        total, prefix, suffix = page_count(m.group(1), limit + 1), m.group(3), m.group(4)
        pages.extend(urljoin(base_url, f"{prefix}_{i}.{suffix}") for i in range(1, total))
    tree = html if isinstance(html, HTMLParser) else HTMLParser(html)
    for a in tree.css("a[href]"):
        if _NEXT_TEXT.match(a.text(deep=True)) or (a.attributes.get("title") or "") in ("下一页", "下页"):
            url = clean_url(a.attributes.get("href") or "", base_url)
            if url and url != urldefrag(base_url)[0] and url not in pages:
                pages.append(url)
    return pages
