"""Simulated bot walls and a JavaScript-drawn site on 127.0.0.1, for the browser fetcher's tests.

Each :class:`WallSite` is one small disclosure column (a list page and report pages built from
the seed texts in ``corpus/``) behind one obstacle, served by its own threaded HTTP server:

``jsl``
    加速乐 (JSL), two rounds as the real one: HTTP 521 sets ``__jsluid_s`` and a script that spells
    out a first ``__jsl_clearance_s`` and reloads; then 521 again with a ``go({...})`` script that
    searches two characters whose hash matches ``ct`` (a little proof of work), sets the final
    ``__jsl_clearance_s`` and reloads. Only then the page.
``ruishu``
    瑞数 (Ruishu): HTTP 412 with ``$_ts`` and ``r='m'`` markers, an HttpOnly ``…80S`` cookie, and an
    obfuscated script (string table, hex indices) that computes the ``…80T`` cookie from ``$_ts.cd``
    and the browser's User-Agent, then redirects. The first page that passes also sets a session
    cookie ``…80P``; any later request without it is challenged again, and so is a request whose
    User-Agent differs from the one ``…80T`` was computed for.
``spa``
    A single-page app: every page is the same empty shell, ``app.js`` draws the list and each
    report from XHR JSON (``/api/list.json``, ``/api/article/<id>.json``).
``captcha``
    A slider/picture captcha (HTTP 403, 访问过于频繁, 请输入验证码) that never clears.
``open``
    No wall: the same column as plain HTML (the baseline).

:meth:`WallSite.rotate` changes the site's secret: every cookie handed out so far stops working.
``robots.txt`` allows everything but ``/private/``. The request log counts what reached the site.

>>> site = WallSite("jsl", reports=2)
>>> len(site.reports), site.reports[0].title.endswith("报告")
(2, True)
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from govwatch.demo.documents import Document, seed, seed_ids, shift_years
from govwatch.demo.server import LoopbackService

WallKind = Literal["jsl", "ruishu", "spa", "captcha", "open"]
WALL_KINDS: tuple[WallKind, ...] = ("jsl", "ruishu", "spa", "captcha", "open")
LIST_PATH = "/col/fzzfjsndbg/index.html"
SPA_LIST_PATH = "/spa/index.html"
RS_NAME = "FSSBBIl1UgzbN7N80"  # 瑞数 cookie names: …S (server), …T (computed), …P (session, here)
JSL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def fnv1a(text: str) -> str:
    """32-bit FNV-1a of ``text``'s UTF-16 code units, as 8 hex digits (the walls' JavaScript has the same)."""
    h = 0x811C9DC5
    for unit in text.encode("utf-16-le"):
        h = ((h ^ unit) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


_FNV_JS = ("function(s){var h=0x811c9dc5;for(var i=0;i<s.length;i++){var c=s.charCodeAt(i);"
           "h=Math.imul(h^(c&255),16777619)>>>0;h=Math.imul(h^(c>>8),16777619)>>>0;}"
           "return ('0000000'+h.toString(16)).slice(-8);}")


def wall_reports(n: int, first: int = 0) -> list[Document]:
    """``n`` distinct reports from the seed texts (years shifted when the seeds run out); ``first``
    skips that many, so that several sites can carry different reports."""
    seeds = [seed(i) for i in seed_ids()]
    reports = [d for d in seeds if d.kind == "report"]
    out: list[Document] = []
    for i in range(first, first + n):
        base = reports[i % len(reports)]
        delta = -(i // len(reports))
        title = shift_years(base.title, delta, 2000, 2030)
        paragraphs = tuple(shift_years(p, delta, 2000, 2030) for p in base.paragraphs)
        published = shift_years(base.published, delta, 2000, 2030)
        out.append(base.replace(id=f"{base.id}-{i}", title=title, paragraphs=paragraphs, published=published))
    return out


@dataclass
class Hit:
    """One request as the wall saw it."""

    path: str
    status: int
    cookies: dict[str, str]
    user_agent: str
    time: float


@dataclass
class WallSite(LoopbackService):
    """One column behind one wall, served on 127.0.0.1 (``start()``/``stop()``, or ``with``)."""

    kind: WallKind
    reports: list[Document] | int = 3
    first: int = 0  # with a number of reports: skip this many (different sites, different texts)
    robots: str = "User-agent: *\nDisallow: /private/\n"
    on_request: Callable[[str], None] | None = None  # called with each request's target before it is answered
    secret: str = field(default_factory=lambda: secrets.token_hex(8))
    hits: list[Hit] = field(default_factory=list)
    seen_t: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.kind not in WALL_KINDS:
            raise ValueError(f"unknown wall kind {self.kind!r} (one of {', '.join(WALL_KINDS)})")
        if isinstance(self.reports, int):
            self.reports = wall_reports(self.reports, self.first)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ serving
    def start(self) -> WallSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                status, headers, body = site.respond(self.path, dict(self.headers.items()))
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

        return self._serve(Handler, f"wall-{self.kind}")

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the site first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def start_url(self) -> str:
        return self.base_url + (SPA_LIST_PATH if self.kind == "spa" else LIST_PATH)

    def report_url(self, i: int) -> str:
        doc = self._reports[i]
        path = f"/spa/detail.html?id={i}" if self.kind == "spa" else f"/art/{doc.published[:4]}/t_{i}.html"
        return self.base_url + path

    @property
    def _reports(self) -> list[Document]:
        assert isinstance(self.reports, list)
        return self.reports

    def rotate(self) -> None:
        """A new secret: every clearance cookie handed out so far is refused from now on."""
        with self._lock:
            self.secret = secrets.token_hex(8)
            self.seen_t.clear()

    def passed(self) -> list[Hit]:
        """Requests answered with the real page (status 200)."""
        return [h for h in self.hits if h.status == 200]

    # ------------------------------------------------------------------ answers
    def respond(self, target: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        arrived = time.monotonic()
        if self.on_request is not None:
            self.on_request(target)
        parts = urlsplit(target)
        jar = SimpleCookie()
        with contextlib.suppress(Exception):
            jar.load(next((v for k, v in headers.items() if k.lower() == "cookie"), ""))
        cookies = {k: m.value for k, m in jar.items()}
        ua = next((v for k, v in headers.items() if k.lower() == "user-agent"), "")
        status, hdrs, body = self._answer(parts.path, parse_qs(parts.query), cookies, ua)
        with self._lock:
            self.hits.append(Hit(target, status, cookies, ua, arrived))
        return status, hdrs, body

    def _answer(self, path: str, query: dict[str, list[str]], cookies: dict[str, str],
                ua: str) -> tuple[int, list[tuple[str, str]], bytes]:
        if path == "/robots.txt":
            return 200, [("Content-Type", "text/plain")], self.robots.encode()
        page = self._page(path, query)
        if page is None:
            return 404, [("Content-Type", "text/html; charset=utf-8")], _html("页面不存在", "<h1>404 页面不存在</h1>")
        if self.kind == "captcha":
            return self._captcha()
        if self.kind == "jsl":
            wall = self._jsl(cookies)
            if wall is not None:
                return wall
        if self.kind == "ruishu":
            wall, extra = self._ruishu(cookies, ua, path)
            if wall is not None:
                return wall
            return page[0], [*page[1], *extra], page[2]
        return page

    def _page(self, path: str, query: dict[str, list[str]]) -> tuple[int, list[tuple[str, str]], bytes] | None:
        reports = self._reports
        html_type = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-cache")]
        if self.kind == "spa":
            if path in (SPA_LIST_PATH, "/spa/detail.html", "/spa/"):
                return 200, html_type, _spa_shell()
            if path == "/spa/app.js":
                return 200, [("Content-Type", "application/javascript")], _SPA_JS.encode()
            if path == "/api/list.json":
                items = [{"id": i, "title": d.title, "date": d.published} for i, d in enumerate(reports)]
                return 200, [("Content-Type", "application/json")], json.dumps(items, ensure_ascii=False).encode()
            if path.startswith("/api/article/") and path.endswith(".json"):
                idx = path.rsplit("/", 1)[1][:-5]
                if idx.isdigit() and int(idx) < len(reports):
                    d = reports[int(idx)]
                    data = {"title": d.title, "date": d.published, "publisher": d.publisher,
                            "paragraphs": list(d.paragraphs)}
                    return 200, [("Content-Type", "application/json")], json.dumps(data, ensure_ascii=False).encode()
            return None
        if path == LIST_PATH:
            items = "".join(
                f'<li><a href="/art/{d.published[:4]}/t_{i}.html" title="{html.escape(d.title)}">'
                f"{html.escape(d.title)}</a><span>{d.published}</span></li>"
                for i, d in enumerate(reports)
            )
            return 200, html_type, _html("法治政府建设年度报告", f'<ul class="list">{items}</ul>')
        if path.startswith("/art/") and path.endswith(".html") and "/t_" in path:
            idx = path.rsplit("/t_", 1)[1][:-5]
            if idx.isdigit() and int(idx) < len(reports):
                d = reports[int(idx)]
                body = "".join(f"<p>{html.escape(p)}</p>" for p in d.paragraphs)
                article = (f'<h1 class="title">{html.escape(d.title)}</h1>'
                           f'<div class="info">发布时间：{d.published} 来源：{html.escape(d.publisher)}</div>'
                           f'<div class="TRS_Editor">{body}</div>')
                return 200, html_type, _html(d.title, article)
        return None

    # ------------------------------------------------------------------ 加速乐
    def _jsl_tokens(self, uid: str) -> tuple[str, str, list[str], str]:
        """Round-one cookie, the go() parts (bts, ct) and the final clearance for visitor ``uid``."""
        h = hashlib.sha256(f"{self.secret}|{uid}".encode()).hexdigest()
        first = f"{int(h[:8], 16)}.{h[8:14]}|0|{h[14:30]}"
        bts = [f"{int(h[30:38], 16)}.{h[38:41]}|0|", h[41:60]]
        pick = JSL_CHARS[int(h[60:62], 16) % len(JSL_CHARS)] + JSL_CHARS[int(h[62:64], 16) % len(JSL_CHARS)]
        final = bts[0] + pick + bts[1]
        return first, fnv1a(final), bts, final

    def _jsl(self, cookies: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes] | None:
        uid = cookies.get("__jsluid_s", "")
        clearance = cookies.get("__jsl_clearance_s", "")
        valid_uid = uid and uid.endswith(hashlib.md5((self.secret + uid[:16]).encode()).hexdigest()[:16])
        if not valid_uid:
            uid = secrets.token_hex(8)
            uid += hashlib.md5((self.secret + uid).encode()).hexdigest()[:16]
            first, _ct, _bts, _final = self._jsl_tokens(uid)
            spelled = "+".join(f"('{ch}')" for ch in f"__jsl_clearance_s={first}")
            script = (f"<script>document.cookie={spelled}+';max-age=3600;path=/';"
                      "location.href=location.pathname+location.search</script>")
            return 521, [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"),
                         ("Set-Cookie", f"__jsluid_s={uid}; max-age=31536000; path=/; HttpOnly")], script.encode()
        first, ct, bts, final = self._jsl_tokens(uid)
        if clearance == final:
            return None
        go = json.dumps({"bts": bts, "chars": JSL_CHARS, "ct": ct, "ha": "fnv1a", "is": True,
                         "tn": "__jsl_clearance_s", "vt": "3600", "wt": "1500"})
        script = ("<script>var _h=" + _FNV_JS + ";function go(z){for(var i=0;i<z.chars.length;i++)"
                  "for(var j=0;j<z.chars.length;j++){var v=z.bts[0]+z.chars[i]+z.chars[j]+z.bts[1];"
                  "if(_h(v)==z.ct){document.cookie=z.tn+'='+v+';max-age='+z.vt+';path=/';"
                  "location.href=location.pathname+location.search;return;}}}"
                  f"go({go})</script>")
        return 521, [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], script.encode()

    # ------------------------------------------------------------------ 瑞数
    def _rs_values(self) -> tuple[str, str]:
        """(``$_ts.cd``, the …S cookie) of the current secret."""
        cd = hashlib.sha256(("cd" + self.secret).encode()).hexdigest()[:48]
        s_cookie = hashlib.sha256(("S" + self.secret).encode()).hexdigest()[:40]
        return cd, s_cookie

    @staticmethod
    def rs_t(cd: str, ua: str, nonce: str) -> str:
        """The …T cookie the challenge script computes: a random nonce bound to ``cd`` and the User-Agent."""
        return "5" + nonce + fnv1a(cd + "|" + ua + "|" + nonce) + fnv1a(nonce + "|" + ua + "|" + cd)

    def _ruishu(self, cookies: dict[str, str], ua: str,
                path: str) -> tuple[tuple[int, list[tuple[str, str]], bytes] | None, list[tuple[str, str]]]:
        cd, s_cookie = self._rs_values()
        t = cookies.get(RS_NAME + "T", "")
        ok = cookies.get(RS_NAME + "S") == s_cookie and len(t) == 25 and t == self.rs_t(cd, ua, t[1:9])
        session = hashlib.sha256(("P" + self.secret + t).encode()).hexdigest()[:32]
        if ok and cookies.get(RS_NAME + "P") == session:
            return None, []
        if ok:
            with self._lock:
                fresh = t not in self.seen_t
                self.seen_t.add(t)
            if fresh:  # the first page after the challenge: it hands out the session cookie
                return None, [("Set-Cookie", f"{RS_NAME}P={session}; path=/; HttpOnly")]
        # obfuscated: a string table and hex indices, as 瑞数's generated code looks
        table = ["cookie", RS_NAME + "T=", "; path=/", "replace", "location", "href", "userAgent", "cd", "$_ts"]
        js = (
            f"var _0x4e1a={json.dumps(table)};(function(_0x1b,_0x2c){{var _0x3d=function(_0x5f){{"
            f"return _0x1b[_0x5f]}};var _h={_FNV_JS};var _t=window[_0x3d(0x8)][_0x3d(0x7)];"
            f"var _u=navigator[_0x3d(0x6)];var _n=('0000000'+(Math.random()*4294967295>>>0).toString(16)).slice(-8);"
            f"var _v='5'+_n+_h(_t+'|'+_u+'|'+_n)+_h(_n+'|'+_u+'|'+_t);"
            f"document[_0x3d(0x0)]=_0x3d(0x1)+_v+_0x3d(0x2);"
            f"window[_0x3d(0x4)][_0x3d(0x3)](window[_0x3d(0x4)][_0x3d(0x5)]);}})(_0x4e1a);"
        )
        body = (
            '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f'<meta id="9DhefwqGPrzGxEp9hPaoag" content="{cd}" r=\'m\'>'
            "<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={};"
            f'$_ts.nsd=60235;$_ts.cd="{cd}";</script>'
            f"</head><body><script type=\"text/javascript\" r='m'>{js}</script></body></html>"
        )
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-cache, no-store"),
                   ("Set-Cookie", f"{RS_NAME}S={s_cookie}; path=/; expires=Fri, 31 Dec 2038 23:59:59 GMT; HttpOnly")]
        return (412, headers, body.encode()), []

    # ------------------------------------------------------------------ captcha
    @staticmethod
    def _captcha() -> tuple[int, list[tuple[str, str]], bytes]:
        body = _html_bare(
            "访问验证",
            '<div class="verify"><h2>访问验证</h2><p>您的访问过于频繁，请输入验证码后继续访问。</p>'
            '<img src="/captcha.png?r=1" alt=""><input id="code" name="code"><button id="go">提交</button>'
            '<div class="slider"><span>请按住滑块，拖动到最右边</span></div></div>'
            "<script>document.getElementById('go').onclick=function(){return false;};</script>",
        )
        return 403, [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], body


def _html_bare(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head><body>{body}</body></html>").encode()


def _html(title: str, main: str) -> bytes:
    """A page with a government site's chrome around ``main``."""
    nav = "".join(f'<li><a href="/{p}/">{t}</a></li>' for p, t in
                  (("", "首页"), ("zwgk", "政务公开"), ("hdjl", "互动交流"), ("zwfw", "政务服务")))
    return _html_bare(
        title,
        f'<div class="header"><ul class="nav">{nav}</ul><div class="tools">无障碍 | 长者模式 | 简体|繁体</div></div>'
        f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; 政务公开 &gt; 法治政府建设年度报告</div>'
        f'<div class="main">{main}</div>'
        '<div class="footer"><p>主办单位：人民政府办公室 版权所有 网站标识码：4200000000 ICP备05000000号</p>'
        "<p>网站地图 | 联系我们 | 网站声明</p></div>",
    )


def _spa_shell() -> bytes:
    return (b'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>\xe6\x94\xbf\xe5\x8a\xa1'
            b'\xe5\x85\xac\xe5\xbc\x80</title></head><body><div id="app"></div>'
            b'<noscript>\xe8\xaf\xb7\xe5\x90\xaf\xe7\x94\xa8 JavaScript</noscript>'
            b'<script src="/spa/app.js"></script></body></html>')


_SPA_JS = r"""
(function () {
  var app = document.getElementById('app');
  function esc(s) { var d = document.createElement('div'); d.textContent = s; return d.innerHTML; }
  function get(url, done) {
    var x = new XMLHttpRequest(); x.open('GET', url);
    x.onload = function () { done(JSON.parse(x.responseText)); }; x.send();
  }
  var id = new URLSearchParams(location.search).get('id');
  if (id === null) {
    get('/api/list.json', function (items) {
      document.title = '法治政府建设年度报告';
      app.innerHTML = '<div class="crumb">当前位置：首页 &gt; 法治政府建设年度报告</div><ul class="list">' +
        items.map(function (it) {
          return '<li><a href="/spa/detail.html?id=' + it.id + '">' + esc(it.title) + '</a><span>' +
                 it.date + '</span></li>';
        }).join('') + '</ul>';
    });
  } else {
    get('/api/article/' + id + '.json', function (a) {
      document.title = a.title;
      app.innerHTML = '<h1 class="title">' + esc(a.title) + '</h1><div class="info">发布时间：' + a.date +
        ' 来源：' + esc(a.publisher) + '</div><div class="TRS_Editor">' +
        a.paragraphs.map(function (p) { return '<p>' + esc(p) + '</p>'; }).join('') + '</div>';
    });
  }
})();
"""


__all__ = ["LIST_PATH", "RS_NAME", "SPA_LIST_PATH", "WALL_KINDS", "WallSite", "fnv1a", "wall_reports"]
