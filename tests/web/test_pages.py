"""The web pages in a real headless Chromium against the demo data (see conftest.py)."""

from __future__ import annotations

import csv
import io
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa

from tests.integration.test_e2e import govwatch
from tests.web.conftest import Served, start_serve, stop

STATUSES = ("published", "late", "missing", "blocked", "unreachable", "not_checked")


def _db(served: Served) -> sa.Engine:
    return sa.create_engine(served.db)


def _edited(served: Served) -> tuple[int, str, str]:
    """The demo's edited report: (document id, version 1 text, version 2 text), read from the store."""
    engine = _db(served)
    with engine.connect() as conn:
        doc_id = conn.execute(sa.text("SELECT id FROM document WHERE current_version = 2")).scalar_one()
        texts = [t for (t,) in conn.execute(sa.text(
            "SELECT c.text FROM version v JOIN content c ON c.hash = v.content_hash "
            "WHERE v.document_id = :d ORDER BY v.number"), {"d": doc_id})]
    engine.dispose()
    return doc_id, texts[0], texts[1]


def test_every_page_loads_without_console_errors(demo_server: Served, visit) -> None:  # type: ignore[no-untyped-def]
    doc_id, _, _ = _edited(demo_server)
    pages = {
        "coverage": "/",
        "government": "/gov/421303",
        "document": f"/doc/{doc_id}",
        "diff": f"/doc/{doc_id}/diff?a=1&b=2",
        "search": "/search?q=" + quote("法治政府建设"),
        "changes": "/changes",
    }
    for name, path in pages.items():
        seen = visit(demo_server.url + path, name)
        assert seen.errors == [], f"{path}: {seen.errors}"
        assert seen.page.locator("h1").first.inner_text().strip(), f"{path}: no heading"


def test_click_from_the_map_to_a_county_to_a_report_to_its_diff(demo_server: Served, visit) -> None:  # type: ignore[no-untyped-def]
    seen = visit(demo_server.url + "/", None)
    page = seen.page
    page.locator('svg.map a[href="/gov/421303"] circle').click()  # 曾都区, the demo's TRS site
    page.wait_for_url("**/gov/421303")
    assert "曾都区" in page.locator("h1").inner_text()
    page.locator("#years tr", has_text="2023").locator("a").first.click()  # its 2023 report, edited later
    page.wait_for_url("**/doc/*")
    page.get_by_text("比较版本 Compare versions").click()
    page.wait_for_url("**/diff*")
    assert page.locator("tr.changed ins").count() >= 1
    assert seen.errors == []


def test_diff_page_marks_the_demo_edit(demo_server: Served, visit) -> None:  # type: ignore[no-untyped-def]
    doc_id, old, new = _edited(demo_server)
    seen = visit(f"{demo_server.url}/doc/{doc_id}/diff?a=1&b=2", None, phone=False)
    page = seen.page
    changed = page.locator("tr.changed")
    assert changed.count() >= 1, "the edited sentence is shown as one changed row"
    row = changed.first
    left, right = row.locator("td.old").inner_text(), row.locator("td.new").inner_text()
    assert left in old and left not in new and right in new and right not in old
    dels = [d for d in row.locator("td.old del").all_inner_texts() if d]
    inss = [i for i in row.locator("td.new ins").all_inner_texts() if i]
    assert dels and inss, "the changed characters are marked on both sides"
    assert sum(map(len, inss)) < len(right), "only the changed characters are marked, not the sentence"
    for mark in inss:
        assert mark in right
    added = page.locator("tr.added td.new ins").all_inner_texts()
    assert any(a in new and a not in old for a in added), "the added paragraph shows on the new side"


def test_search_finds_a_known_sentence(demo_server: Served, visit) -> None:  # type: ignore[no-untyped-def]
    engine = _db(demo_server)
    with engine.connect() as conn:
        doc_id, text = conn.execute(sa.text(
            "SELECT d.id, c.text FROM document d JOIN content c ON c.hash = d.current_hash "
            "WHERE d.duplicate_of_id IS NULL AND d.status = 'active' ORDER BY d.id LIMIT 1")).one()
    engine.dispose()
    sentence = next(s for s in text.replace("\n", "。").split("。") if len(s) >= 12)[:20]
    seen = visit(f"{demo_server.url}/search?q={quote(sentence)}", "search-sentence")
    page = seen.page
    links = page.locator("ol.results a.title")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert f"/doc/{doc_id}" in hrefs
    assert sentence in "".join(page.locator("ol.results mark").all_inner_texts())
    assert seen.errors == []
    # two-character terms go through the slower scan and still find it; filters narrow
    short = visit(f"{demo_server.url}/search?q={quote(sentence[:2])}&status=active", None, phone=False).page
    assert int(short.locator("#total b").inner_text()) >= 1
    none = visit(f"{demo_server.url}/search?q={quote(sentence)}&year=1999", None, phone=False).page
    assert none.locator("#total b").inner_text() == "0"


def test_coverage_counts_equal_those_of_govwatch_coverage(demo_server: Served, demo_dir: Path, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(demo_server.url + "/", None, phone=False).page
    year = int(page.locator('select[name="year"] option[selected]').get_attribute("value"))
    out = govwatch("coverage", "--year", str(year), "--db", demo_server.db, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = Counter(r["status"] for r in rows)
    shown = {s: int(page.locator(f'.legend b[data-status="{s}"]').inner_text()) for s in STATUSES}
    assert shown == {s: expected.get(s, 0) for s in STATUSES}
    assert int(page.locator('.legend b[data-status="total"]').inner_text()) == len(rows) == 3213
    assert page.locator("svg.map circle").count() == len(rows)
    assert expected["published"] >= 3, "the demo's reports show on the map"
    by_province = Counter((r["province"], r["status"]) for r in rows)
    for prov in ("湖北省", "重庆市"):
        cells = page.locator(f'tr.prov-row[data-province="{prov}"] td[data-status]')
        for i in range(cells.count()):
            status = cells.nth(i).get_attribute("data-status")
            assert int(cells.nth(i).inner_text() or 0) == by_province[(prov, status)]


# -------------------------------------------------------------------- escaping


HOSTILE_TITLE = "2023年度法治政府建设工作报告<script>window.__pwned=1;alert('xss')</script>"


class _Hostile(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        if self.path.startswith("/fzzf/t1.html"):
            body = (
                f"<html><head><meta charset='utf-8'><title>{HOSTILE_TITLE}</title></head><body>"
                "<h1>2023年度法治政府建设工作报告&lt;script&gt;window.__pwned=1&lt;/script&gt;</h1>"
                "<div class='content'><p>一、主要举措。我县坚持依法行政，<img src=x onerror='window.__pwned=2'>"
                "全面推进法治政府建设。</p><p>二、存在问题。行政执法规范化水平仍需提高，"
                "<script>window.__pwned=3</script>基层法治力量相对薄弱。</p>"
                "<p>三、下一步工作。持续深化行政执法体制改革，加强法治宣传教育。</p></div></body></html>"
            )
        elif self.path.startswith("/fzzf/"):
            body = ("<html><head><meta charset='utf-8'><title>法治政府建设</title></head><body><ul>"
                    "<li><a href='/fzzf/t1.html'>2023年度法治政府建设工作报告</a> 2024-03-20</li></ul></body></html>")
        else:
            self.send_error(404)
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def hostile_server(tmp_path: Path) -> Iterator[Served]:
    site = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    cfg = tmp_path / "sources.yaml"
    cfg.write_text("sources:\n  - id: hostile\n    name: 测试县\n    region: [湖北省, 随州市, 曾都区]\n"
                   f"    start_urls: [http://127.0.0.1:{site.server_address[1]}/fzzf/]\n    delay: 0\n",
                   encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'hostile.db'}"
    govwatch("fetch", "--config", str(cfg), "--db", db)
    served = start_serve(db, cfg)
    yield served
    stop(served)
    site.shutdown()


def test_a_page_with_script_in_its_title_shows_the_text_and_runs_nothing(hostile_server: Served, visit) -> None:  # type: ignore[no-untyped-def]
    engine = _db(hostile_server)
    with engine.connect() as conn:
        doc_id, title = conn.execute(sa.text(
            "SELECT d.id, v.title FROM document d JOIN version v ON v.document_id = d.id")).one()
    engine.dispose()
    assert "<script>" in title, "the crawler kept the title's text as it was"
    for path, name in ((f"/doc/{doc_id}", "hostile-doc"), ("/search?q=" + quote("依法行政"), "hostile-search"),
                       ("/changes", None)):
        seen = visit(hostile_server.url + path, name)
        page = seen.page
        assert page.evaluate("window.__pwned === undefined"), f"{path}: crawled script ran"
        assert seen.errors == [] or all("Content Security Policy" in e for e in seen.errors), seen.errors
        assert page.locator("script").count() == 0
        assert page.locator("main img").count() == 0
        if path.startswith("/doc/"):
            assert page.locator("h1").inner_text().strip() == title, "the title shows as text"
    raw = httpx.get(f"{hostile_server.url}/doc/{doc_id}/raw")
    assert raw.headers["content-type"].startswith("text/plain") and "sandbox" in raw.headers["content-security-policy"]


def test_basic_auth_and_no_secrets(tmp_path: Path, demo_dir: Path) -> None:
    served = start_serve(f"sqlite:///{demo_dir / 'demo.db'}", demo_dir / "sources.yaml",
                         env={"GOVWATCH_WEB_AUTH": "reader:s3cret-pass"})
    try:
        assert httpx.get(served.url + "/").status_code == 401
        assert httpx.get(served.url + "/", auth=("reader", "wrong")).status_code == 401
        ok = httpx.get(served.url + "/changes", auth=("reader", "s3cret-pass"))
        assert ok.status_code == 200 and "s3cret-pass" not in ok.text
    finally:
        stop(served)
