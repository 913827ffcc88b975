"""List pages cannot explode (issue 15, item 4): announced page counts are clamped to ``max_pages`` and
the Hanweb datastore is scanned in linear time. Each attack runs in a bounded child process."""

from __future__ import annotations

import pytest

from tests.hostile.bounded import run_bounded


@pytest.mark.parametrize(("fetcher", "html"), [
    ("GenericFetcher", '<a href="t20240101_1.html">x</a><script>createPageHTML(3000000, 0, "index", "html");</script>'),
    ("HuaianFetcher", "<script>var totalPage = 3000000; function goPage(n) {}</script>"),
])
def test_announced_pages_are_clamped(fetcher: str, html: str) -> None:
    """``createPageHTML(3000000, …)`` and a huge Huaian ``totalPage`` (40 s and 615 MB before)."""
    run_bounded(
        f"""
        from govwatch.crawl.fetchers.families import {fetcher}
        f = {fetcher}()
        f.limit = 20
        pages = f.pages({html!r}, "http://x.gov.cn/col/1_2/index.html")
        assert 0 < len(pages) <= 20, len(pages)
        """,
        seconds=20,
        mem_mb=400,
    )


def test_hanweb_datastore_scan_is_linear() -> None:
    """680 KB of unclosed ``<record><![CDATA[`` and ``<datastore>`` openers (80 s before)."""
    run_bounded(
        """
        from govwatch.crawl.fetchers.families import hanweb_params, hanweb_records
        unclosed = "<datastore><totalrecord>3</totalrecord>" + "<record><![CDATA[<li>x</li>" * 25000 + "</datastore>"
        assert hanweb_records(unclosed, "http://x.gov.cn/col/col1/index.html") == ([], 3)
        openers = "<datastore>" * 60000
        assert hanweb_records(openers, "http://x.gov.cn/") == ([], None)
        hanweb_params("ajaxParam:{" * 60000, "http://x.gov.cn/col/col1/index.html")
        """,
        seconds=20,
    )


def test_hanweb_records_still_read() -> None:
    from govwatch.crawl.fetchers.families import hanweb_records

    html = ("<script type='text/xml'><datastore><totalrecord>2</totalrecord><recordset>"
            "<record><![CDATA[<li><a href='/art/2024/1/2/art_1_2.html'>XX县2023年度法治政府建设情况报告</a></li>]]>"
            "</record>\n<record> <![CDATA[<li><a href='/art/2024/1/3/art_1_3.html'>二</a></li>]]> </record>"
            "</recordset></datastore></script>")
    cands, total = hanweb_records(html, "http://x.gov.cn/col/col1/index.html")
    assert total == 2 and [c.url.rsplit("/", 1)[-1] for c in cands] == ["art_1_2.html", "art_1_3.html"]


def test_page_count_and_normal_pagination() -> None:
    from govwatch.crawl.discovery import find_pages, page_count

    assert page_count("0003", 20) == 3 and page_count("1" * 5000, 20) == 20
    html = '<script>createPageHTML(3, 0, "index", "html");</script>'
    assert find_pages(html, "http://x.gov.cn/col/index.html", 20) == [
        "http://x.gov.cn/col/index_1.html", "http://x.gov.cn/col/index_2.html"]
