"""Tests of the simulated government sites themselves (not of govwatch's crawler)."""

from __future__ import annotations

import gzip
import html
import json
import re
import time
import unicodedata
import zlib
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
import yaml

from govwatch.demo import faults
from govwatch.demo.catalog import specs
from govwatch.demo.chrome import fullwidth
from govwatch.demo.documents import SEED_PLACES, seed, seed_ids
from govwatch.demo.sites import FETCHER_OF, ExpectedSource, SimulatedSites

SOURCES = [s.source_id for s in specs()]


# --------------------------------------------------------------------------- helpers


def decode(resp: httpx.Response) -> str:
    """Decode a page the way a careful crawler would: meta charset wins, gb2312/gbk read as gb18030."""
    head = resp.content[:2048].decode("ascii", "replace")
    m = re.search(r"charset=[\"']?([\w-]+)", head, re.I)
    enc = (m.group(1) if m else "utf-8").lower()
    if enc in ("gb2312", "gbk"):
        enc = "gb18030"
    return resp.content.decode(enc)


def plain(text: str) -> str:
    """Tags stripped, entities resolved, NFKC, no whitespace: for substring checks of paragraphs."""
    text = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S | re.I)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def squash(paragraph: str) -> str:
    return re.sub(r"\s+", "", paragraph)


def discover(sites: SimulatedSites, source_id: str, client: httpx.Client) -> tuple[list[str], list[str]]:
    """A family-aware reference crawl of a report column: (list page URLs fetched, detail URLs in order)."""
    family = sites.family(source_id)
    start = sites.start_urls(source_id)[0]
    pages: list[str] = []
    details: list[str] = []

    def fetch(url: str) -> str:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        pages.append(url)
        return decode(r)

    if family == "trs":
        text = fetch(start)
        total = int(re.search(r"createPageHTML\((\d+),", text).group(1))  # type: ignore[union-attr]
        for i in range(total):
            url = urljoin(start, "index.html" if i == 0 else f"index_{i}.html")
            text = text if i == 0 else fetch(url)
            box = re.search(r'<ul class="list">(.*?)</ul>', text, re.S)
            details += [urljoin(url, h) for h in re.findall(r'href="([^"]+)"', box.group(1) if box else "")]
    elif family == "legacy_gbk":
        url: str | None = start
        while url:
            text = fetch(url)
            details += [
                urljoin(url, h) for h in re.findall(r'href="(ShowArticle\.asp\?ArticleID=\d+)"', text)
            ]
            nxt = re.search(r'<a href="([^"]+)">下一页</a>', text)
            url = urljoin(url, html.unescape(nxt.group(1))) if nxt else None
    elif family == "hanweb":
        text = fetch(start)
        store = re.search(r'<script type="text/xml">(.*?)</script>', text, re.S).group(1)  # type: ignore[union-attr]
        details += [urljoin(start, h) for h in re.findall(r'href="(/art/[^"]+)"', store)]
        total = int(re.search(r"<totalrecord>(\d+)</totalrecord>", store).group(1))  # type: ignore[union-attr]
        unit = re.search(r"jpageform_(\d+)", text).group(1)  # type: ignore[union-attr]
        col = re.search(r"/col/col(\d+)/", start).group(1)  # type: ignore[union-attr]
        per = int(re.search(r"perPage: (\d+)", text).group(1))  # type: ignore[union-attr]
        while len(details) < total:
            first = len(details) + 1
            proxy = urljoin(
                start,
                f"/module/web/jpage/dataproxy.jsp?startrecord={first}&endrecord={first + per * 3 - 1}"
                f"&perpage={per}",
            )
            form = {
                "col": "1",
                "appid": "1",
                "webid": "3282",
                "path": "/",
                "columnid": col,
                "unitid": unit,
                "webname": "x",
                "permissiontype": "0",
            }
            r = client.post(proxy, data=form)
            pages.append(proxy)
            got = [urljoin(start, h) for h in re.findall(r'href="(/art/[^"]+)"', r.text)]
            assert got, "dataproxy returned no records"
            details += got
    elif family == "gkmlpt":
        index = fetch(start)
        sid = re.search(r"SID:\s*'(\d+)'", index).group(1)  # type: ignore[union-attr]
        cat = urlsplit(start).fragment
        page = 1
        while True:
            api = urljoin(start, f"/gkmlpt/api/all/{cat}?page={page}&sid={sid}")
            data = json.loads(fetch(api))
            details += [a["url"] for a in data["articles"]]
            if not data["articles"] or len(details) >= data["total"]:
                break
            page += 1
    elif family == "huaian":
        text = fetch(start)
        total = int(re.search(r"var totalPage = (\d+);", text).group(1))  # type: ignore[union-attr]
        for i in range(1, total + 1):
            url = urljoin(start, "index.html" if i == 1 else f"index_{i}.html")
            text = text if i == 1 else fetch(url)
            details += [urljoin(url, h) for h in re.findall(r'href="(/art/[^"]+)"', text)]
    elif family in ("hunan", "shaanxi", "ucap"):
        pattern = {
            "hunan": r'href="([^"]*content_\d+\.html)"',
            "shaanxi": r'href="([^"]*/\d{19}\.html)"',
            "ucap": r'href="([^"]*content_[0-9a-f]{32}\.shtml)"',
        }[family]
        seen: set[str] = set()
        todo = [start]
        while todo:
            url = todo.pop(0)
            if url in seen:
                continue
            seen.add(url)
            text = fetch(url)
            details += [urljoin(url, h) for h in re.findall(pattern, text) if urljoin(url, h) not in details]
            nxt = re.search(r'<a[^>]*href="([^"]+)"[^>]*>下一页</a>', text)
            if nxt:
                todo.append(urljoin(url, html.unescape(nxt.group(1))))
    else:  # pragma: no cover
        raise AssertionError(family)
    return pages, details


@pytest.fixture
def client() -> httpx.Client:
    with httpx.Client(timeout=10) as c:
        yield c  # type: ignore[misc]


# --------------------------------------------------------------------------- document model


def test_fullwidth_round_trips_to_corpus_text() -> None:
    for spec in specs():
        for pl in spec.initial + spec.later:
            for p in (pl.doc.title, *pl.doc.paragraphs):
                assert unicodedata.normalize("NFKC", fullwidth(p)) == p


def test_seeds_load_and_variants_differ() -> None:
    assert set(seed_ids()) == set(SEED_PLACES)
    docs = {pl.doc.id: pl.doc for spec in specs() for pl in spec.initial + spec.later}
    assert len(docs) >= 40
    seeds = {sid: seed(sid) for sid in seed_ids()}
    for doc in docs.values():
        if doc.kind == "report" and doc.id not in seeds:
            assert all(doc.paragraphs != s.paragraphs for s in seeds.values()), doc.id
    derived = docs["longhua-2023"]
    assert "曾都" not in derived.text and "龙华" in derived.text
    assert "2023年" in derived.paragraphs[0]


def test_each_site_has_several_reports_and_decoys(sites: SimulatedSites) -> None:
    truth = sites.expected()
    assert set(truth) == set(SOURCES)
    kinds = set()
    for exp in truth.values():
        assert 3 <= len(exp.active()) <= 8, exp.source_id
        assert exp.decoys
        assert not {r.url for r in exp.reports} & exp.decoys
        assert len(exp.list_pages) >= 1
        for r in exp.reports:
            assert r.status == "active" and r.duplicate_of is None and r.report_year
        kinds |= {r.title for r in exp.reports}
    titles = " ".join(kinds)
    for shape in ("关于2016—2020年", "司法局", "人民政府 关于", "工作总结", "中共"):
        assert shape in titles
    decoys = " ".join(sorted(u for e in truth.values() for u in e.decoys))
    assert decoys  # decoy titles are checked through the pages below


# --------------------------------------------------------------------------- serving


@pytest.mark.parametrize("source_id", SOURCES)
def test_family_serves_lists_and_details(sites: SimulatedSites, client: httpx.Client, source_id: str) -> None:
    exp = sites.expected()[source_id]
    pages, details = discover(sites, source_id, client)
    active = {r.url for r in exp.active()}
    assert active <= set(details), "every report is reachable from the list"
    assert set(details) <= active | exp.decoys, "lists only link reports and decoys"
    assert set(details) & exp.decoys, "decoys are listed next to reports"
    api_pages = {p for p in pages if "/gkmlpt/index" not in p}
    if sites.family(source_id) != "hanweb":
        assert api_pages <= set(exp.list_pages) | set(exp.start_urls)
    for report in exp.active():
        r = client.get(report.url)
        assert r.status_code == 200
        text = plain(decode(r))
        for p in report.paragraphs:
            assert squash(p) in text, (report.url, p[:40])
        assert squash(report.title) in text
        y, m, d = (int(x) for x in report.published.split("-"))
        assert report.published in text or f"{y}-{m}-{d}" in text
    for url in exp.decoys:
        r = client.get(url)
        assert r.status_code == 200
    for url in exp.chrome_pages:
        r = client.get(url)
        assert r.status_code == 200, url
        text = plain(decode(r))
        assert not any(squash(p) in text for rep in exp.reports for p in rep.paragraphs if len(p) > 30)


@pytest.mark.parametrize("source_id", SOURCES)
def test_list_pages_carry_decoy_links(sites: SimulatedSites, client: httpx.Client, source_id: str) -> None:
    family = sites.family(source_id)
    url = sites.start_urls(source_id)[0]
    if family == "gkmlpt":
        url = sites.expected()[source_id].start_urls[0].split("#")[0]
    text = decode(client.get(url))
    assert "javascript:" in text
    assert "mailto:" in text
    assert "http://www.gov.cn/" in text
    if family not in ("gkmlpt", "legacy_gbk"):
        assert "https://www.beian.gov.cn/" in text
        assert "您访问的链接即将离开" in text
        assert any(sites.base_url(p) in text for p in sites.source_ids if p != source_id)


def test_detail_chrome_and_metas(sites: SimulatedSites, client: httpx.Client) -> None:
    truth = sites.expected()
    for sid, exp in truth.items():
        text = decode(client.get(exp.active()[0].url))
        family = sites.family(sid)
        has_metas = '<meta name="ArticleTitle"' in text
        assert has_metas == (family not in ("legacy_gbk", "shaanxi")), sid
        assert "打印" in text and "关闭" in text
        if family != "legacy_gbk":
            assert "扫一扫在手机" in text and "分享" in text and "版权所有" in text and "ICP备" in text
            assert "公网安备" in text and "网站标识码" in text and "上一篇" in text
    trs = decode(client.get(truth["trs-demo"].active()[0].url))
    assert 'class="TRS_Editor"' in trs and "今天是：2019年10月31日" in trs
    assert any('class="zwxl-table"' in decode(client.get(r.url)) for r in truth["trs-demo"].active())
    han = decode(client.get(truth["hanweb-demo"].active()[0].url))
    for marker in (
        '<div class="main-txt" id="zoom">',
        "<!--ZJEG_RSS.content.begin-->",
        "<!--ZJEG_RSS.content.end-->",
        'name="ContentStart"',
        'name="i_columnid"',
        'name="i_articleid"',
        'name="Maketime"',
    ):
        assert marker in han
    ucap = decode(client.get(truth["ucap-demo"].active()[0].url))
    assert "<ucapcontent>" in ucap and 'id="UCAP-CONTENT"' in ucap and 'id="printContent"' in ucap
    assert re.search(r"/gkmlpt/content/\d+/\d+/post_\d+\.html$", truth["gkmlpt-demo"].active()[0].url)
    assert re.search(r"/\d{19}\.html$", truth["shaanxi-demo"].active()[0].url)
    assert re.search(r"/art/1835/\d{17}\.html$", truth["huaian-demo"].active()[0].url)
    assert re.search(r"/content_\d+\.html$", truth["hunan-demo"].active()[0].url)


def test_unknown_paths_404_and_assets(sites: SimulatedSites, client: httpx.Client) -> None:
    for sid in sites.source_ids:
        assert client.get(sites.url(sid, "/no/such/page.html")).status_code == 404
        assert client.get(sites.url(sid, "/robots.txt")).status_code == 200
        assert client.get(sites.url(sid, "/images/logo.png")).headers["content-type"] == "image/gif"


# --------------------------------------------------------------------------- family specifics


def test_legacy_gbk_bytes_and_declarations(sites: SimulatedSites, client: httpx.Client) -> None:
    exp = sites.expected()["legacy-gbk-demo"]
    r = client.get(exp.start_urls[0])
    assert r.headers["content-type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    text = r.content.decode("gbk")
    assert "charset=gb2312" in text and "法治政府建设" in text
    assert "下一页" in text and 'href="list.asp?page=2"' in text
    assert r.headers["server"] == "Microsoft-IIS/6.0"
    ctypes, metas = set(), set()
    for rep in exp.active():
        d = client.get(rep.url)
        ctypes.add(d.headers["content-type"])
        body = d.content.decode("gbk")
        metas.add("http-equiv" if 'http-equiv="Content-Type"' in body else "charset")
        assert rep.paragraphs[1] in unicodedata.normalize("NFKC", html.unescape(body))
    assert ctypes == {"text/html", "text/html; charset=iso-8859-1"}
    assert metas == {"http-equiv", "charset"}


def test_trs_pagination_and_stub(sites: SimulatedSites, client: httpx.Client) -> None:
    exp = sites.expected()["trs-demo"]
    first = client.get(exp.start_urls[0]).text
    m = re.search(r'createPageHTML\((\d+), 0, "index", "html"\)', first)
    assert m and int(m.group(1)) == len(exp.list_pages)
    stub = client.get(exp.list_pages[-1], headers={"Accept-Encoding": "identity"})
    assert stub.status_code == 200 and 250 <= len(stub.content) <= 400
    assert "<li>" not in stub.text
    beyond = exp.list_pages[-1].replace(f"index_{len(exp.list_pages) - 1}", f"index_{len(exp.list_pages)}")
    assert client.get(beyond).status_code == 404


def test_hanweb_datastore_and_post_paging(sites: SimulatedSites, client: httpx.Client) -> None:
    exp = sites.expected()["hanweb-demo"]
    start = exp.start_urls[0]
    text = client.get(start).text
    outside = re.sub(r'<script type="text/xml">.*?</script>', "", text, flags=re.S)
    assert "/art/" not in outside, "no plain links to documents outside the datastore"
    assert re.search(r"<datastore>.*<totalrecord>8</totalrecord>.*<recordset>", text, re.S)
    unit = re.search(r"jpageform_(\d+)", text).group(1)  # type: ignore[union-attr]
    assert f"unitid={unit}" in text
    form = {
        "col": "1",
        "appid": "1",
        "webid": "3282",
        "path": "/",
        "columnid": "1229436875",
        "unitid": unit,
        "webname": "海盐县人民政府",
        "permissiontype": "0",
    }
    proxy = sites.url("hanweb-demo", "/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3")
    r = client.post(proxy, data=form)
    assert r.status_code == 200 and "xml" in r.headers["content-type"]
    records = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", r.text, re.S)
    assert len(records) == 3
    assert "<totalrecord>8</totalrecord>" in r.text
    _, details = discover(sites, "hanweb-demo", client)
    assert [urljoin(start, re.search(r'href="([^"]+)"', rec).group(1)) for rec in records] == details[3:6]  # type: ignore[union-attr]
    everything = client.post(
        proxy.replace("startrecord=4&endrecord=6", "startrecord=1&endrecord=45").replace(
            "perpage=3", "perpage=15"
        ),
        data=form,
    )
    assert len(re.findall(r"<record>", everything.text)) == 8
    wrong = client.post(proxy, data={**form, "unitid": "1"})
    assert "<totalrecord>0</totalrecord>" in wrong.text and "<record>" not in wrong.text
    assert "<record>" not in client.get(proxy).text
    alias = client.post(proxy.replace("/module/web/jpage/", "/module/jpage/"), data=form)
    assert len(re.findall(r"<record>", alias.text)) == 3


def test_gkmlpt_json_paging(sites: SimulatedSites, client: httpx.Client) -> None:
    exp = sites.expected()["gkmlpt-demo"]
    start = exp.start_urls[0]
    assert start.endswith("#2751")
    index = client.get(start).text
    sid = re.search(r"SID:\s*'(\d+)'", index).group(1)  # type: ignore[union-attr]
    page1 = client.get(sites.url("gkmlpt-demo", f"/gkmlpt/api/all/2751?page=1&sid={sid}")).json()
    page2 = client.get(sites.url("gkmlpt-demo", f"/gkmlpt/api/all/2751?page=2&sid={sid}")).json()
    assert page1["total"] == 6 and len(page1["articles"]) == 4 and len(page2["articles"]) == 2
    art = page1["articles"][1]
    assert {"title", "url", "publish_time", "display_publish_time", "identifier", "document_number"} <= set(
        art
    )
    assert art["url"] == exp.active()[0].url
    assert unicodedata.normalize("NFKC", art["title"]) == exp.active()[0].title
    bad = client.get(sites.url("gkmlpt-demo", "/gkmlpt/api/all/2751?page=1&sid=000")).json()
    assert bad["articles"] == []
    other = client.get(sites.url("gkmlpt-demo", f"/gkmlpt/api/all/2752?page=1&sid={sid}")).json()
    assert other["total"] == 1 and "解读" in other["articles"][0]["title"]


def test_huaian_js_paging(sites: SimulatedSites, client: httpx.Client) -> None:
    exp = sites.expected()["huaian-demo"]
    text = client.get(exp.start_urls[0]).text
    assert "goPage(2)" in text and "'index_' + p + '.html'" in text and "var totalPage = 3;" in text
    assert '<a href="index_2.html"' not in text
    assert [p.rsplit("/", 1)[1] for p in exp.list_pages] == ["index.html", "index_2.html", "index_3.html"]
    assert client.get(exp.start_urls[0].replace("index.html", "index_1.html")).status_code == 404


# --------------------------------------------------------------------------- states


def _snapshot(sites: SimulatedSites, client: httpx.Client) -> dict[str, list[str]]:
    return {sid: discover(sites, sid, client)[1] for sid in sites.source_ids}


def test_state_switch_changes_exactly_what_changes_says(sites: SimulatedSites, client: httpx.Client) -> None:
    ch = sites.changes()
    before_truth = sites.expected()
    before_lists = _snapshot(sites, client)
    before_bytes = {
        r.url: client.get(r.url, headers={"Accept-Encoding": "identity"}).content
        for e in before_truth.values()
        for r in e.reports
    }
    sites.set_state("later")
    assert sites.state == "later"
    after_truth = sites.expected()
    after_lists = _snapshot(sites, client)

    # edited: one sentence changed, one paragraph added
    assert ch.edited and ch.source_of[ch.edited] == "trs-demo"
    old = before_truth["trs-demo"].by_url(ch.edited)
    new = after_truth["trs-demo"].by_url(ch.edited)
    assert old and new and len(new.paragraphs) == len(old.paragraphs) + 1
    changed = [p for p in new.paragraphs if p not in old.paragraphs]
    assert len(changed) == 2
    assert squash(new.paragraphs[-1]) in plain(client.get(ch.edited).text)

    # re-skinned: same text, different bytes
    assert ch.reskinned and ch.source_of[ch.reskinned] == "hanweb-demo"
    a = before_truth["hanweb-demo"].by_url(ch.reskinned)
    b = after_truth["hanweb-demo"].by_url(ch.reskinned)
    assert a and b and a.paragraphs == b.paragraphs
    page = client.get(ch.reskinned, headers={"Accept-Encoding": "identity"}).content
    assert page != before_bytes[ch.reskinned]
    assert "您当前的位置" in page.decode() and "nx2024" in page.decode()

    # deleted: 404 on one site, 410 on another, gone from the lists, "gone" in the ground truth
    assert sorted(ch.deleted.values()) == [404, 410]
    for url, status in ch.deleted.items():
        sid = ch.source_of[url]
        assert client.get(url).status_code == status
        assert url in before_lists[sid] and url not in after_lists[sid]
        rep = after_truth[sid].by_url(url)
        assert rep and rep.status == "gone" and rep.gone_status == status

    # duplicated: same body under a second URL, linked from the report list
    assert ch.duplicate
    orig, copy = ch.duplicate
    assert ch.source_of[copy] == "hunan-demo" and copy in after_lists["hunan-demo"]
    dup = after_truth["hunan-demo"].by_url(copy)
    assert dup and dup.duplicate_of == orig
    assert dup.paragraphs == after_truth["hunan-demo"].by_url(orig).paragraphs  # type: ignore[union-attr]
    assert "/66320/" in copy and client.get(copy).status_code == 200

    # new report at the top of page 1: everything shifts by one
    assert ch.new and ch.source_of[ch.new] == "huaian-demo"
    assert after_lists["huaian-demo"][0] == ch.new
    assert after_lists["huaian-demo"][1:] == before_lists["huaian-demo"]
    p2_before = re.findall(r'href="(/art/[^"]+)"', client.get(before_truth["huaian-demo"].list_pages[1]).text)
    assert p2_before[0] == urlsplit(before_lists["huaian-demo"][2]).path
    new_rep = after_truth["huaian-demo"].by_url(ch.new)
    assert new_rep and new_rep.report_year == 2024

    # new decoy
    assert ch.new_decoy and ch.new_decoy in after_truth["gkmlpt-demo"].decoys
    assert after_lists["gkmlpt-demo"][0] == ch.new_decoy

    # nothing else changed
    touched = ch.urls()
    for sid, exp in before_truth.items():
        for rep in exp.reports:
            if rep.url in touched:
                continue
            later = after_truth[sid].by_url(rep.url)
            assert later and later.paragraphs == rep.paragraphs and later.status == "active"
    assert after_lists["legacy-gbk-demo"] == before_lists["legacy-gbk-demo"]
    for sid in ("trs-demo", "hanweb-demo"):
        assert after_lists[sid] == before_lists[sid]
    sites.set_state("initial")
    assert _snapshot(sites, client) == before_lists
    with pytest.raises(ValueError):
        sites.set_state("tomorrow")


# --------------------------------------------------------------------------- HTTP behaviour


def test_request_log(sites: SimulatedSites, client: httpx.Client) -> None:
    sites.log.clear()
    url = sites.start_urls("trs-demo")[0]
    r = client.get(url, headers={"User-Agent": "govwatch-test"})
    client.post(
        sites.url("hanweb-demo", "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=3&perpage=3"),
        data={"columnid": "1229436875", "unitid": "7351234"},
    )
    client.get(sites.url("ucap-demo", "/missing.html"))
    entries = sites.log.entries()
    assert len(entries) == len(sites.log) == 3
    first = entries[0]
    assert first.method == "GET" and first.source_id == "trs-demo" and first.status == 200
    assert first.host == sites.host("trs-demo") and first.url == url
    assert first.path == urlsplit(url).path and first.header("user-agent") == "govwatch-test"
    assert first.bytes_sent == int(r.headers["content-length"]) > 0
    post = entries[1]
    assert post.method == "POST" and b"unitid=7351234" in post.body
    assert entries[2].status == 404
    assert sites.log.count("ucap-demo", status=404) == 1
    assert sites.log.bytes_sent() == sum(e.bytes_sent for e in entries)
    assert sites.log.hosts() == {sites.host(s) for s in ("trs-demo", "hanweb-demo", "ucap-demo")}
    assert sites.source_for(url) == "trs-demo" and sites.source_for("http://www.gov.cn/") is None
    sites.log.clear()
    assert len(sites.log) == 0


@pytest.mark.parametrize("source_id", ["trs-demo", "hanweb-demo", "gkmlpt-demo", "shaanxi-demo", "ucap-demo"])
def test_stable_pages_answer_304(sites: SimulatedSites, client: httpx.Client, source_id: str) -> None:
    url = sites.expected()[source_id].active()[0].url
    a = client.get(url)
    b = client.get(url)
    assert a.content == b.content and a.headers["etag"] == b.headers["etag"]
    etag, modified = a.headers["etag"], a.headers["last-modified"]
    r = client.get(url, headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == etag
    r = client.get(url, headers={"If-None-Match": etag.removeprefix("W/")})
    assert r.status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    earlier = format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(url, headers={"If-None-Match": '"nope"'}).status_code == 200


def test_trs_gzip_and_weak_etag(sites: SimulatedSites, client: httpx.Client) -> None:
    url = sites.expected()["trs-demo"].active()[0].url
    with httpx.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
        assert r.headers["content-encoding"] == "gzip" and r.headers["etag"].startswith("W/")
    plain_bytes = client.get(url, headers={"Accept-Encoding": "identity"})
    assert gzip.decompress(raw) == plain_bytes.content
    assert "content-encoding" not in plain_bytes.headers and not plain_bytes.headers["etag"].startswith("W/")
    assert sites.log.entries()[-2].bytes_sent == len(raw)


@pytest.mark.parametrize("source_id", ["legacy-gbk-demo", "huaian-demo", "hunan-demo"])
def test_dynamic_pages_change_on_every_request(
    sites: SimulatedSites, client: httpx.Client, source_id: str
) -> None:
    url = sites.expected()[source_id].active()[0].url
    a, b = client.get(url), client.get(url)
    assert a.content != b.content and "etag" not in a.headers
    count = re.compile(r"(?:点击数|浏览次数|阅读量)：(?:<[^>]+>)*(\d+)")
    n1 = int(count.search(decode(a)).group(1))  # type: ignore[union-attr]
    n2 = int(count.search(decode(b)).group(1))  # type: ignore[union-attr]
    assert n2 > n1
    assert "今天是：" in decode(a)
    if source_id == "legacy-gbk-demo":  # classic ASP: no validators, every request a full 200
        assert "last-modified" not in a.headers
        assert client.get(url, headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}).status_code == 200
    else:  # Last-Modified is the article's, so If-Modified-Since is answered whatever the counter
        assert client.get(url, headers={"If-Modified-Since": b.headers["last-modified"]}).status_code == 304
        earlier = format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True)
        assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
        assert client.get(url, headers={"If-None-Match": '"nope"'}).status_code == 200
    assert plain(decode(a)).count(squash(sites.expected()[source_id].active()[0].paragraphs[2])) >= 1


def test_last_modified_is_document_date(sites: SimulatedSites, client: httpx.Client) -> None:
    rep = sites.expected()["ucap-demo"].active()[0]
    lm = client.get(rep.url).headers["last-modified"]
    y, _, d = rep.published.split("-")
    assert f"{int(d):02d}" in lm and y in lm


# --------------------------------------------------------------------------- overrides and faults


def test_override_passthrough_glob_and_removal(sites: SimulatedSites, client: httpx.Client) -> None:
    url = sites.start_urls("ucap-demo")[0]
    path = urlsplit(url).path
    sites.override("ucap-demo", path, faults.status(503, "down"))
    assert client.get(url).status_code == 503
    assert client.get(sites.start_urls("trs-demo")[0]).status_code == 200  # other sites untouched
    sites.remove_override("ucap-demo", path)
    assert client.get(url).status_code == 200
    sites.override("ucap-demo", "/govxxgk/*", faults.status(502))
    assert client.get(url).status_code == 502
    sites.clear_overrides()
    sites.override("ucap-demo", "*", lambda req: req.passthrough())
    assert client.get(url).status_code == 200
    sites.override("ucap-demo", "*", lambda req: (418, {"X-Test": "1"}, b"teapot"))
    r = client.get(url)
    assert r.status_code == 418 and r.headers["x-test"] == "1" and r.content == b"teapot"
    sites.clear_overrides("ucap-demo")
    assert client.get(url).status_code == 200


def test_fail_then_succeed(sites: SimulatedSites, client: httpx.Client) -> None:
    url = sites.start_urls("trs-demo")[0]
    sites.override("trs-demo", urlsplit(url).path, faults.fail_then_succeed(2))
    assert [client.get(url).status_code for _ in range(3)] == [500, 500, 200]


def test_rate_limited(sites: SimulatedSites, client: httpx.Client) -> None:
    url = sites.start_urls("hunan-demo")[0]
    sites.override("hunan-demo", urlsplit(url).path, faults.rate_limited(times=1, retry_after=3))
    r = client.get(url)
    assert r.status_code == 429 and r.headers["retry-after"] == "3"
    assert client.get(url).status_code == 200


def test_slow_and_slow_body(sites: SimulatedSites) -> None:
    url = sites.start_urls("shaanxi-demo")[0]
    sites.override("shaanxi-demo", urlsplit(url).path, faults.slow(0.6))
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(url, timeout=0.2)
    started = time.monotonic()
    assert httpx.get(url, timeout=5).status_code == 200
    assert time.monotonic() - started >= 0.5
    sites.override("shaanxi-demo", urlsplit(url).path, faults.slow_body(0.05, chunk_size=2000))
    started = time.monotonic()
    r = httpx.get(url, timeout=5)
    assert r.status_code == 200 and "法治政府建设" in r.text
    assert time.monotonic() - started >= 0.1


def test_redirects(sites: SimulatedSites, client: httpx.Client) -> None:
    target = sites.start_urls("ucap-demo")[0]
    sites.override("ucap-demo", "/old/index.html", faults.redirect(urlsplit(target).path, 301))
    r = httpx.get(sites.url("ucap-demo", "/old/index.html"), follow_redirects=True)
    assert r.status_code == 200 and str(r.url) == target
    sites.override("ucap-demo", "/loop.html", faults.redirect_loop())
    with pytest.raises(httpx.TooManyRedirects), httpx.Client(follow_redirects=True, max_redirects=5) as c:
        c.get(sites.url("ucap-demo", "/loop.html"))


def test_challenges(sites: SimulatedSites, client: httpx.Client) -> None:
    url = sites.start_urls("trs-demo")[0]
    path = urlsplit(url).path
    sites.override("trs-demo", path, faults.ruishu_challenge())
    r = client.get(url)
    assert r.status_code == 412 and "$_ts" in r.text and "r='m'" in r.text and "set-cookie" in r.headers
    sites.override("trs-demo", path, faults.ruishu_challenge(202))
    assert client.get(url).status_code == 202
    sites.override("trs-demo", path, faults.jsl_challenge())
    r = client.get(url)
    assert r.status_code == 521 and "document.cookie" in r.text
    spelled = "".join(re.findall(r"\('(.)'\)", r.text))
    assert spelled.startswith("__jsl_clearance_s=")
    value = spelled.split("=", 1)[1]
    with httpx.Client(cookies={"__jsl_clearance_s": value}) as jar:
        assert jar.get(url).status_code == 521  # not passable by default
        sites.override("trs-demo", path, faults.jsl_challenge(passable=True))
        assert value == faults.jsl_value(path)
        assert jar.get(url).status_code == 200


def test_soft_404(sites: SimulatedSites, client: httpx.Client) -> None:
    url = sites.expected()["hunan-demo"].active()[0].url
    sites.override("hunan-demo", urlsplit(url).path, faults.soft_404())
    r = client.get(url)
    assert r.status_code == 200 and "页面不存在" in r.text


def test_gzip_bomb(sites: SimulatedSites) -> None:
    url = sites.start_urls("gkmlpt-demo")[0]
    size = 8 * 1024 * 1024
    sites.override("gkmlpt-demo", urlsplit(url).path, faults.gzip_bomb(size))
    with httpx.stream("GET", url) as r:
        assert r.headers["content-encoding"] == "gzip"
        raw = b"".join(r.iter_raw())
    assert len(raw) < size // 100
    assert len(zlib.decompress(raw, 31)) == size


def test_truncated_and_reset(sites: SimulatedSites) -> None:
    url = sites.start_urls("ucap-demo")[0]
    sites.override("ucap-demo", urlsplit(url).path, faults.truncated(0.3))
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        httpx.get(url, timeout=5)
    sites.override("ucap-demo", urlsplit(url).path, faults.reset())
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError)):
        httpx.get(url, timeout=5)
    assert sites.log.entries("ucap-demo")[-1].status == 0


def test_sequence_and_first(sites: SimulatedSites, client: httpx.Client) -> None:
    url = sites.start_urls("huaian-demo")[0]
    sites.override("huaian-demo", urlsplit(url).path, faults.flaky_sequence_demo())
    assert [client.get(url).status_code for _ in range(4)] == [500, 429, 200, 200]
    sites.override("huaian-demo", urlsplit(url).path, faults.first(1, faults.status(404)))
    assert [client.get(url).status_code for _ in range(2)] == [404, 200]
    with pytest.raises(ValueError):
        faults.sequence()


def test_handler_errors_become_500(sites: SimulatedSites, client: httpx.Client) -> None:
    def broken(req: object) -> None:
        raise RuntimeError("boom")

    sites.override("trs-demo", "/x.html", broken)
    r = client.get(sites.url("trs-demo", "/x.html"))
    assert r.status_code == 500 and "boom" in r.text


# --------------------------------------------------------------------------- config and lifecycle


def test_sources_yaml(sites: SimulatedSites, sources_file: Path) -> None:
    data = yaml.safe_load(sites.sources_yaml(delay=0.5))
    assert data["defaults"] == {"delay": 0.5, "timeout": 10, "retries": 1, "max_pages": 10, "recheck_after": 0}
    assert [s["id"] for s in data["sources"]] == SOURCES
    for src in data["sources"]:
        assert re.fullmatch(r"[a-z0-9_-]+", src["id"])
        family = sites.family(src["id"])
        assert src["name"].endswith("（模拟）") and src["region"]
        assert src["fetcher"] == FETCHER_OF.get(family, family)
        assert src["start_urls"] == sites.start_urls(src["id"])
    only = yaml.safe_load(sites.sources_yaml(families=["hanweb", "trs-demo"]))
    assert [s["id"] for s in only["sources"]] == ["trs-demo", "hanweb-demo"]
    assert yaml.safe_load(sources_file.read_text(encoding="utf-8"))["sources"]


def test_lifecycle_and_subset() -> None:
    sites = SimulatedSites(families=["trs", "ucap-demo"])
    assert sites.source_ids == ["trs-demo", "ucap-demo"]
    with pytest.raises(RuntimeError):
        sites.base_url("trs-demo")
    with sites:
        url = sites.start_urls("trs-demo")[0]
        assert httpx.get(url).status_code == 200
        assert sites.base_url("trs-demo") != sites.base_url("ucap-demo")
        ch = sites.changes()
        assert ch.edited and ch.new is None and ch.duplicate is None and list(ch.deleted.values()) == [404]
        truth: dict[str, ExpectedSource] = sites.expected()
        assert set(truth) == {"trs-demo", "ucap-demo"}
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)
    with pytest.raises(ValueError):
        SimulatedSites(families=["wordpress"])
    with pytest.raises(KeyError):
        sites.site("nope")


def test_summary_mentions_every_source(sites: SimulatedSites) -> None:
    text = sites.summary()
    assert all(sid in text for sid in SOURCES) and "state: initial" in text
