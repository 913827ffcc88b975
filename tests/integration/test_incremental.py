"""Incremental re-crawls, conditional requests, robots.txt and re-extraction, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from govwatch.demo import faults
from govwatch.demo.sites import SimulatedSites
from tests.integration.test_e2e import check_matches_truth, export, govwatch, summary


@pytest.fixture
def default(sites: SimulatedSites, tmp_path: Path) -> Path:
    """The simulated sites' config with no ``recheck_after``: the real default."""
    path = tmp_path / "default.yaml"
    path.write_text(sites.sources_yaml(delay=0.0, recheck_after=None), encoding="utf-8")
    return path


@pytest.fixture
def weekly(sites: SimulatedSites, tmp_path: Path) -> Path:
    """The simulated sites' config with the opt-in ``recheck_after: 7d``."""
    path = tmp_path / "weekly.yaml"
    path.write_text(sites.sources_yaml(delay=0.0, recheck_after="7d"), encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gw.db'}"


def test_edit_in_place_is_stored_on_the_next_run(sites: SimulatedSites, default: Path, db: str) -> None:
    govwatch("fetch", "--config", str(default), "--db", db)
    sites.set_state("later")
    changes = sites.changes()
    assert changes.edited is not None
    sites.log.clear()
    govwatch("fetch", "--config", str(default), "--db", db)
    records = export(db)
    by_url = {r["url"]: r for r in records}
    assert by_url[changes.edited]["version"] == 2  # edited in place, still listed: seen at once
    assert any(e.url == changes.edited for e in sites.log.entries())
    for url in changes.deleted:
        assert by_url[url]["status"] == "gone"
    check_matches_truth(sites, records)


def test_no_change_recrawl_revalidates_every_report(sites: SimulatedSites, default: Path, db: str) -> None:
    govwatch("fetch", "--config", str(default), "--db", db)
    first_bytes = sites.log.bytes_sent()
    sites.log.clear()
    proc = govwatch("fetch", "--config", str(default), "--db", db)
    for sid, exp in sites.expected().items():
        hits = {e.url: e for e in sites.log.entries(sid) if e.url in {r.url for r in exp.reports}}
        assert len(hits) == len(exp.reports), f"{sid}: a report was not re-validated"
        for e in hits.values():
            if sid == "legacy-gbk-demo":  # no validators: a plain GET, answered 200
                assert not e.header("If-None-Match") and not e.header("If-Modified-Since") and e.status == 200
            elif sid in ("huaian-demo", "hunan-demo"):  # a hit counter: Last-Modified only
                assert e.header("If-Modified-Since") and not e.header("If-None-Match") and e.status == 304
            else:
                assert e.header("If-None-Match") and e.status == 304, sid
        assert summary(proc.stdout)[sid]["unchanged"] == len(exp.reports)
        assert summary(proc.stdout)[sid]["changed"] == 0
    assert sites.log.bytes_sent() < 0.10 * first_bytes


def test_weekly_recheck_reads_list_pages_only(sites: SimulatedSites, weekly: Path, db: str) -> None:
    govwatch("fetch", "--config", str(weekly), "--db", db)
    first_requests, first_bytes = len(sites.log), sites.log.bytes_sent()
    sites.log.clear()
    proc = govwatch("fetch", "--config", str(weekly), "--db", db)
    for sid, exp in sites.expected().items():
        entries = [e for e in sites.log.entries(sid) if e.path != "/robots.txt"]
        report_urls = {r.url for r in exp.reports}
        assert not [e for e in entries if e.url in report_urls], f"{sid} re-fetched a report"
        list_paths = [(e.method, e.path) for e in entries]
        assert len(list_paths) == len(set(list_paths)), f"{sid}: a list page was fetched twice"
        api_pages = [e for e in entries if e.method == "POST"]  # Hanweb's paging proxy
        entry_pages = [u for u in exp.start_urls if u.split("#")[0] not in exp.list_pages]  # gkmlpt index
        assert len(entries) <= len(exp.list_pages) + len(api_pages) + len(entry_pages), sid
        assert summary(proc.stdout)[sid]["unchanged"] == len(exp.reports)
    assert sites.log.bytes_sent() < 0.10 * first_bytes
    assert len(sites.log) < first_requests
    # conditional requests were sent and answered 304
    assert sites.log.count("trs-demo", status=304) >= 1
    assert all(e.header("If-None-Match") for e in sites.log.entries("trs-demo") if e.path != "/robots.txt")


def test_recheck_revalidates_with_conditional_requests(sites: SimulatedSites, weekly: Path, db: str) -> None:
    govwatch("fetch", "--config", str(weekly), "--db", db)
    before = export(db, "--all-versions")
    sites.log.clear()
    proc = govwatch("fetch", "--config", str(weekly), "--db", db, "--recheck")
    trs_reports = {r.url for r in sites.expected()["trs-demo"].reports}
    hits = [e for e in sites.log.entries("trs-demo") if e.url in trs_reports]
    assert len(hits) == len(trs_reports) and all(e.status == 304 for e in hits)
    # the pages with live counters answer 200 again, and still make no new version
    gbk = [e for e in sites.log.entries("legacy-gbk-demo") if e.url in
           {r.url for r in sites.expected()["legacy-gbk-demo"].reports}]
    assert gbk and all(e.status == 200 for e in gbk)
    assert len(export(db, "--all-versions")) == len(before)
    assert all(row["changed"] == 0 and row["new"] == 0 for row in summary(proc.stdout).values())


def test_weekly_recheck_sees_deletions_at_once_and_edits_later(sites: SimulatedSites, weekly: Path,
                                                                db: str) -> None:
    govwatch("fetch", "--config", str(weekly), "--db", db)
    sites.set_state("later")
    changes = sites.changes()
    govwatch("fetch", "--config", str(weekly), "--db", db)
    by_url = {r["url"]: r for r in export(db)}
    for url in changes.deleted:  # fell off the list: re-checked at once
        assert by_url[url]["status"] == "gone"
    assert by_url[changes.new]["version"] == 1
    assert by_url[changes.edited]["version"] == 1  # opt-in weekly: still listed, checked this week
    govwatch("fetch", "--config", str(weekly), "--db", db, "--recheck")
    records = export(db)
    assert {r["url"]: r for r in records}[changes.edited]["version"] == 2
    check_matches_truth(sites, records)


def test_robots_txt_is_obeyed_unless_switched_off(sites: SimulatedSites, weekly: Path, db: str) -> None:
    sid = "trs-demo"
    sites.override(sid, "/robots.txt", faults.status(
        200, "User-agent: *\nDisallow: /zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/20\n", content_type="text/plain"))
    proc = govwatch("fetch", "--config", str(weekly), "--db", db, "--source", sid)
    assert not [e for e in sites.log.entries(sid) if "/fzzfjsndbg/20" in e.path]
    assert summary(proc.stdout)[sid]["skipped"] == len(sites.expected()[sid].reports)
    assert export(db) == []
    text = weekly.read_text(encoding="utf-8").replace("fetcher: trs", "fetcher: trs\n    robots: false")
    weekly.write_text(text, encoding="utf-8")
    proc = govwatch("fetch", "--config", str(weekly), "--db", db, "--source", sid)
    assert "robots.txt is NOT obeyed" in proc.stderr
    assert len(export(db)) == len(sites.expected()[sid].reports)


def test_rate_limited_source_is_retried_after_retry_after(sites: SimulatedSites, sources_file: Path,
                                                          db: str) -> None:
    sid = "hunan-demo"
    start = sites.start_urls(sid)[0].split(sites.host(sid), 1)[1]
    sites.override(sid, start, faults.rate_limited(1, retry_after=1))
    govwatch("fetch", "--config", str(sources_file), "--db", db, "--source", sid)
    hits = [e for e in sites.log.entries(sid) if e.path == start]
    assert [e.status for e in hits] == [429, 200]
    assert hits[1].time - hits[0].time >= 0.9
    assert len(export(db)) == len(sites.expected()[sid].reports)


def test_reextract_uses_raw_captures_without_fetching(sites: SimulatedSites, sources_file: Path,
                                                      db: str) -> None:
    govwatch("fetch", "--config", str(sources_file), "--db", db, "--source", "trs-demo")
    n = len(export(db))
    sites.log.clear()
    proc = govwatch("reextract", "--config", str(sources_file), "--db", db)
    assert f"changed=0 unchanged={n} failed=0" in proc.stdout
    # a user adds a drop: rule; re-extraction applies it to the stored pages, offline
    text = sources_file.read_text(encoding="utf-8").replace(
        "fetcher: trs", 'fetcher: trs\n    drop: [".TRS_Editor p:last-child"]', 1)
    sources_file.write_text(text, encoding="utf-8")
    proc = govwatch("reextract", "--config", str(sources_file), "--db", db)
    assert f"changed={n} unchanged=0" in proc.stdout
    assert len(sites.log) == 0
    versions = [r for r in export(db, "--all-versions")]
    assert {r["version"] for r in versions} == {1, 2}
    assert all(r["diff"] is None or r["diff"].count("\n-") >= 1 for r in versions)
