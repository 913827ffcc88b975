"""Page chrome shared by the simulated families: widgets, footers, metas, body markup.

The strings come from the field guide's chrome lexicon and from real pages; an extractor must
drop all of it. Two skins ("a" and "b") exist so that a page can be re-skinned without touching
its body text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal

from govwatch.demo.documents import Document, is_heading, stable_int

CHINA = timezone(timedelta(hours=8), "CST")
WEEKDAYS = "一二三四五六日"
STALE_TODAY = "今天是：2019年10月31日 星期三 农历十月初四"


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


_FW = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
_FW_RE = re.compile(r"[,:;()!?]")


def fullwidth(text: str) -> str:
    """Print NFKC corpus text the way Chinese pages do (full-width ，：；（）), keeping 1,000 and 10:30."""

    def repl(m: re.Match[str]) -> str:
        ch, i = m.group(0), m.start()
        if ch in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            return ch
        return _FW[ch]

    return _FW_RE.sub(repl, text)


def t(text: str) -> str:
    """Escape and full-width a text for an HTML text node."""
    return esc(fullwidth(text))


def ta(text: str) -> str:
    """Escape and full-width a text for an HTML attribute."""
    return attr(fullwidth(text))


def now_china() -> datetime:
    return datetime.now(CHINA)


def today_widget(now: datetime | None = None) -> str:
    d = now or now_china()
    return f"今天是：{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


def doc_datetime(doc: Document, iso: str | None = None) -> datetime:
    """The publication (or ``iso`` modification) moment of a document as an aware UTC datetime."""
    text = iso or doc.pub_datetime
    local = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=CHINA)
    return local.astimezone(UTC)


@dataclass(frozen=True)
class Skin:
    """Template variables that change when a page is re-skinned (never the body)."""

    name: str
    cls: str
    crumb_label: str
    crumb_sep: str
    qr_text: str
    font_widget: str
    print_close: str
    share_label: str
    views_label: str
    related_label: str
    top_links: tuple[str, ...]


SKINS: dict[str, Skin] = {
    "a": Skin(
        name="a",
        cls="gw",
        crumb_label="当前位置：",
        crumb_sep=" &gt; ",
        qr_text="扫一扫在手机打开当前页",
        font_widget='字号：[ <a href="javascript:doZoom(18)">大</a> '
        '<a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a> ]',
        print_close='<a href="javascript:window.print()">打印本页</a> '
        '<a href="javascript:window.close()">关闭窗口</a>',
        share_label="分享到：",
        views_label="浏览次数：",
        related_label="相关链接",
        top_links=("无障碍", "长者模式", "简体", "繁体", "English"),
    ),
    "b": Skin(
        name="b",
        cls="nx2024",
        crumb_label="您当前的位置：",
        crumb_sep=" &gt;&gt; ",
        qr_text="扫一扫在手机上查看当前页面",
        font_widget='字体:【<a href="javascript:;" class="fz-l">大</a> '
        '<a href="javascript:;" class="fz-m">中</a> <a href="javascript:;" class="fz-s">小</a>】',
        print_close='<a href="javascript:;" onclick="window.print()">【打印】</a> '
        '<a href="javascript:;" onclick="window.close()">【关闭】</a>',
        share_label="分享：",
        views_label="阅读量：",
        related_label="相关稿件",
        top_links=("关怀版", "视力保护色", "听全文", "简|繁", "智能问答"),
    ),
}


@dataclass(frozen=True)
class Branding:
    """Who runs a simulated site (footer, metas, dialogs)."""

    site_name: str  # 随州市曾都区人民政府门户网站
    short_name: str  # 曾都区人民政府
    domain: str  # www.zengdu.gov.cn (the real site's domain, used in metas only)
    idcode: str  # 网站标识码
    icp: str
    gongan: str
    sponsor: str
    phone: str
    address: str
    email: str
    province_portal: tuple[str, str]  # (name, url)


def national_metas(
    brand: Branding, column: str, doc: Document, url: str, *, with_keywords: bool = True
) -> str:
    """The 国办发〔2017〕47号 metas plus tracker metas."""
    desc = fullwidth(doc.paragraphs[0][:80]) if doc.paragraphs else ""
    lines = [
        f'<meta name="SiteName" content="{attr(brand.site_name)}">',
        f'<meta name="SiteDomain" content="{attr(brand.domain)}">',
        f'<meta name="SiteIDCode" content="{attr(brand.idcode)}">',
        f'<meta name="ColumnName" content="{attr(column)}">',
        '<meta name="ColumnType" content="法治政府建设年度报告">',
        f'<meta name="ArticleTitle" content="{ta(doc.title)}">',
        f'<meta name="PubDate" content="{doc.pub_datetime}">',
        f'<meta name="ContentSource" content="{ta(doc.info_source)}">',
    ]
    if with_keywords:
        lines += [
            '<meta name="Keywords" content="法治政府建设,年度报告,依法行政">',
            '<meta name="Author" content="">',
            f'<meta name="Description" content="{attr(desc)}">',
        ]
    lines += [
        f'<meta name="Url" content="{attr(url)}">',
        '<meta name="pagetype" content="1">',
        f'<meta name="contentid" content="{stable_int(doc.id, 10_000_000)}">',
        f'<meta name="publishdate" content="{doc.published}">',
    ]
    return "\n".join(lines)


def list_metas(brand: Branding, column: str) -> str:
    return "\n".join(
        [
            f'<meta name="SiteName" content="{attr(brand.site_name)}">',
            f'<meta name="SiteDomain" content="{attr(brand.domain)}">',
            f'<meta name="SiteIDCode" content="{attr(brand.idcode)}">',
            f'<meta name="ColumnName" content="{attr(column)}">',
            '<meta name="pagetype" content="2">',
        ]
    )


def leave_dialog(brand: Branding) -> str:
    return (
        '<div class="leave-mask" id="leaveTips" style="display:none">'
        '<div class="leave-box"><div class="leave-title">温馨提示</div>'
        f"<p>您访问的链接即将离开“{esc(brand.site_name)}”门户网站，是否继续？</p>"
        '<a href="javascript:;" class="leave-go" id="leaveGo">继续访问</a>'
        '<a href="javascript:;" class="leave-cancel" '
        "onclick=\"document.getElementById('leaveTips').style.display='none'\">放弃</a>"
        "</div></div>\n"
        "<script>$(function(){$('a[target=_blank]').each(function(){var h=this.href||'';"
        "if(h.indexOf(location.host)<0&&h.indexOf('http')==0){$(this).addClass('leave-link');}});});</script>"
    )


def qr_block(skin: Skin, url: str) -> str:
    return (
        f'<div class="{skin.cls}-qr"><div class="qr-img">'
        f'<img src="/images/qrcode/{stable_int(url, 99999)}.png" '
        f'alt="二维码" width="120" height="120"></div><p>{skin.qr_text}</p></div>'
    )


def share_bar(skin: Skin) -> str:
    return (
        f'<div class="{skin.cls}-share bdsharebuttonbox"><span>{skin.share_label}</span>'
        '<a href="javascript:;" class="bds_weixin" data-cmd="weixin" title="分享到微信">微信</a>'
        '<a href="javascript:;" class="bds_tsina" data-cmd="tsina" title="分享到新浪微博">微博</a>'
        '<a href="javascript:;" class="bds_qzone" data-cmd="qzone" title="分享到QQ空间">QQ空间</a></div>'
        "<script>$('#share-1').share({sites:['weixin','weibo','qzone']});</script>"
    )


def tool_bar(skin: Skin, views: str) -> str:
    """字号 / 打印 / 关闭 / 浏览次数; ``views`` is pre-rendered (a number or a JS placeholder)."""
    return (
        f'<div class="{skin.cls}-tools"><span class="font">{skin.font_widget}</span>'
        f'<span class="views">{skin.views_label}{views}</span>'
        f'<span class="pc">{skin.print_close}</span></div>'
    )


def js_views(doc: Document) -> str:
    """A hit counter drawn by JavaScript: keeps the bytes stable."""
    return (
        f'<span id="hits"></span><script src="/module/visitcount/articlehits.jsp?colid=0&artid='
        f'{stable_int(doc.id, 10_000_000)}" type="text/javascript"></script>'
    )


def top_bar(skin: Skin, today: str) -> str:
    links = " | ".join(f'<a href="javascript:void(0)">{x}</a>' for x in skin.top_links)
    return (
        f'<div class="{skin.cls}-topbar"><span class="today">{esc(today)}</span>'
        f'<span class="links">{links}</span></div>'
    )


def crumbs(skin: Skin, items: Sequence[tuple[str, str]]) -> str:
    parts = [f'<a href="{attr(href)}">{esc(label)}</a>' if href else esc(label) for label, href in items]
    return f'<div class="{skin.cls}-crumb">{skin.crumb_label}{skin.crumb_sep.join(parts)}</div>'


def nav_bar(skin: Skin, items: Sequence[tuple[str, str]]) -> str:
    lis = "".join(f'<li><a href="{attr(href)}">{esc(label)}</a></li>' for label, href in items)
    return f'<div class="{skin.cls}-nav"><ul>{lis}</ul></div>'


def footer(brand: Branding, skin: Skin, peers: Sequence[str], url: str, vendor: str = "") -> str:
    peer_links = "".join(
        f'<a href="{attr(p)}" target="_blank">兄弟网站{i + 1}</a> ' for i, p in enumerate(peers[:2])
    )
    prov_name, prov_url = brand.province_portal
    code = stable_int(brand.domain, 10**14)
    support = esc(vendor) if skin.name == "a" and vendor else "政务云运维中心"
    zipcode = stable_int(brand.address, 900000) + 100000
    jiucuo = (
        f"https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={attr(brand.idcode)}&amp;url={attr(url)}"
    )
    return f"""<div class="{skin.cls}-footer">
<div class="friend-links">政府网站：<a href="http://www.gov.cn/" target="_blank">中国政府网</a>
<a href="{attr(prov_url)}" target="_blank">{esc(prov_name)}</a> {peer_links}</div>
<p><a href="/wzdt/index.html">网站地图</a> | <a href="/lxwm/index.html">联系我们</a> |
<a href="/wzsm/index.html">网站声明</a> | <a href="mailto:{attr(brand.email)}">意见建议</a> |
<a href="javascript:void(0)" onclick="AddFavorite(window.location,document.title)">加入收藏</a></p>
<p>版权所有：{esc(brand.sponsor)}　主办单位：{esc(brand.sponsor)}　技术支持：{support}</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank">{esc(brand.icp)}</a>
<a href="https://www.beian.gov.cn/portal/registerSystemInfo?recordcode={code}" target="_blank">
<img src="/images/gaba.png" alt="">{esc(brand.gongan)}</a>　网站标识码：{esc(brand.idcode)}</p>
<p>地址：{esc(brand.address)}　邮编：{zipcode}　电话：{esc(brand.phone)}　本网站支持IPv6</p>
<div class="badges"><a href="http://bszs.conac.cn/sitename?method=show&amp;id={code % 10**8}" target="_blank">
<img src="/images/dzjg.png" alt="党政机关"></a>
<a href="{jiucuo}" target="_blank">
<img src="/images/jiucuo.png" alt="政府网站找错"></a></div>
</div>"""


def prev_next(prev: tuple[str, str] | None, nxt: tuple[str, str] | None) -> str:
    p = f'上一篇：<a href="{attr(prev[1])}">{t(prev[0])}</a>' if prev else "上一篇：没有了"
    n = f'下一篇：<a href="{attr(nxt[1])}">{t(nxt[0])}</a>' if nxt else "下一篇：没有了"
    return f'<div class="prev-next"><p>{p}</p><p>{n}</p></div>'


def related(skin: Skin, links: Sequence[tuple[str, str]]) -> str:
    lis = "".join(f'<li><a href="{attr(h)}" target="_blank">{t(x)}</a></li>' for x, h in links)
    return f'<div class="{skin.cls}-related"><h4>{skin.related_label}</h4><ul>{lis}</ul></div>'


BodyStyle = Literal["indent", "fullwidth", "br", "div", "span"]


def _signature_start(paragraphs: Sequence[str]) -> int:
    n = len(paragraphs)
    i = n
    while i > 0 and n - i < 2 and len(paragraphs[i - 1]) <= 20 and not paragraphs[i - 1].endswith("。"):
        i -= 1
    return i


def body_html(doc: Document, style: BodyStyle) -> str:
    """The document's paragraphs as page markup in one of several real-world styles."""
    paras = list(doc.paragraphs)
    sig = _signature_start(paras)
    out: list[str] = []
    for i, p in enumerate(paras):
        text = t(p)
        right = i >= sig
        head = is_heading(p) and p[0] in "一二三四五六七八九十"
        if style == "br":
            out.append(("　　" if not right else "") + text + "<br>\n<br>")
            continue
        if head:
            text = f"<strong>{text}</strong>"
        if style == "indent":
            st = "text-align: right;" if right else "text-indent: 2em; line-height: 2em;"
            out.append(f'<p style="{st}">{text}</p>')
            if head:
                out.append("<p>&nbsp;</p>")
        elif style == "fullwidth":
            out.append(f'<p align="right">{text}</p>' if right else f"<p>　　{text}</p>")
        elif style == "div":
            st = "text-align:right" if right else "text-indent:2em"
            out.append(f'<div style="{st}">{text}</div>')
        else:  # span: Word paste, text split over two spans
            raw = fullwidth(p)
            cut = len(raw) // 2 if len(raw) > 30 and not head else len(raw)
            a, b = esc(raw[:cut]), esc(raw[cut:])
            span = 'style="font-family: 仿宋_GB2312; font-size: 16pt;"'
            inner = f"<span {span}>{a}</span>" + (f"<span {span}>{b}</span>" if b else "")
            if head:
                inner = f"<b>{inner}</b>"
            align = "right" if right else "justify"
            out.append(
                f'<p class="MsoNormal" style="text-align: {align}; text-indent: 32pt;">{inner}<o:p></o:p></p>'
            )
    return "\n".join(out)


def fields_table_zwxl(doc: Document) -> str:
    """Chongqing-style table.zwxl-table above the body."""
    f = doc.fields
    return f"""<table class="zwxl-table" cellspacing="0" cellpadding="0">
<tr><td class="t1">索引号：</td><td class="t2">{esc(f.get("索引号", ""))}</td>
<td class="t1">发文字号：</td><td class="t2">{esc(f.get("文号", ""))}</td></tr>
<tr><td class="t1">主题分类：</td><td class="t2">{esc(f.get("主题分类", ""))}</td>
<td class="t1">发布机构：</td><td class="t2">{esc(f.get("发布机构", ""))}</td></tr>
<tr><td class="t1">成文日期：</td><td class="t2">{esc(f.get("成文日期", ""))}</td>
<td class="t1">发布日期：</td><td class="t2">{doc.published}</td></tr>
<tr><td class="t1">标　　题：</td><td class="t2" colspan="3">{t(doc.title)}</td></tr>
</table>"""


TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
