"""Issue 15 item 5: one bad document never fails its source (SQLite and the real PostgreSQL).

A small site serves a list of four reports: one with NUL characters in its text (RTF ``\\u0``),
one whose ETag is 600 characters long, one behind a URL of 2,100 characters, and a plain one.
On PostgreSQL the first two raised a DataError that aborted the whole source on every run.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from govwatch.sources import load_config
from govwatch.store import Store

LONG_PATH = "/long/" + "x" * 2100 + ".html"
PAGES = {
    "/nul.html": ("某区2023年法治政府建设年度报告（一）", "第一段\x00有NUL。\n第二段，依法行政\x00。"),
    "/etag.html": ("某区2022年法治政府建设年度报告（二）", "长ETag的一页，内容正常。"),
    LONG_PATH: ("某区2021年法治政府建设年度报告（三）", "长网址的一页。"),
    "/plain.html": ("某区2020年法治政府建设年度报告（四）", "普通的一页，内容正常。"),
}


def page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{line}</p>" for line in body.split("\n"))
    filler = "<p>" + "本年度推进依法行政工作，完善制度建设，加强执法监督。" * 6 + "</p>"
    return (f"<html><head><title>{title}</title></head><body><div class='article'><h1>{title}</h1>"
            f"<div class='content'>{paras}{filler}</div></div></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self.send_response(404)
            self.end_headers()
            return
        if self.path == "/list/":
            links = "".join(f'<li><a href="{p}">{t}</a><span>2024-03-01</span></li>' for p, (t, _b) in PAGES.items())
            body = f"<html><body><ul class='list'>{links}</ul></body></html>".encode()
            headers = {}
        elif self.path in PAGES:
            body = page(*PAGES[self.path])
            headers = {"ETag": '"' + "e" * 600 + '"'} if self.path == "/etag.html" else {}
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def config(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(f"""defaults:
  delay: 0.0
  timeout: 10
  retries: 0
sources:
  - id: bad-docs
    name: 某区
    region: [某省, 某市, 某区]
    fetcher: generic
    start_urls: ["{base}/list/"]
""", encoding="utf-8")
    return path


def test_bad_documents_fail_alone(site: str, tmp_path: Path, db_url: str) -> None:
    cfg = config(tmp_path, site)
    proc = subprocess.run([sys.executable, "-m", "govwatch", "fetch", "-q", "--config", str(cfg), "--db", db_url],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the long URL failed; the rest is stored
    assert "DataError" not in proc.stdout + proc.stderr
    assert "url_too_long" in proc.stdout  # the summary says why
    assert "total: 1 source(s)" in proc.stderr
    store = Store(db_url)
    try:
        stored = {r.url: r for r in store.export_records()}
        assert set(stored) == {site + p for p in PAGES if p != LONG_PATH}
        assert "\x00" not in stored[site + "/nul.html"].text
        assert "第一段有NUL。" in stored[site + "/nul.html"].text
        assert store.known("bad-docs")[site + "/etag.html"].etag == '"' + "e" * 600 + '"'
    finally:
        store.close()
    again = subprocess.run([sys.executable, "-m", "govwatch", "fetch", "-q", "--config", str(cfg), "--db", db_url],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "DataError" not in again.stdout + again.stderr


def test_an_error_in_one_document_fails_that_document_alone(site: str, tmp_path: Path, db_url: str) -> None:
    """Whatever a document's write raises, its source goes on and records why."""
    from govwatch.crawl.crawler import crawl

    class Flaky(Store):
        def record_page(self, source_id: str, url: str, *args: object, **kwargs: object):  # type: ignore[override]
            if url.endswith("/etag.html"):
                raise RuntimeError("disk on fire")
            return super().record_page(source_id, url, *args, **kwargs)  # type: ignore[arg-type]

    store = Flaky(db_url)
    try:
        sources = load_config(config(tmp_path, site)).sources
        [result] = asyncio.run(crawl(sources, store))
        assert result.counts["new"] == 2 and result.counts["failed"] == 2
        kinds = {kind for kind, _url, _detail in result.failures}
        assert kinds == {"error", "url_too_long"}
        assert any("disk on fire" in detail for _k, _u, detail in result.failures)
        assert not result.errors  # the source itself did not fail
    finally:
        store.close()


def test_a_capture_of_an_overlong_url_is_skipped_not_raised(db_url: str) -> None:
    store = Store(db_url)
    try:
        assert store.save_capture("s", "http://a.gov.cn/" + "x" * 3000, "list", 200, {}, b"<html></html>",
                                  validators=('"e"', None)) is None
        assert store.save_capture("s", "http://a.gov.cn/ok", "list", 200, {}, b"<html></html>") is not None
    finally:
        store.close()
