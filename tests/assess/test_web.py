"""The assessment on the web UI's document and government pages (WebApp called directly, no browser)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from govwatch.demo.documents import seed
from govwatch.extract.result import Extracted
from govwatch.store import Store
from govwatch.store.discovery import DiscoveryStore
from govwatch.web.app import WebApp

URL = "http://www.zengdu.gov.cn/zwgk/t1.html"


@pytest.fixture
def app(tmp_path: Path) -> tuple[WebApp, int]:
    store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
    paras = list(seed("zengdu-2024").paragraphs)
    paras[19] += "<script>alert(1)</script>"  # crawled text is never markup
    store.record_page("zd", URL, Extracted(title="随州市曾都区2024年度法治政府建设情况报告", published="2025-03-27",
                                           publisher="随州市曾都区人民政府", paragraphs=paras, report_year=2024),
                      kind="report")
    DiscoveryStore(store).attribute("421303", URL, "search", [])
    doc_id = 1  # the store's first document
    return WebApp(store), doc_id


def _page(app: WebApp, path: str) -> str:
    res = app.handle("GET", path)
    assert res.status == 200, res.body[:500]
    return res.body.decode("utf-8")


def test_document_page_marks_parts_and_figures(app: tuple[WebApp, int]) -> None:
    web, doc_id = app
    page = _page(web, f"/doc/{doc_id}")
    assert "内容评估 Assessment" in page
    # each part's heading is marked, with an anchor the panel links to
    for name, heading in (("measures", "一、主要举措和成效"), ("shortcomings", "二、存在的主要问题"),
                          ("plans", "四、下一步工作计划")):
        assert re.search(rf'<mark class="part p-{name}" id="part-{name}" title="[^"]+">{heading}</mark>', page)
        assert f'href="#part-{name}"' in page
    # a figure's number is marked inside its sentence; the panel shows the sentence
    assert re.search(r'全年共办理行政复议案件<mark class="figure p-review_received" id="fig-review_received" '
                     r'title="[^"]+">135</mark>件', page)
    assert "全年共办理行政复议案件135件,办理行政应诉案件30件。" in html.unescape(page)
    # paragraphs of a part are shaded by the part
    assert '<p class="in-part p-shortcomings">' in page
    # text is escaped
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "其他需要报告的情况：\n<strong>缺</strong>" in page


def test_government_page_shows_each_years_report_assessed(app: tuple[WebApp, int]) -> None:
    web, doc_id = app
    page = _page(web, "/gov/421303?year=2024")
    assert "报告内容 What the reports contain" in page
    table = page[page.index('id="assessment"'):page.index("</table>", page.index('id="assessment"'))]
    assert f'<a href="/doc/{doc_id}">2024</a>' in table
    assert f'href="/doc/{doc_id}#part-leaders"' in table and "有专节" in table
    assert (f'href="/doc/{doc_id}#fig-review_received" title="充分发挥行政复议在行政争议化解中的主渠道作用,'
            '全年共办理行政复议案件135件,办理行政应诉案件30件。">135</a>') in html.unescape(table)
