"""Blocked, not stored: every rule in govwatch.crawl.blocked.RULES, positive and negative."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from govwatch.crawl.blocked import RULES, Signals, Verdict, classify_response
from govwatch.demo import faults
from govwatch.demo.protocol import Request, to_response
from govwatch.demo.sites import SimulatedSites

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "src" / "govwatch" / "demo" / "corpus"

Case = tuple[int | None, dict[str, str], str | bytes]


def report_page(extra_body: str = "", title: str | None = None, head: str = "") -> str:
    """A genuine long report page (corpus text) with site chrome and ``extra_body`` in the footer."""
    doc = json.loads((CORPUS / "zengdu-2024.json").read_text(encoding="utf-8"))
    paras = "".join(f"<p>{p}</p>" for p in doc["paragraphs"])
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title or doc['title']}</title>{head}"
        "<script>function setFont(n){document.cookie='fontsize='+n+';path=/';location.reload();}</script>"
        "</head><body><div class='nav'><a href='/'>首页</a><a href='/zwgk/'>政务公开</a></div>"
        f"<h1>{doc['title']}</h1><div class='TRS_Editor'>{paras}</div>"
        f"<div class='footer'>版权所有：随州市曾都区人民政府 网站标识码4213030001 {extra_body}</div>"
        "</body></html>"
    )


def chrome(n: int = 40) -> str:
    """Navigation and footer text as a site template carries it (~1,500 visible characters)."""
    links = "".join(f"<li><a href='/c{i}/'>政务公开栏目{i}</a></li>" for i in range(n))
    return (f"<ul class='nav'>{links}</ul>"
            "<div class='footer'>主办单位：某某区人民政府办公室 地址：某某路1号 邮编：441300 "
            "版权所有 鄂ICP备05003300号 鄂公网安备42130302000123号 网站标识码4213030001</div>") * 2


RUISHU_412 = (
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    '<meta id="aQ3xK2fLpB7c" content="5Yd8Qw.kz0Lq3rPz9uT1" r=\'m\'>'
    "<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={};"
    '$_ts.nsd=38211;$_ts.cd="qhjcrrAlqGqcEpVdwGlE";</script>'
    "<script type=\"text/javascript\" charset=\"utf-8\" src=\"/ZdKp4xYw/aQH3rT.b4c45da.js\" r='m'></script>"
    "</head><body></body></html>"
)
RUISHU_SCRIPT_ONLY = (
    "<html><head><meta content=\"x\" r='m'></head><body><script r='m'>"
    "(function(){document.cookie='NfBCSins2OywS=60'+Math.random()+';path=/';location.reload()})()"
    "</script></body></html>"
)
JSL_ROUND1 = (
    "<script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+('a')+('n')"
    "+('c')+('e')+('_')+('s')+('=')+('1')+('6')+('9')+('9')+('.')+('5')+('|')+('0')+('|')"
    "+'Ox3c'+';max-age=3600;path=/';location.href=location.pathname+location.search</script>"
)
JSL_ROUND2 = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><script>'
    "function go(a){var b=a.chars.length;/* sha1 loop */document.cookie=a.tn+'='+c+';Max-age='+a.vt+"
    "';path=/';location.href=location.pathname+location.search}"
    'go({"bts":["1699900000.521|0|8Z","%3D"],"chars":"XkQabcdef","ct":"e3b0c44298fc1c149afb",'
    '"ha":"sha1","is":true,"tn":"__jsl_clearance_s","vt":"3600","wt":"1500"})</script></body></html>'
)
CLOUDFLARE_521 = (
    "<!DOCTYPE html><html><head><title>example.gov.cn | 521: Web server is down</title></head><body>"
    "<h1>Web server is down <span>Error code 521</span></h1><p>Visit cloudflare.com for more information.</p>"
    "<h2>What happened?</h2><p>The web server is not returning a connection. As a result, the web page is "
    "not displaying.</p><h2>What can I do?</h2><p>If you are a visitor of this website: "
    "Please try again in a few minutes.</p><p>If you are the owner of this website: "
    "Contact your hosting provider letting them "
    "know your web server is not responding.</p></body></html>"
)
F5_JS = (
    "<html><head><meta http-equiv='Pragma' content='no-cache'/><script type='text/javascript'>"
    "window[\"bobcmn\"]=\"1111101010101020000000220000000520000000021cc3b2d8200000096300000000\";"
    "(function(){var g=window;g.location.reload();})();</script></head><body></body></html>"
)
F5_BLOCK = (
    "<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult "
    "with your administrator.<br><br>Your support ID is: 4211386938421875562<br><br>"
    "<a href='javascript:history.back();'>[Go Back]</a></body></html>"
)
WZWS = (
    "<!DOCTYPE html><html><head><title></title></head><body><script type=\"text/javascript\">"
    'var wzwschallenge="RANDOMSTR28831";var wzwschallengex="STRRANDOM28831";var template=4;'
    'var encoderchars="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";'
    "function KTKY2RBD9NHPBCIHV9ZMEQQDARSLVFDU(str){return str}"
    'window.location="/WZWSREL2FydC8yMDI0LzMvMS9hcnRfMTIzLmh0bWw=?wzwschallenge="+wzwschallenge;'
    "</script></body></html>"
)
YUNSUO = (
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>"
    "<script type=\"text/javascript\">function stringToHex(str){var val=\"\";for(var i=0;i<str.length;i++)"
    "{val+=str.charCodeAt(i).toString(16);}return val;}function YunSuoAutoJump(){var width=screen.width;"
    'var height=screen.height;var screendate=width+","+height;var curlocation=window.location.href;'
    'location="/art/2024/3/1/art_1_2.html?security_verify_data="+stringToHex(screendate);}'
    "</script><script>setTimeout(\"YunSuoAutoJump()\",50);</script></body></html>"
)
ALIYUN_JS = (
    "<html><script>\nvar arg1='3C6B4E0C8F0A5FEA2B9C7DB6B2E1C5A0F8B4D3E2';\n"
    "var _0x4818=['\\x63\\x73\\x4b\\x48\\x77\\x71\\x4d\\x49'];function setCookie(name,value){var expiredate="
    "new Date();document.cookie=name+'='+value+';expires='+expiredate.toGMTString()+';max-age=3600;path=/';}"
    "function reload(x){setCookie('acw_sc__v2',x);document.location.reload();}\n</script></html>"
)
ALIYUN_BLOCK = (
    "<html><head><meta charset='utf-8'><title>405</title></head><body><div class='wrap'>"
    "<img src='https://errors.aliyun.com/images/TB1TpamHpXXXXaJXXXXeB7nYVXX-104-162.png'>"
    "<h3>很抱歉，由于您访问的URL有可能对网站造成安全威胁，您的访问被阻断。</h3>"
    "<p>您的请求ID是: 7b1a2c3d16990000000012345e</p></div></body></html>"
)
CLOUDFLARE_CHALLENGE = (
    "<!DOCTYPE html><html lang='en-US'><head><title>Just a moment...</title></head><body>"
    "<div class='main-wrapper'><h1>www.example.gov.cn</h1><p>Checking if the site connection is secure</p>"
    "<noscript>Enable JavaScript and cookies to continue</noscript></div><script>(function(){"
    "window._cf_chl_opt={cvId:'3'};var a=document.createElement('script');"
    "a.src='/cdn-cgi/challenge-platform/h/b/orchestrate/"
    "chl_page/v1?ray=8a';document.head.appendChild(a);}());</script></body></html>"
)
SAFEDOG = (
    "<html><head><meta charset='utf-8'><title>网站防火墙</title></head><body><div id='wrap'>"
    "<div class='title'>您的请求带有不合法参数，已被网站管理员设置拦截！</div>"
    "<div class='text'>可能原因：您提交的内容包含危险的攻击请求</div>"
    "<div class='text'>如何解决：1）检查提交内容；2）如网站托管，请联系空间提供商；"
    "3）普通网站访客，请联系网站管理员</div>"
    "<div class='footer'>网站防火墙 - 安全狗 safedog.cn</div></div></body></html>"
)
CHUANGYU = (
    "<html><head><title>创宇盾</title></head><body><h1>当前访问疑似黑客攻击，已被创宇盾拦截。</h1>"
    "<p>可能原因：您提交的内容包含危险的攻击请求。</p><p>事件ID：6b5f0aa2e3</p></body></html>"
)
WEBSCAN_360 = (
    "<html><head><title>360网站卫士</title></head><body><h2>您的访问被拦截</h2>"
    "<p>当前网址：/zwgk/index.html 客户端特征：python-httpx</p>"
    "<p>360网站卫士 webscan.360.cn</p></body></html>"
)
REQUEST_BLOCKED_EN = "<html><body><h1>Request blocked.</h1><p>Event ID: 9a8b7c6d</p></body></html>"
WEAK_403 = "<html><body><p>安全防护：检测到异常请求，禁止访问本站。</p></body></html>"
NGINX_403 = (
    "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr>"
    "<center>nginx</center></body></html>"
)
NEEDS_JS_CN = (
    "<html><head><title>安全验证</title></head><body><noscript>请开启JavaScript后访问本站，"
    "您的浏览器未启用JavaScript。</noscript><script>var t=Date.now();setTimeout(function(){"
    "window.location.href='/verify?t='+t+'&r='+encodeURIComponent(location.href)},800);</script>"
    "</body></html>"
)
# A page drawn by JavaScript (Guangdong gkmlpt, React apps): a normal page, not a wall.
APP_SHELL = (
    "<html><head><title>政府信息公开_某某区人民政府门户网站</title></head><body><div id='app'>"
    "<div class='header'>某某区人民政府门户网站 政府信息公开</div>"
    "<noscript>请开启浏览器的JavaScript功能</noscript>"
    "</div><script>window._CONFIG={SID:'755585',API_URL:'/gkmlpt/api/'};</script>"
    "<script src='/gkmlpt/static/js/app.js'></script><div class='footer'><a href='/'>网站首页</a> "
    "粤ICP备17036932号 网站标识码：4403090001</div></body></html>"
)
NEEDS_JS_EN = (
    "<!doctype html><html><head><title>Portal</title></head><body><noscript>You need to enable JavaScript "
    "to run this app.</noscript><div id=\"root\"></div></body></html>"
)
COOKIE_WALL = (
    "<html><head><script>document.cookie=\"waf_verify=ab12cd34;path=/\";window.location.replace("
    "window.location.href);</script></head><body></body></html>"
)
SOFT_404_CHROME = (
    "<html><head><meta charset='utf-8'><title>404-页面不存在</title></head><body>"
    f"{chrome()}<div class='err'><img src='/images/404.png'><p>返回首页</p></div></body></html>"
)
SOFT_404_DELETED = (
    "<html><body><div class='main'><p>该信息已删除！</p><a href='/'>返回</a></div></body></html>"
)
SOFT_404_H1 = (
    f"<html><head><title>某某县人民政府</title></head><body>{chrome(20)}<h1>文章不存在</h1></body></html>"
)
SOFT_404_EN = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"

CASES: dict[str, tuple[list[Case], list[Case]]] = {
    "ruishu": (
        [(412, {}, RUISHU_412), (202, {}, RUISHU_412), (200, {}, RUISHU_412), (412, {}, RUISHU_SCRIPT_ONLY),
         (412, {}, b"")],
        # A page that passed the wall still carries the $_ts script: its text makes it a page.
        [(200, {}, report_page(head=RUISHU_412.split("<head>")[1].split("</head>")[0])),
         (202, {"content-type": "application/json"}, b'{"status": "accepted"}'),
         (200, {}, report_page())],
    ),
    "jsl": (
        [(521, {"set-cookie": "__jsluid_s=4f9c; max-age=31536000; path=/; HttpOnly"}, JSL_ROUND1),
         (521, {}, JSL_ROUND2), (200, {}, JSL_ROUND1)],
        [(521, {}, CLOUDFLARE_521), (200, {}, report_page("__jsl_clearance"))],
    ),
    "f5": (
        [(200, {"set-cookie": "TS01a3c2f1=01d7e2c4b5a6; Path=/"}, F5_JS.replace('window["bobcmn"]', "var x")),
         (200, {}, F5_JS), (200, {}, F5_BLOCK)],
        [(200, {"set-cookie": "TS01a3c2f1=01d7e2c4b5a6; Path=/"}, report_page()),
         (200, {}, F5_JS.replace('window["bobcmn"]', "var x")),
         (200, {"set-cookie": "TS01a3c2f1=01d7e2c4b5a6; Path=/"}, report_page(head=F5_JS))],
    ),
    "wzws": (
        [(200, {}, WZWS), (200, {"set-cookie": "wzws_cid=0a1b2c; path=/"}, "<script>eval(x)</script>")],
        [(200, {"set-cookie": "wzws_cid=0a1b2c; path=/"}, report_page())],
    ),
    "yunsuo": (
        [(200, {"set-cookie": "yunsuo_session_verify=5ef2a; expires=Sat, 01 Jan 2050 00:00:00 GMT"}, YUNSUO)],
        [(200, {"set-cookie": "yunsuo_session_verify=5ef2a"}, report_page())],
    ),
    "aliyun": (
        [(200, {"set-cookie": "acw_tc=76b20f4b; path=/"}, ALIYUN_JS), (405, {}, ALIYUN_BLOCK)],
        [(200, {"set-cookie": "acw_tc=76b20f4b; path=/"}, report_page("技术支持：阿里云盾"))],
    ),
    "cloudflare": (
        [(403, {}, CLOUDFLARE_CHALLENGE)],
        [(521, {}, CLOUDFLARE_521), (200, {}, report_page())],
    ),
    "waf_text": (
        [(403, {}, SAFEDOG), (200, {}, CHUANGYU), (200, {}, WEBSCAN_360), (403, {}, REQUEST_BLOCKED_EN),
         (403, {}, WEAK_403), (200, {}, ALIYUN_BLOCK)],
        [(200, {}, report_page("加强网络安全防护，禁止访问非法网站，访问被拒绝时请联系管理员")),
         (200, {}, "<html><body><h1>关于开展网络安全防护检查的通知</h1>"
                   "<p>附件：检查表.docx</p></body></html>"),
         (200, {}, report_page())],
    ),
    "forbidden": (
        [(403, {}, NGINX_403), (401, {}, b""), (451, {}, "<h1>Unavailable For Legal Reasons</h1>")],
        [(404, {}, NGINX_403), (200, {}, NGINX_403), (403, {}, report_page())],
    ),
    "js_required": (
        [(200, {}, NEEDS_JS_CN),
         (200, {}, "<html><body><p>Please enable JavaScript to view the page content.</p>"
                   "<script src='/c.js'></script></body></html>"),
         (200, {}, "<html><body><div>您的浏览器禁用了JavaScript，请开启后刷新页面</div></body></html>")],
        [(200, {}, report_page("<noscript>您的浏览器不支持JavaScript，请开启后浏览本站</noscript>")),
         (200, {}, f"<html><body><noscript>请开启JavaScript</noscript>{chrome()}<p>正文</p></body></html>"),
         (200, {}, APP_SHELL), (200, {}, NEEDS_JS_EN)],
    ),
    "cookie_script": (
        [(200, {}, COOKIE_WALL), (503, {}, COOKIE_WALL)],
        # The font-size script of a genuine page sets a cookie and reloads too.
        [(200, {}, report_page()), (200, {}, "<script>document.cookie='a=1'</script>")],
    ),
    "soft_404": (
        [(200, {}, SOFT_404_CHROME), (200, {}, SOFT_404_DELETED), (200, {}, SOFT_404_H1),
         (200, {}, SOFT_404_EN),
         (200, {}, "<html><body><p>对不起，您访问的页面不存在或已被删除！5秒后返回首页</p></body></html>"),
         (None, {}, "<title>页面未找到</title>")],
        [(200, {}, report_page("<a href='/feedback'>页面不存在？点此反馈</a> 404 Not Found")),
         (200, {}, report_page(title="关于信息不存在问题的整改报告")),
         (404, {}, SOFT_404_EN), (410, {}, SOFT_404_DELETED)],
    ),
}


def _signals(case: Case) -> Signals:
    status, headers, body = case
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Signals(status, headers, data, None)


def _classify(case: Case) -> Verdict | None:
    status, headers, body = case
    data = body.encode("utf-8") if isinstance(body, str) else body
    return classify_response(status, headers, data, None)


RULE_BY_NAME = {rule.name: rule for rule in RULES}


def test_every_rule_has_cases_and_a_description() -> None:
    assert set(CASES) == set(RULE_BY_NAME)
    assert len(RULE_BY_NAME) == len(RULES)
    for rule in RULES:
        assert rule.description and rule.kind in ("blocked", "not_found")
        positives, negatives = CASES[rule.name]
        assert positives and negatives


@pytest.mark.parametrize("name", list(CASES))
def test_rule_positive(name: str) -> None:
    rule = RULE_BY_NAME[name]
    for i, case in enumerate(CASES[name][0]):
        assert rule.match(_signals(case)), f"{name} positive #{i} not matched"
        verdict = _classify(case)
        assert verdict is not None and verdict.kind == rule.kind, (name, i, verdict)
        assert verdict.reason


@pytest.mark.parametrize("name", list(CASES))
def test_rule_negative(name: str) -> None:
    rule = RULE_BY_NAME[name]
    for i, case in enumerate(CASES[name][1]):
        reason = rule.match(_signals(case))
        assert reason is None, f"{name} negative #{i} matched: {reason}"


@pytest.mark.parametrize(("body", "status", "headers", "vendor"), [
    (RUISHU_412, 412, {}, "ruishu"),
    (JSL_ROUND1, 521, {}, "jiasule"),
    (F5_BLOCK, 200, {}, "f5"),
    (WZWS, 200, {}, "wzws"),
    (YUNSUO, 200, {}, "yunsuo"),
    (ALIYUN_JS, 200, {}, "aliyun"),
    (CLOUDFLARE_CHALLENGE, 503, {}, "cloudflare"),
    (SAFEDOG, 403, {}, "safedog"),
    (CHUANGYU, 200, {}, "knownsec"),
    (WEBSCAN_360, 200, {}, "360"),
    (REQUEST_BLOCKED_EN, 403, {}, None),
])
def test_vendor(body: str, status: int, headers: dict[str, str], vendor: str | None) -> None:
    verdict = classify_response(status, headers, body.encode("utf-8"))
    assert verdict is not None and verdict.kind == "blocked"
    assert verdict.vendor == vendor


def _real_pages() -> list[Path]:
    dirs = [ROOT.parent / "shared" / "realpages", ROOT / "tests" / "gold" / "real", ROOT / "tests" / "gold" / "synth"]
    return sorted({p.resolve() for d in dirs if d.is_dir() for p in d.glob("*.html")})


def test_genuine_pages_are_never_flagged() -> None:
    pages = _real_pages()
    assert len(pages) >= 70  # the gold set ships with the repo
    for path in pages:
        data = path.read_bytes()
        for ctype in ("text/html", "text/html; charset=iso-8859-1"):
            verdict = classify_response(200, {"content-type": ctype}, data)
            assert verdict is None, (path.name, verdict)
        # GB2312 pages read as gb18030 (UTF-8 ones garble but stay long pages)
        text = data.decode("gb18030", "replace")
        assert classify_response(200, {}, data, text) is None, path.name


def test_corpus_reports_are_never_flagged() -> None:
    for path in sorted(CORPUS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        html = f"<title>{doc['title']}</title><h1>{doc['title']}</h1>" + "".join(
            f"<p>{p}</p>" for p in doc["paragraphs"])
        assert classify_response(200, {}, html.encode("utf-8")) is None, path.name
        assert classify_response(200, {}, html.encode("gb18030"), html) is None, path.name


def test_simulated_site_pages_are_never_flagged(sites: SimulatedSites) -> None:
    """Every page of the simulated sites (lists, reports, decoys, chrome pages, both states)."""
    seen = 0
    with httpx.Client(timeout=10) as client:
        for state in ("initial", "later"):
            sites.set_state(state)
            for exp in sites.expected().values():
                urls = {*exp.start_urls, *exp.list_pages, *(r.url for r in exp.reports), *exp.decoys,
                        *exp.chrome_pages}
                for url in sorted(urls):
                    resp = client.get(url)
                    headers = {k.lower(): v for k, v in resp.headers.items()}
                    assert classify_response(resp.status_code, headers, resp.content) is None, url
                    seen += 1
    assert seen > 100


def _serve(handler: faults.Handler, target: str = "/zwgk/202403/t20240301_1.html") -> tuple[
        int, dict[str, str], bytes]:
    resp = to_response(handler(Request("demo", "GET", target, {})))  # type: ignore[arg-type]
    headers: dict[str, str] = {}
    for key, value in resp.headers:
        k = key.lower()
        headers[k] = f"{headers[k]}, {value}" if k in headers else value
    assert isinstance(resp.body, bytes)
    return resp.status, headers, resp.body


@pytest.mark.parametrize(("handler", "kind", "vendor"), [
    (faults.ruishu_challenge(), "blocked", "ruishu"),
    (faults.ruishu_challenge(202), "blocked", "ruishu"),
    (faults.jsl_challenge(), "blocked", "jiasule"),
    (faults.soft_404(), "not_found", None),
])
def test_simulated_walls(handler: faults.Handler, kind: str, vendor: str | None) -> None:
    status, headers, body = _serve(handler)
    verdict = classify_response(status, headers, body)
    assert verdict is not None and verdict.kind == kind and verdict.vendor == vendor


def test_simulated_server_error_is_not_a_wall() -> None:
    status, headers, body = _serve(faults.fail_then_succeed(1))
    assert classify_response(status, headers, body) is None


def test_never_raises_on_odd_input() -> None:
    for body in (b"", b"\xff\xfe\x00<", b"<" * 10000, "<title>页面不存在".encode("gbk"), b"\x00" * 100):
        for status in (None, 200, 412, 521, 403):
            verdict = classify_response(status, {}, body)
            assert verdict is None or isinstance(verdict, Verdict)
    assert classify_response(200, {"content-type": "text/html; charset=gb2312"},
                             "<title>页面不存在</title>".encode("gbk")) == Verdict(
        "not_found", "soft 404: HTTP 200 page titled '页面不存在'", None)


def test_verdict_is_frozen() -> None:
    verdict = Verdict("blocked", "x")
    with pytest.raises(AttributeError):
        verdict.kind = "not_found"  # type: ignore[misc]
