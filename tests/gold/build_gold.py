# ruff: noqa: E501  (HTML template literals read better unwrapped)
"""Build the extraction gold set under tests/gold/ (static files, committed).

    python tests/gold/build_gold.py [--realpages DIR]

* ``real/``: copies of the real pages (``*.html`` + ``*.expect.json``: title, date, must_contain,
  must_not_contain) from ``shared/realpages`` (kept byte-for-byte; page 11 is GB2312).
* ``synth/``: the five hand-cleaned corpus texts (src/govwatch/demo/corpus/*.json) rendered into the
  templates of several CMS families.  Each page ``<corpus>__<template>.html`` has a
  ``<corpus>__<template>.gold.json`` whose paragraphs come from the corpus JSON (never from extractor
  output), plus the title, published date, publisher, disclosure fields and report year that the page
  shows.

The templates imitate real families (field guide): TRS WCM with the Chongqing ``zwxl-table``; Hanweb with
``#zoom`` and ZJEG_RSS markers and chrome between them; 开普云/Ucap ``<ucapcontent>``; Guangdong
gkmlpt (``<title>`` is the column name, disclosure table above an unknown container); a legacy GBK
table-layout site with ``<br>``-separated lines and a 今天是 widget; an unseen custom template; hidden
print and mobile copies; chrome inside the body container; the disclosure table inside the container;
a page whose only date is the signature.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPUS = REPO / "src" / "govwatch" / "demo" / "corpus"
DEFAULT_REAL = REPO.parent / "shared" / "realpages"


@dataclass
class Doc:
    id: str
    title: str
    published: str
    publisher: str
    place: str
    paragraphs: list[str]
    fields: dict[str, str]
    report_year: int | None

    @property
    def ymd(self) -> tuple[str, str, str]:
        y, m, d = self.published.split("-")
        return y, m, d

    @property
    def cn_date(self) -> str:
        y, m, d = self.ymd
        return f"{y}年{m}月{d}日"


def load_corpus() -> list[Doc]:
    docs = []
    for f in sorted(CORPUS.glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        docs.append(Doc(d["id"], d["title"], d["published"], d["publisher"], d["place"], d["paragraphs"],
                        dict(d.get("fields") or {}), d.get("report_year")))
    return docs


def e(s: str) -> str:
    return html.escape(s, quote=True)


def table_fields(doc: Doc, n: int) -> dict[str, str]:
    """Fields shown by a disclosure table: the corpus's own when it has them, else plausible ones."""
    if doc.fields:
        return dict(doc.fields)
    return {
        "索引号": f"11{n:02d}0000MB15364{n:02d}X/{doc.ymd[0]}-{n:05d}",
        "发布机构": doc.publisher,
        "成文日期": doc.published,
        "主题分类": "法治政府建设",
    }


# ---------------------------------------------------------------- shared chrome

def nav_menu(site: str, n: int = 40) -> str:
    cols = ["首页", "政务公开", "政府信息公开", "政务服务", "互动交流", "走进" + site[-3:], "专题专栏", "数据发布",
            "政策文件", "规划计划", "人事信息", "财政预决算", "重点领域", "建议提案办理", "法治政府建设"]
    items = "".join(f'<li><a href="/col/col{1000 + i}/index.html">{cols[i % len(cols)]}</a></li>' for i in range(n))
    return f'<ul class="menu">{items}</ul>'


def news_list(prefix: str, n: int = 10, dated: bool = True) -> str:
    titles = ["关于开展2024年度安全生产大检查的通知", "区政府召开第45次常务会议", "关于公布第一批行政执法主体名单的公告",
              "全区优化营商环境推进会召开", "关于印发《政务公开工作要点》的通知", "区领导调研重点项目建设",
              "关于2023年度政府信息公开工作年度报告", "防汛抗旱指挥部召开专题会议", "关于征求意见的公告",
              "全区法治政府建设示范创建推进会召开", "区政府与高校签订战略合作协议", "关于调整部分行政权力事项的通知"]
    out = []
    for i in range(n):
        d = f'<span class="date">2024-0{1 + i % 9}-{10 + i:02d}</span>' if dated else ""
        out.append(f'<li><a href="/{prefix}/2024/t2024{i:04d}_{900 + i}.html">{titles[i % len(titles)]}</a>{d}</li>')
    return "<ul>" + "".join(out) + "</ul>"


def footer(site: str, icp: str = "渝ICP备05003300号") -> str:
    return (
        '<div class="footer"><div class="links"><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | '
        '<a href="/wzsm/">网站声明</a></div>'
        f"<p>主办单位：{site}办公室　承办单位：{site}大数据发展中心</p>"
        f"<p>版权所有：{site}　{icp}　渝公网安备 50011002500001号　网站标识码：5001100001</p>"
        "<p>地址：人民路1号　邮编：401420　值班电话：023-48662345</p>"
        "<p>技术支持：某某信息技术有限公司　本网站支持IPv6</p></div>"
    )


def head(title: str, metas: dict[str, str], charset: str = "utf-8", extra: str = "") -> str:
    m = "".join(f'<meta name="{k}" content="{e(v)}">' for k, v in metas.items())
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{charset}">'
            f'<meta http-equiv="X-UA-Compatible" content="IE=edge">{m}<title>{e(title)}</title>'
            '<link rel="stylesheet" href="/css/common.css"><script src="/js/jquery.min.js"></script>'
            f"<style>.hide{{display:none}} .mobile-only{{display:none}}</style>{extra}</head>")


def ps(doc: Doc, indent: bool = True, style: str = "text-indent:2em;") -> str:
    pad = "　　" if indent else ""
    return "".join(f'<p style="{style}">{pad}{e(p)}</p>' for p in doc.paragraphs)


def site_of(doc: Doc) -> str:
    return doc.place.split("市")[-1] if "市" in doc.place and not doc.place.endswith("市") else doc.place


def zwxl_table(f: dict[str, str], title: str) -> str:
    return (
        '<table class="zwxl-table"><tbody>'
        f'<tr><th>索引号：</th><td>{e(f.get("索引号", ""))}</td><th>发文字号：</th><td>{e(f.get("文号", ""))}</td></tr>'
        f'<tr><th>主题分类：</th><td>{e(f.get("主题分类", ""))}</td><th>发布机构：</th><td>{e(f.get("发布机构", ""))}</td></tr>'
        f'<tr><th>成文日期：</th><td>{e(f.get("成文日期", ""))}</td><th>标题：</th><td>{e(title)}</td></tr>'
        "</tbody></table>"
    )


# ---------------------------------------------------------------- templates

Template = Callable[[Doc, int], tuple[str, dict]]


def t_trs_zwxl(doc: Doc, n: int) -> tuple[str, dict]:
    """TRS WCM (Chongqing): zwxl-table above div.view.TRS_UEDITOR.trs_paper_default."""
    site = doc.place + "人民政府"
    f = table_fields(doc, n)
    page = head(f"{doc.title}_{site}", {
        "SiteName": site, "SiteDomain": "www.example.gov.cn", "SiteIDCode": "5001100001",
        "ColumnName": "法治政府建设年度报告", "ArticleTitle": doc.title, "PubDate": doc.published + " 10:08",
        "ContentSource": doc.publisher,
    }) + (
        f'<body><div class="top"><div class="topbar">无障碍 | 长者模式 | 简体|繁体</div>{nav_menu(site)}</div>'
        '<div class="crumb">您当前的位置：<a href="/">首页</a>&gt;<a href="/zwgk/">政务公开</a>&gt;'
        '<a href="/zwgk/ndbg/">法治政府建设年度报告</a></div>'
        f'<div class="zwxl-main">{zwxl_table(f, doc.title)}'
        f'<div class="zwxl-title"><p class="tit">{e(doc.title)}</p></div>'
        '<div class="zwxl-bar"><span>字号：<a>[ 大</a> <a>中</a> <a>小 ]</a></span>'
        '<span class="print"><a href="javascript:window.print()">打印本页</a></span>'
        '<span class="close"><a href="javascript:window.close()">关闭窗口</a></span></div>'
        f'<div class="zwxl-article"><div class="view TRS_UEDITOR trs_paper_default">{ps(doc)}</div></div>'
        '<div class="ewm">扫一扫在手机打开当前页</div></div>'
        f'<div class="side">{news_list("zwgk")}</div>{footer(site)}</body></html>'
    )
    return page, {"fields": f}


def t_hanweb(doc: Doc, n: int) -> tuple[str, dict]:
    """Hanweb jcms: #zoom with ZJEG_RSS markers; chrome inside #zoom outside the markers; Maketime meta."""
    site = doc.place + "人民政府"
    f = table_fields(doc, n)
    rows = "".join(
        f"<tr><td>{k}</td><td>{e(v)}</td></tr>" for k, v in
        [("索引号", f.get("索引号", "")), ("组配分类", f.get("主题分类", "")), ("发布机构", f.get("发布机构", "")),
         ("成文日期", f.get("成文日期", "")), ("文件编号", f.get("文号", "")), ("有效性", f.get("有效性", ""))]
    )
    page = head(doc.title, {
        "Maketime": "2019-03-22 12:28:37", "SiteName": site, "ColumnName": "其他主动公开内容",
        "ArticleTitle": doc.title, "contentSource": doc.publisher, "ContentStart": "", "ContentEnd": "",
    }) + (
        f'<body><div id="barrierfree_container"><div class="head">{nav_menu(site, 30)}</div>'
        f'<div class="wz-con"><table class="xxgk_table">{rows}</table>'
        f'<p class="con-title">{e(doc.title)}</p>'
        f'<div class="small-title">发布日期：{doc.published}　浏览次数：<span id="num">1024</span>　信息来源：{e(doc.publisher)}</div>'
        '<div class="main-txt" id="zoom">'
        '<div class="zoom-tools">字号：[ <a>大</a> <a>中</a> <a>小</a> ]</div>'
        f"<!--ZJEG_RSS.content.begin--><meta name=\"ContentStart\">{ps(doc)}<meta name=\"ContentEnd\">"
        "<!--ZJEG_RSS.content.end-->"
        '<div class="zoom-bottom"><span>打印本页</span> <span>关闭窗口</span></div>'
        "<p>分享到： 微信 微博 QQ空间</p></div></div>"
        f'<div class="footer"><table><tr><td>安全隐私丨版权保护丨联系我们丨网站地图</td></tr>'
        f"<tr><td>{site} 版权所有　浙ICP备05018911号</td></tr><tr><td>Produced By 大汉网络</td></tr></table></div>"
        "</div></body></html>"
    )
    return page, {"fields": f}


def t_ucap(doc: Doc, n: int) -> tuple[str, dict]:
    """开普云/Ucap: <ucapcontent> inside #zoom #font; dateline 发布时间; leave-site dialog."""
    site = doc.place + "人民政府"
    page = head(f"{doc.title}_{site}门户网站", {
        "SiteName": site + "门户网站", "ColumnName": "工作报告", "ArticleTitle": doc.title,
        "PubDate": doc.published + " 09:30", "ContentSource": doc.publisher,
    }) + (
        f'<body><div class="header"><div class="logo">{e(site)}</div>{nav_menu(site)}</div>'
        '<div class="position">您所在的位置：<a href="/">首页</a> &gt; <a>政务公开</a> &gt; <a>工作报告</a></div>'
        f'<div class="article"><h1 class="article-title">{e(doc.title)}</h1>'
        f'<div class="article-info"><span>发布时间：{doc.published} 09:30</span> <span>来源：{e(doc.publisher)}</span>'
        '<span>【字体：<a>大</a> <a>中</a> <a>小</a>】</span></div>'
        f'<div id="zoom"><div id="font"><ucapcontent>{ps(doc)}</ucapcontent></div></div>'
        '<div class="article-foot"><span>【我要纠错】</span><span>【打印】</span><span>【关闭】</span></div></div>'
        '<div class="leave-dialog" style="display:none"><p>温馨提示</p><p>您访问的链接即将离开“'
        f'{e(site)}”门户网站，是否继续？</p><p>继续访问 放弃</p></div>{footer(site)}</body></html>'
    )
    return page, {}


def t_gkmlpt(doc: Doc, n: int) -> tuple[str, dict]:
    """Guangdong gkmlpt: <title> is the column name; classify table; unknown body container."""
    site = doc.place + "人民政府"
    f = table_fields(doc, n)
    f["发布日期"] = doc.published
    page = head("法治政府建设年度报告", {}) + (
        f'<body><div class="gkmlpt-header">{e(site)}政府信息公开平台</div>'
        f'<div class="gkmlpt-left">{nav_menu(site, 25)}</div>'
        '<div class="gkmlpt-right"><div class="classify"><table>'
        f'<tr><td class="td-label">索引号：</td><td class="td-value">{e(f["索引号"])}</td>'
        f'<td class="td-label">分类：</td><td class="td-value">{e(f.get("主题分类", ""))}</td></tr>'
        f'<tr><td class="td-label">发布机构：</td><td class="td-value">{e(f["发布机构"])}</td>'
        f'<td class="td-label">成文日期：</td><td class="td-value">{e(f["成文日期"])}</td></tr>'
        f'<tr><td class="td-label">名称：</td><td colspan="3">{e(doc.title)}</td></tr>'
        f'<tr><td class="td-label">文号：</td><td class="td-value">{e(f.get("文号", ""))}</td>'
        f'<td class="td-label">发布日期：</td><td class="td-value">{e(doc.published)}</td></tr>'
        "</table></div>"
        f'<div class="content"><h1 class="title">{e(doc.title)}</h1>'
        f'<div class="article-content">{ps(doc)}</div></div>'
        '<div class="share-bar">分享到：<a>微信</a> <a>微博</a></div></div>'
        f"{footer(site, '粤ICP备05008888号')}</body></html>"
    )
    return page, {"fields": f}


def t_legacy_gbk(doc: Doc, n: int) -> tuple[str, dict]:
    """Legacy GBK table layout: <br>-separated lines, 今天是 widget, no metas, <title> = site and column."""
    site = doc.place + "人民政府"
    lines = "<br>\n".join("　　" + e(p) for p in doc.paragraphs)
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"<title>{e(site)}--工作报告</title></head>"
        '<body leftmargin="0" topmargin="0"><table width="980" align="center"><tr>'
        f'<td class="top">今天是：2019年10月31日 星期三 农历己亥年十月初四 | <a href="/">设为首页</a> | <a>加入收藏</a></td></tr>'
        f'<tr><td class="nav">{nav_menu(site, 20)}</td></tr></table>'
        '<table width="980" align="center"><tr><td width="240" valign="top" class="left">'
        f"<b>最新信息</b>{news_list('news', 8)}</td>"
        '<td width="740" valign="top"><table width="100%">'
        '<tr><td>当前位置：首页 &gt;&gt; 政务公开 &gt;&gt; 工作报告</td></tr>'
        f'<tr><td align="center" class="biaoti"><font size="4"><b>{e(doc.title)}</b></font></td></tr>'
        f'<tr><td align="center">日期：{doc.published}　来源：{e(doc.publisher)}　点击数：356</td></tr>'
        f'<tr><td class="zw"><font style="font-size:14px">{lines}</font></td></tr>'
        '<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>'
        "</table></td></tr></table>"
        f'<table width="980" align="center"><tr><td class="foot">{e(site)} 版权所有 建议使用1024*768分辨率浏览<br>'
        "ICP备案：宁ICP备05001234号</td></tr></table></body></html>"
    )
    return page, {"encoding": "gb18030"}


def t_custom(doc: Doc, n: int) -> tuple[str, dict]:
    """An unseen template: meaningless class names, no known container, heavy navigation."""
    site = doc.place + "政府网"
    page = head(f"{doc.title} - {site}", {"Keywords": "法治政府"}) + (
        f'<body><div class="q1"><div class="q1a">{e(site)}</div><div class="q1b">{nav_menu(site, 50)}</div></div>'
        '<div class="q2"><div class="q2l">'
        f'<div class="k9"><h2>{e(doc.title)}</h2>'
        f'<div class="k9m">时间：{doc.published} 10:08　来源：{e(doc.publisher)}　作者：　字号：[ ]</div></div>'
        f'<div class="x-7f">{ps(doc, style="")}</div>'
        '<div class="k9s">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>'
        f'<div class="k9p"><p>上一篇：<a href="/a/1.html">关于2022年度法治政府建设情况的报告</a></p>'
        '<p>下一篇：<a href="/a/3.html">没有了</a></p></div></div>'
        f'<div class="q2r"><h3>热点信息</h3>{news_list("rd", 12)}<h3>专题专栏</h3>{news_list("zt", 6, False)}</div></div>'
        f"{footer(site, '苏ICP备12345678号')}</body></html>"
    )
    return page, {}


def t_print_copies(doc: Doc, n: int) -> tuple[str, dict]:
    """TRS_Editor body plus a hidden print copy and a hidden mobile copy of the same text."""
    site = doc.place + "人民政府"
    page = head(f"{doc.title}-{site}", {
        "SiteName": site, "ArticleTitle": doc.title, "PubDate": doc.published, "ContentSource": doc.publisher,
    }) + (
        f'<body>{nav_menu(site)}<div class="detail"><h2 class="detail-title">{e(doc.title)}</h2>'
        f'<div class="detail-info">发布日期：{doc.published}</div>'
        f'<div class="TRS_Editor">{ps(doc)}</div></div>'
        f'<div id="printArea" style="display: none"><h2>{e(doc.title)}</h2>{ps(doc)}</div>'
        f'<div class="mobile-copy hide">{ps(doc, indent=False)}</div>'
        f'<div class="mobile-only" hidden><p>{e(doc.paragraphs[0])}</p></div>{footer(site)}</body></html>'
    )
    return page, {}


def t_chrome_inside(doc: Doc, n: int) -> tuple[str, dict]:
    """Chrome inside the body container: breadcrumb, dateline, widgets, QR prompt, prev/next, editor."""
    site = doc.place + "人民政府"
    page = head(f"{doc.title}_{site}", {
        "SiteName": site, "ArticleTitle": doc.title, "PubDate": doc.published + " 15:00",
    }) + (
        f'<body>{nav_menu(site)}<div class="wrap"><div class="article-content">'
        '<p>当前位置：首页 &gt; 政务公开 &gt; 正文</p>'
        f"<p>发布时间：{doc.published} 15:00 来源：{e(doc.publisher)} 浏览次数：2345</p>"
        "<p>字号：[ 大 中 小 ] 打印本页 关闭窗口</p>"
        "<p>分享到 微信 微博 QQ空间</p>"
        f"{ps(doc)}"
        "<p>扫一扫在手机上查看当前页面</p>"
        f"<p>（责任编辑：张三）</p><p>上一篇：{e('关于印发《2024年法治政府建设工作要点》的通知')}</p>"
        "<p>下一篇：没有了</p><p>相关链接</p><p>返回顶部</p><p>收藏</p><p>我要纠错</p>"
        f"</div></div>{footer(site)}</body></html>"
    )
    return page, {}


def t_table_inside(doc: Doc, n: int) -> tuple[str, dict]:
    """Disclosure table inside the #zoom container; 今天是 widget in the header; no metas."""
    site = doc.place + "人民政府"
    f = table_fields(doc, n)
    f["发布日期"] = doc.published
    rows = (
        f'<tr><td>索 引 号：</td><td>{e(f["索引号"])}</td><td>主题分类：</td><td>{e(f.get("主题分类", ""))}</td></tr>'
        f'<tr><td>发文机关：</td><td>{e(f["发布机构"])}</td><td>成文日期：</td><td>{e(f["成文日期"])}</td></tr>'
        f'<tr><td>标　　题：</td><td colspan="3">{e(doc.title)}</td></tr>'
        f'<tr><td>发文字号：</td><td>{e(f.get("文号", ""))}</td><td>发布日期：</td><td>{e(doc.published)}</td></tr>'
    )
    page = head(f"{doc.title}", {}) + (
        f'<body><div class="topbar"><span>今天是：2019年10月31日 星期三</span> <span>无障碍</span> <span>关怀版</span></div>'
        f"{nav_menu(site)}"
        f'<div class="xxgk-detail"><div id="zoom"><table class="xxgk-table">{rows}</table>'
        f'<div class="xxgk-title">{e(doc.title)}</div>'
        f'<div class="xxgk-body">{ps(doc)}</div>'
        '<div class="xxgk-tools"><p>扫一扫在手机打开当前页</p><p>pdf下载 word下载</p></div></div></div>'
        f"{footer(site)}</body></html>"
    )
    return page, {"fields": f}


def t_signature_only(doc: Doc, n: int) -> tuple[str, dict]:
    """No metas, no dateline, a stale 今天是 widget: the date is the text's signature date."""
    site = doc.place + "人民政府"
    page = head(f"{doc.title}_{site}", {}) + (
        f'<body><div class="today">今天是2024年11月28日 星期四</div>{nav_menu(site)}'
        f'<div class="main"><h1>{e(doc.title)}</h1>'
        f'<div class="TRS_Editor">{ps(doc)}</div></div>{footer(site)}</body></html>'
    )
    return page, {}


def word_ps(doc: Doc) -> str:
    """Paragraphs as pasted from Word: MsoNormal, nested spans split mid-sentence, conditional comments."""
    out = []
    for i, p in enumerate(doc.paragraphs):
        cut = max(1, len(p) // 3)
        lst = "<!--[if !supportLists]--><span style='mso-list:Ignore'></span><!--[endif]-->" if i % 4 == 1 else ""
        out.append(
            f"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'>{lst}"
            f"<span style='font-size:16.0pt;font-family:仿宋_GB2312'>{e(p[:cut])}</span>"
            f"<span lang=EN-US style='font-size:16.0pt'><font face='仿宋'>{e(p[cut:])}</font></span>"
            "<span lang=EN-US><o:p></o:p></span></p>"
        )
    return "".join(out)


def t_word_paste(doc: Doc, n: int) -> tuple[str, dict]:
    """TRS_Editor holding Word-pasted HTML; attachment and image links right after the body."""
    site = doc.place + "人民政府"
    page = head(f"{doc.title}_{site}", {
        "SiteName": site, "ArticleTitle": doc.title, "PubDate": doc.published + " 16:20",
        "ContentSource": doc.publisher,
    }) + (
        f'<body>{nav_menu(site)}<div class="detail"><h1>{e(doc.title)}</h1>'
        f'<div class="TRS_Editor"><div class="Section0" style="layout-grid:15.6pt">{word_ps(doc)}</div></div>'
        f'<div class="fujian"><span>附件：</span><a href="./P020{n:04d}.pdf">{e(doc.title)}.pdf</a></div>'
        f"</div>{footer(site)}</body></html>"
    )
    return page, {}


def t_split_body(doc: Doc, n: int) -> tuple[str, dict]:
    """An unknown template whose body is split over two sibling blocks (a pager-less continuation)."""
    site = doc.place + "人民政府"
    k = max(1, len(doc.paragraphs) // 3)
    page = head(f"{doc.title}|{site}", {}) + (
        f'<body><div class="hd">{nav_menu(site, 45)}</div><div class="bd"><div class="l">{news_list("l", 8)}</div>'
        f'<div class="r"><div class="tt">{e(doc.title)}</div>'
        f'<div class="meta">发布时间：{doc.published}　信息来源：{e(doc.publisher)}　浏览次数：87</div>'
        f'<div class="c1">{ps(doc.__class__(**{**doc.__dict__, "paragraphs": doc.paragraphs[:k]}))}</div>'
        f'<div class="c2">{ps(doc.__class__(**{**doc.__dict__, "paragraphs": doc.paragraphs[k:]}))}</div>'
        "</div></div>"
        f"{footer(site, '鄂ICP备05000001号')}</body></html>"
    )
    return page, {}


def t_related_inside(doc: Doc, n: int) -> tuple[str, dict]:
    """A generic article container that also holds a related-articles list and a comment box."""
    site = doc.place + "人民政府"
    page = head(f"{doc.title}_{site}", {"ArticleTitle": doc.title, "PubDate": doc.published}) + (
        f'<body>{nav_menu(site)}<div class="article-box">'
        f'<h1 class="art-title">{e(doc.title)}</h1>{ps(doc)}'
        f'<div class="related"><h4>相关链接</h4>{news_list("xg", 5, False)}</div>'
        '<div class="comment"><p>我要评论</p><p>请文明发言，理性表达。</p></div></div>'
        f"{footer(site)}</body></html>"
    )
    return page, {"publisher": None}  # the page does not say who published it


def t_generated_pubdate(doc: Doc, n: int) -> tuple[str, dict]:
    """A static-page CMS whose ``PubDate`` meta is the time the page was generated (shown again in the
    footer as 页面生成时间), a year after the 发布时间 printed next to the title."""
    site = doc.place + "人民政府"
    y, m, d = doc.ymd
    generated = f"{int(y) + 1}-{m}-{d} 09:12:33"
    page = head(f"{doc.title}_{site}", {
        "SiteName": site, "ArticleTitle": doc.title, "PubDate": generated, "ContentSource": doc.publisher,
    }) + (
        f'<body>{nav_menu(site)}<div class="article"><h1 class="article-title">{e(doc.title)}</h1>'
        f'<div class="article-info"><span>发布时间：{doc.published} 08:30</span>'
        f'<span>来源：{e(doc.publisher)}</span><span>浏览次数：<em id="hits">312</em></span></div>'
        f'<div class="article-body">{ps(doc)}</div></div>'
        f'{footer(site)}<div class="gen-time">页面生成时间：{generated}</div></body></html>'
    )
    return page, {}


def summary_rows(doc: Doc) -> list[tuple[str, str]]:
    """A procurement-style summary table with dates of its own, all different from the publication date."""
    y = int(doc.ymd[0])
    return [
        ("本项目名称", f"{doc.place}法治政府建设第三方评估服务"),
        ("本项目编号", f"ZFCG-{y - 1}-0{doc.ymd[1]}17"),
        ("招标公告日期", f"{y - 1}年11月20日"),
        ("成交日期", f"{y - 1}年12月15日"),
        ("本项目评估完成日期", f"{y}年1月10日"),
    ]


def t_summary_table(doc: Doc, n: int) -> tuple[str, dict]:
    """An unseen template, no metas: the date printed without a label next to the title, and a summary
    table at the top of the body whose labelled rows carry dates of their own (招标公告日期, 成交日期,
    本项目…日期); a dated news list beside the article."""
    site = doc.place + "人民政府"
    rows = "".join(f"<tr><td>{e(k)}：</td><td>{e(v)}</td></tr>" for k, v in summary_rows(doc))
    page = head(f"{doc.title}_{site}", {}) + (
        f'<body>{nav_menu(site)}<div class="wrap"><div class="lm">{news_list("lm", 8)}</div>'
        f'<div class="nr"><div class="nr-tt">{e(doc.title)}</div>'
        f'<div class="nr-xx"><span>{doc.published}</span>　<span>信息来源：{e(doc.publisher)}</span></div>'
        f'<div class="nr-wz"><table class="summary" border="1">{rows}</table>{ps(doc)}</div></div></div>'
        f"{footer(site)}</body></html>"
    )
    return page, {"paragraphs": [f"{k}：{v}" for k, v in summary_rows(doc)] + doc.paragraphs}


TEMPLATES: dict[str, Template] = {
    "trs_zwxl": t_trs_zwxl,
    "hanweb": t_hanweb,
    "ucap": t_ucap,
    "gkmlpt": t_gkmlpt,
    "legacy_gbk": t_legacy_gbk,
    "custom": t_custom,
    "print_copies": t_print_copies,
    "chrome_inside": t_chrome_inside,
    "table_inside": t_table_inside,
    "word_paste": t_word_paste,
    "split_body": t_split_body,
    "related_inside": t_related_inside,
    "generated_pubdate": t_generated_pubdate,
    "summary_table": t_summary_table,
}


def signature_ok(doc: Doc) -> bool:
    return bool(doc.paragraphs) and doc.paragraphs[-1].replace(" ", "") == doc.cn_date.replace("年0", "年").replace(
        "月0", "月")


def build(out: Path, realpages: Path | None) -> int:
    count = 0
    real_out = out / "real"
    synth_out = out / "synth"
    if realpages is not None and realpages.is_dir():
        real_out.mkdir(parents=True, exist_ok=True)
        for f in sorted(realpages.glob("*.html")):
            shutil.copyfile(f, real_out / f.name)
            exp = f.with_suffix(".expect.json")
            if exp.exists():
                shutil.copyfile(exp, real_out / exp.name)
            count += 1
    synth_out.mkdir(parents=True, exist_ok=True)
    for old in synth_out.glob("*"):
        old.unlink()
    docs = load_corpus()
    for i, doc in enumerate(docs):
        jobs = list(TEMPLATES.items())
        if signature_ok(doc):
            jobs.append(("signature_only", t_signature_only))
        for j, (name, tpl) in enumerate(jobs):
            page, extra = tpl(doc, i * 10 + j + 1)
            enc = extra.get("encoding", "utf-8")
            stem = f"{doc.id}__{name}"
            (synth_out / f"{stem}.html").write_bytes(page.encode(enc))
            gold = {
                "template": name,
                "corpus": doc.id,
                "encoding": enc,
                "title": doc.title,
                "published": doc.published,
                "publisher": extra.get("publisher", doc.publisher),
                "fields": extra.get("fields", {}),
                "report_year": doc.report_year,
                "paragraphs": extra.get("paragraphs", doc.paragraphs),
            }
            (synth_out / f"{stem}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                         "utf-8")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--realpages", type=Path, default=DEFAULT_REAL)
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    n = build(args.out, args.realpages)
    print(f"wrote {n} gold pages under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
