"""The site's own search: small named strategies, tried on the portal's home page.

Each strategy recognises its search on the home page and builds GET requests with the report
keywords; the answer's links (HTML) or items (JSON) are candidates like a list page's.

>>> home = '<form action="/search/" method="get"><input name="q"><input type="submit"></form>'
>>> [r.url for r in plan_searches(home, "http://www.x.gov.cn/", "420626")]
['http://www.x.gov.cn/search/?q=%E6%B3%95%E6%B2%BB%E6%94%BF%E5%BA%9C%E5%BB%BA%E8%AE%BE']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlencode, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from govwatch.crawl.discovery import Candidate, find_links

#: what the searches ask for; results are then judged by their titles (reports.classify)
KEYWORDS = "法治政府建设"
TEXT_INPUTS = ("q", "searchword", "keyword", "keywords", "query", "wd", "word", "key", "searchkey", "title")


@dataclass(frozen=True)
class SearchRequest:
    strategy: str
    url: str
    query: str


class SearchStrategy:
    """A kind of site search."""

    name: ClassVar[str] = ""

    def plan(self, html: str, tree: LexborHTMLParser, base: str, code: str) -> list[SearchRequest]:
        raise NotImplementedError

    def results(self, text: str, url: str) -> list[Candidate]:
        return find_links(text, url)


class HanwebSearch(SearchStrategy):
    """Hanweb 大汉 ``jsearchfront``: ``/jsearchfront/search.do?websiteid=…&q=…``; the site id is read
    from the page, else the division code right-padded with zeros to 15 digits."""

    name = "hanweb"
    _ID = re.compile(r"websiteid\W{0,12}(\d{6,20})", re.I)

    def plan(self, html: str, tree: LexborHTMLParser, base: str, code: str) -> list[SearchRequest]:
        if "jsearchfront" not in html:
            return []
        m = self._ID.search(html)
        site = m.group(1) if m else code.ljust(15, "0")
        q = urlencode({"websiteid": site, "q": KEYWORDS, "p": 1, "pg": 20, "pos": "title"})
        return [SearchRequest(self.name, urljoin(base, f"/jsearchfront/search.do?{q}"), KEYWORDS)]


class TrsSearch(SearchStrategy):
    """TRS site-group search ``/igs/front/search.jhtml?code=…&searchWord=…`` (a JSON answer)."""

    name = "trs"
    _CODE = re.compile(r"igs/front/search\.jhtml\?[^\"']*?code=(\w+)")

    def plan(self, html: str, tree: LexborHTMLParser, base: str, code: str) -> list[SearchRequest]:
        if "igs/front/search" not in html:
            return []
        m = self._CODE.search(html)
        q = urlencode({"code": m.group(1) if m else "", "searchWord": KEYWORDS, "pageSize": 20, "pageNumber": 1,
                       "position": "TITLE", "orderby": "time"})
        return [SearchRequest(self.name, urljoin(base, f"/igs/front/search.jhtml?{q}"), KEYWORDS)]

    def results(self, text: str, url: str) -> list[Candidate]:
        try:
            data = json.loads(text)
        except ValueError:
            return find_links(text, url)
        out: list[Candidate] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                title, link = node.get("title"), node.get("url") or node.get("docpuburl")
                if isinstance(title, str) and isinstance(link, str):
                    date = node.get("pubDate") or node.get("docreltime")
                    out.append(Candidate(urljoin(url, link), re.sub(r"<[^>]+>", "", title),
                                         str(date)[:10] if date else None))
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)

        walk(data)
        return out


class FormSearch(SearchStrategy):
    """A GET search form on the page (``<form method=get>`` with a text input such as ``q``)."""

    name = "form"

    def plan(self, html: str, tree: LexborHTMLParser, base: str, code: str) -> list[SearchRequest]:
        out = []
        for form in tree.css("form"):
            attrs = form.attributes
            if (attrs.get("method") or "get").lower() != "get" or "jsearchfront" in (attrs.get("action") or ""):
                continue
            params: dict[str, str] = {}
            text_name = None
            for inp in form.css("input"):
                name = inp.attributes.get("name")
                kind = (inp.attributes.get("type") or "text").lower()
                if not name:
                    continue
                if kind == "hidden":
                    params[name] = inp.attributes.get("value") or ""
                elif kind in ("text", "search") and text_name is None:
                    text_name = name
            action = attrs.get("action") or ""
            if text_name is None or not (text_name.lower() in TEXT_INPUTS or "search" in action.lower()):
                continue
            params[text_name] = KEYWORDS
            target = urljoin(base, action or base)
            if urlsplit(target).scheme not in ("http", "https"):
                continue
            out.append(SearchRequest(self.name, f"{target.split('?')[0]}?{urlencode(params)}", KEYWORDS))
        return out[:1]


#: tried in order; the first requests of each are used, duplicates dropped
STRATEGIES: tuple[SearchStrategy, ...] = (HanwebSearch(), TrsSearch(), FormSearch())


def plan_searches(html: str, base: str, code: str) -> list[SearchRequest]:
    tree = LexborHTMLParser(html)
    seen: set[str] = set()
    out = []
    for strategy in STRATEGIES:
        for req in strategy.plan(html, tree, base, code):
            if req.url not in seen:
                seen.add(req.url)
                out.append(req)
    return out


def strategy(name: str) -> SearchStrategy:
    return next(s for s in STRATEGIES if s.name == name)
