"""Obstacles real sites put up: bot walls, soft 404s, reports published as attachments."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from govwatch.demo import faults
from govwatch.demo.sites import SimulatedSites
from tests.integration.test_e2e import export, govwatch, squash, summary
from tests.unit.test_attachments import make_docx, make_ofd, make_pdf


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "gw.db"


def path_of(sites: SimulatedSites, sid: str, url: str) -> str:
    return url.split(sites.host(sid), 1)[1]


def fetch_rows(db_path: Path, outcome: str) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select url, error from fetch where outcome = ?", (outcome,)).fetchall()


def test_challenge_page_is_blocked_not_stored(sites: SimulatedSites, sources_file: Path, db_path: Path) -> None:
    victim = sites.expected()["trs-demo"].reports[0].url
    sites.override("trs-demo", path_of(sites, "trs-demo", victim), faults.ruishu_challenge(412))
    hanweb_start = sites.start_urls("hanweb-demo")[0]
    sites.override("hanweb-demo", path_of(sites, "hanweb-demo", hanweb_start), faults.jsl_challenge())
    db = f"sqlite:///{db_path}"
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db, check=1)
    counts = summary(proc.stdout)
    assert counts["trs-demo"]["blocked"] == 1
    assert counts["hanweb-demo"]["blocked"] >= 1 and counts["hanweb-demo"]["new"] == 0
    urls = {r["url"] for r in export(db)}
    assert victim not in urls and not any(u.startswith(sites.base_url("hanweb-demo")) for u in urls)
    blocked = dict(fetch_rows(db_path, "blocked"))
    assert (victim in blocked and "瑞数" in blocked[victim]) or "ruishu" in blocked[victim].lower()
    assert hanweb_start in blocked
    # the other sources were crawled completely
    assert counts["gkmlpt-demo"]["new"] == len(sites.expected()["gkmlpt-demo"].reports)


def test_soft_404_marks_a_known_report_gone(sites: SimulatedSites, sources_file: Path, db_path: Path) -> None:
    db = f"sqlite:///{db_path}"
    govwatch("fetch", "--config", str(sources_file), "--db", db)
    victim = sites.expected()["hunan-demo"].reports[0].url
    sites.override("hunan-demo", path_of(sites, "hunan-demo", victim), faults.soft_404())
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db, "--source", "hunan-demo")
    assert summary(proc.stdout)["hunan-demo"]["gone"] == 1
    rec = {r["url"]: r for r in export(db)}[victim]
    assert rec["status"] == "gone" and rec["version"] == 1 and rec["text"]
    assert victim in dict(fetch_rows(db_path, "not_found"))
    versions = [r for r in export(db, "--all-versions") if r["url"] == victim]
    assert len(versions) == 1  # the 页面不存在 page never became a version


ATTACH_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2024-03-28 09:00">
<title>{title}</title></head><body><div class="nav"><a href="/">首页</a></div>
<h1>{title}</h1><div class="TRS_Editor"><p>附件：</p>
<p><a href="/files/report.docx">{title}.docx</a></p>
<p><a href="/files/scan.pdf">盖章扫描件.pdf</a></p>
<p><a href="/files/report.ofd">{title}.ofd</a></p>
<p><a href="http://www.elsewhere.gov.cn/files/copy.pdf">省司法厅转载.pdf</a></p>
</div><div class="footer">版权所有</div></body></html>"""


def test_report_published_as_attachments(sites: SimulatedSites, sources_file: Path, db_path: Path) -> None:
    sid = "trs-demo"
    report = sites.expected()[sid].reports[0]
    page = ATTACH_PAGE.format(title=report.title)
    sites.override(sid, path_of(sites, sid, report.url), faults.status(200, page))
    docx = make_docx()
    sites.override(sid, "/files/report.docx", faults.status(
        200, docx, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    sites.override(sid, "/files/scan.pdf", faults.status(200, make_pdf([None, None]), content_type="application/pdf"))
    ofd = make_ofd([[(20, 30, "法治政府建设情况报告"), (20, 40, "全面推进依法行政。")]])
    sites.override(sid, "/files/report.ofd", faults.status(200, ofd, content_type="application/ofd"))
    db = f"sqlite:///{db_path}"
    govwatch("fetch", "--config", str(sources_file), "--db", db, "--source", sid)
    records = {r["url"]: r for r in export(db)}
    rec = records[report.url]
    assert "行政复议案件" in rec["text"] and "二、存在的不足" in rec["text"]  # the DOCX is the report's text
    atts = {a["url"].rsplit("/", 1)[-1]: a for a in rec["attachments"]}
    assert atts["report.docx"]["downloaded"] and atts["report.docx"]["type"] == "docx"
    assert atts["scan.pdf"]["scanned"] is True and atts["scan.pdf"]["chars"] == 0
    assert atts["copy.pdf"]["downloaded"] is False  # off-host: listed, not fetched
    assert not [e for e in sites.log if "elsewhere" in e.host]
    docx_doc = records[sites.url(sid, "/files/report.docx")]
    ofd_doc = records[sites.url(sid, "/files/report.ofd")]
    assert docx_doc["kind"] == ofd_doc["kind"] == "attachment"
    assert "全面推进依法行政" in ofd_doc["text"]
    # the page's own text is that of its readable attachments, in page order
    assert squash(rec["text"]) == squash(docx_doc["text"] + ofd_doc["text"])
    assert sites.url(sid, "/files/scan.pdf") not in records  # scanned: marked, never stored as empty text
    assert sites.url(sid, "/files/scan.pdf") in dict(fetch_rows(db_path, "scanned"))
    # the attachments' bytes are kept as raw captures, once per content
    with sqlite3.connect(db_path) as conn:
        kinds = conn.execute("select kind, count(*) from capture group by kind").fetchall()
    assert dict(kinds)["attachment"] == 3
    json.dumps(rec)  # exportable
