"""The daemon's re-discovery schedule over a real store: who is due, when."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from govwatch.daemon.rediscover import due, interval
from govwatch.extract.result import Extracted
from govwatch.sources.catalog import HEADER, load_catalog
from govwatch.store import Store
from govwatch.store.discovery import DiscoveryStore

ROWS = [("420601", "甲县"), ("420602", "乙县"), ("420603", "丙县"), ("420604", "丁县"), ("420605", "戊县")]


@pytest.fixture
def setup(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "c.tsv"
    lines = ["\t".join(HEADER)] + [f"{c}\tcounty\t湖北省\t襄阳市\t{n}\thttp://www.x{c}.gov.cn/\tdirect\t"
                                    for c, n in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(db_url)
    disc = DiscoveryStore(store)
    jan = datetime(2025, 1, 10, tzinfo=UTC)
    disc.record_check("420601", "searched", at=jan)  # missing since January
    disc.record_check("420602", "unreachable", "dns: …", at=jan)
    disc.record_check("420603", "searched", at=jan, found=1)  # published: never again
    url = "http://www.x420603.gov.cn/fzbg/t1.html"
    store.record_page("d420603", url, Extracted(title="丙县2024年法治政府建设年度报告", published="2025-01-05",
                                                paragraphs=["正文"], report_year=2024), kind="report")
    disc.attribute("420603", url, "path", [url])
    disc.record_check("420604", "blocked", "HTTP 412", at=datetime(2025, 3, 1, tzinfo=UTC))  # checked recently
    # 420605 was never discovered: not the daemon's business
    yield store, load_catalog(path)
    store.close()


def codes(govs: list) -> list[str]:  # type: ignore[type-arg]
    return [g.code for g in govs]


def test_weekly_in_the_season(setup) -> None:  # type: ignore[no-untyped-def]
    store, catalog = setup
    assert codes(due(store, catalog, datetime(2025, 3, 5, tzinfo=UTC))) == ["420601", "420602"]
    assert codes(due(store, catalog, datetime(2025, 3, 8, 0, 0, 1, tzinfo=UTC))) == ["420601", "420602", "420604"]


def test_monthly_otherwise(setup) -> None:  # type: ignore[no-untyped-def]
    store, catalog = setup
    disc = DiscoveryStore(store)
    for code in ("420601", "420602", "420604"):
        disc.record_check(code, "searched", at=datetime(2025, 6, 10, tzinfo=UTC))
    assert due(store, catalog, datetime(2025, 6, 20, tzinfo=UTC)) == []
    assert due(store, catalog, datetime(2025, 7, 9, tzinfo=UTC)) == []
    assert codes(due(store, catalog, datetime(2025, 7, 10, tzinfo=UTC))) == ["420601", "420602", "420604"]


@pytest.mark.parametrize(("month", "days"), [(1, 30), (2, 7), (3, 7), (4, 7), (5, 7), (6, 30), (12, 30)])
def test_interval_by_month(month: int, days: int) -> None:
    assert interval(datetime(2025, month, 15).date()).days == days


def test_rediscovery_finds_a_report_published_since(tmp_path: Path) -> None:
    """What the daemon's daily job runs: a government missing in January is found in March."""
    import asyncio

    from govwatch.coverage import coverage_rows
    from govwatch.crawl.http import HttpClient, RequestPolicy
    from govwatch.daemon.rediscover import rediscover
    from govwatch.demo.proxy import WebProxy
    from govwatch.demo.web import Portal, Report, Web

    portal = Portal("420601", "甲县", "www.jiaxian.gov.cn", "湖北省", "襄阳市", placement="nav",
                    reports=[Report(2024, "2025-03-02")])
    web = Web([portal])
    path = tmp_path / "c.tsv"
    path.write_text(web.catalog_tsv(), encoding="utf-8")
    catalog = load_catalog(path)
    store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
    DiscoveryStore(store).record_check("420601", "searched", at=datetime(2025, 1, 10, tzinfo=UTC))

    async def go(proxy: str) -> list[str]:
        async with HttpClient(proxy=proxy) as client:
            return await rediscover(store, catalog, client, RequestPolicy(delay=0, timeout=5, retries=0),
                                    now=datetime(2025, 3, 5, tzinfo=UTC))

    try:
        with WebProxy(web) as proxy:
            assert asyncio.run(go(proxy.url)) == ["420601"]
            assert asyncio.run(go(proxy.url)) == []  # just checked: not due again this week
        [row] = coverage_rows(store, 2024, catalog)
    finally:
        store.close()
    assert row.status == "published" and row.url == portal.report_urls()[2024]
