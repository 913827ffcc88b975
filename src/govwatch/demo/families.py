"""The eight simulated CMS families: URL layouts, list mechanisms and detail templates."""

from __future__ import annotations

import hashlib
import json
import re
from typing import ClassVar
from urllib.parse import quote

from govwatch.demo import chrome as c
from govwatch.demo.base import EPOCH_PAGE, Listed, Page, Site, SiteState
from govwatch.demo.catalog import Placement, SourceSpec
from govwatch.demo.chrome import attr, esc, t, ta
from govwatch.demo.documents import stable_int
from govwatch.demo.protocol import Request


def _short(title: str, n: int = 26) -> str:
    """List text truncated like real CMS lists (the ``title`` attribute keeps the full title)."""
    return title if len(title) <= n else title[: n - 1] + "…"


def _ymd(doc_date: str) -> tuple[int, int, int]:
    y, m, d = doc_date.split("-")
    return int(y), int(m), int(d)


# =========================================================================== TRS WCM


class TrsSite(Site):
    """TRS WCM: static ``index.html``/``index_N.html`` with ``createPageHTML``; body in ``div.TRS_Editor``."""

    family = "trs"
    vendor = "拓尔思信息技术股份有限公司"
    gzip = True
    today_mode = "stale"
    body_style = "indent"
    column_dir = "/zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/"
    stub_pages: ClassVar[int] = 1

    def start_path(self) -> str:
        return self.column_dir + "index.html"

    def detail_path(self, pl: Placement) -> str:
        d = pl.doc.published.replace("-", "")
        return f"{self.column_dir}{d[:6]}/t{d}_{self.uid(pl.path_key, 1_000_000, 5_000_000)}.html"

    def _pages(self, st: SiteState) -> list[list[Listed]]:
        items = st.columns["main"]
        size = self.column("main").page_size
        return [items[i : i + size] for i in range(0, len(items), size)] or [[]]

    def list_paths(self, st: SiteState, column: str) -> list[str]:
        n = len(self._pages(st)) + self.stub_pages
        return [self.column_dir + ("index.html" if i == 0 else f"index_{i}.html") for i in range(n)]

    def route(self, req: Request, st: SiteState) -> Page | None:
        if req.path in (self.column_dir, self.column_dir + "index.html"):
            return self.render_list(req, st, 0)
        m = re.fullmatch(re.escape(self.column_dir) + r"index_(\d+)\.html", req.path)
        if m:
            return self.render_list(req, st, int(m.group(1)))
        return None

    def render_list(self, req: Request, st: SiteState, page: int) -> Page | None:
        pages = self._pages(st)
        total = len(pages) + self.stub_pages
        if page >= total:
            return None
        if page >= len(pages):  # deep stub page, ~300 bytes
            stub = (
                '<html>\n<head>\n<meta charset="utf-8">\n<title>法治政府建设年度报告</title>\n'
                '<script type="text/javascript" src="/js/page.js"></script>\n</head>\n<body>\n'
                '<ul class="list">\n</ul>\n<div class="page"><script type="text/javascript">'
                f'createPageHTML({total}, {page}, "index", "html");</script></div>\n</body>\n</html>\n'
            )
            return Page(stub, last_modified=EPOCH_PAGE)
        items = pages[page]
        skin = c.SKINS["a"]
        lis = "\n".join(
            f'<li><a href="./{i.path[len(self.column_dir) :]}" target="_blank" title="{ta(i.doc.title)}">'
            f"{t(_short(i.doc.title))}</a><span>{i.doc.published}</span></li>"
            for i in items
        )
        colname = self.column("main").name
        main = f"""<div class="gw-left"><div class="sub-nav"><h3>其他主动公开内容</h3><ul>
<li class="on"><a href="./index.html">{colname}</a></li>
<li><a href="/zwgk/fdzdgknr/qtzdgknr/zcjd/index.html">政策解读</a></li>
<li><a href="/zwgk/fdzdgknr/qtzdgknr/jytabl/index.html">建议提案办理</a></li></ul></div></div>
<div class="gw-right"><div class="list-title"><span>{colname}</span></div>
<ul class="list">
{lis}
</ul>
<div class="page" id="page"><script type="text/javascript">
createPageHTML({total}, {page}, "index", "html");</script></div>
</div>"""
        html = self.shell(
            title=f"{colname}_{self.brand.site_name}",
            metas=c.list_metas(self.brand, colname),
            skin=skin,
            crumb_items=self._crumbs(colname),
            main=main,
            url=self.url(req.target),
        )
        return Page(html, last_modified=self.list_modified(items))

    def _crumbs(self, colname: str) -> list[tuple[str, str]]:
        return [
            ("首页", "/"),
            ("政府信息公开", "/zwgk/index.html"),
            ("法定主动公开内容", "/zwgk/fdzdgknr/index.html"),
            ("其他主动公开内容", "/zwgk/fdzdgknr/qtzdgknr/index.html"),
            (colname, self.column_dir + "index.html"),
        ]

    def chrome_paths(self) -> dict[str, str]:
        out = super().chrome_paths()
        out.update(
            {
                "/zwgk/fdzdgknr/qtzdgknr/zcjd/index.html": "政策解读",
                "/zwgk/fdzdgknr/qtzdgknr/jytabl/index.html": "建议提案办理",
                "/zwgk/fdzdgknr/index.html": "法定主动公开内容",
                "/zwgk/fdzdgknr/qtzdgknr/index.html": "其他主动公开内容",
            }
        )
        return out

    def render_detail(self, req: Request, st: SiteState, item: Listed) -> Page:
        doc, skin = item.doc, item.skin
        colname = self.column("main").name
        url = self.url(item.path)
        prev, nxt = self.neighbours(st, item)
        table = c.fields_table_zwxl(doc) if doc.fields else ""
        main = f"""<div class="detail-box">
<h1 class="detail-title">{t(doc.title)}</h1>
<div class="detail-info"><span>发布时间：{doc.pub_datetime}</span><span>来源：{t(doc.info_source)}</span>
{c.tool_bar(skin, c.js_views(doc))}</div>
{table}
<div class="view TRS_UEDITOR trs_paper_default trs_web">
<div class="TRS_Editor"><style type="text/css">
.TRS_Editor P{{margin-top:0px;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}}
.TRS_Editor DIV,.TRS_Editor TD,.TRS_Editor TH,.TRS_Editor SPAN{{line-height:1.8;
font-family:宋体;font-size:12pt;}}
</style>
<div class="Custom_UnionStyle">
{c.body_html(doc, self.body_style)}
</div></div></div>
<div class="detail-foot">{c.qr_block(skin, url)}{c.share_bar(skin)}</div>
{c.prev_next(prev, nxt)}
{c.related(skin, self.related_links(st, item))}
</div>"""
        html = self.shell(
            title=f"{ta(doc.title)}_{colname}_{self.brand.site_name}",
            metas=c.national_metas(self.brand, colname, doc, url),
            skin=skin,
            crumb_items=[*self._crumbs(colname), ("正文", "")],
            main=main,
            url=url,
        )
        return Page(html, last_modified=item.modified)


# =========================================================================== legacy GBK


class LegacyGbkSite(Site):
    """An old ASP site: GBK bytes, gb2312 in <meta>, header charset missing or wrong, table layout."""

    family = "legacy_gbk"
    server_header = "Microsoft-IIS/6.0"
    dynamic = True
    today_mode = "live"
    body_style = "br"
    national_metas = False
    column_dir = "/fzzfjs/"

    def start_path(self) -> str:
        return self.column_dir + "list.asp"

    def detail_path(self, pl: Placement) -> str:
        return f"{self.column_dir}ShowArticle.asp?ArticleID={self.uid(pl.path_key, 9000, 1000)}"

    def _pages(self, st: SiteState) -> list[list[Listed]]:
        items = st.columns["main"]
        size = self.column("main").page_size
        return [items[i : i + size] for i in range(0, len(items), size)] or [[]]

    def list_paths(self, st: SiteState, column: str) -> list[str]:
        n = len(self._pages(st))
        return [self.start_path() + ("" if i == 0 else f"?page={i + 1}") for i in range(n)]

    def nav(self, skin: c.Skin) -> list[tuple[str, str]]:
        return [
            ("网站首页", "/index.asp"),
            ("政务公开", "/news/list.asp?classid=12"),
            ("政策法规", "/news/list.asp?classid=15"),
            ("办事指南", "/bszn/index.asp"),
            ("在线咨询", "/gbook/index.asp"),
        ]

    def chrome_paths(self) -> dict[str, str]:
        out = super().chrome_paths()
        out["/index.asp"] = "网站首页"
        return out

    def route(self, req: Request, st: SiteState) -> Page | None:
        if req.path == "/news/list.asp":
            label = {"12": "政务公开", "15": "政策法规"}.get(req.query.get("classid", ""), "栏目")
            return self.chrome_page(req, label)
        if req.path == self.start_path():
            try:
                page = max(1, int(req.query.get("page", "1") or 1))
            except ValueError:
                page = 1
            return self.render_list(req, st, page)
        if req.path in ("/bszn/index.asp", "/gbook/index.asp"):
            return self.chrome_page(req, "办事指南" if req.path.startswith("/bszn") else "在线咨询")
        return None

    def _frame(self, title: str, inner: str, meta: str, crumb: str) -> str:
        nav = "".join(
            f'<td align="center"><a href="{attr(p)}" class="nav">{esc(n)}</a></td>'
            for n, p in self.nav(c.SKINS["a"])
        )
        peer = f'<option value="{attr(self.peers[0])}">兄弟网站</option>' if self.peers else ""
        return f"""<html>
<head>
{meta}
<title>{title}</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
<script language="javascript" src="/js/function.js"></script>
</head>
<body leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td height="25" bgcolor="#F2F2F2">&nbsp;{esc(self.today())}　<a
   href="javascript:window.external.AddFavorite(location.href,document.title)">加入收藏</a> | <a
   href="javascript:void(0)"
   onClick="this.style.behavior='url(#default#homepage)';this.setHomePage('/');">设为首页</a>
  </td></tr>
  <tr><td><img src="/images/top_banner.jpg" width="960" height="120"
  alt="{attr(self.brand.site_name)}"></td></tr>
  <tr><td height="32" background="/images/nav_bg.gif"><table width="100%" border="0">
  <tr>{nav}</tr></table></td></tr>
</table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td width="200" valign="top" bgcolor="#EEF4FB"><table width="100%">
      <tr><td class="left_title">政务公开</td></tr>
      <tr><td>·<a href="/news/list.asp?classid=12">工作动态</a></td></tr>
      <tr><td>·<a href="/news/list.asp?classid=15">政策法规</a></td></tr>
      <tr><td>·<a href="{self.start_path()}">法治政府建设</a></td></tr>
      <tr><td><select onchange="window.open(this.value)"><option>--友情链接--</option>
      <option value="http://www.gov.cn/">中国政府网</option>{peer}</select></td></tr></table></td>
    <td width="10">&nbsp;</td>
    <td valign="top">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
      <tr><td height="30" class="daohang">您现在的位置：{crumb}</td></tr></table>
{inner}
    </td>
  </tr>
</table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#E5E5E5">
  <tr><td align="center" height="80">版权所有：{esc(self.brand.sponsor)}　地址：{esc(self.brand.address)}
  电话：{esc(self.brand.phone)}<br>
  <a href="https://beian.miit.gov.cn/" target="_blank">{esc(self.brand.icp)}</a>　{esc(self.brand.gongan)}
  网站标识码：{esc(self.brand.idcode)}<br>
  建议使用IE6.0以上浏览器 1024*768分辨率浏览　<a href="mailto:{attr(self.brand.email)}">联系我们</a></td></tr>
</table>
</body>
</html>
"""

    def render_list(self, req: Request, st: SiteState, page: int) -> Page | None:
        pages = self._pages(st)
        if page > len(pages):
            return None
        items = pages[page - 1]
        n = len(pages)
        rows = "\n".join(
            f'        <tr><td width="15" height="26"><img src="/images/dot.gif" width="5" height="5"></td>'
            f'<td><a href="ShowArticle.asp?ArticleID={i.path.rsplit("=", 1)[1]}" target="_blank">'
            f"{t(i.doc.title)}</a></td>"
            f'<td width="90" align="right"><font color="#999999">[{i.doc.published}]</font></td></tr>'
            for i in items
        )
        base = "list.asp"
        first = f'<a href="{base}">首页</a>' if page > 1 else "首页"
        prev = f'<a href="{base}?page={page - 1}">上一页</a>' if page > 1 else "上一页"
        nxt = f'<a href="{base}?page={page + 1}">下一页</a>' if page < n else "下一页"
        last = f'<a href="{base}?page={n}">尾页</a>' if page < n else "尾页"
        total = len(st.columns["main"])
        options = "".join(f'<option value="{k}">{k}</option>' for k in range(1, n + 1))
        inner = f"""      <table width="100%" border="0" cellspacing="0" cellpadding="0" class="list_table">
{rows}
      </table>
      <table width="100%"><tr><td align="center" height="40">共 {total} 条记录 页次：{page}/{n}
      每页：{self.column("main").page_size} 条 {first} {prev} {nxt} {last}
      转到：<select onchange="location.href='{base}?page='+this.value">{options}</select></td></tr></table>"""
        meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        html = self._frame(
            f"法治政府建设-{esc(self.brand.site_name)}",
            inner,
            meta,
            f'<a href="/index.asp">首页</a> &gt;&gt; <a href="{base}">法治政府建设</a>',
        )
        return Page(
            html,
            content_type="text/html",
            encoding="gbk",
            last_modified=self.list_modified(items),
            stable=False,
        )

    def render_detail(self, req: Request, st: SiteState, item: Listed) -> Page:
        doc = item.doc
        prev, nxt = self.neighbours(st, item)
        prev_html = f'<a href="{attr(prev[1])}">{t(prev[0])}</a>' if prev else "没有了"
        next_html = f'<a href="{attr(nxt[1])}">{t(nxt[0])}</a>' if nxt else "没有了"
        pn = f"<tr><td>上一篇：{prev_html}</td></tr><tr><td>下一篇：{next_html}</td></tr>"
        inner = f"""      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td align="center" height="50" class="title"><font size="4"><b>{t(doc.title)}</b></font></td></tr>
        <tr><td align="center" height="25" bgcolor="#F7F7F7">作者：佚名　文章来源：{t(doc.info_source)}
        点击数：{self.views(req, doc)}　更新时间：{doc.published.replace("-0", "-")}　【字体：<a
        href="javascript:fontZoom(16)">大</a> <a href="javascript:fontZoom(14)">中</a> <a
        href="javascript:fontZoom(12)">小</a>】</td></tr>
        <tr><td height="10"></td></tr>
        <tr><td class="content" id="fontzoom" style="font-size:14px;line-height:200%">
{c.body_html(doc, self.body_style)}
        </td></tr>
        <tr><td align="right" height="30">【<a href="javascript:window.print()">打印此文</a>】【<a
        href="javascript:window.close()">关闭窗口</a>】</td></tr>
{pn}
      </table>"""
        h = stable_int(doc.id)
        meta = (
            '<meta charset="gb2312">'
            if h % 2
            else '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        )
        ctype = "text/html; charset=iso-8859-1" if h % 3 == 0 else "text/html"
        crumb = '<a href="/index.asp">首页</a> &gt;&gt; <a href="list.asp">法治政府建设</a> &gt;&gt; 正文'
        html = self._frame(f"{t(doc.title)}-{esc(self.brand.site_name)}", inner, meta, crumb)
        # classic ASP: a dynamic page sent with no validators at all, so re-validation is a plain GET
        return Page(html, content_type=ctype, encoding="gbk", stable=False, conditional=False)

    def chrome_page(self, req: Request, label: str) -> Page:
        inner = (
            '<table width="100%"><tr><td height="200" align="center">'
            f"{esc(label)}：暂无内容</td></tr></table>"
        )
        html = self._frame(
            f"{esc(label)}-{esc(self.brand.site_name)}",
            inner,
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
            f'<a href="/index.asp">首页</a> &gt;&gt; {esc(label)}',
        )
        return Page(html, content_type="text/html", encoding="gbk", last_modified=EPOCH_PAGE, stable=False)

    def not_found_page(self, req: Request) -> Page:
        html = (
            '<html><head><title>无法找到该页</title><meta http-equiv="Content-Type" content="text/html; '
            'charset=gb2312"></head><body><h2>无法找到该页</h2><p>您正在搜索的页面可能已经删除、更名或暂时不可用。'
            "</p><hr><p>HTTP 错误 404 - 文件或目录未找到。<br>Internet 信息服务 (IIS)</p></body></html>"
        )
        return Page(html, status=404, content_type="text/html", encoding="gbk", conditional=False)


# =========================================================================== Hanweb jcms


class HanwebSite(Site):
    """Hanweb 大汉 jcms: list records in an embedded ``<datastore>`` plus POST ``dataproxy.jsp`` paging."""

    family = "hanweb"
    vendor = "南京大汉网络有限公司"
    server_header = "Apache"
    gzip = True
    today_mode = "none"
    body_style = "fullwidth"
    col_id = 1229436875
    unit_id = 7351234
    web_id = 3282
    group_size = 3

    def start_path(self) -> str:
        return f"/col/col{self.col_id}/index.html"

    def detail_path(self, pl: Placement) -> str:
        y, m, d = _ymd(pl.doc.published)
        return f"/art/{y}/{m}/{d}/art_{self.col_id}_{self.uid(pl.path_key, 1_000_000, 59_000_000)}.html"

    def list_paths(self, st: SiteState, column: str) -> list[str]:
        return [self.start_path()]

    def nav(self, skin: c.Skin) -> list[tuple[str, str]]:
        if skin.name == "b":
            return [
                ("首页", "/"),
                ("政务公开", "/col/col1229436800/index.html"),
                ("政务服务", "/col/col1229436801/index.html"),
                ("互动交流", "/col/col1229436802/index.html"),
                ("数据开放", "/col/col1229436803/index.html"),
                ("走进海盐", "/col/col1229436804/index.html"),
            ]
        return [
            ("首页", "/"),
            ("政府信息公开", "/col/col1229436800/index.html"),
            ("新闻动态", "/col/col1229436810/index.html"),
            ("政策文件", "/col/col1229436811/index.html"),
            ("政民互动", "/col/col1229436802/index.html"),
            ("政府信息公开年报", "/col/col1229436812/index.html"),
        ]

    def _record(self, item: Listed) -> str:
        return (
            f'<li><a href="{item.path}" title="{ta(item.doc.title)}" target="_blank">'
            f"{t(_short(item.doc.title, 24))}"
            f"</a><span>{item.doc.published}</span></li>"
        )

    def datastore(self, items: list[Listed], total: int, *, xml_decl: bool = False) -> str:
        size = self.column("main").page_size
        records = "\n".join(f"<record><![CDATA[\n{self._record(i)}\n]]></record>" for i in items)
        head = '<?xml version="1.0" encoding="UTF-8"?>\n' if xml_decl else ""
        return (
            f"{head}<datastore>\n<totalrecord>{total}</totalrecord>\n"
            f"<totalpage>{-(-total // size)}</totalpage>\n"
            f"<recordset>\n{records}\n</recordset>\n</datastore>"
        )

    def route(self, req: Request, st: SiteState) -> Page | None:
        if req.path in (f"/col/col{self.col_id}/", self.start_path()):
            return self.render_list(req, st)
        if req.path in ("/module/web/jpage/dataproxy.jsp", "/module/jpage/dataproxy.jsp"):
            return self.dataproxy(req, st)
        if req.path.startswith("/module/visitcount/"):
            return Page("document.write('');", content_type="application/javascript", conditional=False)
        if re.fullmatch(r"/col/col\d+/index\.html", req.path):
            label = {p: n for n, p in self.nav(c.SKINS["a"]) + self.nav(c.SKINS["b"])}.get(req.path)
            if label:
                return self.chrome_page(req, label)
        return None

    def dataproxy(self, req: Request, st: SiteState) -> Page:
        items = st.columns["main"]
        q, form = req.query, req.form()
        ok = (
            req.method == "POST"
            and form.get("columnid") == str(self.col_id)
            and form.get("unitid") == str(self.unit_id)
            and form.get("webid", str(self.web_id)) == str(self.web_id)
        )
        if not ok:
            xml = self.datastore([], 0, xml_decl=True)
            return Page(xml, content_type="text/xml;charset=UTF-8", conditional=False)
        try:
            start = max(1, int(q.get("startrecord", "1")))
            size = max(1, int(q.get("perpage", str(self.column("main").page_size))))
            end = max(start, int(q.get("endrecord", str(start + size * self.group_size - 1))))
        except ValueError:
            start, end = 1, self.column("main").page_size
        chosen = items[start - 1 : end]
        xml = self.datastore(chosen, len(items), xml_decl=True)
        return Page(
            xml,
            content_type="text/xml;charset=UTF-8",
            last_modified=self.list_modified(chosen),
            conditional=False,
        )

    def render_list(self, req: Request, st: SiteState) -> Page:
        items = st.columns["main"]
        size = self.column("main").page_size
        try:
            page = max(1, int(req.query.get("pageNum", "1")))
        except ValueError:
            page = 1
        shown = items[(page - 1) * size : page * size]
        skin = c.SKINS["a"]
        webname = quote(quote(self.brand.site_name))
        nextgroup = (
            f"/module/web/jpage/dataproxy.jsp?page=1&amp;appid=1&amp;webid={self.web_id}&amp;path=/"
            f"&amp;columnid={self.col_id}&amp;unitid={self.unit_id}&amp;webname={webname}&amp;permissiontype=0"
        )
        colname = self.column("main").name
        raw_next = nextgroup.replace("&amp;", "&")
        store = self.datastore(shown, len(items)).replace(
            "<datastore>",
            f'<datastore>\n<nextgroup><![CDATA[<a href="{raw_next}"></a>]]></nextgroup>',
            1,
        )
        main = f"""<div class="hiddenLocation" style="display:none"><span id="ss_webid">{self.web_id}</span>
<span id="col1_name">{colname}</span><span id="col1_url">/col/col{self.col_id}/index.html</span></div>
<div class="xxgk-left"><div class="xxgk-tree"><h3>政府信息公开目录</h3>
<ul><li><a href="/col/col1229436800/index.html">法定主动公开内容</a></li><li class="on">{colname}</li>
<li><a href="/col/col1229436812/index.html">政府信息公开年报</a></li></ul></div></div>
<div class="xxgk-right"><div class="lm-title">{colname}</div>
<div class="default_pgContainer" id="{self.unit_id}">
<script type="text/xml">
{store}
</script>
</div>
<form id="jpageform_{self.unit_id}" name="jpageform_{self.unit_id}" method="post"
 action="/module/web/jpage/dataproxy.jsp">
<input type="hidden" name="col" value="1"><input type="hidden" name="appid" value="1">
<input type="hidden" name="webid" value="{self.web_id}"><input type="hidden" name="path" value="/">
<input type="hidden" name="columnid" value="{self.col_id}">
<input type="hidden" name="sourceContentType" value="1">
<input type="hidden" name="unitid" value="{self.unit_id}">
<input type="hidden" name="webname" value="{attr(self.brand.site_name)}">
<input type="hidden" name="permissiontype" value="0"></form>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>$(document).ready(function(){{$('#{self.unit_id}').jpage({{dataStore: dataStore,
proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: {size}, groupSize: {self.group_size},
totalRecord: {len(items)}, barPosition: 'bottom',
ajaxParam: {{col: 1, appid: 1, webid: {self.web_id}, path: '/', columnid: {self.col_id},
sourceContentType: 1, unitid: {self.unit_id}, webname: '{self.brand.site_name}', permissiontype: 0}},
showMode: 'full', allowChangePerPage: false, themeName: 'default'}});}});</script>
</div>"""
        html = self.shell(
            title=f"{colname} {self.brand.site_name}",
            metas=c.list_metas(self.brand, colname),
            skin=skin,
            crumb_items=[("首页", "/"), ("政府信息公开", "/col/col1229436800/index.html"), (colname, "")],
            main=main,
            url=self.url(req.target),
        )
        return Page(html, last_modified=self.list_modified(shown))

    def render_detail(self, req: Request, st: SiteState, item: Listed) -> Page:
        doc, skin = item.doc, item.skin
        url = self.url(item.path)
        art_id = item.path.rsplit("_", 1)[1].removesuffix(".html")
        f = doc.fields
        table = ""
        if f:
            table = f"""<table class="{skin.cls}-xxgk" width="100%" border="0" cellspacing="1"
 cellpadding="0">
<tr><th>索引号</th><td>{esc(f.get("索引号", ""))}</td>
<th>组配分类</th><td>{esc(f.get("主题分类", ""))}</td></tr>
<tr><th>发布机构</th><td>{esc(f.get("发布机构", ""))}</td>
<th>生成日期</th><td>{esc(f.get("成文日期", ""))}</td></tr>
<tr><th>文号</th><td>{esc(f.get("文号", ""))}</td><th>有效性</th><td>有效</td></tr></table>"""
        prev, nxt = self.neighbours(st, item)
        views = (
            c.js_views(doc)
            if skin.name == "a"
            else f'<em id="readCount_{art_id}"></em>'
            f'<script src="/module/visitcount/articlehits.jsp?artid={art_id}&amp;v=2"></script>'
        )
        title_cls = "con-title" if skin.name == "a" else "article-hd__title"
        main = f"""<div class="{skin.cls}-con">
<p class="{title_cls}"><!--<$[标题]>begin-->{t(doc.title)}<!--<$[标题]>end--></p>
<div class="small-title clearfix"><span>发布日期：{doc.published}</span><span>{skin.views_label}{views}</span>
<span>信息来源：<!--<$[信息来源]>begin-->{t(doc.info_source)}<!--<$[信息来源]>end--></span>
<span class="font">{skin.font_widget}</span></div>
{table}
<div class="main-txt" id="zoom">
<!--<$[信息内容]>begin--><!--ZJEG_RSS.content.begin--><meta name="ContentStart">
{c.body_html(doc, self.body_style)}
<meta name="ContentEnd"><!--ZJEG_RSS.content.end--><!--<$[信息内容]>end-->
</div>
<div class="main-word">{c.share_bar(skin)}<span class="pc">{skin.print_close}</span></div>
{c.qr_block(skin, url)}
{c.prev_next(prev, nxt)}
</div>"""
        metas = "\n".join(
            [
                f'<meta name="Maketime" content="{doc.published} {doc.time}:00">',
                c.national_metas(self.brand, self.column("main").name, doc, url),
                f'<meta name="i_columnid" content="{self.col_id}">',
                f'<meta name="i_articleid" content="{art_id}">',
            ]
        )
        crumbs = [
            ("首页", "/"),
            ("政府信息公开", "/col/col1229436800/index.html"),
            (self.column("main").name, self.start_path()),
        ]
        if skin.name == "b":
            crumbs = [
                ("首页", "/"),
                ("政务公开", "/col/col1229436800/index.html"),
                ("信息公开目录", "/col/col1229436800/index.html"),
                (self.column("main").name, self.start_path()),
            ]
        html = self.shell(
            title=ta(doc.title),
            metas=metas,
            skin=skin,
            crumb_items=crumbs,
            main=main,
            url=url,
            body_class="article-page" if skin.name == "a" else "page-article v2024",
        )
        return Page(html, last_modified=item.modified)


# =========================================================================== Guangdong gkmlpt


class GkmlptSite(Site):
    """Guangdong 政府信息公开目录平台: SPA shell with ``SID``, JSON list API, ``post_{id}.html`` details."""

    family = "gkmlpt"
    vendor = "数字广东网络建设有限公司"
    server_header = "Tengine"
    body_style = "span"
    sid = "755585"
    categories: ClassVar[dict[str, int]] = {"main": 2751, "jd": 2752}

    def start_path(self) -> str:
        return f"/gkmlpt/index#{self.categories['main']}"

    def detail_path(self, pl: Placement) -> str:
        pid = self.uid(pl.path_key, 1_000_000, 10_000_000)
        return f"/gkmlpt/content/{pid // 1_000_000}/{pid // 1000}/post_{pid}.html"

    def list_paths(self, st: SiteState, column: str) -> list[str]:
        n = max(1, -(-len(st.columns[column]) // self.column(column).page_size))
        cat = self.categories[column]
        return [f"/gkmlpt/api/all/{cat}?page={i}&sid={self.sid}" for i in range(1, n + 1)]

    def route(self, req: Request, st: SiteState) -> Page | None:
        if req.path in ("/gkmlpt/index", "/gkmlpt/mindex", "/gkmlpt/"):
            return self.render_index(req)
        m = re.fullmatch(r"/gkmlpt/api/all/(\d+)", req.path)
        if m:
            return self.api(req, st, int(m.group(1)))
        return None

    def render_index(self, req: Request) -> Page:
        tree = [
            {"id": cat, "name": self.column(key).name, "parent": 2750} for key, cat in self.categories.items()
        ]
        html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府信息公开_{esc(self.brand.site_name)}</title>
{c.list_metas(self.brand, "政府信息公开目录")}
<link rel="stylesheet" href="/gkmlpt/static/css/app.css">
</head>
<body>
<div id="app"><div class="header">{esc(self.brand.site_name)} 政府信息公开</div>
<noscript>请开启浏览器的JavaScript功能</noscript></div>
<script type="text/javascript">
window._CONFIG = {{
    SID: '{self.sid}',
    SITE_NAME: '{self.brand.site_name}',
    ROOT_URL: '/gkmlpt/',
    API_URL: '/gkmlpt/api/',
    CLASSIFY: {json.dumps(tree, ensure_ascii=False)},
    MANIFEST: {{fzzfjs: {self.categories["main"]}}}
}};
</script>
<script src="/gkmlpt/static/js/manifest.js"></script>
<script src="/gkmlpt/static/js/app.js"></script>
<div class="footer"><a href="http://www.gov.cn/" target="_blank">中国政府网</a> | <a href="/">网站首页</a> |
<a href="javascript:void(0)">无障碍</a> | <a href="mailto:{attr(self.brand.email)}">联系我们</a> |
<a href="https://beian.miit.gov.cn/">{esc(self.brand.icp)}</a> 网站标识码：{esc(self.brand.idcode)}</div>
</body></html>
"""
        return Page(html, last_modified=EPOCH_PAGE)

    def api(self, req: Request, st: SiteState, cat: int) -> Page:
        q = req.query
        key = next((k for k, v in self.categories.items() if v == cat), None)
        if q.get("sid") != self.sid:
            body = json.dumps(
                {"code": 403, "msg": "非法请求", "articles": [], "total": 0}, ensure_ascii=False
            )
            return Page(body, content_type="application/json;charset=UTF-8", conditional=False)
        items = st.columns[key] if key else []
        size = self.column(key).page_size if key else 10
        try:
            page = max(1, int(q.get("page", "1")))
        except ValueError:
            page = 1
        chosen = items[(page - 1) * size : page * size]
        arts = []
        for i in chosen:
            ts = int(c.doc_datetime(i.doc).timestamp())
            f = i.doc.fields
            arts.append(
                {
                    "id": int(i.path.rsplit("_", 1)[1].removesuffix(".html")),
                    "title": c.fullwidth(i.doc.title),
                    "url": self.url(i.path),
                    "publish_time": ts,
                    "first_publish_time": ts,
                    "display_publish_time": i.doc.published,
                    "identifier": f.get("索引号", ""),
                    "document_number": f.get("文号", ""),
                    "publisher": f.get("发布机构", i.doc.publisher),
                    "classify_main_name": self.column(key).name if key else "",
                }
            )
        body = json.dumps(
            {
                "total": len(items),
                "page": page,
                "per_page": size,
                "articles": arts,
                "classify": {"id": cat, "name": self.column(key).name if key else ""},
            },
            ensure_ascii=False,
        )
        return Page(
            body, content_type="application/json;charset=UTF-8", last_modified=self.list_modified(chosen)
        )

    def render_detail(self, req: Request, st: SiteState, item: Listed) -> Page:
        doc, skin = item.doc, item.skin
        url = self.url(item.path)
        f = doc.fields
        colname = self.column(item.placement.column).name
        table = (
            f"""<div class="introduce"><table class="classify" cellspacing="0" cellpadding="0">
<tr><td class="td-label">索引号：</td><td class="td-value">{esc(f.get("索引号", ""))}</td>
<td class="td-label">主题分类：</td><td class="td-value">{esc(f.get("主题分类", ""))}</td></tr>
<tr><td class="td-label">发布机构：</td><td class="td-value">{esc(f.get("发布机构", ""))}</td>
<td class="td-label">成文日期：</td><td class="td-value">{esc(f.get("成文日期", ""))}</td></tr>
<tr><td class="td-label">名称：</td><td class="td-value" colspan="3">{t(doc.title)}</td></tr>
<tr><td class="td-label">文号：</td><td class="td-value">{esc(f.get("文号", ""))}</td>
<td class="td-label">发布日期：</td><td class="td-value">{doc.published}</td></tr></table></div>"""
            if f
            else ""
        )
        prev, nxt = self.neighbours(st, item)
        main = f"""<div class="content-container">
{table}
<div class="content"><h1 class="title document-number">{t(doc.title)}</h1>
<div class="date-row"><span>发布日期：{doc.pub_datetime}</span><span>来源：{t(doc.info_source)}</span>
{c.tool_bar(skin, '<span id="visitCount"></span>')}</div>
<div class="article-content">
{c.body_html(doc, self.body_style)}
</div>
<div class="attachment"></div>
{c.qr_block(skin, url)}{c.share_bar(skin)}
{c.prev_next(prev, nxt)}</div></div>"""
        html = self.shell(
            title=f"{ta(doc.title)}_{self.brand.site_name}",
            metas=c.national_metas(self.brand, colname, doc, url),
            skin=skin,
            crumb_items=[("首页", "/"), ("政府信息公开", "/gkmlpt/index"), (colname, "")],
            main=main,
            url=url,
        )
        return Page(html, last_modified=item.modified)


# =========================================================================== 淮安 intensive platform


class HuaianSite(Site):
    """淮安 intensive platform: ``/col/{col}_{unit}/index.html``, JS paging to ``index_N.html``."""

    family = "huaian"
    vendor = "淮安市大数据管理局"
    dynamic = True
    today_mode = "live"
    body_style = "div"
    col = "1835"
    unit = "433615"

    @property
    def column_dir(self) -> str:
        return f"/col/{self.col}_{self.unit}/"

    def start_path(self) -> str:
        return self.column_dir + "index.html"

    def detail_path(self, pl: Placement) -> str:
        ms = int(c.doc_datetime(pl.doc).timestamp() * 1000) + self.uid(pl.path_key, 60_000)
        return f"/art/{self.col}/{ms}{self.uid(pl.path_key + '#r', 10_000):04d}.html"

    def _pages(self, st: SiteState) -> list[list[Listed]]:
        items = st.columns["main"]
        size = self.column("main").page_size
        return [items[i : i + size] for i in range(0, len(items), size)] or [[]]

    def list_paths(self, st: SiteState, column: str) -> list[str]:
        n = len(self._pages(st))
        return [self.column_dir + ("index.html" if i == 1 else f"index_{i}.html") for i in range(1, n + 1)]

    def nav(self, skin: c.Skin) -> list[tuple[str, str]]:
        return [
            ("首页", "/"),
            ("信息公开", f"/col/1800_{self.unit}/index.html"),
            ("政策文件", f"/col/1801_{self.unit}/index.html"),
            ("政务动态", f"/col/1802_{self.unit}/index.html"),
            ("政民互动", f"/col/1803_{self.unit}/index.html"),
            ("公示公告", f"/col/1804_{self.unit}/index.html"),
        ]

    def route(self, req: Request, st: SiteState) -> Page | None:
        if req.path in (self.column_dir, self.column_dir + "index.html"):
            return self.render_list(req, st, 1)
        m = re.fullmatch(re.escape(self.column_dir) + r"index_(\d+)\.html", req.path)
        if m and int(m.group(1)) >= 2:
            return self.render_list(req, st, int(m.group(1)))
        return None

    def render_list(self, req: Request, st: SiteState, page: int) -> Page | None:
        pages = self._pages(st)
        if page > len(pages):
            return None
        items = pages[page - 1]
        skin = c.SKINS["a"]
        lis = "\n".join(
            f'<li><span class="date">{i.doc.published}</span><a href="{i.path}" target="_blank" '
            f'title="{ta(i.doc.title)}">{t(i.doc.title)}</a></li>'
            for i in items
        )
        n = len(pages)
        colname = self.column("main").name
        main = f"""<div class="zfxxgk-list"><div class="zfxxgk-title">{colname}</div>
<ul class="list-ul">
{lis}
</ul>
<div class="pages" id="pages"><span>共{len(st.columns["main"])}条 第{page}/{n}页</span>
<a href="javascript:void(0)" onclick="goPage(1)">首页</a>
<a href="javascript:void(0)" onclick="goPage({max(1, page - 1)})">上一页</a>
<a href="javascript:void(0)" onclick="goPage({min(n, page + 1)})">下一页</a>
<a href="javascript:void(0)" onclick="goPage({n})">尾页</a></div>
<script type="text/javascript">
var currentPage = {page}; var totalPage = {n};
function goPage(p) {{ if (p < 1 || p > totalPage) return;
  location.href = (p == 1) ? 'index.html' : 'index_' + p + '.html'; }}
</script></div>"""
        html = self.shell(
            title=f"{colname} - {self.brand.site_name}",
            metas=c.list_metas(self.brand, colname),
            skin=skin,
            crumb_items=[("首页", "/"), ("信息公开", f"/col/1800_{self.unit}/index.html"), (colname, "")],
            main=main,
            url=self.url(req.target),
        )
        return Page(html, last_modified=self.list_modified(items), stable=False)

    def render_detail(self, req: Request, st: SiteState, item: Listed) -> Page:
        doc, skin = item.doc, item.skin
        url = self.url(item.path)
        prev, nxt = self.neighbours(st, item)
        f = doc.fields
        info = ""
        if f:
            info = (
                f'<div class="xxgk-info"><ul><li>索引号：{esc(f.get("索引号", ""))}</li>'
                f"<li>发布机构：{esc(f.get('发布机构', ''))}</li>"
                f"<li>主题分类：{esc(f.get('主题分类', ''))}</li>"
                f"<li>成文日期：{esc(f.get('成文日期', ''))}</li>"
                f"<li>发布日期：{doc.published}</li></ul></div>"
            )
        main = f"""<div class="article">
{info}
<h2 class="article-title">{t(doc.title)}</h2>
<div class="article-info">发布时间：{doc.pub_datetime}　信息来源：{t(doc.info_source)}
{skin.views_label}{self.views(req, doc)}
<span class="font">{skin.font_widget}</span></div>
<div class="article-con" id="zoom">
{c.body_html(doc, self.body_style)}
</div>
<div class="article-tools">{skin.print_close}{c.share_bar(skin)}</div>
{c.qr_block(skin, url)}
{c.prev_next(prev, nxt)}
{c.related(skin, self.related_links(st, item))}
</div>"""
        html = self.shell(
            title=f"{ta(doc.title)} - {self.brand.site_name}",
            metas=c.national_metas(self.brand, self.column("main").name, doc, url, with_keywords=False),
            skin=skin,
            crumb_items=[
                ("首页", "/"),
                ("信息公开", f"/col/1800_{self.unit}/index.html"),
                (self.column("main").name, self.start_path()),
                ("正文", ""),
            ],
            main=main,
            url=url,
        )
        # a hit counter in the bytes, so no ETag; Last-Modified is the article's, and honoured
        return Page(html, last_modified=item.modified, stable=False, etag=False)


# =========================================================================== Hunan intensive platform


class HunanSite(Site):
    """Hunan intensive platform: ``/{n}/{n}/{n}/{n}/index.html`` lists, ``content_{id}.html`` details."""

    family = "hunan"
    vendor = "湖南省政府门户网站集约化平台"
    dynamic = True
    today_mode = "live"
    body_style = "indent"
    dirs: ClassVar[dict[str, str]] = {
        "main": "/37584/38152/66314/66315/",
        "gzbg": "/37584/38152/66314/66320/",
    }

    def start_path(self) -> str:
        return self.dirs["main"] + "index.html"

    def detail_path(self, pl: Placement) -> str:
        return f"{self.dirs[pl.column]}content_{self.uid(pl.path_key, 1_000_000, 3_000_000)}.html"

    def _pages(self, st: SiteState, column: str) -> list[list[Listed]]:
        items = st.columns[column]
        size = self.column(column).page_size
        return [items[i : i + size] for i in range(0, len(items), size)] or [[]]

    def list_paths(self, st: SiteState, column: str) -> list[str]:
        n = len(self._pages(st, column))
        return [self.dirs[column] + ("index.html" if i == 1 else f"index_{i}.html") for i in range(1, n + 1)]

    def nav(self, skin: c.Skin) -> list[tuple[str, str]]:
        return [
            ("首页", "/"),
            ("政务公开", "/37584/index.html"),
            ("新闻中心", "/37585/index.html"),
            ("政务服务", "/37586/index.html"),
            ("互动交流", "/37587/index.html"),
            ("走进岳阳县", "/37588/index.html"),
        ]

    def chrome_paths(self) -> dict[str, str]:
        out = super().chrome_paths()
        out.update(
            {"/37584/38152/index.html": "政府信息公开", "/37584/38152/66314/index.html": "法定主动公开内容"}
        )
        return out

    def route(self, req: Request, st: SiteState) -> Page | None:
        for key, d in self.dirs.items():
            if req.path in (d, d + "index.html"):
                return self.render_list(req, st, key, 1)
            m = re.fullmatch(re.escape(d) + r"index_(\d+)\.html", req.path)
            if m and int(m.group(1)) >= 2:
                return self.render_list(req, st, key, int(m.group(1)))
        return None

    def _crumbs(self, column: str) -> list[tuple[str, str]]:
        return [
            ("首页", "/"),
            ("政务公开", "/37584/index.html"),
            ("政府信息公开", "/37584/38152/index.html"),
            ("法定主动公开内容", "/37584/38152/66314/index.html"),
            (self.column(column).name, self.dirs[column] + "index.html"),
        ]

    def render_list(self, req: Request, st: SiteState, column: str, page: int) -> Page | None:
        pages = self._pages(st, column)
        if page > len(pages):
            return None
        items = pages[page - 1]
        n = len(pages)
        skin = c.SKINS["a"]
        lis = "\n".join(
            f'<li><a href="{i.path}" title="{ta(i.doc.title)}" target="_blank">{t(_short(i.doc.title, 30))}'
            f'</a><span class="date">{i.doc.published}</span></li>'
            for i in items
        )

        def link(p: int) -> str:
            return "index.html" if p == 1 else f"index_{p}.html"

        nums = " ".join(
            f'<a href="{link(p)}"{" class=cur" if p == page else ""}>{p}</a>' for p in range(1, n + 1)
        )
        pager = (
            f'<a href="{link(1)}">首页</a> '
            + (f'<a href="{link(page - 1)}">上一页</a> ' if page > 1 else "")
            + nums
            + (f' <a href="{link(page + 1)}">下一页</a>' if page < n else "")
            + f' <a href="{link(n)}">尾页</a>'
        )
        colname = self.column(column).name
        sub = "".join(
            f"<li{' class=on' if k == column else ''}>"
            f'<a href="{self.dirs[k]}index.html">{self.column(k).name}'
            "</a></li>"
            for k in self.dirs
        )
        main = f"""<div class="zwgk-left"><ul class="sub-col">{sub}</ul></div>
<div class="zwgk-right"><div class="col-name">{colname}</div>
<ul class="list-box">
{lis}
</ul>
<div class="pagination" id="page_div">{pager}</div></div>"""
        html = self.shell(
            title=f"{colname}-{self.brand.site_name}",
            metas=c.list_metas(self.brand, colname),
            skin=skin,
            crumb_items=self._crumbs(column),
            main=main,
            url=self.url(req.target),
        )
        return Page(html, last_modified=self.list_modified(items), stable=False)

    def render_detail(self, req: Request, st: SiteState, item: Listed) -> Page:
        doc, skin = item.doc, item.skin
        url = self.url(item.path)
        column = item.placement.column
        prev, nxt = self.neighbours(st, item)
        main = f"""<div class="main_content">
<div class="main_title"><h1 id="j-show-title">{t(doc.title)}</h1></div>
<div class="main_info"><span>发布日期：{doc.published}</span><span>来源：{t(doc.info_source)}</span>
<span>{skin.views_label}<i id="j-view">{self.views(req, doc)}</i></span>
<span class="font">{skin.font_widget}</span>
<a href="javascript:;" class="listen">听全文</a></div>
<div class="main_body" id="j-show-body">
{c.body_html(doc, self.body_style)}
</div>
<div class="main_tools">{skin.print_close}</div>
{c.qr_block(skin, url)}{c.share_bar(skin)}
{c.prev_next(prev, nxt)}
</div>"""
        html = self.shell(
            title=f"{ta(doc.title)}-{self.brand.site_name}",
            metas=c.national_metas(self.brand, self.column(column).name, doc, url),
            skin=skin,
            crumb_items=[*self._crumbs(column), ("正文", "")],
            main=main,
            url=url,
        )
        # a hit counter in the bytes, so no ETag; Last-Modified is the article's, and honoured
        return Page(html, last_modified=item.modified, stable=False, etag=False)


# =========================================================================== Shaanxi


class ShaanxiSite(Site):
    """Shaanxi sites: 19-digit snowflake detail ids, ``index.html?page=N`` lists, no national metas."""

    family = "shaanxi"
    vendor = "陕西省政务云"
    server_header = "openresty"
    body_style = "span"
    national_metas = False
    column_dir = "/zfxxgk/fdzdgknr/zffz/"
    twepoch = 1288834974657

    def start_path(self) -> str:
        return self.column_dir + "index.html"

    def detail_path(self, pl: Placement) -> str:
        ms = int(c.doc_datetime(pl.doc).timestamp() * 1000) + self.uid(pl.path_key, 1000)
        snowflake = ((ms - self.twepoch) << 22) | self.uid(pl.path_key + "#w", 1 << 22)
        return f"{self.column_dir}{snowflake}.html"

    def _pages(self, st: SiteState) -> list[list[Listed]]:
        items = st.columns["main"]
        size = self.column("main").page_size
        return [items[i : i + size] for i in range(0, len(items), size)] or [[]]

    def list_paths(self, st: SiteState, column: str) -> list[str]:
        n = len(self._pages(st))
        return [self.start_path() + ("" if i == 1 else f"?page={i}") for i in range(1, n + 1)]

    def route(self, req: Request, st: SiteState) -> Page | None:
        if req.path in (self.column_dir, self.start_path()):
            try:
                page = max(1, int(req.query.get("page", "1")))
            except ValueError:
                page = 1
            return self.render_list(req, st, page)
        return None

    def render_list(self, req: Request, st: SiteState, page: int) -> Page | None:
        pages = self._pages(st)
        if page > len(pages):
            return self.soft_empty(req)
        items = pages[page - 1]
        n = len(pages)
        skin = c.SKINS["a"]
        rows = "\n".join(
            f'<li><a href="{i.path}" target="_blank">{t(i.doc.title)}</a><i>{i.doc.published}</i></li>'
            for i in items
        )
        nxt = (
            f'<a class="next" href="index.html?page={page + 1}">下一页</a>'
            if page < n
            else "<span>下一页</span>"
        )
        prv = (
            f'<a class="prev" href="index.html{"" if page == 2 else f"?page={page - 1}"}">上一页</a>'
            if page > 1
            else "<span>上一页</span>"
        )
        main = f"""<div class="xxgk-con"><div class="xxgk-tit">{self.column("main").name}</div>
<ul class="xxgk-list">
{rows}
</ul>
<div class="pagebar">{prv} <span class="cur">{page}</span>/<span>{n}</span> {nxt}</div></div>"""
        html = self.shell(
            title=f"{self.column('main').name}-{self.brand.site_name}",
            metas="",
            skin=skin,
            crumb_items=[
                ("首页", "/"),
                ("政府信息公开", "/zfxxgk/index.html"),
                (self.column("main").name, ""),
            ],
            main=main,
            url=self.url(req.target),
        )
        return Page(html, last_modified=self.list_modified(items))

    def soft_empty(self, req: Request) -> Page:
        html = self.shell(
            title=self.brand.site_name,
            metas="",
            skin=c.SKINS["a"],
            crumb_items=[("首页", "/")],
            main='<div class="xxgk-con"><ul class="xxgk-list"></ul><p>暂无信息</p></div>',
            url=self.url(req.target),
        )
        return Page(html, last_modified=EPOCH_PAGE)

    def chrome_paths(self) -> dict[str, str]:
        out = super().chrome_paths()
        out["/zfxxgk/index.html"] = "政府信息公开"
        return out

    def render_detail(self, req: Request, st: SiteState, item: Listed) -> Page:
        doc, skin = item.doc, item.skin
        url = self.url(item.path)
        prev, nxt = self.neighbours(st, item)
        f = doc.fields
        meta_tbl = ""
        if f:
            meta_tbl = (
                f'<div class="zwgk-meta"><p><b>索引号：</b>{esc(f.get("索引号", ""))}</p>'
                f"<p><b>发文机关：</b>{esc(f.get('发布机构', ''))}</p>"
                f"<p><b>主题分类：</b>{esc(f.get('主题分类', ''))}</p>"
                f"<p><b>成文日期：</b>{esc(f.get('成文日期', ''))}</p>"
                f"<p><b>发布日期：</b>{doc.published}</p></div>"
            )
        main = f"""<div class="article-wrap">
{meta_tbl}
<div class="article-title"><h1>{t(doc.title)}</h1></div>
<div class="article-sub"><span>时间：{doc.pub_datetime}</span><span>来源：{t(doc.info_source)}</span>
<span>{skin.font_widget}</span></div>
<div class="article-body" id="article-body">
{c.body_html(doc, self.body_style)}
</div>
{c.qr_block(skin, url)}
<div class="article-tools">{skin.print_close}{c.share_bar(skin)}</div>
{c.prev_next(prev, nxt)}
</div>"""
        html = self.shell(
            title=f"{ta(doc.title)}-{self.brand.site_name}",
            metas="",
            skin=skin,
            crumb_items=[
                ("首页", "/"),
                ("政府信息公开", "/zfxxgk/index.html"),
                (self.column("main").name, self.start_path()),
            ],
            main=main,
            url=url,
        )
        return Page(html, last_modified=item.modified)

    def gone_page(self, req: Request, status: int) -> Page:
        html = (
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            f"<title>{esc(self.brand.site_name)}</title></head>"
            '<body><div class="gone"><h2>410</h2><p>该信息已撤销！</p>'
            '<a href="/">返回首页</a></div></body></html>'
        )
        return Page(html, status=status, conditional=False)


# =========================================================================== Ucap (开普云)


class UcapSite(Site):
    """开普云/Ucap: body in ``<ucapcontent>`` inside ``#UCAP-CONTENT``, with a hidden print copy."""

    family = "ucap"
    vendor = "开普云信息科技股份有限公司"
    server_header = "nginx/1.18.0"
    body_style = "indent"
    column_dir = "/govxxgk/fzzfjsndbg/"

    def start_path(self) -> str:
        return self.column_dir + "index.shtml"

    def detail_path(self, pl: Placement) -> str:
        y, m, d = pl.doc.published.split("-")
        digest = hashlib.md5(f"{self.source_id}:{pl.path_key}".encode()).hexdigest()
        return f"{self.column_dir}{y}-{m}/{d}/content_{digest}.shtml"

    def _pages(self, st: SiteState) -> list[list[Listed]]:
        items = st.columns["main"]
        size = self.column("main").page_size
        return [items[i : i + size] for i in range(0, len(items), size)] or [[]]

    def list_paths(self, st: SiteState, column: str) -> list[str]:
        n = len(self._pages(st))
        return [self.column_dir + ("index.shtml" if i == 0 else f"index_{i}.shtml") for i in range(n)]

    def route(self, req: Request, st: SiteState) -> Page | None:
        if req.path in (self.column_dir, self.start_path()):
            return self.render_list(req, st, 0)
        m = re.fullmatch(re.escape(self.column_dir) + r"index_(\d+)\.shtml", req.path)
        if m:
            return self.render_list(req, st, int(m.group(1)))
        return None

    def render_list(self, req: Request, st: SiteState, page: int) -> Page | None:
        pages = self._pages(st)
        if page >= len(pages):
            return None
        items = pages[page]
        n = len(pages)
        skin = c.SKINS["a"]
        rows = "\n".join(
            f'<tr><td class="title"><a href="{i.path[len(self.column_dir) :]}" target="_blank" '
            f'title="{ta(i.doc.title)}">{t(i.doc.title)}</a></td><td class="date">{i.doc.published}</td></tr>'
            for i in items
        )

        def link(p: int) -> str:
            return "index.shtml" if p == 0 else f"index_{p}.shtml"

        pager = " ".join(f'<a href="{link(p)}">{p + 1}</a>' for p in range(n))
        if page + 1 < n:
            pager += f' <a href="{link(page + 1)}" class="next">下一页</a>'
        main = f"""<div class="ucap-list"><h3>{self.column("main").name}</h3>
<table class="list-table" width="100%">
{rows}
</table>
<div class="ucap-page">{pager}</div></div>"""
        html = self.shell(
            title=f"{self.column('main').name}_{self.brand.site_name}",
            metas=c.list_metas(self.brand, self.column("main").name),
            skin=skin,
            crumb_items=[
                ("首页", "/"),
                ("政府信息公开", "/govxxgk/index.shtml"),
                (self.column("main").name, ""),
            ],
            main=main,
            url=self.url(req.target),
        )
        return Page(html, last_modified=self.list_modified(items))

    def chrome_paths(self) -> dict[str, str]:
        out = super().chrome_paths()
        out["/govxxgk/index.shtml"] = "政府信息公开"
        return out

    def render_detail(self, req: Request, st: SiteState, item: Listed) -> Page:
        doc, skin = item.doc, item.skin
        url = self.url(item.path)
        prev, nxt = self.neighbours(st, item)
        table = c.fields_table_zwxl(doc) if doc.fields else ""
        body = c.body_html(doc, self.body_style)
        main = f"""<div class="detail">
{table}
<div class="detail-hd"><h2 class="title">{t(doc.title)}</h2>
<div class="info"><span>日期：{doc.published}</span><span>来源：{t(doc.info_source)}</span>
{c.tool_bar(skin, '<span id="ucap-hits"></span>')}</div></div>
<div id="zoom"><div id="font"><div id="UCAP-CONTENT"><ucapcontent>
{body}
</ucapcontent></div></div></div>
<div id="printContent" style="display:none"><h2>{t(doc.title)}</h2>
{body}
</div>
<div class="detail-ft">{c.qr_block(skin, url)}{c.share_bar(skin)}</div>
{c.prev_next(prev, nxt)}
</div>"""
        html = self.shell(
            title=f"{ta(doc.title)}_{self.brand.site_name}",
            metas=c.national_metas(self.brand, self.column("main").name, doc, url),
            skin=skin,
            crumb_items=[
                ("首页", "/"),
                ("政府信息公开", "/govxxgk/index.shtml"),
                (self.column("main").name, self.start_path()),
                ("正文", ""),
            ],
            main=main,
            url=url,
        )
        return Page(html, last_modified=item.modified)


FAMILY_CLASSES: dict[str, type[Site]] = {
    cls.family: cls
    for cls in (TrsSite, LegacyGbkSite, HanwebSite, GkmlptSite, HuaianSite, HunanSite, ShaanxiSite, UcapSite)
}


def make_site(spec: SourceSpec) -> Site:
    return FAMILY_CLASSES[spec.family](spec)


__all__ = ["FAMILY_CLASSES", "Site", "make_site"]
