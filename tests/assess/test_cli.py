"""`govwatch assess` on a small store: rows, timeliness, version changes, evidence, formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govwatch.cli import app
from govwatch.demo.documents import seed
from govwatch.extract.result import Extracted
from govwatch.store import Store

CONFIG = """
sources:
  - id: zd
    name: "曾都区"
    region: ["湖北省", "随州市", "曾都区"]
    start_urls: ["http://zd.example.gov.cn/list.html"]
  - id: qj
    name: "綦江区"
    region: ["重庆市", "重庆市", "綦江区"]
    start_urls: ["http://qj.example.gov.cn/list.html"]
  - id: none
    name: "某县"
    region: ["湖北省", "随州市", "某县"]
    start_urls: ["http://none.example.gov.cn/list.html"]
"""
ZD_URL = "http://zd.example.gov.cn/t1.html"
QJ_URL = "http://qj.example.gov.cn/t2.html"


def _doc(paragraphs: list[str], title: str, published: str) -> Extracted:
    return Extracted(title=title, published=published, publisher="人民政府", paragraphs=paragraphs,
                     report_year=2023)


@pytest.fixture
def setup(tmp_path: Path, db_url: str) -> tuple[Path, str]:
    """A config and a store (SQLite and PostgreSQL, see tests/dbfixtures.py)."""
    cfg = tmp_path / "sources.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    db = db_url
    store = Store(db)
    zd = list(seed("zengdu-2024").paragraphs)
    store.record_page("zd", ZD_URL, _doc(zd, "曾都区2023年度法治政府建设情况报告", "2024-03-28"), kind="report")
    # version 2: the shortcomings part removed and one figure corrected
    edited = [p.replace("行政复议案件135件", "行政复议案件140件") for p in zd if p not in zd[18:20]]
    store.record_page("zd", ZD_URL, _doc(edited, "曾都区2023年度法治政府建设情况报告", "2024-03-28"), kind="report")
    qj = list(seed("qijiang-2021").paragraphs)
    store.record_page("qj", QJ_URL, _doc(qj, "綦江区2023年度法治政府建设情况报告", "2024-04-03"), kind="report")
    store.close()
    return cfg, db


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(app, ["assess", *args])
    return res.exit_code, res.stdout


def test_csv_rows(setup: tuple[Path, str]) -> None:
    cfg, db = setup
    code, out = run("--year", "2023", "--config", str(cfg), "--db", db, "--format", "csv", "--today", "2024-06-01")
    assert code == 0, out
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"随州市曾都区", "重庆市綦江区", "随州市某县"}
    zd, qj, none = rows["随州市曾都区"], rows["重庆市綦江区"], rows["随州市某县"]
    assert zd["status"] == "published" and zd["days_from_deadline"] == "-4"  # 28 March: 4 days before 1 April
    assert qj["status"] == "late" and qj["days_from_deadline"] == "2"  # 3 April: 2 days late
    assert none["status"] == "missing" and none["part_measures"] == ""
    assert zd["version"] == "2" and zd["versions"] == "2"
    assert "part shortcomings: section → absent" in zd["changes"]
    assert "figure review_received: 135 → 140" in zd["changes"]
    assert zd["part_shortcomings"] == "absent" and zd["part_leaders"] == "section"
    assert zd["fig_review_received"] == "140.0" and "行政复议案件140件" in zd["fig_review_received_sentence"]
    assert qj["part_shortcomings"] == "mentioned" and qj["part_leaders_heading"].startswith("一、2021年党政主要负责人")
    assert qj["province"] == "重庆市"


def test_jsonl_evidence_points_into_the_text(setup: tuple[Path, str]) -> None:
    cfg, db = setup
    code, out = run("--year", "2023", "--config", str(cfg), "--db", db, "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    qj = next(r for r in rows if r["name"] == "重庆市綦江区")
    text = Store(db).document(QJ_URL).text  # type: ignore[union-attr]
    parts = qj["assessment"]["parts"]
    s, e = parts["plans"]["span"]
    assert text[s:].startswith("三、2022年法治政府建设工作打算") and text[:e].endswith("满足社会公众公共法律服务需求。")
    fig = qj["assessment"]["figures"]["major_decisions"]
    assert fig["value"] == 26 and text[fig["span"][0]:fig["span"][1]] == fig["raw"]
    a, b = fig["sentence_span"]
    assert text[a:b] == fig["sentence"] == "全年共审查重大行政决策26件,提出修改建议意见25条。"


def test_table_and_totals(setup: tuple[Path, str]) -> None:
    cfg, db = setup
    code, out = run("--year", "2023", "--config", str(cfg), "--db", db, "--today", "2024-06-01")
    assert code == 0
    assert "随州市曾都区" in out and "totals by province" in out and "湖北省" in out
    assert "2 late" in out and "4 early" in out


def test_explain(setup: tuple[Path, str]) -> None:
    cfg, db = setup
    code, out = run("--year", "2023", "--config", str(cfg), "--db", db, "--explain", "重庆市綦江区")
    assert code == 0
    assert "[shortcomings] 存在的不足和原因: mentioned" in out
    assert "全年共审查重大行政决策26件" in out
    code, _ = run("--year", "2023", "--config", str(cfg), "--db", db, "--explain", "nowhere")
    assert code == 2


def test_province_filter(setup: tuple[Path, str]) -> None:
    cfg, db = setup
    code, out = run("--year", "2023", "--config", str(cfg), "--db", db, "--format", "csv", "--province", "重庆市")
    assert code == 0
    assert [r["name"] for r in csv.DictReader(io.StringIO(out))] == ["重庆市綦江区"]


def test_parquet(setup: tuple[Path, str], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    cfg, db = setup
    out = tmp_path / "a.parquet"
    code, _ = run("--year", "2023", "--config", str(cfg), "--db", db, "--format", "parquet", "--out", str(out))
    assert code == 0
    assert pq.read_table(out).num_rows == 3


def test_assess_eval_command() -> None:
    res = CliRunner().invoke(app, ["assess-eval", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["documents"] >= 25 and data["parts"]["leaders"]["recall"] >= 0.95


def test_catalogue_governments_and_unattributed_sources(setup: tuple[Path, str]) -> None:
    """A catalogue government with an attributed report, one searched without a report, one never
    checked (left out), and the configured sources whose reports no government took."""
    from govwatch.assess.table import assess_rows
    from govwatch.sources import load_config
    from govwatch.sources.catalog import Government
    from govwatch.store.discovery import DiscoveryStore

    cfg, db = setup
    store = Store(db)
    disc = DiscoveryStore(store)
    assert disc.attribute("421303", ZD_URL, "search", ["曾都区2023年度法治政府建设情况报告"])
    disc.record_check("421321", "searched")
    disc.record_check("421399", "searched")
    catalog = [Government("421303", "county", "湖北省", "随州市", "曾都区", "http://zd.example.gov.cn/", "", ""),
               Government("421321", "county", "湖北省", "随州市", "随县", "http://sx.example.gov.cn/", "", ""),
               Government("421381", "county", "湖北省", "随州市", "广水市", "", "", ""),
               Government("421399", "county", "湖北省", "随州市", "某县", "http://none.example.gov.cn/", "", "")]
    result = assess_rows(store, 2023, catalog=catalog, sources=list(load_config(cfg).sources))
    by = {r.key: r for r in result.rows}
    assert result.not_checked == 1 and "421381" not in by
    zd = by["421303"]
    assert zd.status == "published" and zd.name == "曾都区" and zd.url == ZD_URL
    assert zd.assessment is not None and zd.assessment.parts["shortcomings"].status == "absent"  # version 2
    assert zd.version == 2 and any("section → absent" in c for c in zd.changes)
    assert by["421321"].status == "missing" and by["421321"].assessment is None
    # the zd source's report went to the catalogue row, the "none" source watches 某县 (listed by code);
    # the qj source watches no catalogue government here and is listed by its region
    assert "随州市曾都区" not in by and "随州市某县" not in by and by["421399"].status == "missing"
    assert by["重庆市綦江区"].status == "late"
    store.close()
