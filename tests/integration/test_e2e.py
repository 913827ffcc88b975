"""End to end through the real CLI against the simulated sites on 127.0.0.1.

The ground truth is the simulated sites' own document model (the hand-cleaned seed texts),
never govwatch's output.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from govwatch.demo.sites import SimulatedSites

CHROME = [
    "当前位置", "您当前的位置", "扫一扫", "字号", "打印本页", "关闭窗口", "分享到", "即将离开", "是否继续",
    "浏览次数", "点击数", "今天是", "版权所有", "ICP备", "公网安备", "网站标识码", "上一篇", "下一篇",
    "相关链接", "返回顶部", "网站地图", "主办单位",
]


def govwatch(*args: str, env: dict[str, str] | None = None, check: int | None = 0) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "govwatch", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200", **(env or {})})
    if check is not None:
        assert proc.returncode == check, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


def squash(text: str) -> str:
    """Compare texts after NFKC with all whitespace removed (the pages use full-width punctuation)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def export(db: str, *extra: str) -> list[dict]:
    out = govwatch("export", "--db", db, "--format", "jsonl", *extra).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def summary(stdout: str) -> dict[str, dict[str, int]]:
    """The per-source summary table of ``govwatch fetch``, read by its header row."""
    rows: dict[str, dict[str, int]] = {}
    keys: list[str] = []
    for line in stdout.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃|]", line)][1:-1]
        if cells and cells[0] == "source":
            keys = cells[1:]
        elif keys and len(cells) == len(keys) + 1 and cells[1].isdigit():
            rows[cells[0]] = {k: int(v) for k, v in zip(keys, cells[1:], strict=True) if v.isdigit()}
    return rows


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gw.db'}"


def check_matches_truth(sites: SimulatedSites, records: list[dict]) -> None:
    by_url = {r["url"]: r for r in records}
    for sid, exp in sites.expected().items():
        want = {r.url: r for r in exp.reports}
        got = {u for u, r in by_url.items() if r["source"] == sid}
        assert got == set(want), f"{sid}: missing {set(want) - got}, unexpected {got - set(want)}"
        for url, truth in want.items():
            rec = by_url[url]
            assert squash(rec["title"]) == squash(truth.title), url
            assert rec["published"] == truth.published, url
            assert squash(rec["text"]) == squash("".join(truth.paragraphs)), url
            assert rec["status"] == truth.status, url
            assert rec["duplicate_of"] == truth.duplicate_of, url
        for decoy in exp.decoys:
            assert decoy not in by_url, f"decoy tracked: {decoy}"
    for rec in records:
        leaked = [c for c in CHROME if c in rec["text"]]
        assert not leaked, f"chrome {leaked} in {rec['url']}"


def test_first_crawl_finds_every_report_and_nothing_else(sites: SimulatedSites, sources_file: Path,
                                                         db: str) -> None:
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db)
    counts = summary(proc.stdout)
    assert set(counts) == set(sites.source_ids)
    records = export(db)
    check_matches_truth(sites, records)
    for sid, exp in sites.expected().items():
        assert counts[sid]["new"] == len(exp.reports) and counts[sid]["failed"] == 0
    assert {r["version"] for r in records} == {1}
    gbk = [r for r in records if r["source"] == "legacy-gbk-demo"]
    assert gbk and all(r["encoding"] == "gb18030" for r in gbk)
    # nothing was requested outside the simulated hosts, and no decoy page was fetched
    site_hosts = {sites.host(s) for s in sites.source_ids}
    assert sites.log.hosts() <= site_hosts
    fetched = set(sites.log.urls())
    for exp in sites.expected().values():  # navigation to other columns is not followed
        assert not (exp.chrome_pages & fetched), sorted(exp.chrome_pages & fetched)


def test_second_identical_crawl_adds_nothing(sites: SimulatedSites, sources_file: Path, db: str) -> None:
    govwatch("fetch", "--config", str(sources_file), "--db", db)
    before = export(db, "--all-versions")
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db)
    after = export(db, "--all-versions")
    assert len(after) == len(before)
    assert [(r["url"], r["version"], r["content_hash"]) for r in after] == \
        [(r["url"], r["version"], r["content_hash"]) for r in before]
    for sid, row in summary(proc.stdout).items():
        assert row["new"] == row["changed"] == row["duplicate"] == row["gone"] == 0, sid
        assert row["unchanged"] == len(sites.expected()[sid].reports), sid


def test_later_state_edit_reskin_delete_duplicate_new(sites: SimulatedSites, sources_file: Path,
                                                      db: str) -> None:
    govwatch("fetch", "--config", str(sources_file), "--db", db)
    sites.set_state("later")
    changes = sites.changes()
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db)
    counts = summary(proc.stdout)
    records = export(db)
    check_matches_truth(sites, records)
    by_url = {r["url"]: r for r in records}

    edited = by_url[changes.edited]
    assert edited["version"] == 2
    versions = [r for r in export(db, "--all-versions") if r["url"] == changes.edited]
    assert [v["version"] for v in versions] == [1, 2] and versions[0]["diff"] is None
    diff = versions[1]["diff"]
    assert diff.startswith("--- version 1\n+++ version 2")
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == 1 and len(added) == 2
    assert squash(versions[0]["text"]).count(squash(removed[0])) == 1
    assert counts[changes.source_of[changes.edited]]["changed"] == 1

    assert by_url[changes.reskinned]["version"] == 1
    for url, status in changes.deleted.items():
        rec = by_url[url]
        assert rec["status"] == "gone" and rec["text"], (url, status)
        assert counts[changes.source_of[url]]["gone"] == 1
    original, copy = changes.duplicate
    assert by_url[copy]["duplicate_of"] == original and by_url[original]["duplicate_of"] is None
    assert by_url[copy]["content_hash"] == by_url[original]["content_hash"]
    assert counts[changes.source_of[copy]]["duplicate"] == 1
    assert by_url[changes.new]["version"] == 1
    assert changes.new_decoy not in by_url
    # the CLI views
    hist = govwatch("history", changes.edited, "--db", db).stdout
    assert re.search(r"\b1\b", hist) and re.search(r"\b2\b", hist)
    shown = govwatch("diff", changes.edited, "--db", db, "--no-color").stdout
    assert shown.strip() == diff.strip()
    # and a third crawl of the later state adds nothing
    total = len(export(db, "--all-versions"))
    third = summary(govwatch("fetch", "--config", str(sources_file), "--db", db).stdout)
    assert len(export(db, "--all-versions")) == total
    assert all(r["new"] == r["changed"] == r["gone"] == r["duplicate"] == 0 for r in third.values())


def test_environment_variables_stand_in_for_options(sites: SimulatedSites, sources_file: Path, db: str) -> None:
    env = {"GOVWATCH_CONFIG": str(sources_file), "GOVWATCH_DB": db}
    govwatch("fetch", "--source", "trs-demo", env=env)
    records = [json.loads(x) for x in govwatch("export", env=env).stdout.splitlines()]
    assert {r["source"] for r in records} == {"trs-demo"}
    assert len(records) == len(sites.expected()["trs-demo"].reports)


def test_config_error_exits_2_names_source_and_key_and_crawls_nothing(sites: SimulatedSites,
                                                                      sources_file: Path, db: str) -> None:
    text = sources_file.read_text(encoding="utf-8")
    bad = text.replace("fetcher: trs", "fetcher: trs\n    delay: soon", 1)
    sources_file.write_text(bad, encoding="utf-8")
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db, check=2)
    assert "source 'trs-demo'" in proc.stderr and "key 'delay'" in proc.stderr
    sources_file.write_text(text.replace("fetcher: hanweb", "fetcher: nosuch"), encoding="utf-8")
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db, check=2)
    assert "source 'hanweb-demo'" in proc.stderr and "key 'fetcher'" in proc.stderr
    assert sites.log.urls() == []
    assert govwatch("fetch", "--config", str(sources_file), "--source", "nope", "--db", db, check=2).stderr


def test_failing_source_does_not_stop_the_others(sites: SimulatedSites, sources_file: Path, db: str) -> None:
    from govwatch.demo import faults

    sites.override("trs-demo", "*", faults.status(500))
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db, check=1)
    counts = summary(proc.stdout)
    assert counts["trs-demo"]["new"] == 0 and "500" in proc.stdout
    records = export(db)
    assert {r["source"] for r in records} == set(sites.source_ids) - {"trs-demo"}
    # retries with backoff happened (retries: 1 in the test config): two requests for the list page
    start = sites.start_urls("trs-demo")[0].split(sites.host("trs-demo"), 1)[1]
    assert sites.log.count("trs-demo", path=start) == 2


def test_broken_detail_page_is_a_failure_and_the_rest_is_stored(sites: SimulatedSites, sources_file: Path,
                                                                db: str) -> None:
    from govwatch.demo import faults

    victim = sites.expected()["legacy-gbk-demo"].reports[0].url
    path = victim.split(sites.host("legacy-gbk-demo"), 1)[1]
    sites.override("legacy-gbk-demo", path, faults.status(503))
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db, check=1)
    assert summary(proc.stdout)["legacy-gbk-demo"]["failed"] == 1
    urls = {r["url"] for r in export(db)}
    assert victim not in urls
    assert len(urls) == sum(len(e.reports) for e in sites.expected().values()) - 1
    sites.clear_overrides()
    govwatch("fetch", "--config", str(sources_file), "--db", db)
    assert victim in {r["url"] for r in export(db)}


def test_page_limit_stops_pagination(sites: SimulatedSites, sources_file: Path, db: str) -> None:
    sources_file.write_text(sources_file.read_text(encoding="utf-8").replace("max_pages: 10", "max_pages: 1"),
                            encoding="utf-8")
    govwatch("fetch", "--config", str(sources_file), "--db", db, "--source", "trs-demo")
    got = [r for r in export(db) if r["source"] == "trs-demo"]
    assert 0 < len(got) < len(sites.expected()["trs-demo"].reports)
    list_requests = [e for e in sites.log.entries("trs-demo") if "/index" in e.path]
    assert len(list_requests) == 1


@pytest.mark.postgres
def test_whole_crawl_on_postgresql(sites: SimulatedSites, sources_file: Path, pg_url: str) -> None:
    govwatch("fetch", "--config", str(sources_file), "--db", pg_url)
    sites.set_state("later")
    govwatch("fetch", "--config", str(sources_file), "--db", pg_url)
    records = export(pg_url)
    check_matches_truth(sites, records)
    assert {r["url"]: r["version"] for r in records}[sites.changes().edited] == 2


def test_extract_command_on_saved_pages() -> None:
    real = Path(__file__).resolve().parents[1] / "gold" / "real"
    pages = sorted(real.glob("*.html"))[:4]
    assert pages
    proc = govwatch("extract", *map(str, pages), "--url", "http://example.gov.cn/a/b.html")
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["file"] for r in rows] == list(map(str, pages))
    for row, page in zip(rows, pages, strict=True):
        expect = json.loads(page.with_name(page.stem + ".expect.json").read_text(encoding="utf-8"))
        assert row["title"] == expect["title"]
        assert row["published"] == expect["date"]
        assert all(squash(p) in squash(row["text"]) for p in expect["must_contain"])
        assert set(row) >= {"file", "title", "published", "publisher", "text"}
    assert govwatch("extract", "/nonexistent.html", check=2).returncode == 2
