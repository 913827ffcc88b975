"""A crawl of the simulated walls through the real CLI and the real Chromium."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from govwatch.demo.walls import WallSite
from tests.browser.conftest import sources_yaml
from tests.integration.test_e2e import export, govwatch, squash, summary


def fetch_rows(db_path: Path, source_id: str) -> list[tuple[str, str, str | None, str | None]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select url, outcome, via, error from fetch where source_id = ? order by id",
                            (source_id,)).fetchall()


def statuses(site: WallSite) -> list[int]:
    return [h.status for h in site.hits if h.path != "/robots.txt"]


def test_crawl_of_the_walls_stores_reports_and_records_the_captcha(walls: dict[str, WallSite],
                                                                    tmp_path: Path) -> None:
    cfg = sources_yaml(walls, tmp_path / "sources.yaml")
    db_path = tmp_path / "gw.db"
    db = f"sqlite:///{db_path}"
    proc = govwatch("fetch", "--config", str(cfg), "--db", db, "--quiet", check=1)  # 1: the captcha stays
    counts = summary(proc.stdout)
    for kind in ("jsl", "ruishu", "spa", "open"):
        assert counts[f"wall-{kind}"]["new"] == 3, (kind, counts, proc.stdout, proc.stderr)
        assert counts[f"wall-{kind}"]["blocked"] == 0
    assert counts["wall-captcha"]["new"] == 0 and counts["wall-captcha"]["blocked"] >= 1
    assert "browser: 1 launch(es)" in proc.stdout

    records = {r["url"]: r for r in export(db)}
    for kind in ("jsl", "ruishu", "spa", "open"):
        site = walls[kind]
        for i, doc in enumerate(site.reports):  # type: ignore[arg-type]
            rec = records[site.report_url(i)]
            assert rec["title"] == doc.title
            text = squash(rec["text"])
            assert squash(doc.paragraphs[0]) in text and squash(doc.paragraphs[-1]) in text
            for chrome in ("版权所有", "当前位置", "网站地图", "长者模式"):
                assert chrome not in rec["text"], (kind, chrome)
    assert not any(u.startswith(walls["captcha"].base_url) for u in records)

    # the walls really were there, and were passed
    # plain 521, the browser's two rounds, then the page
    assert statuses(walls["jsl"])[:4] == [521, 521, 521, 200]
    assert statuses(walls["ruishu"])[:3] == [412, 412, 200] and len(walls["ruishu"].passed()) >= 4
    # after the handover the plain client read the reports with the browser's cookies
    for kind in ("jsl", "ruishu"):
        vias = [via for url, outcome, via, _ in fetch_rows(db_path, f"wall-{kind}") if outcome == "new"]
        assert vias == ["http+cookies"] * 3, (kind, vias)
    assert [via for *_, via, _ in fetch_rows(db_path, "wall-spa")] == ["browser"] * 3
    assert {via for *_, via, _ in fetch_rows(db_path, "wall-open")} == {None}

    # the captcha: blocked with the reason, in the fetch log and in the summary; never stored
    rows = fetch_rows(db_path, "wall-captcha")
    assert rows and all(outcome == "blocked" for _, outcome, _, _ in rows)
    start = walls["captcha"].start_url
    reason = dict((u, e) for u, _, _, e in rows)[start]
    assert "访问过于频繁" in reason and "real browser" in reason
    assert f"blocked: {start}:" in proc.stdout

    # a second run re-reads everything (new browser, new handover): nothing is "changed"
    for site in walls.values():
        site.hits.clear()
    proc = govwatch("fetch", "--config", str(cfg), "--db", db, "--quiet", "--recheck", check=1)
    counts = summary(proc.stdout)
    for kind in ("jsl", "ruishu", "spa", "open"):
        assert counts[f"wall-{kind}"]["changed"] == 0 and counts[f"wall-{kind}"]["unchanged"] == 3, counts
    assert statuses(walls["jsl"])[:4] == [521, 521, 521, 200]  # it really went through the wall again
