"""Issue 14, item 2: the publication date and publisher shown next to the title win over a meta
``PubDate`` stamped when the page was generated, over dates in a summary table inside the body, and
over a shortened ``ContentSource`` meta."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govwatch.encoding import decode_html
from govwatch.extract import extract
from govwatch.extract.meta import labeled_date, reconcile_dates

from .conftest import GOLD

SHAPES = sorted((GOLD / "synth").glob("*__generated_pubdate.html")) + sorted(
    (GOLD / "synth").glob("*__summary_table.html"))


def test_both_shapes_are_in_the_gold_set() -> None:
    assert len(SHAPES) == 10


@pytest.mark.parametrize("page", SHAPES, ids=[p.stem for p in SHAPES])
def test_header_date_wins(page: Path) -> None:
    gold = json.loads(page.with_name(page.stem + ".gold.json").read_text("utf-8"))
    res = extract(page.read_text("utf-8"), "http://www.example.gov.cn/art/1.html")
    assert res.published == gold["published"]
    assert res.title == gold["title"]


def _page(metas: str, info: str, footer: str = "") -> str:
    line = "依法行政工作取得新进展，行政执法更加规范，法治政府建设扎实推进。"
    body = "".join(f"<p>第{i}段：{line}</p>" for i in range(8))
    return (f"<html><head><title>某县2023年度法治政府建设情况报告_某县人民政府</title>{metas}</head><body>"
            '<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>'
            '<div class="art"><h1>某县2023年度法治政府建设情况报告</h1>'
            f'<div class="info">{info}</div><div class="TRS_Editor">{body}</div></div>'
            f"<div class=\"foot\">某县人民政府主办{footer}</div></body></html>")


def test_generated_pubdate_equal_to_page_generation_time() -> None:
    html = _page('<meta name="PubDate" content="2024-03-20 10:00:00">', "发布时间：2024-02-18　来源：某县司法局",
                 "　页面生成时间：2024-03-20 10:00:00")
    assert extract(html).published == "2024-02-18"


def test_meta_date_kept_when_it_agrees_or_is_earlier() -> None:
    same = _page('<meta name="PubDate" content="2024-02-18 09:00">', "发布时间：2024-02-18 09:00")
    assert extract(same).published == "2024-02-18"
    updated = _page('<meta name="PubDate" content="2024-02-18 09:00">', "更新时间：2024-02-25")
    assert extract(updated).published == "2024-02-18"  # an update shown later than the meta date
    written = _page('<meta name="PubDate" content="2024-02-18 09:00">', "成文日期：2024-02-10")
    assert extract(written).published == "2024-02-18"  # the date a document was written is not the header's


def test_reconcile_dates() -> None:
    assert reconcile_dates("2025-03-18", "2024-03-18", "") == "2024-03-18"  # later: generated
    assert reconcile_dates("2024-03-01", "2024-03-05", "页面生成时间：<b>2024-03-01 08:00</b>") == "2024-03-05"
    assert reconcile_dates("2024-03-01", "2024-03-05", "") == "2024-03-01"
    assert reconcile_dates("2024-03-01", None, "") == "2024-03-01"
    assert reconcile_dates(None, "2024-03-05", "") is None  # the caller falls back to the header date


def test_publisher_is_not_cut_short() -> None:
    path = GOLD / "real" / "07_nfra-zj_cfxx_rendered_detail.html"
    res = extract(decode_html(path.read_bytes()), "https://www.nfra.gov.cn/a.html")
    assert res.publisher == "浙江监管局"  # meta ContentSource says only 浙江; the page says 来源：浙江监管局


@pytest.mark.parametrize(("text", "want"), [
    ("发布时间：2024-01-02", "2024-01-02"),
    ("更新日期: 2023年5月6日 浏览次数", "2023-05-06"),
    ("日期：2022.3.4", "2022-03-04"),
    # a widget's clock before the label: the label word (发布) is where the label starts, so "今天是"
    # twelve characters before it still marks the date as the widget's
    ("今天是" + "一" * 9 + "发布时间：2024-01-02", None),
    ("今天是" + "一" * 11 + "发布时间：2024-01-02", "2024-01-02"),
    ("当前时间：2024-05-06", None),
])
def test_labelled_dates(text: str, want: str | None) -> None:
    assert labeled_date(text) == want
