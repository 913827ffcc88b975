"""Blocked, not stored: recognise bot walls, WAF block pages and soft-404s.

Government sites often answer a crawler with something that is not the page: a 瑞数 (Ruishu) or
加速乐 (JSL) JavaScript challenge, a WAF block page, a "please enable JavaScript" wall, or a
200 OK that only says 页面不存在 (a soft 404). Storing such an answer as a new version of a report
would be wrong, so the crawler asks :func:`classify_response` first. It returns ``None`` for a
normal page, or a :class:`Verdict`: ``kind`` is ``"blocked"`` (do not store, keep the old version,
report the wall) or ``"not_found"`` (the page says it does not exist), ``reason`` says why in a
sentence, and ``vendor`` names the product when it is known.

The recognisers are data: :data:`RULES` is a tuple of :class:`Rule` entries, tried in order, each
with a name, a short description and a matcher. Every rule that looks at page *text* (block
phrases, 页面不存在 …) is guarded by the amount of visible text, so a genuine long report that
mentions 安全防护 or has a "页面不存在？请反馈" link in its footer is never flagged. Plain HTTP
errors without a recognisable wall (404, 410, 500 …) are left to the caller (``Response.ok``).

>>> ruishu = b"<html><head><meta content='x' r='m'><script r='m'>$_ts=window['$_ts'];$_ts.nsd=1;</script>"
>>> classify_response(412, {}, ruishu, None)
Verdict(kind='blocked', reason='瑞数 (Ruishu) challenge: HTTP 412 ...', vendor='ruishu')
>>> page = "<html><head><title>页面不存在</title></head><body><h2>抱歉，您访问的页面不存在</h2></body></html>"
>>> classify_response(200, {}, page.encode(), None).kind
'not_found'
>>> report = "<html><head><title>2023年度法治政府建设情况报告</title></head><body><p>正文</p></body></html>"
>>> classify_response(200, {}, report.encode(), None) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from selectolax.lexbor import LexborHTMLParser

Kind = Literal["blocked", "not_found"]

#: A challenge page carries (almost) no readable text: at most this many visible characters.
TINY = 200
#: A block page or a bare 404 page is short: at most this many visible characters.
SHORT = 600
#: A page whose *title or heading* says "blocked"/"not found" may still keep the site's chrome
#: (navigation, footer): at most this many visible characters. Reports are longer.
CHROME_ONLY = 4000
#: A text run this long (between tags) counts as prose, not as a link or a label.
PROSE_LINE = 50
#: A page with more prose than this is an article, whatever its title says.
MAX_PROSE = 400
#: Bodies larger than this are not parsed (no wall or 404 page is that big); markers are still checked.
MAX_PARSE = 3_000_000


@dataclass(frozen=True)
class Verdict:
    """Why a response is not a page to store."""

    kind: Kind
    reason: str
    vendor: str | None = None


class Signals:
    """What the rules look at, computed lazily from one response."""

    def __init__(self, status: int | None, headers: dict[str, str], body: bytes, text: str | None) -> None:
        self.status = status
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body
        self._text = text

    @cached_property
    def text(self) -> str:
        if self._text is not None:
            return self._text
        try:
            from govwatch.encoding import decode

            return decode(self.body, self.headers.get("content-type"))[0]
        except Exception:  # never fail on odd bytes
            return self.body.decode("utf-8", "replace")

    @cached_property
    def cookies(self) -> str:
        """The raw ``Set-Cookie`` header(s)."""
        return self.headers.get("set-cookie", "")

    @cached_property
    def _parsed(self) -> _Parsed:
        text = self.text
        if len(text) > MAX_PARSE:
            big = "x" * (CHROME_ONLY + 1)
            return _Parsed("", [], big, "", "<script" in text.lower(), len(big))
        try:
            tree = LexborHTMLParser(text)
            title_node = tree.css_first("title")
            title = _squash(title_node.text()) if title_node else ""
            has_script = tree.css_first("script") is not None
            noscript = " ".join(n.text(separator=" ") for n in tree.css("noscript"))
            for node in tree.css("script, style, noscript, template, title"):
                node.decompose()
            headings = [_squash(n.text(separator=" ")) for n in tree.css("h1, h2, h3")]
            root = tree.body or tree.root
            lines = root.text(separator="\n") if root is not None else ""
        except Exception:
            lines = re.sub(r"<[^>]*>", "\n", text)
            title, headings, noscript, has_script = "", [], "", "<script" in text.lower()
        prose = sum(n for line in lines.split("\n") if (n := len(line.strip())) >= PROSE_LINE)
        return _Parsed(title, headings, _squash(lines), _squash(noscript), has_script, prose)

    @property
    def title(self) -> str:
        return self._parsed.title

    @property
    def headings(self) -> list[str]:
        return self._parsed.headings

    @property
    def visible(self) -> str:
        """Text a reader sees (scripts, styles, noscript and the title removed), whitespace squashed."""
        return self._parsed.visible

    @property
    def noscript(self) -> str:
        return self._parsed.noscript

    @property
    def has_script(self) -> bool:
        return self._parsed.has_script

    @property
    def prose_len(self) -> int:
        """Characters in text runs of at least :data:`PROSE_LINE` characters: paragraphs, not links."""
        return self._parsed.prose

    @cached_property
    def visible_len(self) -> int:
        """Visible characters, whitespace not counted."""
        return len(re.sub(r"\s+", "", self.visible))

    @property
    def tiny(self) -> bool:
        return self.visible_len <= TINY

    @property
    def short(self) -> bool:
        return self.visible_len <= SHORT

    @property
    def chrome_only(self) -> bool:
        """Little more than a site template: navigation and footer, no article."""
        return self.visible_len <= CHROME_ONLY and self.prose_len <= MAX_PROSE


@dataclass(frozen=True)
class _Parsed:
    title: str
    headings: list[str]
    visible: str
    noscript: str
    has_script: bool
    prose: int


@dataclass(frozen=True)
class Rule:
    """One recogniser: ``match`` returns the reason when the response is this wall, else None."""

    name: str
    kind: Kind
    vendor: str | None
    description: str
    match: Callable[[Signals], str | None]


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


_SETS_COOKIE = re.compile(r"document\s*\.\s*cookie\s*=", re.I)
_RELOADS = re.compile(r"location(\s*\.\s*(href|replace|reload|assign))?\s*[=(]|location\.reload", re.I)

# --- 瑞数 (Ruishu / River Security) -------------------------------------------------------------
_TS_SCRIPT = re.compile(
    r"\$_ts\s*=\s*window\s*\[\s*['\"]\$_ts['\"]\s*\]|\$_ts\s*\.\s*(?:cd|nsd|lcd|scj|aebi)\b"
)
_R_M = re.compile(r"<(?:meta|script)\b[^>]*?\sr\s*=\s*['\"]?m['\"]?[\s/>]", re.I)


def _ruishu(s: Signals) -> str | None:
    ts = _TS_SCRIPT.search(s.text) is not None
    rm = _R_M.search(s.text) is not None
    marker = "$_ts script" if ts else "r='m' markers" if rm else None
    if s.status in (412, 202):
        if marker:
            return f"瑞数 (Ruishu) challenge: HTTP {s.status} with {marker}"
        if s.tiny and s.has_script and _SETS_COOKIE.search(s.text):
            return f"瑞数 (Ruishu) challenge: HTTP {s.status} with a cookie-setting script and no text"
        if s.status == 412 and s.tiny:
            return "瑞数 (Ruishu) challenge: HTTP 412 with no readable content"
        return None
    if s.tiny and (ts or (rm and (s.has_script or _SETS_COOKIE.search(s.text)))):
        return f"瑞数 (Ruishu) challenge: HTTP {s.status} page with {marker} and no text"
    return None


# --- 加速乐 (JSL, 知道创宇) --------------------------------------------------------------------------
_JSL = re.compile(r"__jsl_clearance(?:_s)?", re.I)


_SPELLED = re.compile(r"['\"]\s*\)?\s*\+\s*\(?\s*['\"]")  # ('_')+('_')+('j') … → __j…


def _jsl(s: Signals) -> str | None:
    in_body = _JSL.search(s.text) is not None
    if not in_body and s.tiny and "document.cookie" in s.text:
        in_body = _JSL.search(_SPELLED.sub("", s.text[:50_000])) is not None
    if in_body and s.tiny:
        return f"加速乐 (JSL) challenge: HTTP {s.status} with a __jsl_clearance cookie script"
    if s.status == 521 and s.tiny and ("__jsluid" in s.cookies or _SETS_COOKIE.search(s.text)):
        return "加速乐 (JSL) challenge: HTTP 521 with a cookie script"
    return None


# --- F5 BIG-IP ASM -----------------------------------------------------------------------------
_F5_COOKIE = re.compile(r"(?:^|[\s,;])TS(?:01)?[0-9a-f]{6,}(?:_\w+)?=", re.I)
_F5_TEXT = re.compile(r"The requested URL was rejected\. Please consult with your administrator", re.I)


_F5_JS = re.compile(r"/TSPD/|TSPD_101|window\[\s*[\"']bobcmn[\"']\s*\]")


def _f5(s: Signals) -> str | None:
    if s.tiny and _F5_JS.search(s.text):
        return f"F5 Bot Defense challenge: HTTP {s.status} serves only the TSPD JavaScript"
    if _F5_COOKIE.search(s.cookies) and s.tiny and s.has_script:
        return f"F5 challenge: HTTP {s.status} sets a TS01… cookie and serves only JavaScript"
    if s.short and _F5_TEXT.search(s.visible):
        return "F5 block page: 'The requested URL was rejected' (support ID)"
    return None


# --- 网站卫士 WZWS -------------------------------------------------------------------------------
_WZWS = re.compile(r"wzwschallenge|wzwstemplate|wzwsquestion|wzwsmethod|wzwsparams", re.I)


def _wzws(s: Signals) -> str | None:
    if s.tiny and (_WZWS.search(s.text) or ("wzws_cid" in s.cookies and s.has_script)):
        return f"网站卫士 (WZWS) JavaScript challenge: HTTP {s.status}"
    return None


# --- 云锁 Yunsuo -------------------------------------------------------------------------------------
_YUNSUO = re.compile(r"yunsuo_session_verify|security_verify_data|security_session_verify", re.I)


def _yunsuo(s: Signals) -> str | None:
    if s.tiny and (_YUNSUO.search(s.text) or ("yunsuo_session_verify" in s.cookies and s.has_script)):
        return f"云锁 (Yunsuo) JavaScript challenge: HTTP {s.status}"
    return None


# --- 阿里云盾 Aliyun WAF ------------------------------------------------------------------------------
_ALIYUN_JS = re.compile(r"acw_sc__v[23]|_waf_bd8ce2ce37|aliyun_waf_", re.I)
_ALIYUN_TEXT = re.compile(
    r"由于您访问的URL有可能对网站造成安全威胁|errors\.aliyun\.com|阿里云(?:盾|\s*Web应用防火墙)", re.I
)


def _aliyun(s: Signals) -> str | None:
    if s.tiny and _ALIYUN_JS.search(s.text):
        return f"阿里云盾 (Aliyun WAF) JavaScript/slider challenge: HTTP {s.status}"
    if s.short and _ALIYUN_TEXT.search(s.text):
        return f"阿里云盾 (Aliyun WAF) block page: HTTP {s.status}"
    return None


# --- Cloudflare ------------------------------------------------------------------------------------
_CF = re.compile(r"cf-browser-verification|/cdn-cgi/challenge-platform/|cf_chl_opt|cf-chl-", re.I)
_CF_TITLE = re.compile(r"^(?:Just a moment\.*|Attention Required! \| Cloudflare)$", re.I)


def _cloudflare(s: Signals) -> str | None:
    if s.short and (_CF.search(s.text) or _CF_TITLE.match(s.title)):
        return f"Cloudflare browser challenge: HTTP {s.status}"
    return None


# --- Chinese / generic WAF block pages ----------------------------------------------------------
# Phrases that only a block page says about the request being answered.
_BLOCK = re.compile(
    r"访问被拦截|(?:已|被)[^，。,.!！\s]{0,8}?拦截|拦截了您的|(?:访问|请求)(?:已)?被拒绝|拒绝访问|(?:请求|访问)(?:已)?被阻断|已被阻断|"
    r"被阻止访问|安全拦截|网站防火墙|Web\s*应用防火墙|"
    r"request (?:was |has been )?blocked|has been blocked|access denied|web application firewall|"
    r"your request (?:was|has been) (?:blocked|denied)",
    re.I,
)
# Phrases a genuine short page may also use: they count only on a non-2xx answer, in a title or
# heading, or next to a WAF product's name.
_BLOCK_WEAK = re.compile(
    r"安全防护|非法请求|非法访问|禁止访问|访问受限|访问受到限制|IP\s*(?:已被|被)?(?:封禁|封锁|限制访问)|"
    r"访问过于频繁|访问频率过[高快]",
    re.I,
)
_BLOCK_VENDORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"安全狗|safedog", re.I), "safedog"),
    (re.compile(r"云盾|阿里云|aliyun", re.I), "aliyun"),
    (re.compile(r"360\s*网站卫士|webscan\.360\.cn|360wzws", re.I), "360"),
    (re.compile(r"创宇盾|知道创宇|yunaq|365cyd", re.I), "knownsec"),
    (re.compile(r"腾讯云|T-Sec|tencent", re.I), "tencent"),
    (re.compile(r"华为云|huaweicloud", re.I), "huawei"),
    (re.compile(r"长亭|雷池|safeline|chaitin", re.I), "chaitin"),
    (re.compile(r"百度云加速|yunjiasu", re.I), "baidu"),
    (re.compile(r"奇安信|网神|qianxin", re.I), "qianxin"),
    (re.compile(r"云锁|yunsuo", re.I), "yunsuo"),
    (re.compile(r"护卫神|hws\.com", re.I), "huweishen"),
    (re.compile(r"D盾|d99net", re.I), "d_shield"),
)


def waf_vendor(text: str) -> str | None:
    """The WAF product a block page names, if any.

    >>> waf_vendor("网站防火墙 - 安全狗")
    'safedog'
    >>> waf_vendor("访问被拒绝") is None
    True
    """
    return next((vendor for pattern, vendor in _BLOCK_VENDORS if pattern.search(text)), None)


def _headline(s: Signals) -> str:
    """Title and short headings: where a block or 404 page states what it is."""
    return " ".join([s.title, *(h for h in s.headings if len(h) <= 60)])


def _waf_text(s: Signals) -> str | None:
    m = _BLOCK.search(s.visible + " " + s.title) if s.short else None
    if m is None and s.chrome_only:
        m = _BLOCK.search(_headline(s))
    if m is None and s.short:
        weak = _BLOCK_WEAK.search(s.visible + " " + s.title)
        ok_2xx = s.status is not None and 200 <= s.status < 300
        if weak and (not ok_2xx or _waf_text_vendor(s)):
            m = weak
    if m is None:
        return None
    return f"block page: HTTP {s.status} says {m.group(0)!r}"


def _waf_text_vendor(s: Signals) -> str | None:
    return waf_vendor(s.title + " " + s.visible + " " + s.text[:20000])


# --- refusals without a recognisable product ---------------------------------------------------------
def _forbidden(s: Signals) -> str | None:
    if s.status in (401, 403, 407, 451) and s.short:
        return f"HTTP {s.status}: the site refuses this client"
    return None


# --- "please enable JavaScript" walls ------------------------------------------------------------------
_NEEDS_JS = re.compile(
    r"(?:请|需要|需|必须)(?:先)?(?:开启|启用|打开|允许|支持)[^<>。]{0,12}?(?:javascript|js脚本)|"
    r"(?:未启用|未开启|禁用了?|关闭了|不支持)[^<>。]{0,8}?javascript|"
    r"(?:please |you (?:need|have) to |must )(?:turn on |enable )javascript|"
    r"enable javascript (?:and cookies )?to|"
    r"javascript (?:is )?(?:required|disabled)",
    re.I,
)


_NAVIGATES = re.compile(r"location\s*(?:\.\s*(?:href|replace|reload|assign)\b|=)|\.submit\s*\(", re.I)


def _js_required(s: Signals) -> str | None:
    """A JavaScript wall, not a JavaScript-drawn page: the request is said in the visible text of a
    text-less page, or in <noscript> of a page whose script sets a cookie or navigates (a challenge).
    A single-page app shell (header, footer, <noscript>, app bundle) is a normal page."""
    if not s.tiny:
        return None
    m = _NEEDS_JS.search(s.visible + " " + s.title)
    if m is None and (_SETS_COOKIE.search(s.text) or _NAVIGATES.search(s.text)):
        m = _NEEDS_JS.search(s.noscript)
    if m is None:
        return None
    return f"JavaScript wall: HTTP {s.status} page says {m.group(0)!r} and has no content"


def _cookie_script(s: Signals) -> str | None:
    if s.tiny and s.has_script and _SETS_COOKIE.search(s.text) and _RELOADS.search(s.text):
        return f"cookie challenge: HTTP {s.status} page only sets a cookie by JavaScript and reloads"
    return None


# --- soft 404 ----------------------------------------------------------------------------------------
_NOT_FOUND = re.compile(
    r"(?:页面|网页|信息|文章|内容|稿件|文档|资源|栏目|文件|链接)(?:已被?删除|不存在|未找到|找不到|无法找到|已被?移除|已下线)|"
    r"找不到(?:该|此|您要访问的|您访问的|您所访问的|所请求的)?(?:页面|网页|信息|文章|内容)|"
    r"页面(?:走丢|丢失|去火星|飞走|不见)了?|"
    r"\b404\b\s*(?:-|:|：)?\s*(?:not found|错误|页面|error)|(?:错误|error)\s*404\b|"
    r"page (?:was )?not found|the page you (?:requested|are looking for) (?:does not|doesn't|could not)|"
    r"^\s*(?:404|not found)\s*$",
    re.I,
)


def _soft_404(s: Signals) -> str | None:
    if s.status is not None and not 200 <= s.status < 300:
        return None
    if s.chrome_only:
        m = _NOT_FOUND.search(s.title) or next(
            (m for h in s.headings if len(h) <= 60 and (m := _NOT_FOUND.search(h))), None
        )
        if m:
            return f"soft 404: HTTP {s.status} page titled {m.group(0)!r}"
    if s.short and (m := _NOT_FOUND.search(s.visible)):
        return f"soft 404: HTTP {s.status} short page says {m.group(0)!r}"
    return None


#: The recognisers, tried in order; the first that matches gives the verdict.
RULES: tuple[Rule, ...] = (
    Rule("ruishu", "blocked", "ruishu",
         "瑞数: HTTP 412/202 (or a text-less 200) with an inline $_ts script ($_ts=window['$_ts'], $_ts.cd, "
         "$_ts.nsd), <meta … r='m'>/<script r='m'> markers or a document.cookie script", _ruishu),
    Rule("jsl", "blocked", "jiasule",
         "加速乐 (知道创宇): HTTP 521 with a document.cookie script setting __jsl_clearance(_s) and "
         "reloading, or a __jsluid cookie; 2-3 rounds", _jsl),
    Rule("f5", "blocked", "f5",
         "F5 BIG-IP ASM / Bot Defense: a TS01… cookie with a JavaScript-only body, a TSPD challenge "
         "script, or the 'requested URL was rejected' block page", _f5),
    Rule("wzws", "blocked", "wzws",
         "网站卫士 WZWS: a text-less page with wzwschallenge/wzwstemplate variables or a wzws_cid "
         "cookie", _wzws),
    Rule("yunsuo", "blocked", "yunsuo",
         "云锁: a text-less page with security_verify_data / yunsuo_session_verify", _yunsuo),
    Rule("aliyun", "blocked", "aliyun",
         "阿里云盾: acw_sc__v2 JavaScript / slider challenge, or the 'URL有可能对网站造成安全威胁' "
         "block page", _aliyun),
    Rule("cloudflare", "blocked", "cloudflare",
         "Cloudflare: 'Just a moment…' browser check (/cdn-cgi/challenge-platform/)", _cloudflare),
    Rule("waf_text", "blocked", None,
         "WAF block text (访问被拦截, 访问被拒绝, 请求被阻断, 网站防火墙, Request blocked …) in a "
         "short page, or in the title/heading of a page without prose; weaker words (安全防护, "
         "禁止访问 …) only in a short non-2xx answer or next to a WAF's name; vendor from "
         "安全狗/云盾/360网站卫士/创宇盾/…",
         _waf_text),
    Rule("forbidden", "blocked", None,
         "HTTP 401/403/407/451 with a short page: the site refuses this client (IP range, UA)", _forbidden),
    Rule("js_required", "blocked", None,
         "请开启JavaScript / Please enable JavaScript as the only text of a page, or in <noscript> of a "
         "text-less page whose script sets a cookie or navigates (an app shell is not a wall)", _js_required),
    Rule("cookie_script", "blocked", None,
         "any text-less page whose script sets document.cookie and reloads (an unknown cookie wall)",
         _cookie_script),
    Rule("soft_404", "not_found", None,
         "2xx page whose title or heading says 页面不存在/页面未找到/信息已删除/文章不存在/404 Not Found … "
         "while it has no prose (only template chrome), or a short page saying so", _soft_404),
)


def classify_response(
    status: int | None, headers: dict[str, str], body: bytes, text: str | None = None
) -> Verdict | None:
    """``None`` for a normal page, else a :class:`Verdict` (blocked or not found).

    ``headers`` has lower-case keys (as in :class:`govwatch.crawl.http.Response`); ``text`` is the
    decoded body when the caller has it (it is decoded here otherwise). Pure: no I/O, never raises.

    >>> jsl = b"<script>document.cookie=('__jsl_clearance_s=1');location.href=location.pathname</script>"
    >>> classify_response(521, {}, jsl).vendor
    'jiasule'
    >>> dog = "<title>网站防火墙</title><p>您的请求带有不合法参数，已被网站管理员设置拦截！安全狗</p>"
    >>> classify_response(403, {}, dog.encode())
    Verdict(kind='blocked', reason="block page: HTTP 403 says '已被网站管理员设置拦截'", vendor='safedog')
    """
    signals = Signals(status, headers, body, text)
    for rule in RULES:
        try:
            reason = rule.match(signals)
        except Exception:  # a rule must never break a crawl
            continue
        if reason:
            vendor = rule.vendor
            if rule.name == "waf_text":
                vendor = _waf_text_vendor(signals)
            return Verdict(rule.kind, reason, vendor)
    return None


__all__ = ["RULES", "Rule", "Signals", "Verdict", "classify_response", "waf_vendor"]
