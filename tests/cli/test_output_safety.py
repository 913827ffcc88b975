"""Issue 15 item 6: output is safe — CSV cells, titles on the terminal, control characters, the feed's diff."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from govwatch.extract.result import Extracted
from govwatch.store import Store
from tests.export.e2e import cli

EVIL_TITLES = {
    "http://a.gov.cn/1.html": "=HYPERLINK(\"http://evil\",\"2023年法治政府建设年度报告\")",
    "http://a.gov.cn/2.html": "+2023年法治政府建设年度报告",
    "http://a.gov.cn/3.html": "@2023年法治政府建设年度报告",
    "http://a.gov.cn/4.html": "\t-2023年法治政府建设年度报告",
}


@pytest.fixture
def evil_db(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'gw.db'}"
    store = Store(db)
    for i, (url, title) in enumerate(EVIL_TITLES.items()):
        store.record_page("s1", url, Extracted(title=title, publisher="-司法局", paragraphs=[f"正文{i}。"],
                                               report_year=2023), kind="report")
    store.record_page("s1", "http://a.gov.cn/markup.html",
                      Extracted(title="报告[/bold] [link=http://evil.example]点我[/link] [red]x", paragraphs=["正文。"],
                                report_year=2023), kind="report")
    store.close()
    return db


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text("""sources:
  - id: s1
    name: 某区
    region: ["=某省", 某市]
    fetcher: generic
    start_urls: ["http://a.gov.cn/list/"]
""", encoding="utf-8")
    return path


def dangerous(cell: str) -> bool:
    return cell[:1] in ("=", "+", "-", "@", "\t", "\r")


def test_export_csv_cells_cannot_be_formulas(evil_db: str, config: Path) -> None:
    rows = list(csv.reader(io.StringIO(cli("export", "--db", evil_db, "--config", str(config),
                                           "--format", "csv").stdout)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if dangerous(c)]
    titles = {row[rows[0].index("title")] for row in rows[1:]}
    assert "'" + EVIL_TITLES["http://a.gov.cn/1.html"] in titles  # kept, only neutralised
    assert "'=某省/某市" in {row[rows[0].index("region")] for row in rows[1:]}


def test_calendar_csv_cells_cannot_be_formulas(evil_db: str, config: Path) -> None:
    out = cli("calendar", "--db", evil_db, "--config", str(config), "--year", "2023", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 2
    assert not [c for c in rows[1] if dangerous(c)]


def test_titles_are_text_not_markup(evil_db: str, config: Path) -> None:
    out = cli("history", "http://a.gov.cn/markup.html", "--db", evil_db, env={"COLUMNS": "400"}).stdout
    assert "[/bold]" in out and "[link=http://evil.example]" in out
    cal = cli("calendar", "--db", evil_db, "--config", str(config), "--year", "2023", env={"COLUMNS": "400"})
    assert "Traceback" not in cal.stderr


def test_control_characters_and_escapes_are_stripped_at_extraction(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><head><title>报告\x1b[2J\x1b]0;pwned\x07标题\x9b</title></head><body><div class='content'>"
                    + "<p>第一段\x1b[31m红\x1b[0m字，依法\x08行政\x7f。</p>"
                    + "<p>本年度推进依法行政工作，完善制度建设，加强执法监督，提升法治政府建设水平。</p>" * 40
                    + "</div></body></html>",
                    encoding="utf-8")
    out = cli("extract", str(page)).stdout
    for escaped in ("\\u001b", "\\u0008", "\\u007f", "\\u009b", "\x1b"):
        assert escaped not in out
    assert "报告标题" in out and "第一段红字，依法行政。" in out


def test_the_feed_diff_of_a_long_changed_sentence_is_fast(tmp_path: Path) -> None:
    from govwatch.feed import render_feed

    store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
    old = "".join(f"第{i}项依法行政工作推进情况良好，" for i in range(1_300)) + "完毕。"  # one long sentence
    assert len(old) > 20_000
    new = old[:3000] + "改" + old[3001:9000] + "动" + old[9001:15000] + "过" + old[15001:]  # a few edits
    store.record_page("s1", "http://a.gov.cn/long.html", Extracted(title="报告", paragraphs=["开头。", old]))
    store.record_page("s1", "http://a.gov.cn/long.html", Extracted(title="报告", paragraphs=["开头。", new]))
    started = time.monotonic()
    feed = render_feed(store, limit=10)
    elapsed = time.monotonic() - started
    store.close()
    assert b"&lt;del&gt;" in feed and b"&lt;ins&gt;" in feed
    assert elapsed < 5, f"{elapsed:.1f} s"
