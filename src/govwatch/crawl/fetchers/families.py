"""The built-in fetchers, one per site family (see ``../shared/FIELD_GUIDE.md``)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from govwatch.crawl.discovery import (
    DATE_RX,
    MAX_ANNOUNCED_PAGES,
    Candidate,
    clean_url,
    find_links,
    find_pages,
    page_count,
)
from govwatch.crawl.families import detect_family
from govwatch.crawl.fetchers.base import REGISTRY, Fetcher, ListContext, register
from govwatch.crawl.http import Response
from govwatch.extract.pool import ParseFailed
from govwatch.sources import Source


@register
class GenericFetcher(Fetcher):
    """Any site whose column pages are plain HTML lists.

    Reads every start URL, follows pagination — TRS ``createPageHTML(total, cur, "index",
    "html")`` pages and "下一页" (next) links — up to ``max_pages`` list pages per start
    URL, and returns every link on the source's hosts. The crawler keeps those whose text
    matches the source's ``match`` (or is cut short with "…", so that the title decides).

    A list page is parsed in a worker thread (``asyncio.to_thread``), never on the event loop, and
    the pages its pager announces are clamped to ``max_pages``.
    """

    name = "generic"
    #: list pages the pager may announce (set from the source's ``max_pages`` while reading a column)
    limit: int = MAX_ANNOUNCED_PAGES

    async def discover(self, ctx: ListContext) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        for start in ctx.source.start_urls:
            for cand in await self.read_column(ctx, start):
                found.setdefault(cand.url, cand)
        return list(found.values())

    async def read_column(self, ctx: ListContext, start: str) -> list[Candidate]:
        """Breadth-first over the column's list pages."""
        found: list[Candidate] = []
        queue, seen, read = [start], {start}, 0
        self.limit = ctx.source.max_pages
        while queue and read < ctx.source.max_pages:
            url = queue.pop(0)
            resp = await ctx.get(url)
            read += 1
            if not resp.ok:
                if url == start:
                    ctx.errors.append(f"list page {url}: {resp.problem}")
                continue
            try:
                links, pages = await ctx.parse(self.parse_response, resp)
            except ParseFailed as exc:
                ctx.errors.append(f"list page {url}: {exc.reason}")
                continue
            found.extend(c for c in links if ctx.on_host(c.url))
            for page in pages:
                if page not in seen and ctx.on_host(page):
                    seen.add(page)
                    queue.append(page)
        return found

    def parse_response(self, resp: Response) -> tuple[list[Candidate], list[str]]:
        """A list page's links and further pages (runs in a worker thread: decoding too)."""
        html, url = resp.text, resp.final_url
        return self.links(html, url), self.pages(html, url)[: self.limit]

    def links(self, html: str, url: str) -> list[Candidate]:
        return find_links(html, url)

    def pages(self, html: str, url: str) -> list[str]:
        return find_pages(html, url, self.limit)


@register
class TrsFetcher(GenericFetcher):
    """TRS WCM sites (many provincial and Chongqing, Beijing, Tianjin, Hubei districts).

    Column ``…/index.html``; further pages ``index_1.html``, ``index_2.html`` … announced by
    ``createPageHTML(total, current, "index", "html")``; details
    ``/{column}/YYYYMM/tYYYYMMDD_{id}.html``. Deep pagination stubs (a few hundred bytes, no
    links) are read and passed over.
    """

    name = "trs"
    content_hint = ".TRS_Editor, .trs_editor_view, .TRS_UEDITOR"


_TOTAL_PAGE = re.compile(r"\btotalPage\s*=\s*(\d+)")


@register
class HuaianFetcher(GenericFetcher):
    """The 淮安 intensive platform (Jiangsu city and district portals).

    Column ``/col/{col}_{unit}/index.html``; its JavaScript pager (``goPage``) jumps to static
    ``index_2.html``, ``index_3.html`` … (page 2 is ``index_2``); details
    ``/art/{id}/{ms timestamp}{random}.html``.
    """

    name = "huaian"

    def pages(self, html: str, url: str) -> list[str]:
        pages = super().pages(html, url)
        m = _TOTAL_PAGE.search(html)
        if m and "goPage" in html:
            last = page_count(m.group(1), self.limit + 1)
            pages.extend(urljoin(url, f"index_{i}.html") for i in range(2, last + 1))
        return list(dict.fromkeys(pages))


@register
class HunanFetcher(GenericFetcher):
    """The Hunan intensive platform (county portals such as 岳阳县).

    Columns are numeric paths ``/{n}/{n}/…/index.html`` with ``index_2.html`` … pages linked
    as "下一页"; details ``…/content_{id}.html``.
    """

    name = "hunan"


@register
class ShaanxiFetcher(GenericFetcher):
    """The Shaanxi platform (county portals such as 潼关县, 靖边县).

    Details carry 19-digit snowflake ids (``…/1659120718843109377.html``); lists page with
    ``?page=N`` links ("下一页").
    """

    name = "shaanxi"


@register
class UcapFetcher(GenericFetcher):
    """开普云/Ucap sites: body in ``<ucapcontent>`` / ``#UCAP-CONTENT``; ``index_N.shtml`` lists."""

    name = "ucap"
    content_hint = "#UCAP-CONTENT, ucapcontent"


@register
class CssFetcher(GenericFetcher):
    """A site no family fits, read with the source's own CSS selectors.

    ``list_item`` selects each entry of the list, ``link`` the entry's link inside it
    (default ``a``; the entry's text supplies the date), and ``next_page`` the link to the
    following list page. ``fetcher: auto`` uses this fetcher whenever ``list_item`` is set.
    """

    name = "css"
    source: Source

    async def discover(self, ctx: ListContext) -> list[Candidate]:
        if not ctx.source.list_item:
            ctx.errors.append("fetcher 'css' needs the source's 'list_item' selector")
            return []
        self.source = ctx.source
        return await super().discover(ctx)

    def links(self, html: str, url: str) -> list[Candidate]:
        tree = HTMLParser(html)
        out: list[Candidate] = []
        for item in tree.css(self.source.list_item or "li"):
            a = item.css_first(self.source.link or "a")
            found = find_links(a.html or "", url)[:1] if a is not None else []
            if not found:
                continue
            cand = found[0]
            if cand.date is None and (m := DATE_RX.search(item.text(deep=True, separator=" "))):
                y, mo, d = m.groups()
                cand = replace(cand, date=f"{y}-{int(mo):02d}-{int(d):02d}")
            out.append(cand)
        return out

    def pages(self, html: str, url: str) -> list[str]:
        if not self.source.next_page:
            return super().pages(html, url)
        tree = HTMLParser(html)
        found = [clean_url(a.attributes.get("href") or "", url) for a in tree.css(self.source.next_page)]
        return [u for u in found if u]


_DATASTORE_OPEN = re.compile(r"<datastore>", re.I)
_DATASTORE_CLOSE = re.compile(r"</datastore>", re.I)
_RECORD_OPEN = re.compile(r"<record>\s*<!\[CDATA\[", re.I)
_RECORD_CLOSE = re.compile(r"\s*</record>", re.I)
_TOTALRECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_AJAX_PARAM = re.compile(r"ajaxParam\s*:\s*\{")
_PARAM_PAIR = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([\w.%-]+))")
_PROXY = re.compile(r"proxyUrl\s*:\s*['\"]([^'\"]+)['\"]")
_PER_PAGE = re.compile(r"perPage\s*:\s*['\"]?(\d+)")
_UNITID = re.compile(r"jpageform_(\d+)|unitid\s*[=:]\s*['\"]?(\d+)|\$\(\s*['\"]#(\d+)['\"]\s*\)\.jpage", re.I)
_WEBID = re.compile(r"webid\s*[=:]\s*['\"]?(\d+)", re.I)
_COLID = re.compile(r"/col/col(\d+)/")


def _records(store: str) -> Iterator[str]:
    """The CDATA texts of ``<record><![CDATA[…]]></record>`` in ``store``, in one left-to-right scan
    (a lazy ``(.*?)`` regex rescans the rest of the text from every unclosed record: quadratic)."""
    pos = 0
    while m := _RECORD_OPEN.search(store, pos):
        end = store.find("]]>", m.end())
        if end < 0:
            return
        close = _RECORD_CLOSE.match(store, end + 3)
        if close:
            yield store[m.end():end]
            pos = close.end()
        else:
            pos = end + 3


def hanweb_records(html: str, base: str) -> tuple[list[Candidate], int | None]:
    """The list records and the total count in a Hanweb ``<datastore>`` (page or proxy answer)."""
    m = _DATASTORE_OPEN.search(html)
    close = _DATASTORE_CLOSE.search(html, m.end()) if m else None
    if not m or not close:
        return [], None
    store = html[m.end():close.start()]
    cands: list[Candidate] = []
    for rec in _records(store):
        cands.extend(find_links(rec, base))
    total = _TOTALRECORD.search(store)
    return cands, page_count(total.group(1), 10**9) if total else None


def hanweb_params(html: str, url: str) -> dict[str, str]:
    """The form fields the jpage proxy wants, read from the column page."""
    params = {"col": "1", "appid": "1", "path": "/", "permissiontype": "0"}
    m = _AJAX_PARAM.search(html)
    end = html.find("}", m.end()) if m else -1
    if m and end >= 0:
        for key, q1, q2, bare in _PARAM_PAIR.findall(html[m.end():end]):
            params[key] = q1 or q2 or bare
    for key, rx in (("webid", _WEBID),):
        if key not in params and (hit := rx.search(html)):
            params[key] = hit.group(1)
    if "unitid" not in params and (hit := _UNITID.search(html)):
        params["unitid"] = next(g for g in hit.groups() if g)
    if "columnid" not in params and (hit := _COLID.search(url)):
        params["columnid"] = hit.group(1)
    return params


@register
class HanwebFetcher(Fetcher):
    """Hanweb 大汉 jcms sites (Zhejiang, Jiangsu, Gansu, Henan …).

    Column ``/col/col{colId}/index.html``: the first records are embedded in a
    ``<script type="text/xml"><datastore>…</datastore></script>`` block (no plain links);
    the rest come from ``POST /module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…&perpage=…``
    with the ``columnid``, ``unitid`` and ``webid`` read from the page. Details
    ``/art/YYYY/M/D/art_{colId}_{artId}.html``; the JPaaS variant ``/art/YYYY/art_{hex}.html``.
    Pages without a datastore are read like plain lists.
    """

    name = "hanweb"
    content_hint = "#zoom"

    async def discover(self, ctx: ListContext) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        for start in ctx.source.start_urls:
            for cand in await self.read_column(ctx, start):
                if ctx.on_host(cand.url):
                    found.setdefault(cand.url, cand)
        return list(found.values())

    async def read_column(self, ctx: ListContext, start: str) -> list[Candidate]:
        resp = await ctx.get(start)
        if not resp.ok:
            ctx.errors.append(f"list page {start}: {resp.problem}")
            return []
        html = await asyncio.to_thread(lambda: resp.text)
        try:
            records, total = await ctx.parse(hanweb_records, html, resp.final_url)
            params = await ctx.parse(hanweb_params, html, resp.final_url)
        except ParseFailed as exc:
            ctx.errors.append(f"list page {start}: {exc.reason}")
            return []
        if total is None:  # JPaaS or a plain list
            return await GenericFetcher().read_column(ctx, start)
        proxy = urljoin(resp.final_url, (m.group(1) if (m := _PROXY.search(html)) else
                                         "/module/web/jpage/dataproxy.jsp"))
        per_page = int(m.group(1)) if (m := _PER_PAGE.search(html)) else 15
        chunk = per_page * 3
        start_record, calls = len(records) + 1, 1
        while start_record <= total and calls < ctx.source.max_pages:
            end_record = min(total, start_record + chunk - 1)
            url = f"{proxy}?startrecord={start_record}&endrecord={end_record}&perpage={per_page}"
            answer = await ctx.get(url, method="POST", data=params)
            calls += 1
            if not answer.ok:
                ctx.errors.append(f"jpage proxy {url}: {answer.problem}")
                break
            try:
                more, _ = await ctx.parse(hanweb_records, answer.text, resp.final_url)
            except ParseFailed as exc:
                ctx.errors.append(f"jpage proxy {url}: {exc.reason}")
                break
            if not more:
                break
            records.extend(more)
            start_record = end_record + 1
        return records


_SID = re.compile(r"SID\s*:\s*['\"](\w+)['\"]")
_MANIFEST = re.compile(r"MANIFEST\s*:\s*\{[^}]*?:\s*(\d+)")


@register
class GkmlptFetcher(Fetcher):
    """Guangdong's gkmlpt disclosure platform (provincial, city and district portals).

    The column page carries ``SID:'…'`` and the category id (in the URL fragment, e.g.
    ``/gkmlpt/index#2751``, or the page's ``MANIFEST``); lists come as JSON from
    ``GET /gkmlpt/api/all/{catId}?page=N&sid=…``; details ``/gkmlpt/content/…/post_{id}.html``.
    """

    name = "gkmlpt"

    async def discover(self, ctx: ListContext) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        for start in ctx.source.start_urls:
            resp = await ctx.get(start)
            if not resp.ok:
                ctx.errors.append(f"list page {start}: {resp.problem}")
                continue
            sid = _SID.search(resp.text)
            fragment = urlsplit(start).fragment
            cat = fragment if fragment.isdigit() else (m.group(1) if (m := _MANIFEST.search(resp.text)) else None)
            if not sid or not cat:
                ctx.errors.append(f"list page {start}: no gkmlpt SID or category id found")
                continue
            page = 1
            while page <= ctx.source.max_pages:
                api = urljoin(resp.final_url, f"/gkmlpt/api/all/{cat}?page={page}&sid={sid.group(1)}")
                answer = await ctx.get(api)
                if not answer.ok:
                    ctx.errors.append(f"gkmlpt api {api}: {answer.problem}")
                    break
                try:
                    data = json.loads(answer.text)
                    articles = data.get("articles") or []
                except (ValueError, AttributeError):
                    ctx.errors.append(f"gkmlpt api {api}: not JSON")
                    break
                for art in articles:
                    url = urljoin(resp.final_url, str(art.get("url", "")))
                    if ctx.on_host(url):
                        found.setdefault(url, Candidate(url=url, text=str(art.get("title", "")).strip(),
                                                        date=art.get("display_publish_time")))
                total = int(data.get("total") or 0)
                per_page = int(data.get("per_page") or len(articles) or 1)
                if not articles or page * per_page >= total:
                    break
                page += 1
        return list(found.values())


@register
class AutoFetcher(Fetcher):
    """Detect the family from each start page (markers in ``govwatch.crawl.families``) and
    read it with that family's fetcher; the generic list reader when nothing matches."""

    name = "auto"

    async def discover(self, ctx: ListContext) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        for start in ctx.source.start_urls:
            resp = await ctx.get(start)
            family = detect_family(resp.text, resp.final_url) if resp.ok else None
            if ctx.source.list_item:
                family = "css"
            fetcher = REGISTRY[family]() if family in REGISTRY else GenericFetcher()
            ctx.family = ctx.family or (family if family in REGISTRY else None)
            only = replace(ctx.source, start_urls=(start,), allow_hosts=tuple(ctx.source.hosts))
            sub = ListContext(source=only, fetch=ctx.fetch, errors=ctx.errors, parse=ctx.parse,
                              list_urls=ctx.list_urls, _cache=ctx._cache)
            for cand in await fetcher.discover(sub):
                found.setdefault(cand.url, cand)
        return list(found.values())

