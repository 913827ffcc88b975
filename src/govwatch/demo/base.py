"""The site base class: state, routing, conditional requests, generic page shell."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import ClassVar, Literal

from govwatch.demo import chrome as c
from govwatch.demo.catalog import STATES, ColumnSpec, Placement, SourceSpec
from govwatch.demo.documents import Document, stable_int
from govwatch.demo.protocol import HeaderList, Request, Response

EPOCH_PAGE = datetime(2019, 1, 1, tzinfo=UTC)  # Last-Modified of chrome-only pages


@dataclass(frozen=True)
class Listed:
    """A placed document with its request target on the host."""

    placement: Placement
    path: str

    @property
    def doc(self) -> Document:
        return self.placement.doc

    @property
    def skin(self) -> c.Skin:
        return c.SKINS[self.placement.skin]

    @property
    def modified(self) -> datetime:
        return c.doc_datetime(self.doc, self.placement.modified)


@dataclass
class SiteState:
    name: str
    columns: dict[str, list[Listed]]
    by_path: dict[str, Listed]
    gone: dict[str, int]


@dataclass
class Page:
    """A rendered page before the HTTP layer (ETag, 304, gzip) is applied."""

    body: str | bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    encoding: str = "utf-8"
    last_modified: datetime | None = None
    stable: bool = True  # same bytes on every request (no counter, no live date)
    headers: HeaderList = field(default_factory=list)
    conditional: bool = True  # False: no validators at all (ETag, Last-Modified), never a 304
    #: False: Last-Modified only, the article's own modification time, so a page whose bytes
    #: change on every request (a hit counter) still answers If-Modified-Since with 304
    etag: bool = True


TodayMode = Literal["stale", "live", "js", "none"]


class Site:
    """One simulated host. Subclasses implement a CMS family's URL layout and templates."""

    family: ClassVar[str] = ""
    server_header: ClassVar[str] = "nginx"
    dynamic: ClassVar[bool] = False  # per-request counter and live date in the pages
    gzip: ClassVar[bool] = False  # compress when the client accepts gzip
    today_mode: ClassVar[TodayMode] = "js"
    body_style: ClassVar[c.BodyStyle] = "indent"
    national_metas: ClassVar[bool] = True
    css: ClassVar[tuple[str, ...]] = ("/css/common.css", "/css/article.css")
    vendor: ClassVar[str] = ""  # 技术支持 in the footer

    def __init__(self, spec: SourceSpec) -> None:
        self.spec = spec
        self.source_id = spec.source_id
        self.brand = spec.brand
        self.place = spec.place
        self.base_url = ""
        self.peers: list[str] = []
        self._hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._states = {name: self._build(name) for name in STATES}
        self.state = "initial"

    # ------------------------------------------------------------------ model

    def _build(self, name: str) -> SiteState:
        placements = self.spec.placements(name)
        columns: dict[str, list[Listed]] = {col.key: [] for col in self.spec.columns}
        by_path: dict[str, Listed] = {}
        for pl in placements:
            item = Listed(pl, self.detail_path(pl))
            if item.path in by_path:
                raise ValueError(f"{self.source_id}: two documents at {item.path}")
            by_path[item.path] = item
            for col in pl.lists:
                columns[col].append(item)
        for items in columns.values():
            items.sort(
                key=lambda i: (i.doc.published, i.doc.time, i.placement.copy_of is not None), reverse=True
            )
        gone: dict[str, int] = {}
        if name != "initial":
            for pl in self.spec.initial:
                path = self.detail_path(pl)
                if path not in by_path:
                    gone[path] = self.spec.gone_status
        return SiteState(name, columns, by_path, gone)

    @property
    def current(self) -> SiteState:
        return self._states[self.state]

    def state_of(self, name: str) -> SiteState:
        return self._states[name]

    def set_state(self, name: str) -> None:
        if name not in self._states:
            raise ValueError(f"unknown state {name!r}; expected one of {STATES}")
        self.state = name

    def column(self, key: str) -> ColumnSpec:
        return self.spec.column(key)

    def url(self, path: str) -> str:
        return self.base_url + path

    def uid(self, key: str, modulo: int, offset: int = 0) -> int:
        return offset + stable_int(f"{self.source_id}:{key}", modulo)

    # ------------------------------------------------------------------ family hooks

    def start_path(self) -> str:
        raise NotImplementedError

    def detail_path(self, pl: Placement) -> str:
        raise NotImplementedError

    def route(self, req: Request, st: SiteState) -> Page | None:
        """List pages, APIs and other family-specific paths."""
        raise NotImplementedError

    def render_detail(self, req: Request, st: SiteState, item: Listed) -> Page:
        raise NotImplementedError

    def nav(self, skin: c.Skin) -> list[tuple[str, str]]:
        """Navigation items (label, path) for a skin; every path is served as a chrome-only page."""
        if skin.name == "b":
            return [
                ("首页", "/"),
                ("政务公开", "/zwgk/index.html"),
                ("办事服务", "/bsfw/index.html"),
                ("政民互动", "/zmhd/index.html"),
                ("专题专栏", "/ztzl/index.html"),
                ("走进" + self.place.short, "/zj/index.html"),
            ]
        return [
            ("首页", "/"),
            ("政府信息公开", "/zwgk/index.html"),
            ("新闻中心", "/xwzx/index.html"),
            ("政务服务", "/zwfw/index.html"),
            ("互动交流", "/hdjl/index.html"),
            ("政府信息公开指南", "/zwgk/xxgkzn/index.html"),
        ]

    def list_paths(self, st: SiteState, column: str) -> list[str]:
        """Paths of the list pages of a column (page 1 first); used by the ground truth and tests."""
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers

    def chrome_paths(self) -> dict[str, str]:
        """Same-host pages that exist but carry no document (nav columns, footer pages, home)."""
        out = {
            "/": "首页",
            "/wzdt/index.html": "网站地图",
            "/lxwm/index.html": "联系我们",
            "/wzsm/index.html": "网站声明",
        }
        for skin in c.SKINS.values():
            out.update({p: label for label, p in self.nav(skin)})
        return out

    def hit(self, target: str) -> int:
        with self._lock:
            self._hits[target] += 1
            return self._hits[target]

    def views(self, req: Request, doc: Document) -> int:
        with self._lock:
            return 120 + stable_int(doc.id, 900) + self._hits[req.target]

    def today(self) -> str:
        if self.today_mode == "live":
            return c.today_widget()
        if self.today_mode == "stale":
            return c.STALE_TODAY
        return ""

    def today_html(self) -> str:
        if self.today_mode == "js":
            return (
                '<span id="today"></span><script>var d=new Date();document.getElementById("today").innerHTML='
                '"今天是："+d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日";</script>'
            )
        return c.esc(self.today())

    def neighbours(
        self, st: SiteState, item: Listed
    ) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
        items = st.columns[item.placement.lists[-1] if item.placement.copy_of else item.placement.column]
        idx = next((i for i, x in enumerate(items) if x.path == item.path), None)
        if idx is None:
            return None, None
        prev = items[idx - 1] if idx > 0 else None
        nxt = items[idx + 1] if idx + 1 < len(items) else None
        return ((prev.doc.title, prev.path) if prev else None, (nxt.doc.title, nxt.path) if nxt else None)

    def related_links(self, st: SiteState, item: Listed) -> list[tuple[str, str]]:
        others = [x for x in st.columns[item.placement.column] if x.path != item.path]
        decoys = [x for x in others if x.doc.kind == "decoy"][:2]
        prov = self.brand.province_portal[1].rstrip("/")
        sft = prov.replace("://www.", "://sft.")
        links = [(x.doc.title, x.path) for x in decoys]
        links.append(
            (
                f"{self.place.province}司法厅转载：{item.doc.title}",
                f"{sft}/zfxxgk/fdzdgknr/fzzfjs/{item.doc.published[:7].replace('-', '')}/"
                f"t{item.doc.published.replace('-', '')}_{stable_int(item.doc.id, 900000) + 100000}.shtml",
            )
        )
        links.append(("政府信息公开指南", "/zwgk/xxgkzn/index.html"))
        return links

    def list_modified(self, items: list[Listed]) -> datetime:
        return max((i.modified for i in items), default=EPOCH_PAGE)

    # ------------------------------------------------------------------ HTTP

    def respond(self, req: Request) -> Response:
        self.hit(req.target)
        page = self.page(req)
        body = (
            page.body
            if isinstance(page.body, bytes)
            else page.body.encode(page.encoding, "xmlcharrefreplace")
        )
        headers: HeaderList = [("Content-Type", page.content_type)] if page.content_type else []
        headers += page.headers
        if self.server_header == "Microsoft-IIS/6.0":
            headers.append(("X-Powered-By", "ASP.NET"))
        if page.status != 200 or not page.conditional:
            if page.status != 200:
                headers.append(("Cache-Control", "no-cache"))
            return Response(page.status, headers, body)
        etag = '"' + hashlib.sha1(body).hexdigest()[:24] + '"'
        modified = page.last_modified or EPOCH_PAGE
        compress = self.gzip and "gzip" in (req.header("Accept-Encoding") or "").lower() and len(body) > 512
        tag = "W/" + etag if compress else etag
        headers += [("ETag", tag)] if page.etag else []
        headers += [
            ("Last-Modified", format_datetime(modified.astimezone(UTC), usegmt=True)),
            ("Accept-Ranges", "bytes"),
        ]
        if self.gzip:
            headers.append(("Vary", "Accept-Encoding"))
        if self._not_modified(req, etag if page.etag else None, modified, page.stable or not page.etag):
            keep = {"etag", "last-modified", "vary"}
            return Response(304, [(k, v) for k, v in headers if k.lower() in keep], b"")
        if compress:
            body = gzip.compress(body, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        return Response(200, headers, body)

    @staticmethod
    def _not_modified(req: Request, etag: str | None, modified: datetime, stable: bool) -> bool:
        inm = req.header("If-None-Match")
        if inm is not None:  # RFC 9110: If-None-Match, when sent, decides (If-Modified-Since is ignored)
            tags = [x.strip().removeprefix("W/") for x in inm.split(",")]
            return "*" in tags or (etag is not None and etag in tags)
        ims = req.header("If-Modified-Since")
        if ims and stable:
            try:
                since = parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            return since >= modified.replace(microsecond=0)
        return False

    def page(self, req: Request) -> Page:
        st = self.current
        item = st.by_path.get(req.target) or st.by_path.get(req.path)
        if item is not None and req.method in ("GET", "HEAD"):
            return self.render_detail(req, st, item)
        gone = st.gone.get(req.target) or st.gone.get(req.path)
        if gone is not None:
            return self.gone_page(req, gone)
        routed = self.route(req, st)
        if routed is not None:
            return routed
        path = req.path
        if path == "/robots.txt":
            return Page("User-agent: *\nAllow: /\n", content_type="text/plain")
        if path.rsplit(".", 1)[-1].lower() in ("png", "gif", "jpg", "ico"):
            return Page(c.TINY_GIF, content_type="image/gif")
        if path.endswith((".js", ".css")):
            ctype = "application/javascript" if path.endswith(".js") else "text/css"
            return Page("/* simulated asset */\n", content_type=ctype)
        chrome_pages = self.chrome_paths()
        if path in chrome_pages or (path == "/index.html" and "/" in chrome_pages):
            return self.chrome_page(req, chrome_pages.get(path, "首页"))
        return self.not_found_page(req)

    # ------------------------------------------------------------------ generic pages

    def shell(
        self,
        *,
        title: str,
        metas: str,
        skin: c.Skin,
        crumb_items: list[tuple[str, str]],
        main: str,
        url: str,
        body_class: str = "",
    ) -> str:
        css = "\n".join(f'<link rel="stylesheet" type="text/css" href="{h}">' for h in self.css)
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
{metas}
{css}
<script type="text/javascript" src="/js/jquery-1.11.3.min.js"></script>
<script type="text/javascript" src="/js/common.js"></script>
</head>
<body class="{skin.cls}-body {body_class}">
<div class="{skin.cls}-topbar"><span class="today">{self.today_html()}</span><span class="links">
{" | ".join(f'<a href="javascript:void(0)">{x}</a>' for x in skin.top_links)}</span></div>
<div class="{skin.cls}-header"><div class="logo"><a href="/">
<img src="/images/logo.png" alt="{c.attr(self.brand.site_name)}"></a></div>
<div class="search"><form action="/search/index.html" method="get" target="_blank">
<input type="text" name="searchWord" value="" placeholder="请输入关键词">
<button type="submit">搜索</button></form><span class="hot">热搜词：
<a href="javascript:;">营商环境</a> <a href="javascript:;">政府信息公开</a></span></div></div>
{c.nav_bar(skin, self.nav(skin))}
<div class="{skin.cls}-main container">
{c.crumbs(skin, crumb_items)}
{main}
</div>
{c.footer(self.brand, skin, self.peers, url, self.vendor)}
{c.leave_dialog(self.brand)}
<script type="text/javascript">var _hmt = _hmt || [];</script>
</body>
</html>
"""

    def chrome_page(self, req: Request, label: str) -> Page:
        skin = c.SKINS["a"]
        sections = "".join(f'<li><a href="{c.attr(p)}">{c.esc(n)}</a></li>' for n, p in self.nav(skin))
        main = (
            f'<div class="column-page"><h2>{c.esc(label)}</h2><div class="column-intro">'
            f'本栏目暂无信息。</div><ul class="sub-columns">{sections}</ul></div>'
        )
        html = self.shell(
            title=f"{label}_{self.brand.site_name}",
            metas=c.list_metas(self.brand, label),
            skin=skin,
            crumb_items=[("首页", "/"), (label, "")],
            main=main,
            url=self.url(req.target),
        )
        return Page(html, last_modified=EPOCH_PAGE, stable=not self.dynamic)

    def not_found_page(self, req: Request) -> Page:
        html = (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head><body>'
            f'<div class="err"><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除！</p>'
            f'<p><a href="/">返回{c.esc(self.brand.short_name)}首页</a></p></div></body></html>'
        )
        return Page(html, status=404, conditional=False)

    def gone_page(self, req: Request, status: int) -> Page:
        if status == 410:
            html = (
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>410 信息已撤销</title></head><body>'
                "<h1>410 Gone</h1><p>该信息已撤销或已过有效期。</p></body></html>"
            )
            return Page(html, status=410, conditional=False)
        return self.not_found_page(req)
