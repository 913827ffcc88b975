"""A simulated web of government portals, for ``govwatch discover`` tests and benchmarks.

Each :class:`Portal` is one government's site on its own ``*.gov.cn`` host name; the
:class:`Web` answers any (host, path) — served through :mod:`govwatch.demo.proxy`, one loopback
HTTP proxy for all hosts. A portal's ``placement`` says where its reports sit, as the real
sites place them (see the shared coverage notes):

==============  ===========================================================================
placement       where the government's reports are
==============  ===========================================================================
path            a dedicated column at the province's usual path, linked from nowhere
nav             政府信息公开 › 法定主动公开内容 › 其他主动公开内容 › 法治政府建设年度报告
notice          in the 通知公告 list, on its second page, among news
topic           专题专栏 › 法治政府建设
sfj             on the 司法局 sub-site (``sfj.<domain>``), in its 通知公告
xxgk            on the 政府信息公开 host (``xxgk.<domain>``), its 法治政府建设年度报告 column
search          on no list at all: only the site's own search finds it (``search`` = form,
                hanweb or trs)
aggregator      only on the prefecture portal's column of its counties' reports
both            in its own column and copied on the prefecture's aggregator (a duplicate)
none            nowhere (only decoys): ``missing``
blocked         every page answers a 412 瑞数 challenge
unreachable     the host does not resolve (the proxy says ERR_DNS_FAIL)
==============  ===========================================================================

A portal may also have moved to another host (``moved_to``: the catalogue's host answers 301),
answer only a mobile User-Agent (``mobile_only``), or publish its report as a ``.docx`` linked
from a thin page (``attachment``), or have a home page that only sends the browser on
(``script_home``).

Every portal also carries decoys that must never be stored as reports: 政府信息公开工作年度报告,
法治政府建设工作要点, 实施方案, 解读, 示范创建 news, and a 司法局 (department) report; plus a link to
a clone of its report on a non-government ``.com`` host.

>>> web = scenario_web()
>>> len(web.portals) >= 25, len({p.host for p in web.portals})  == len(web.portals)
(True, True)
>>> status, headers, body = web.respond("www.baokang.gov.cn", "/")
>>> status, "政府信息公开" in body.decode()
(200, True)
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from urllib.parse import parse_qs, quote, urlsplit

from govwatch.sources.catalog import HEADER

PLACEMENTS = (
    "path",
    "nav",
    "notice",
    "topic",
    "sfj",
    "xxgk",
    "search",
    "aggregator",
    "both",
    "none",
    "blocked",
    "unreachable",
)

#: the province's usual column path for ``path`` placements (as in crawl/discover/paths.py, written
#: here independently from the shared notes)
PROVINCE_PATHS = {
    "湖北省": "/zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/",
    "宁夏回族自治区": "/xxgk/zfxxgkml/fzzfjs/list.html",
    "陕西省": "/ztzl/fzzfjs/",
}

RUISHU = (
    b"<html><head><meta content='x' r='m'><script r='m'>$_ts=window['$_ts'];$_ts.nsd=1;"
    b"</script></head><body></body></html>"
)


@dataclass
class Report:
    year: int
    published: str  # YYYY-MM-DD
    title: str = ""


@dataclass
class Portal:
    code: str
    name: str
    host: str
    province: str
    prefecture: str = ""
    level: str = "county"
    placement: str = "nav"
    reports: list[Report] = field(default_factory=list)
    encoding: str = "utf-8"
    search: str = "none"  # the site search on its home page: form | hanweb | trs | none
    pref_host: str = ""  # the prefecture portal (aggregator placements)
    column_path: str = ""  # the column of a ``path`` placement (default: PROVINCE_PATHS)
    moved_to: str = ""  # the site moved to this host; the catalogue's host answers 301 there
    mobile_only: bool = False  # answers 403 unless the User-Agent is a mobile browser's (probe ua-mobile)
    attachment: bool = False  # the report page only links the report as a .docx attachment
    script_home: bool = False  # "/" only sends the browser on (location.href) to /portal/index.html

    @property
    def site_host(self) -> str:
        return self.moved_to or self.host

    @property
    def domain(self) -> str:
        return self.site_host.removeprefix("www.")

    @property
    def column(self) -> str:
        return self.column_path or PROVINCE_PATHS.get(self.province, "/zwgk/fzbg/")

    @property
    def portal_url(self) -> str:
        return f"http://{self.host}/"

    def report_title(self, rep: Report) -> str:
        return rep.title or f"{self.name}{rep.year}年法治政府建设年度报告"

    def report_path(self, rep: Report) -> str:
        stem = hashlib.sha1(f"{self.code}{rep.year}".encode()).hexdigest()[:8]
        y, m, _ = rep.published.split("-")
        base = {
            "path": self.column.replace("list.html", ""),
            "nav": "/xxgk/c100423/",
            "notice": "/tzgg/",
            "topic": "/ztzl/fzzfjs/",
            "both": "/xxgk/c100423/",
            "search": "/art/",
            "xxgk": "/fzzfjsndbg/",
        }.get(self.placement, "/xxgk/other/")
        return f"{base}{y}{m}/t{y}{m}_{stem}.html"

    @property
    def report_host(self) -> str:
        return {"sfj": f"sfj.{self.domain}", "xxgk": f"xxgk.{self.domain}"}.get(self.placement, self.site_host)

    def report_urls(self) -> dict[int, str]:
        """Where each report is (the original, not the aggregator's copy)."""
        if self.placement == "aggregator":
            return {r.year: f"http://{self.pref_host}/ztzl/fzbg/xqnb/{self.code}_{r.year}.html" for r in self.reports}
        return {r.year: f"http://{self.report_host}{self.report_path(r)}" for r in self.reports}


def _paragraphs(portal: Portal, rep: Report) -> list[str]:
    seed = _seed_paragraphs()
    name = portal.name
    out = [f"{rep.year}年，{name}深入学习贯彻习近平法治思想，全面推进依法行政。现将有关情况报告如下："]
    out += [p.replace("曾都区", name).replace("2024", str(rep.year)) for p in seed[1:18]]
    out.append(f"{name}人民政府 {rep.published}")
    return out


_SEED: list[str] = []


def _seed_paragraphs() -> list[str]:
    if not _SEED:
        data = json.loads(resources.files("govwatch.demo").joinpath("corpus/zengdu-2024.json").read_text("utf-8"))
        _SEED.extend(data["paragraphs"])
    return _SEED


def _page(title: str, body: str, encoding: str, site: str) -> bytes:
    charset = "gbk" if encoding == "gbk" else "utf-8"
    doc = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(title)}</title></head>'
        f'<body><div class="top"><a href="/">首页</a> <a href="/xwzx/">新闻中心</a> <span>{html.escape(site)}</span>'
        f'</div><div class="main">{body}</div><div class="footer">主办：{html.escape(site)} 网站标识码 1234567890 '
        f'<a href="/wzdt/">网站地图</a></div></body></html>'
    )
    return doc.encode(charset, errors="xmlcharrefreplace")


def _list(items: list[tuple[str, str, str]], pages: int = 1, index: int = 0) -> str:
    lis = "".join(
        f'<li><a href="{u}" title="{html.escape(t)}">{html.escape(t)}</a><span>{d}</span></li>' for u, t, d in items
    )
    script = f'<script>createPageHTML({pages}, {index}, "index", "html");</script>' if pages > 1 else ""
    return f'<ul class="list">{lis}</ul>{script}'


def _nav(links: list[tuple[str, str]]) -> str:
    return '<div class="nav">' + " ".join(f'<a href="{u}">{html.escape(t)}</a>' for u, t in links) + "</div>"


def _decoys(p: Portal) -> list[tuple[str, str, str]]:
    n = p.name
    return [
        ("/xxgk/nb/202501/t20250120_1.html", f"{n}2024年政府信息公开工作年度报告", "2025-01-20"),
        ("/xxgk/zcwj/202503/t20250310_2.html", f"{n}2025年法治政府建设工作要点", "2025-03-10"),
        ("/xxgk/zcwj/202402/t20240205_3.html", f"{n}法治政府建设实施方案（2021—2025年）", "2024-02-05"),
        ("/xxgk/zcjd/202504/t20250408_4.html", f"《{n}2024年法治政府建设年度报告》解读", "2025-04-08"),
        ("/xwzx/202411/t20241112_5.html", f"{n}召开法治政府建设示范创建推进会", "2024-11-12"),
        ("/xwzx/202412/t20241203_6.html", f"{n}获评全省法治政府建设示范创建先进县", "2024-12-03"),
        ("/xxgk/bm/202503/t20250301_7.html", f"{n}司法局2024年法治政府建设工作报告", "2025-03-01"),
        ("/xxgk/bm/202503/t20250302_8.html", f"{n}住建局关于2024年度法治政府建设情况的报告", "2025-03-02"),
        ("/xwzx/202501/t20250115_9.html", f"2024年{n}法治政府建设示范创建工作情况", "2025-01-15"),
        # the city's report reposted in the county's notices: not the county's
        ("/tzgg/202504/t20250401_10.html", f"{p.prefecture or p.province}2024年法治政府建设年度报告", "2025-04-01"),
    ]


class Web:
    """Answers requests for every simulated host: ``respond(host, path_and_query)``."""

    def __init__(self, portals: list[Portal]) -> None:
        self.portals = portals
        self.by_host: dict[str, Portal] = {}
        for p in portals:
            if p.placement == "unreachable":
                continue
            for h in (p.host, p.site_host, f"sfj.{p.domain}", f"xxgk.{p.domain}"):
                self.by_host[h] = p
        self.clone_host = "www.fzbg-copy.com"

    # ------------------------------------------------------------------ gold
    def expected(self, year: int) -> dict[str, str]:
        """The coverage status each portal's government must get for ``year`` (from the web's spec)."""
        out = {}
        for p in self.portals:
            rep = next((r for r in p.reports if r.year == year), None)
            if p.placement in ("blocked", "unreachable"):
                out[p.code] = p.placement
            elif rep is None:
                out[p.code] = "missing"
            else:
                out[p.code] = "published" if rep.published <= f"{year + 1}-04-01" else "late"
        return out

    def catalog_tsv(self) -> str:
        lines = ["\t".join(HEADER)]
        for p in self.portals:
            lines.append(
                "\t".join((p.code, p.level, p.province, p.prefecture, p.name, p.portal_url,
                           "ua-mobile" if p.mobile_only else "direct", p.portal_url))
            )
        return "\n".join(lines) + "\n"

    @cached_property
    def _reports(self) -> dict[tuple[str, str], tuple[Portal, Report]]:
        out: dict[tuple[str, str], tuple[Portal, Report]] = {}
        for p in self.portals:
            for r in p.reports:
                if p.placement != "aggregator":
                    out[(p.report_host, p.report_path(r))] = (p, r)
        return out

    def _aggregated(self, pref: Portal) -> list[tuple[Portal, Report]]:
        return [
            (p, r)
            for p in self.portals
            if p.pref_host == pref.host and p.placement in ("aggregator", "both")
            for r in p.reports
        ]

    # ---------------------------------------------------------------- answer
    def respond(self, host: str, target: str,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        host = host.lower().split(":")[0]
        agent = next((v for k, v in (headers or {}).items() if k.lower() == "user-agent"), "")
        if host == self.clone_host:
            return (
                200,
                {"content-type": "text/html; charset=utf-8"},
                _page(
                    "2024年法治政府建设年度报告", "<h1>2024年法治政府建设年度报告</h1><p>转载</p>" * 5, "utf-8", "copy"
                ),
            )
        portal = self.by_host.get(host)
        if portal is None:
            return 503, {"x-squid-error": "ERR_DNS_FAIL 0", "content-type": "text/html"}, b"<h1>DNS lookup failed</h1>"
        if portal.placement == "blocked":
            return 412, {"content-type": "text/html"}, RUISHU
        if portal.moved_to and host == portal.host:
            return 301, {"location": f"http://{portal.moved_to}{target}", "content-type": "text/html"}, b""
        if portal.mobile_only and "Mobile" not in agent:
            return 403, {"content-type": "text/html"}, b"<html><body><h1>403 Forbidden</h1></body></html>"
        parts = urlsplit(target)
        path, query = parts.path or "/", parse_qs(parts.query)
        if path == "/robots.txt":
            return 404, {"content-type": "text/plain"}, b"not found"
        if path.endswith(".docx"):
            rep = self._reports.get((host, path.removesuffix(".docx") + ".html"))
            if rep is not None and rep[0].attachment:
                return 200, {"content-type": DOCX}, _docx(_paragraphs(*rep))
        body = self._page(portal, host, path, query)
        if body is None:
            return 404, {"content-type": "text/html"}, _page("404", "<h2>页面不存在</h2>", "utf-8", portal.name)
        ctype = "text/html; charset=" + ("gbk" if portal.encoding == "gbk" else "utf-8")
        return 200, {"content-type": ctype}, body

    def _page(self, p: Portal, host: str, path: str, query: dict[str, list[str]]) -> bytes | None:
        enc = p.encoding
        page = lambda title, body: _page(title, body, enc, p.name)  # noqa: E731
        rep = self._reports.get((host, path))
        if rep is not None:
            owner, r = rep
            return self._report_page(owner, r, enc)
        if path.startswith("/ztzl/fzbg/xqnb/") and path.endswith(".html"):
            code, year = path.rsplit("/", 1)[1].removesuffix(".html").split("_")
            for owner, r in self._aggregated(p):
                if owner.code == code and str(r.year) == year:
                    return self._report_page(owner, r, enc)
            return None
        if host == f"sfj.{p.domain}":
            return self._sfj(p, path, page)
        if host == f"xxgk.{p.domain}":
            if path in ("/", "/index.html"):
                links = [("/fdzdgk/", "法定主动公开内容"), ("/xxgkzn/", "政府信息公开指南")]
                return page(f"{p.name}政府信息公开", _nav(links))
            if path == "/fdzdgk/":
                return page(
                    "法定主动公开内容", _nav([("/fzzfjsndbg/", "法治政府建设年度报告"), ("/czzj/", "财政资金")])
                )
            if path == "/fzzfjsndbg/" and p.placement == "xxgk":
                return page("法治政府建设年度报告", _list(self._own(p)))
            return None
        if p.script_home and path in ("/", "/index.html"):
            return _page("", '<script>window.location.href="/portal/index.html";</script>', enc, p.name)
        if path in ("/", "/index.html") or (p.script_home and path == "/portal/index.html"):
            return page(f"{p.name}人民政府", self._home(p))
        if path == "/zwgk/" or path == "/xxgk/":
            links = [
                ("/xxgk/fdzdgknr/", "法定主动公开内容"),
                ("/xxgk/zcwj/", "政策文件"),
                ("/xxgk/nb/", "政府信息公开年报"),
            ]
            return page("政府信息公开", _nav(links))
        if path == "/xxgk/fdzdgknr/":
            return page(
                "法定主动公开内容", _nav([("/xxgk/qtzdgknr/", "其他主动公开内容"), ("/xxgk/ghjh/", "规划计划")])
            )
        if path == "/xxgk/qtzdgknr/":
            links = [("/xxgk/c100422/", "建议提案办理"), ("/xxgk/c100424/", "人事信息")]
            if p.placement in ("nav", "both"):
                links.insert(1, ("/xxgk/c100423/", "法治政府建设年度报告"))
            return page("其他主动公开内容", _nav(links))
        if path == "/xxgk/c100423/" and p.placement in ("nav", "both"):
            return page("法治政府建设年度报告", _list(self._own(p) + _decoys(p)[6:8]))
        if path in ("/xxgk/nb/", "/xxgk/zcwj/"):
            return page("列表", _list([d for d in _decoys(p) if d[0].startswith(path)]))
        if p.placement == "path" and path == p.column:
            return page("法治政府建设年度报告", _list(self._own(p)))
        if path in ("/tzgg/", "/tzgg/index.html", "/tzgg/index_1.html"):
            news = [
                (
                    f"/tzgg/2025{(i % 12) + 1:02d}/t{i}.html",
                    f"关于第{i}批公共服务事项调整的通知",
                    f"2025-{(i % 12) + 1:02d}-10",
                )
                for i in range(1, 16)
            ]
            if path.endswith("index_1.html"):
                items = news[8:] + (self._own(p) if p.placement == "notice" else [])
                return page("通知公告", _list(items, 2, 1))
            return page("通知公告", _list(news[:8] + _decoys(p)[1:2] + _decoys(p)[9:10], 2, 0))
        if path == "/ztzl/":
            return page("专题专栏", _nav([("/ztzl/fzzfjs/", "法治政府建设"), ("/ztzl/xczx/", "乡村振兴")]))
        if path == "/ztzl/fzzfjs/":
            items = self._own(p) if p.placement == "topic" else []
            return page("法治政府建设", _list(items + _decoys(p)[2:9]))
        if path == "/ztzl/fzbg/" and self._aggregated(p):
            return page("法治政府建设年度报告", _nav([("/ztzl/fzbg/xqnb/", "县区政府法治政府建设年报")]))
        if path == "/ztzl/fzbg/xqnb/":
            items = [
                (f"/ztzl/fzbg/xqnb/{o.code}_{r.year}.html", o.report_title(r), r.published)
                for o, r in self._aggregated(p)
            ]
            return page("县区政府法治政府建设年报", _list(items)) if items else None
        if path == "/xwzx/":
            return page("新闻中心", _list(_decoys(p)[4:6] + _decoys(p)[8:9]))
        decoy = next((d for d in _decoys(p) if d[0] == path), None)
        if decoy is not None:  # the decoys are real pages too (a crawler that follows one finds no report)
            body = "".join(f"<p>{html.escape(decoy[1])}：第{i}段正文内容，与年度报告无关。</p>" for i in range(1, 6))
            return page(decoy[1], f'<h1 class="title">{html.escape(decoy[1])}</h1><div class="info">发布日期：'
                                  f'{decoy[2]}</div><div class="TRS_Editor">{body}</div>')
        return self._search(p, path, query, page)

    def _own(self, p: Portal) -> list[tuple[str, str, str]]:
        items = [(p.report_path(r), p.report_title(r), r.published) for r in p.reports]
        if p.placement in ("nav", "both", "path", "topic"):
            items.append(
                (
                    f"http://{self.clone_host}/c/{p.code}.html",
                    f"{p.name}2024年法治政府建设年度报告（转载）",
                    "2025-03-30",
                )
            )
        return sorted(items, key=lambda i: i[2], reverse=True)

    def _home(self, p: Portal) -> str:
        links = [
            ("/zwgk/", "政府信息公开"),
            ("/tzgg/", "通知公告"),
            ("/ztzl/", "专题专栏"),
            ("/xwzx/", "新闻中心"),
            ("/hdjl/", "互动交流"),
            ("/zwfw/", "政务服务"),
        ]
        if p.placement == "sfj":
            links.append((f"http://sfj.{p.domain}/", "区司法局"))
        if p.placement == "xxgk":
            links[0] = (f"http://xxgk.{p.domain}/", "政府信息公开")
        if any(q.pref_host == p.host for q in self.portals):
            links.insert(3, ("/ztzl/fzbg/", "法治政府建设年度报告"))
        body = _nav(links)
        if p.search == "form":
            body += (
                '<form action="/search/" method="get"><input type="text" name="q">'
                '<input type="submit" value="搜索"></form>'
            )
        elif p.search == "hanweb":
            body += (
                f'<form action="/jsearchfront/search.do" method="get" onsubmit="return x()"><input type="hidden" '
                f'name="websiteid" value="{p.code}000000000"><input name="q"></form>'
            )
        elif p.search == "trs":
            body += '<script>var searchUrl="/igs/front/search.jhtml?code=abc&searchWord=";</script>'
        return body

    def _search(self, p: Portal, path: str, query: dict[str, list[str]], page) -> bytes | None:  # type: ignore[no-untyped-def]
        words = None
        if p.search == "form" and path == "/search/":
            words = query.get("q", [""])[0]
        elif p.search == "hanweb" and path == "/jsearchfront/search.do":
            if query.get("websiteid", [""])[0] != f"{p.code}000000000":
                return page("搜索", "<p>参数错误</p>")
            words = query.get("q", [""])[0]
        elif p.search == "trs" and path == "/igs/front/search.jhtml":
            words = query.get("searchWord", [""])[0]
        if words is None:
            return None
        terms = [w for w in re.split(r"\s+", words) if w]
        hits = [
            it
            for it in self._own(p) + _decoys(p)
            if terms and all(t in it[1] for t in terms) and not it[0].startswith("http")
        ]
        if p.search == "trs":  # the TRS answer is JSON
            return json.dumps(
                {
                    "data": {
                        "page": {
                            "content": [{"title": t, "url": f"http://{p.host}{u}", "pubDate": d} for u, t, d in hits]
                        }
                    }
                },
                ensure_ascii=False,
            ).encode()
        return page(f"搜索：{words}", _list(hits))

    def _sfj(self, p: Portal, path: str, page) -> bytes | None:  # type: ignore[no-untyped-def]
        if path in ("/", "/index.html"):
            return page(
                f"{p.name}司法局", _nav([("/tzgg/", "通知公告"), ("/fzzfjs/", "法治政府建设"), ("/ywgz/", "业务工作")])
            )
        if path == "/fzzfjs/":
            return page("法治政府建设", _list(self._own(p) + _decoys(p)[6:8]))
        if path == "/tzgg/":
            return page("通知公告", _list(_decoys(p)[1:3]))
        return None

    def _report_page(self, p: Portal, r: Report, enc: str) -> bytes:
        title = p.report_title(r)
        paras = "".join(f"<p>{html.escape(x)}</p>" for x in _paragraphs(p, r))
        if p.attachment:
            stem = p.report_path(r).rsplit("/", 1)[1].removesuffix(".html")
            paras = f'<p>详见附件：</p><p><a href="{stem}.docx">{html.escape(title)}.docx</a></p>'
        body = (
            f'<h1 class="title">{html.escape(title)}</h1><div class="info">发布日期：{r.published} '
            f'来源：{html.escape(p.name)}人民政府</div><div class="TRS_Editor">{paras}</div>'
        )
        return _page(title, body, enc, p.name)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(paragraphs: list[str]) -> bytes:
    import io

    from docx import Document

    doc = Document()
    for para in paragraphs:
        doc.add_paragraph(para)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _host(pinyin: str) -> str:
    return f"www.{pinyin}.gov.cn"


def scenario_web() -> Web:
    """The test web: 28 portals, one or more per placement, with the scenarios the tests assert."""
    R = Report
    two = [R(2023, "2024-03-20"), R(2024, "2025-03-25")]
    pf = "www.xiangyang.gov.cn"
    ps = [
        Portal("420600", "襄阳市", pf, "湖北省", level="prefecture", placement="nav", reports=[R(2024, "2025-03-30")]),
        Portal("420626", "保康县", "www.baokang.gov.cn", "湖北省", "襄阳市", placement="path", reports=two),
        Portal("420624", "南漳县", "www.nanzhang.gov.cn", "湖北省", "襄阳市", placement="nav", reports=two,
               attachment=True),
        Portal(
            "420625",
            "谷城县",
            "www.gucheng.gov.cn",
            "湖北省",
            "襄阳市",
            placement="notice",
            reports=[R(2024, "2025-03-28")],
        ),
        Portal(
            "420682",
            "老河口市",
            "www.laohekou.gov.cn",
            "湖北省",
            "襄阳市",
            placement="topic",
            reports=[R(2024, "2025-03-31")],
        ),
        Portal(
            "420683", "枣阳市", "www.zyzf.gov.cn", "湖北省", "襄阳市", placement="sfj", reports=[R(2024, "2025-03-18")]
        ),
        Portal(
            "420684", "宜城市", "www.ych.gov.cn", "湖北省", "襄阳市", placement="xxgk", reports=[R(2024, "2025-03-12")]
        ),
        Portal(
            "420602",
            "襄城区",
            "www.xcq.gov.cn",
            "湖北省",
            "襄阳市",
            placement="search",
            search="form",
            reports=[R(2024, "2025-03-26")],
        ),
        Portal(
            "420606",
            "樊城区",
            "www.fcq.gov.cn",
            "湖北省",
            "襄阳市",
            placement="search",
            search="hanweb",
            reports=[R(2024, "2025-03-27")],
        ),
        Portal(
            "420607",
            "襄州区",
            "www.xiangzhou.gov.cn",
            "湖北省",
            "襄阳市",
            placement="search",
            search="trs",
            reports=[R(2024, "2025-03-29")],
        ),
        Portal("420600x", "", "", "", placement="none"),  # placeholder, removed below
        Portal("421300", "随州市", "www.suizhou.gov.cn", "湖北省", level="prefecture", placement="none"),
        Portal(
            "421303",
            "曾都区",
            "www.zengdu.gov.cn",
            "湖北省",
            "随州市",
            placement="path",
            reports=[R(2022, "2023-03-30"), R(2023, "2024-03-29"), R(2024, "2025-03-27")],
        ),
        Portal(
            "421321", "随县", "www.zgsx.gov.cn", "湖北省", "随州市", placement="late", reports=[R(2024, "2025-04-15")]
        ),
        Portal("421381", "广水市", "www.guangshui.gov.cn", "湖北省", "随州市", placement="none"),
        Portal(
            "420100",
            "武汉市",
            "www.wuhan.gov.cn",
            "湖北省",
            level="prefecture",
            placement="blocked",
            reports=[R(2024, "2025-03-30")],
        ),
        Portal("420102", "江岸区", "www.jiangan.gov.cn", "湖北省", "武汉市", placement="unreachable"),
        Portal(
            "411500",
            "信阳市",
            "www.xinyang.gov.cn",
            "河南省",
            level="prefecture",
            placement="nav",
            reports=[R(2024, "2025-03-31")],
            encoding="gbk",
        ),
        Portal(
            "411522",
            "光山县",
            "www.guangshan.gov.cn",
            "河南省",
            "信阳市",
            placement="aggregator",
            reports=[R(2024, "2025-03-20")],
            pref_host="www.xinyang.gov.cn",
        ),
        Portal(
            "411523",
            "新县",
            "www.xinxian.gov.cn",
            "河南省",
            "信阳市",
            placement="both",
            reports=[R(2024, "2025-03-21")],
            pref_host="www.xinyang.gov.cn",
        ),
        Portal(
            "411521",
            "罗山县",
            "www.luoshan.gov.cn",
            "河南省",
            "信阳市",
            placement="notice",
            encoding="gbk",
            reports=[R(2024, "2025-03-19")],
        ),
        Portal(
            "411524",
            "商城县",
            "www.shangcheng.gov.cn",
            "河南省",
            "信阳市",
            placement="none",
            encoding="gbk",
            search="form",
        ),
        Portal(
            "640323",
            "盐池县",
            "www.yanchi.gov.cn",
            "宁夏回族自治区",
            "吴忠市",
            placement="path",
            reports=[R(2023, "2024-03-15"), R(2024, "2025-03-15")],
        ),
        Portal(
            "610124",
            "周至县",
            "www.zhouzhi.gov.cn",
            "陕西省",
            "西安市",
            placement="path",
            reports=[R(2024, "2025-03-22")],
        ),
        Portal(
            "610117",
            "高陵区",
            "www.gaoling.gov.cn",
            "陕西省",
            "西安市",
            placement="topic",
            reports=[R(2024, "2025-03-24", "中共西安市高陵区委 西安市高陵区人民政府关于2024年法治政府建设情况的报告")],
        ),
        Portal(
            "500118",
            "永川区",
            "www.cqyc.gov.cn",
            "重庆市",
            placement="nav",
            reports=[R(2023, "2024-03-28"), R(2024, "2025-05-06")],
        ),
        Portal("500151", "铜梁区", "www.cqstl.gov.cn", "重庆市", placement="sfj", reports=[R(2023, "2024-03-28")]),
        Portal(
            "500152",
            "潼南区",
            "www.cqtn.gov.cn",
            "重庆市",
            placement="search",
            search="form",
            reports=[R(2024, "2025-03-30")],
            encoding="gbk",
        ),
        Portal(
            "330726",
            "浦江县",
            "www.pj.gov.cn",
            "浙江省",
            "金华市",
            placement="search",
            search="hanweb",
            reports=[R(2023, "2024-03-10")],
        ),
    ]
    ps = [p for p in ps if p.code != "420600x"]
    for p in ps:
        if p.placement == "late":
            p.placement = "nav"
        if p.placement in ("aggregator", "both") and not p.pref_host:
            p.pref_host = pf
    return Web(ps)


CYCLE = (
    "path",
    "nav",
    "notice",
    "topic",
    "sfj",
    "xxgk",
    "search",
    "search",
    "search",
    "nav",
    "both",
    "aggregator",
    "none",
    "nav",
    "notice",
    "path",
    "topic",
    "blocked",
    "unreachable",
    "nav",
)


def generated_web(n: int) -> Web:
    """``n`` portals for the benchmark: prefectures of ten counties each, placements cycling
    through :data:`CYCLE`; search kinds, encodings, late reports, reports as files, mobile-only
    and moved portals varying with the index."""
    portals: list[Portal] = []
    provinces = list(PROVINCE_PATHS)
    searches = ("form", "hanweb", "trs")
    pref: Portal | None = None
    for i in range(n):
        prov = provinces[(i // 40) % len(provinces)]
        if i % 11 == 0:
            pref = Portal(
                f"{31 + i // 11:02d}{(i // 11) % 100:02d}00",
                f"第{i // 11}市",
                _host(f"city{i // 11}"),
                prov,
                level="prefecture",
                placement="nav",
                reports=[Report(2024, "2025-03-30")],
            )
            portals.append(pref)
            continue
        assert pref is not None
        placement = CYCLE[i % len(CYCLE)]
        published = "2025-04-20" if i % 17 == 0 else f"2025-03-{(i % 28) + 1:02d}"
        reports = [] if placement == "none" else [Report(2023, f"2024-03-{(i % 28) + 1:02d}"), Report(2024, published)]
        portals.append(
            Portal(
                f"{pref.code[:4]}{i % 11:02d}",
                f"第{i}县",
                _host(f"county{i}"),
                prov,
                pref.name,
                placement=placement,
                reports=reports,
                search=searches[i % 3] if placement == "search" or i % 5 == 0 else "none",
                encoding="gbk" if i % 7 == 0 else "utf-8",
                pref_host=pref.host if placement in ("aggregator", "both") else "",
                attachment=i % 13 == 0 and placement in ("nav", "path", "notice", "topic"),
                script_home=i % 29 == 0,
                mobile_only=i % 19 == 0 and placement not in ("blocked", "unreachable"),
                moved_to=_host(f"county{i}new") if i % 23 == 0 and placement not in ("blocked", "unreachable",
                                                                                      "aggregator", "both") else "",
            )
        )
    return Web(portals)


def quote_path(s: str) -> str:
    return quote(s, safe="/")
