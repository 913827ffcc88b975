"""Simulated government web sites for ``govwatch demo`` and for the tests.

There is no internet in the demo: every source is a small web site served by a real HTTP server on
127.0.0.1 (one server, hence one ``host:port``, per site). The sites copy how real local-government
disclosure columns (政府信息公开) are built, chrome and obstacles included, and publish annual
rule-of-law reports (法治政府建设年度报告) next to documents that only look like them.

Families (source id → place, URL layout)
-----------------------------------------
``trs-demo`` (fetcher ``trs``, 随州市曾都区)
    TRS WCM. Column ``/zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/index.html``, further pages ``index_1.html``,
    ``index_2.html`` … announced only by ``createPageHTML(N, cur, "index", "html")``; the last
    announced page is a ~300-byte stub with no items. Details ``…/YYYYMM/tYYYYMMDD_ID.html``, body in
    ``div.TRS_Editor``, a Chongqing-style ``table.zwxl-table`` above the body on some pages, a stale
    今天是 widget. Byte-stable pages, gzip when asked.
``legacy-gbk-demo`` (fetcher ``generic``, 中卫市)
    An old IIS/ASP site. GBK bytes, ``gb2312`` declared in a ``<meta>``; the HTTP Content-Type has no
    charset (lists, some details) or a wrong ``charset=iso-8859-1`` (other details). Table layout,
    ``/fzzfjs/list.asp`` paged by 下一页 links (``list.asp?page=2``), details
    ``/fzzfjs/ShowArticle.asp?ArticleID=N``. A live 点击数 counter and 今天是 date: bytes change on
    every request.
``hanweb-demo`` (``hanweb``, 嘉兴市海盐县)
    大汉 jcms. ``/col/col1229436875/index.html`` embeds the first records in
    ``<script type="text/xml"><datastore>…``; further records come from
    ``POST /module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=9&perpage=3`` with the form fields
    ``col appid webid path columnid unitid webname permissiontype`` (unitid from ``jpageform_(\\d+)``;
    wrong columnid/unitid → an empty datastore; ``index.html?uid=…&pageNum=N`` also works, as on real
    sites). No plain ``<a>`` to documents outside the script.
    Details ``/art/Y/M/D/art_1229436875_ID.html`` with ``<div id="zoom">`` and the
    ``<!--ZJEG_RSS.content.begin/end-->`` markers; metas Maketime, i_columnid, i_articleid. Byte-stable.
``gkmlpt-demo`` (``gkmlpt``, 深圳市龙华区)
    Guangdong 政府信息公开目录. ``/gkmlpt/index`` carries ``SID:'755585'``; the start URL names the
    category in its fragment (``/gkmlpt/index#2751``). JSON list ``GET /gkmlpt/api/all/2751?page=N&sid=…``
    → ``{"total", "page", "per_page", "articles": [{"id", "title", "url", "publish_time",
    "display_publish_time", "identifier", "document_number", …}]}``; a wrong sid gives no articles.
    Details ``/gkmlpt/content/{ID // 10**6}/{ID // 1000}/post_{ID}.html``.
``huaian-demo`` (``huaian``, 淮安市清江浦区)
    淮安 intensive platform. ``/col/1835_433615/index.html``; pages ``index_2.html``, ``index_3.html``
    reached only through ``goPage(n)`` JavaScript. Details ``/art/1835/{ms timestamp}{4 digits}.html``.
    Live counter and date.
``hunan-demo`` (``hunan``, 岳阳市岳阳县)
    Hunan intensive platform. ``/37584/38152/66314/66315/index.html``, ``index_2.html`` …; details
    ``…/content_ID.html``; a second column ``…/66320/`` (工作报告) holds government work reports.
    Live counter and date.
``shaanxi-demo`` (``shaanxi``, 渭南市潼关县)
    ``/zfxxgk/fdzdgknr/zffz/index.html`` and ``index.html?page=N``; details named by 19-digit snowflake
    ids ``…/1659120718843109377.html``. No national metas. Deleted pages answer 410.
``ucap-demo`` (``ucap``, 重庆市綦江区)
    开普云. ``/govxxgk/fzzfjsndbg/index.shtml``, ``index_1.shtml`` …; details
    ``…/YYYY-MM/DD/content_<32 hex>.shtml`` with the body in ``#UCAP-CONTENT <ucapcontent>`` and a hidden
    print copy of it.

Every page carries chrome (nav, 当前位置 breadcrumb, 字号, 打印本页/关闭窗口, QR prompt, 分享到, the
leave-site dialog, footer with 版权所有/ICP备/公网安备/网站标识码, 上一篇/下一篇, 相关链接), links to
other columns of the same host (they exist and carry no document), off-host links (gov.cn, beian,
the province's 司法厅, the other simulated hosts), ``javascript:`` and ``mailto:`` links. Each report
column also lists decoys: 【政策解读】/【文字解读】 pages, proposal replies (答复函), meeting news and
notices. Page text uses full-width punctuation; the ground truth is the NFKC form (ASCII ``,:;()``).

States
------
``set_state("initial" | "later")`` switches all sites at once. "later" changes exactly:
``trs-demo`` edits its 2023 report (one sentence changed, one paragraph added); ``hanweb-demo``
re-skins its 2022 report (new chrome, same text); ``ucap-demo`` deletes its 2022 report (404) and
``shaanxi-demo`` its 2021 report (410), both vanish from the lists; ``hunan-demo`` reposts its 2022
report in the 工作报告 column and links the copy from the report list; ``huaian-demo`` publishes a
2024 report at the top of page 1 (every item shifts by one); ``gkmlpt-demo`` publishes a new decoy.
``legacy-gbk-demo`` does not change. :meth:`SimulatedSites.changes` lists the URLs.

HTTP behaviour
--------------
Every 200 page carries an ETag (hash of its bytes; weak ``W/`` when gzipped) and Last-Modified (the
document's date, or the date it changed). A matching If-None-Match gets 304; If-Modified-Since gets 304
only on byte-stable pages (trs, hanweb, gkmlpt, shaanxi, ucap; the others change on every request).
Every request is logged (:class:`~govwatch.demo.server.RequestLog`). Faults are injected with
:meth:`SimulatedSites.override` and the factories in :mod:`govwatch.demo.faults`.

Usage (``python -m govwatch.demo [--state later] [--yaml FILE]`` serves them until Ctrl-C)::

    with SimulatedSites() as sites:
        yaml_text = sites.sources_yaml()
        truth = sites.expected()
        sites.set_state("later")
"""

from __future__ import annotations

import fnmatch
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit

from govwatch.demo.base import Site
from govwatch.demo.catalog import FAMILIES, STATES, specs
from govwatch.demo.documents import Document
from govwatch.demo.families import make_site
from govwatch.demo.protocol import Handler, Request, Response, to_response
from govwatch.demo.server import LogEntry, RequestLog, SiteServer

__all__ = [
    "STATES",
    "Changes",
    "ExpectedReport",
    "ExpectedSource",
    "LogEntry",
    "RequestLog",
    "SimulatedSites",
]


#: the govwatch fetcher that reads each family (an old static site needs no family of its own)
FETCHER_OF: dict[str, str] = {"legacy_gbk": "generic"}


@dataclass(frozen=True)
class ExpectedReport:
    """A report govwatch should track, as the simulated site publishes it."""

    url: str
    doc_id: str
    title: str
    published: str  # YYYY-MM-DD (发布日期)
    publisher: str
    paragraphs: tuple[str, ...]  # NFKC text, one entry per paragraph
    report_year: int | None
    status: str  # "active" | "gone"
    duplicate_of: str | None = None  # URL of the original when this URL is a reposted copy
    fields: dict[str, str] = field(default_factory=dict, hash=False)  # disclosure fields shown on the page
    gone_status: int | None = None  # 404 / 410 for gone reports

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class ExpectedSource:
    source_id: str
    family: str
    start_urls: tuple[str, ...]
    list_pages: tuple[str, ...]  # URLs of the report column's list pages (or API pages) in this state
    reports: tuple[ExpectedReport, ...]  # active ones first (list order), then gone ones
    decoys: frozenset[str]  # decoy documents on this host: must never be tracked
    chrome_pages: frozenset[str]  # same-host pages without any document (nav columns, home, footer pages)

    def active(self) -> list[ExpectedReport]:
        return [r for r in self.reports if r.status == "active"]

    def by_url(self, url: str) -> ExpectedReport | None:
        return next((r for r in self.reports if r.url == url), None)


@dataclass(frozen=True)
class Changes:
    """What differs between the "initial" and the "later" state (URLs; None when that site is not running)."""

    edited: str | None
    reskinned: str | None
    deleted: dict[str, int]  # url -> status answered in "later" (404 / 410)
    duplicate: tuple[str, str] | None  # (original url, copy url)
    new: str | None  # new report
    new_decoy: str | None
    source_of: dict[str, str]  # url -> source id, for every url above

    def urls(self) -> set[str]:
        out = {u for u in (self.edited, self.reskinned, self.new, self.new_decoy) if u}
        out |= set(self.deleted)
        if self.duplicate:
            out |= set(self.duplicate)
        return out


class SimulatedSites:
    """All simulated sites, each on its own 127.0.0.1 port. Use as a context manager.

    ``families`` restricts the sites to some family names (``"trs"``) or source ids (``"trs-demo"``).
    """

    def __init__(
        self, families: Iterable[str] | None = None, *, host: str = "127.0.0.1", state: str = "initial"
    ) -> None:
        wanted = set(families) if families is not None else None
        chosen = [s for s in specs() if wanted is None or s.family in wanted or s.source_id in wanted]
        if wanted is not None:
            known = {s.family for s in specs()} | {s.source_id for s in specs()}
            unknown = wanted - known
            if unknown:
                raise ValueError(f"unknown families/sources {sorted(unknown)}; families are {FAMILIES}")
        self._sites: dict[str, Site] = {s.source_id: make_site(s) for s in chosen}
        self._servers: dict[str, SiteServer] = {}
        self._host = host
        self.log = RequestLog()
        self._overrides: dict[str, dict[str, Handler]] = {sid: {} for sid in self._sites}
        self._lock = threading.Lock()
        self._state = "initial"
        self.set_state(state)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> SimulatedSites:
        if self._servers:
            return self
        try:
            for sid, site in self._sites.items():
                server = SiteServer(self._host, site, self._dispatch, self.log)
                self._servers[sid] = server
                site.base_url = f"http://{server.hostport}"
            bases = [site.base_url for site in self._sites.values()]
            for site in self._sites.values():
                site.peers = [b for b in bases if b != site.base_url]
            for server in self._servers.values():
                server.start()
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        servers, self._servers = self._servers, {}
        stoppers = [threading.Thread(target=server.stop, daemon=True) for server in servers.values()]
        for th in stoppers:
            th.start()
        for th in stoppers:
            th.join(timeout=10)

    def __enter__(self) -> SimulatedSites:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return bool(self._servers)

    # ------------------------------------------------------------------ addressing

    @property
    def source_ids(self) -> list[str]:
        return list(self._sites)

    def site(self, source_id: str) -> Site:
        try:
            return self._sites[source_id]
        except KeyError:
            raise KeyError(f"no simulated source {source_id!r}; have {self.source_ids}") from None

    def family(self, source_id: str) -> str:
        return self.site(source_id).family

    def base_url(self, source_id: str) -> str:
        """``http://127.0.0.1:PORT`` of a running site."""
        site = self.site(source_id)
        if not site.base_url:
            raise RuntimeError("the simulated sites are not started")
        return site.base_url

    def host(self, source_id: str) -> str:
        """``127.0.0.1:PORT`` of a running site."""
        return self.base_url(source_id).removeprefix("http://")

    def url(self, source_id: str, path: str) -> str:
        return self.base_url(source_id) + path

    def start_urls(self, source_id: str) -> list[str]:
        return [self.url(source_id, self.site(source_id).start_path())]

    def source_for(self, url: str) -> str | None:
        """Which simulated source serves ``url`` (by host:port), or None."""
        netloc = urlsplit(url).netloc
        return next(
            (sid for sid, s in self._sites.items() if s.base_url and s.base_url.endswith("//" + netloc)), None
        )

    # ------------------------------------------------------------------ states

    @property
    def state(self) -> str:
        return self._state

    def set_state(self, state: str) -> None:
        """Switch every site to ``"initial"`` or ``"later"``."""
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}; expected one of {STATES}")
        with self._lock:
            for site in self._sites.values():
                site.set_state(state)
            self._state = state

    # ------------------------------------------------------------------ ground truth

    def expected(self) -> dict[str, ExpectedSource]:
        """Ground truth for the current state, per source id (from the document model only)."""
        return {sid: self._expected(site) for sid, site in self._sites.items()}

    def _expected(self, site: Site) -> ExpectedSource:
        st, init = site.current, site.state_of("initial")
        show_fields = site.family not in ("legacy_gbk", "hunan")
        monitored = next(c.key for c in site.spec.columns if c.monitored)
        order: list[str] = []
        for key in [monitored, *[c.key for c in site.spec.columns if c.key != monitored]]:
            order += [i.path for i in st.columns[key] if i.path not in order]
        order += [p for p in st.by_path if p not in order]
        reports: list[ExpectedReport] = []
        for path in order:
            item = st.by_path[path]
            if item.doc.kind != "report":
                continue
            orig = None
            if item.placement.copy_of:
                orig = next(
                    site.url(i.path)
                    for i in st.by_path.values()
                    if i.doc.id == item.placement.copy_of and not i.placement.copy_of
                )
            reports.append(self._report(site, item.path, item.doc, "active", orig, show_fields, None))
        for path, status in st.gone.items():
            doc = init.by_path[path].doc
            if doc.kind == "report":
                reports.append(self._report(site, path, doc, "gone", None, show_fields, status))
        decoys = frozenset(site.url(i.path) for i in st.by_path.values() if i.doc.kind == "decoy")
        chrome = {site.url(p) for p in site.chrome_paths()}
        for col in site.spec.columns:
            if not col.monitored:
                chrome |= {site.url(p) for p in site.list_paths(st, col.key)}
        return ExpectedSource(
            source_id=site.source_id,
            family=site.family,
            start_urls=(site.url(site.start_path()),),
            list_pages=tuple(site.url(p) for p in site.list_paths(st, monitored)),
            reports=tuple(reports),
            decoys=decoys,
            chrome_pages=frozenset(chrome),
        )

    @staticmethod
    def _report(
        site: Site,
        path: str,
        doc: Document,
        status: str,
        duplicate_of: str | None,
        show_fields: bool,
        gone_status: int | None,
    ) -> ExpectedReport:
        return ExpectedReport(
            url=site.url(path),
            doc_id=doc.id,
            title=doc.title,
            published=doc.published,
            publisher=doc.publisher,
            paragraphs=doc.paragraphs,
            report_year=doc.report_year,
            status=status,
            duplicate_of=duplicate_of,
            fields=dict(doc.fields) if show_fields else {},
            gone_status=gone_status,
        )

    def changes(self) -> Changes:
        """What the "later" state changes, derived by comparing the two states of every site."""
        edited: list[str] = []
        reskinned: list[str] = []
        deleted: dict[str, int] = {}
        dups: list[tuple[str, str]] = []
        new: list[str] = []
        new_decoys: list[str] = []
        source_of: dict[str, str] = {}
        for sid, site in self._sites.items():
            a, b = site.state_of("initial"), site.state_of("later")
            for path, before in a.by_path.items():
                after = b.by_path.get(path)
                url = site.url(path)
                if after is None:
                    deleted[url] = b.gone[path]
                elif after.doc.paragraphs != before.doc.paragraphs:
                    edited.append(url)
                elif after.placement.skin != before.placement.skin:
                    reskinned.append(url)
                else:
                    continue
                source_of[url] = sid
            for path, after in b.by_path.items():
                if path in a.by_path:
                    continue
                url = site.url(path)
                source_of[url] = sid
                if after.placement.copy_of:
                    orig = next(
                        site.url(p)
                        for p, i in b.by_path.items()
                        if i.doc.id == after.placement.copy_of and not i.placement.copy_of
                    )
                    dups.append((orig, url))
                    source_of[orig] = sid
                elif after.doc.kind == "report":
                    new.append(url)
                else:
                    new_decoys.append(url)
        return Changes(
            edited=edited[0] if edited else None,
            reskinned=reskinned[0] if reskinned else None,
            deleted=deleted,
            duplicate=dups[0] if dups else None,
            new=new[0] if new else None,
            new_decoy=new_decoys[0] if new_decoys else None,
            source_of=source_of,
        )

    # ------------------------------------------------------------------ config

    def sources_yaml(self, delay: float = 0.0, families: Iterable[str] | None = None,
                     recheck_after: str | None = "0") -> str:
        """A govwatch ``sources.yaml`` for the running sites (optionally only some families/source ids).

        ``recheck_after`` is "0": every crawl re-validates every stored report (the default too);
        pass "7d" for the opt-in weekly re-validation, None to leave the key out.
        """
        wanted = set(families) if families is not None else None
        lines = [
            "defaults:",
            f"  delay: {float(delay)!r}",
            "  timeout: 10",
            "  retries: 1",
            "  max_pages: 10",
            *([f"  recheck_after: {recheck_after}"] if recheck_after is not None else []),
            "sources:",
        ]
        for sid, site in self._sites.items():
            if wanted is not None and site.family not in wanted and sid not in wanted:
                continue
            region = ", ".join(json.dumps(r, ensure_ascii=False) for r in site.place.region)
            urls = ", ".join(json.dumps(u) for u in self.start_urls(sid))
            lines += [
                f"  - id: {sid}",
                f"    name: {json.dumps(site.spec.name, ensure_ascii=False)}",
                f"    region: [{region}]",
                f"    fetcher: {FETCHER_OF.get(site.family, site.family)}",
                f"    start_urls: [{urls}]",
            ]
        return "\n".join(lines) + "\n"

    def summary(self) -> str:
        """A human-readable table of the running sites (for ``govwatch demo``)."""
        truth = self.expected()
        rows = [f"state: {self.state}"]
        for sid, exp in truth.items():
            active = len(exp.active())
            rows.append(
                f"  {sid:<16} {self.site(sid).family:<10} {exp.start_urls[0]}  "
                f"({active} reports, {len(exp.decoys)} decoys)"
            )
        return "\n".join(rows)

    # ------------------------------------------------------------------ faults

    def override(self, source_id: str, path: str, handler: Handler) -> Handler:
        """Answer requests to ``path`` on ``source_id`` with ``handler(request)``.

        ``path`` is matched against the request target (path plus query), then the path alone; it may be
        a glob (``"/art/*"``) or ``"*"`` for every request. The handler returns ``(status, headers, body)``
        (or a :class:`~govwatch.demo.protocol.Response`), or None to let the site answer;
        ``request.passthrough()`` gives the site's own answer. Returns the handler (for
        :meth:`remove_override`).
        """
        self.site(source_id)
        with self._lock:
            self._overrides[source_id][path] = handler
        return handler

    def remove_override(self, source_id: str, path: str) -> None:
        with self._lock:
            self._overrides[source_id].pop(path, None)

    def clear_overrides(self, source_id: str | None = None) -> None:
        with self._lock:
            for sid, table in self._overrides.items():
                if source_id is None or sid == source_id:
                    table.clear()

    def _find_override(self, source_id: str, req: Request) -> Handler | None:
        with self._lock:
            table = dict(self._overrides.get(source_id, {}))
        if not table:
            return None
        for key in (req.target, req.path):
            if key in table:
                return table[key]
        for pattern, handler in table.items():
            if any(ch in pattern for ch in "*?[") and (
                fnmatch.fnmatchcase(req.target, pattern) or fnmatch.fnmatchcase(req.path, pattern)
            ):
                return handler
        return None

    def _dispatch(self, site: Site, req: Request) -> Response:
        req._passthrough = lambda: site.respond(req)
        handler = self._find_override(site.source_id, req)
        if handler is not None:
            result = handler(req)
            if result is not None:
                return to_response(result)
        return site.respond(req)
