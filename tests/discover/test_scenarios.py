"""`govwatch discover` then `govwatch coverage` over the simulated web: every placement, decoy and failure.

The expected statuses come from the web's own description (demo/web.py: which report sits where,
published when), never from discovery.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections import Counter

from govwatch.crawl.discover.engine import AGGREGATOR_RESERVE, AGGREGATOR_SCAN, DEFAULT_BUDGET
from govwatch.reports import classify
from govwatch.store import Store
from tests.discover.conftest import Run

FOUND_BY = {  # placement → how discovery must have found the report
    "path": "path", "nav": "navigation", "notice": "navigation", "topic": "navigation", "sfj": "navigation",
    "xxgk": "navigation", "search": "search", "aggregator": "aggregator", "both": "navigation",
}


def test_every_placement_found_and_every_absence_explained(run: Run) -> None:
    proc = run.discover()
    assert proc.returncode == 1, proc.stderr  # one blocked and one unreachable portal
    for year in (2024, 2023):
        rows = run.coverage(year)
        assert {code: row["status"] for code, row in rows.items()} == run.web.expected(year), year
    rows = run.coverage(2024)
    for p in run.web.portals:
        row = rows[p.code]
        if row["status"] in ("published", "late"):
            assert row["url"] == p.report_urls()[2024], p.name
            # in 陕西 the topic column /ztzl/fzzfjs/ is also the province's usual path, tried first
            expected = "path" if p.placement == "topic" and p.province == "陕西省" else FOUND_BY[p.placement]
            assert row["found_by"] == expected, (p.name, p.placement)
    assert "ERR_DNS_FAIL" in rows["420102"]["reason"] and "www.jiangan.gov.cn" in rows["420102"]["reason"]
    assert "瑞数" in rows["420100"]["reason"]
    assert "no report for 2024" in rows["421381"]["reason"]
    assert rows["421321"]["published"] == "2025-04-15" and rows["500118"]["status"] == "late"
    assert rows["610117"]["title"].startswith("中共西安市高陵区委")  # a joint report is the government's


def test_no_decoy_no_clone_and_one_report_per_text(run: Run) -> None:
    assert run.discover().returncode == 1
    store = Store(run.db)
    try:
        docs = list(store.export_records())
    finally:
        store.close()
    assert docs
    departments = [d for d in docs if d.kind == "department_report"]
    assert departments and all("局" in (d.title or "") for d in departments)  # 司法局, 住建局: stored as such
    for doc in docs:
        kind, _ = classify(doc.title)
        assert kind in ("report", "joint_report", "department_report") and doc.kind == kind, doc.title
        assert "fzbg-copy.com" not in doc.url
        assert "政府信息公开工作年度报告" not in (doc.title or "")
        assert "首页" not in doc.text and "网站标识码" not in doc.text, doc.url  # no chrome in texts
    originals = [d for d in docs if d.duplicate_of is None]
    assert len({d.content_hash for d in originals}) == len(originals)
    xinxian = run.web.portals[[p.code for p in run.web.portals].index("411523")]
    copy = next(d for d in docs if d.url.endswith("/ztzl/fzbg/xqnb/411523_2024.html"))
    assert copy.duplicate_of == xinxian.report_urls()[2024]
    gbk = next(d for d in docs if d.url == run.web.portals[[p.code for p in run.web.portals].index("411521")]
               .report_urls()[2024])
    assert gbk.title == "罗山县2024年法治政府建设年度报告" and "罗山县深入学习贯彻" in gbk.text


def test_request_budget_per_government_from_the_proxy_log(run: Run) -> None:
    assert run.discover().returncode == 1
    by_host = Counter(e.host for e in run.proxy.log)
    counties_of: Counter[str] = Counter(p.pref_host for p in run.web.portals if p.pref_host)
    prefectures = {p.host for p in run.web.portals if p.level == "prefecture"}
    for p in run.web.portals:
        mine = sum(n for h, n in by_host.items() if h == p.host or h.endswith("." + p.domain))
        allowed = DEFAULT_BUDGET
        if p.host in prefectures:  # one aggregator scan, and each county's fetches of its own reports there
            county_count = sum(1 for q in run.web.portals if q.prefecture == p.name)
            allowed += AGGREGATOR_SCAN + AGGREGATOR_RESERVE * max(county_count, counties_of[p.host])
        assert 0 < mine <= allowed, (p.name, mine, allowed)
        if p.placement in ("blocked", "unreachable"):
            assert mine <= 2, (p.name, mine)  # robots.txt, then the home page answered from memory or refused
    assert by_host["www.jiangan.gov.cn"] == 1  # the name failed once: never asked again


def test_budget_option_is_honoured(sqlite_run: Run) -> None:
    assert sqlite_run.discover("--budget", "8").returncode == 1
    by_host = Counter(e.host for e in sqlite_run.proxy.log)
    for p in sqlite_run.web.portals:
        if p.level == "county" and not p.pref_host:
            mine = sum(n for h, n in by_host.items() if h == p.host or h.endswith("." + p.domain))
            assert mine <= 8, (p.name, mine)


def test_discovered_sources_with_evidence_pin_reject_export_and_fetch(sqlite_run: Run) -> None:
    r = sqlite_run
    assert r.discover("--province", "湖北省").returncode == 1
    proc = r.govwatch("sources", "discovered", "--db", r.db, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = {row["url"]: row for row in map(json.loads, proc.stdout.splitlines())}
    sfj = rows["http://sfj.zyzf.gov.cn/fzzfjs/"]
    assert sfj["code"] == "420683" and sfj["found_by"] == "navigation"
    assert sfj["evidence"] == ["http://www.zyzf.gov.cn/", "http://sfj.zyzf.gov.cn/", "http://sfj.zyzf.gov.cn/fzzfjs/"]
    path = rows["http://www.baokang.gov.cn/zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/"]
    assert path["found_by"] == "path"
    assert not any("www.xcq.gov.cn" in u for u in rows)  # a report only the search finds has no column
    table = r.govwatch("sources", "discovered", "--db", r.db)
    assert table.returncode == 0 and "sfj.zyzf.gov.cn/fzzfjs/" in table.stdout
    assert r.govwatch("sources", "reject", sfj["source_id"], "--db", r.db).returncode == 0
    assert r.govwatch("sources", "pin", path["source_id"], "--db", r.db).returncode == 0
    bad = r.govwatch("sources", "pin", "d999999-9", "--db", r.db)
    assert bad.returncode == 2 and "d999999-9" in bad.stderr
    export = r.govwatch("sources", "export", "--db", r.db)
    assert path["source_id"] in export.stdout and sfj["source_id"] not in export.stdout
    # a later fetch crawls the discovered columns (not the rejected one), with the config's defaults
    n = len(r.proxy.log)
    fetch = r.govwatch("fetch", "--config", str(r.config), "--db", r.db, "--quiet")
    assert fetch.returncode == 0, fetch.stdout + fetch.stderr
    later = r.proxy.log[n:]
    assert any(e.host == "www.baokang.gov.cn" and e.path == "/zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/" for e in later)
    assert not any(e.host == "sfj.zyzf.gov.cn" for e in later)
    assert path["source_id"] in fetch.stdout


def test_politeness_and_proxy_come_from_the_config_defaults(sqlite_run: Run) -> None:
    r = sqlite_run
    r.config.write_text(f"defaults:\n  delay: 0.3\n  timeout: 5\n  user_agent: polite-bot/1.0\n  proxy: {r.proxy.url}\n"
                        "sources: []\n", encoding="utf-8")
    env = {k: v for k, v in r.env().items() if k.lower() not in ("http_proxy", "https_proxy")}
    proc = subprocess.run([sys.executable, "-m", "govwatch", "discover", "--catalog", str(r.catalog), "--config",
                           str(r.config), "--db", r.db, "--year", "2024", "--quiet", "--code", "420626",
                           "--code", "420624"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert r.coverage(2024)["420626"]["status"] == "published"
    log = list(r.proxy.log)
    assert log and {e.user_agent for e in log} == {"polite-bot/1.0"}  # through the proxy: key, with its UA
    for host in {e.host for e in log}:
        times = [e.time for e in log if e.host == host]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert all(g >= 0.25 for g in gaps), (host, gaps)  # the delay between two requests to one host


def test_the_daemon_crawls_discovered_columns(sqlite_run: Run) -> None:
    r = sqlite_run
    up = r.govwatch("db", "upgrade", "--db", r.db)
    assert up.returncode == 0, up.stderr
    assert r.discover("--code", "420626", "--code", "421303").returncode == 0
    n = len(r.proxy.log)
    proc = r.govwatch("daemon", "--once", "--config", str(r.config), "--db", r.db, "--port", "0", "--host",
                      "127.0.0.1", "--log-format", "json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    runs = [json.loads(line) for line in proc.stderr.splitlines() if '"event": "run"' in line
            or '"event":"run"' in line]
    assert sorted(e["source"] for e in runs) == ["d420626-1", "d421303-1"]
    assert all(e["outcome"] == "ok" for e in runs)
    crawled = {(e.host, e.path) for e in r.proxy.log[n:]}
    assert ("www.zengdu.gov.cn", "/zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/") in crawled
