"""`coverage_rows` and `govwatch coverage` over known rows put in a store through the real store code."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from govwatch.coverage import coverage_rows
from govwatch.extract.result import Extracted
from govwatch.sources.catalog import HEADER, load_catalog
from govwatch.store import Store
from govwatch.store.discovery import DiscoveryStore
from tests.daemon.helpers import govwatch

CATALOG = [
    ("420600", "prefecture", "湖北省", "", "襄阳市", "http://www.xiangyang.gov.cn/"),
    ("420601", "county", "湖北省", "襄阳市", "甲县", "http://www.jiaxian.gov.cn/"),      # published, also copied
    ("420602", "county", "湖北省", "襄阳市", "乙县", "http://www.yixian.gov.cn/"),       # late
    ("420603", "county", "湖北省", "襄阳市", "丙县", "http://www.bingxian.gov.cn/"),     # via a discovered column
    ("420604", "county", "湖北省", "襄阳市", "丁县", "http://www.dingxian.gov.cn/"),     # searched, dept report only
    ("420605", "county", "湖北省", "襄阳市", "戊县", "http://www.wuxian.gov.cn/"),       # blocked
    ("420606", "county", "湖北省", "襄阳市", "己县", "http://www.jixian.gov.cn/"),       # unreachable
    ("420607", "county", "湖北省", "襄阳市", "庚县", "http://www.gengxian.gov.cn/"),     # not checked
    ("430100", "prefecture", "湖南省", "", "长沙市", "http://www.changsha.gov.cn/"),      # published, other province
    ("430101", "county", "湖南省", "长沙市", "无网区", ""),                               # no portal
]

T = datetime(2025, 3, 20, 8, 0, tzinfo=UTC)


def write_catalog(tmp_path: Path) -> Path:
    path = tmp_path / "govs.tsv"
    lines = ["\t".join(HEADER)] + ["\t".join((*row, "direct" if row[5] else "", row[5])) for row in CATALOG]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def page(title: str, published: str | None, body: str, year: int = 2024) -> Extracted:
    return Extracted(title=title, published=published, paragraphs=[body, "第二段。"], report_year=year)


def fill(db: str) -> None:
    store = Store(db)
    disc = DiscoveryStore(store)
    # 甲县: its own column, and a copy on the city's aggregator (same text: a duplicate)
    a = "http://www.jiaxian.gov.cn/zwgk/fzzfjsndbg/202503/t1.html"
    store.record_page("discover", a, page("甲县2024年法治政府建设年度报告", "2025-03-28", "甲县正文"),
                      kind="report", now=T)
    disc.attribute("420601", a, "path", ["http://www.jiaxian.gov.cn/", a])
    copy = "http://www.xiangyang.gov.cn/ztzl/fzbg/t9.html"
    store.record_page("discover", copy, page("甲县2024年法治政府建设年度报告", "2025-03-29", "甲县正文"),
                      kind="report", now=T)
    disc.attribute("420601", copy, "aggregator", ["http://www.xiangyang.gov.cn/", copy])
    # the 2023 report of 甲县 is not the 2024 one
    old = "http://www.jiaxian.gov.cn/zwgk/fzzfjsndbg/202403/t0.html"
    store.record_page("discover", old, page("甲县2023年法治政府建设年度报告", "2024-03-28", "旧正文", 2023),
                      kind="report", now=T)
    disc.attribute("420601", old, "path", [old])
    # 乙县: published after 1 April
    b = "http://www.yixian.gov.cn/tzgg/t2.html"
    store.record_page("discover", b, page("乙县2024年度法治政府建设情况报告", "2025-04-02", "乙县正文"),
                      kind="report", now=T)
    disc.attribute("420602", b, "search", ["search: 法治政府建设 年度报告"])
    # 丙县: a discovered column, then crawled by `govwatch fetch` under its source id (no attribution row)
    src = disc.add_source("420603", "丙县 法治政府建设年度报告", "http://www.bingxian.gov.cn/fzbg/", "navigation",
                          ["http://www.bingxian.gov.cn/", "http://www.bingxian.gov.cn/fzbg/"])
    c = "http://www.bingxian.gov.cn/fzbg/t3.html"
    store.record_page(src.source_id, c, page("丙县人民政府关于2024年法治政府建设情况的报告", None, "丙县正文"),
                      kind="report", now=T)
    # 丁县: searched; only a department report and a decoy-free miss
    d = "http://www.dingxian.gov.cn/sfj/t4.html"
    store.record_page("discover", d, page("丁县司法局2024年法治政府建设工作报告", "2025-02-01", "丁县司法局正文"),
                      kind="department_report", now=T)
    disc.attribute("420604", d, "navigation", [d])
    disc.record_check("420604", "searched", requests=31)
    disc.record_check("420605", "blocked", "HTTP 412: an anti-bot wall (JavaScript challenge)", requests=1)
    disc.record_check("420606", "unreachable", "DNS: Name or service not known (www.jixian.gov.cn)", requests=1)
    # 长沙市: published
    e = "http://www.changsha.gov.cn/zfxxgk/t5.html"
    store.record_page("discover", e, page("长沙市2024年法治政府建设年度报告", "2025-03-31", "长沙正文"),
                      kind="report", now=T)
    disc.attribute("430100", e, "navigation", [e])
    disc.record_check("430100", "searched", requests=12, found=1)
    store.close()


EXPECTED = {
    "420600": ("not_checked", None, None),
    "420601": ("published", "http://www.jiaxian.gov.cn/zwgk/fzzfjsndbg/202503/t1.html", "path"),
    "420602": ("late", "http://www.yixian.gov.cn/tzgg/t2.html", "search"),
    "420603": ("published", "http://www.bingxian.gov.cn/fzbg/t3.html", "column"),
    "420604": ("missing", "http://www.dingxian.gov.cn/", None),
    "420605": ("blocked", "http://www.wuxian.gov.cn/", None),
    "420606": ("unreachable", "http://www.jixian.gov.cn/", None),
    "420607": ("not_checked", None, None),
    "430100": ("published", "http://www.changsha.gov.cn/zfxxgk/t5.html", "navigation"),
    "430101": ("not_checked", None, None),
}


@pytest.fixture
def filled(db_url: str, tmp_path: Path) -> tuple[str, Path]:
    fill(db_url)
    return db_url, write_catalog(tmp_path)


def test_one_explained_row_per_government(filled: tuple[str, Path]) -> None:
    db, catalog = filled
    store = Store(db)
    try:
        rows = coverage_rows(store, 2024, load_catalog(catalog))
    finally:
        store.close()
    assert [r.code for r in rows] == [c[0] for c in CATALOG]
    assert {r.code: (r.status, r.url, r.found_by) for r in rows} == EXPECTED
    by = {r.code: r for r in rows}
    assert by["420601"].published == "2025-03-28" and by["420601"].document_id is not None
    assert by["420602"].reason == "published 2025-04-02, after the deadline 2025-04-01"
    assert by["420603"].published == "2025-03-20"  # no page date: the day govwatch first saw it
    assert "31 requests" in (by["420604"].reason or "") and "no report for 2024" in (by["420604"].reason or "")
    assert by["420605"].reason == "HTTP 412: an anti-bot wall (JavaScript challenge)"
    assert by["420606"].reason == "DNS: Name or service not known (www.jixian.gov.cn)"
    assert by["430101"].reason == "no portal in the catalogue"
    assert by["420607"].reason == "not yet discovered"


def test_other_year_and_province(filled: tuple[str, Path]) -> None:
    db, catalog = filled
    store = Store(db)
    try:
        y2023 = {r.code: r.status for r in coverage_rows(store, 2023, load_catalog(catalog))}
        hunan = coverage_rows(store, 2024, load_catalog(catalog), province="湖南省")
    finally:
        store.close()
    assert y2023["420601"] == "published" and y2023["420602"] == "not_checked" and y2023["430100"] == "missing"
    assert [r.code for r in hunan] == ["430100", "430101"]


def test_cli_formats(filled: tuple[str, Path]) -> None:
    db, catalog = filled
    proc = govwatch("coverage", "--year", "2024", "--catalog", str(catalog), "--db", db, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert list(rows[0])[:10] == ["code", "name", "level", "province", "prefecture", "status", "url", "title",
                                  "published", "found_by"]
    assert {r["code"]: (r["status"], r["url"] or None, r["found_by"] or None) for r in rows} == EXPECTED
    proc = govwatch("coverage", "-y", "2024", "--catalog", str(catalog), "--db", db, "-f", "jsonl",
                    "--province", "湖南省")
    assert [json.loads(line)["code"] for line in proc.stdout.splitlines()] == ["430100", "430101"]
    proc = govwatch("coverage", "--year", "2024", "--catalog", str(catalog), "--db", db, env={"COLUMNS": "250"})
    assert proc.returncode == 0, proc.stderr
    tail = proc.stdout[proc.stdout.index("by province"):]
    lines = [line for line in tail.splitlines() if "湖北省" in line or "湖南省" in line or "全国" in line]
    cells = [[c.strip() for c in line.strip("│┃ ").split("│")] for line in lines]
    assert cells == [["湖北省", "2", "1", "1", "1", "1", "2", "8"],
                     ["湖南省", "1", "0", "0", "0", "0", "1", "2"],
                     ["全国", "3", "1", "1", "1", "1", "3", "10"]]


def test_cli_errors_name_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("code\tname\n", encoding="utf-8")
    proc = govwatch("coverage", "--year", "2024", "--catalog", str(bad), "--db", str(tmp_path / "x.db"))
    assert proc.returncode == 2 and "bad.tsv:1: header is" in proc.stderr
    proc = govwatch("coverage", "--year", "2024", "--province", "火星省", "--db", str(tmp_path / "x.db"))
    assert proc.returncode == 2 and "火星省" in proc.stderr
