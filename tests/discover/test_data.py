"""Rules as data, one test per entry: the province column paths, the navigation words, the searches."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from govwatch.crawl.discover import discover
from govwatch.crawl.discover.navigation import NAV_WORDS, link_priority
from govwatch.crawl.discover.paths import COLUMN_PATHS, ColumnPath
from govwatch.crawl.discover.search import STRATEGIES
from govwatch.crawl.http import RequestPolicy
from govwatch.demo.proxy import WebProxy
from govwatch.demo.web import Portal, Report, Web
from govwatch.sources.catalog import load_catalog
from govwatch.store import Store
from govwatch.store.discovery import DiscoveryStore

POLICY = RequestPolicy(delay=0.0, timeout=5.0, retries=0)


def _discover_one(portal: Portal, tmp_path: Path) -> tuple[list[str], list[str]]:
    web = Web([portal])
    cat_path = tmp_path / "c.tsv"
    cat_path.write_text(web.catalog_tsv(), encoding="utf-8")
    catalog = load_catalog(cat_path)
    store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
    try:
        with WebProxy(web) as proxy:
            [res] = asyncio.run(discover(store, catalog, catalog, POLICY, year=2024, proxy=proxy.url))
        sources = DiscoveryStore(store).sources()
    finally:
        store.close()
    return res.reports, [f"{s.found_by} {s.url}" for s in sources]


@pytest.mark.parametrize("entry", COLUMN_PATHS, ids=lambda e: f"{e.province}{e.path}")
def test_each_province_path_finds_an_unlinked_column(entry: ColumnPath, tmp_path: Path) -> None:
    portal = Portal("990001", "测试县", "www.ceshixian.gov.cn", entry.province, "测试市", placement="path",
                    column_path=entry.path, reports=[Report(2024, "2025-03-20")])
    reports, sources = _discover_one(portal, tmp_path)
    assert reports == [portal.report_urls()[2024]]
    assert sources == [f"path http://www.ceshixian.gov.cn{entry.path}"]


def test_a_path_of_another_province_is_not_tried(tmp_path: Path) -> None:
    portal = Portal("990001", "测试县", "www.ceshixian.gov.cn", "湖南省", "测试市", placement="path",
                    column_path="/xxgk/zfxxgkml/fzzfjs/list.html", reports=[Report(2024, "2025-03-20")])
    reports, sources = _discover_one(portal, tmp_path)
    assert reports == [] and sources == []


@pytest.mark.parametrize(("word", "priority"), NAV_WORDS, ids=[w for w, _ in NAV_WORDS])
def test_each_navigation_word(word: str, priority: int) -> None:
    assert link_priority(word) is not None and link_priority(word) <= priority
    assert link_priority(f" {word} ") == link_priority(word)


@pytest.mark.parametrize("text", ["首页", "网站地图", "联系我们", "", "很长的一段新闻标题" * 5])
def test_chrome_and_long_titles_are_not_navigation(text: str) -> None:
    assert link_priority(text) is None


@pytest.mark.parametrize("kind", [s.name for s in STRATEGIES])
def test_each_search_strategy_finds_a_report_on_no_list(kind: str, tmp_path: Path) -> None:
    portal = Portal("990002", "搜索县", "www.sousuo.gov.cn", "浙江省", "测试市", placement="search", search=kind,
                    reports=[Report(2024, "2025-03-21")])
    reports, sources = _discover_one(portal, tmp_path)
    assert reports == [portal.report_urls()[2024]]
    assert sources == []  # a search hit is a report, not a column


def test_a_portal_that_moved_to_another_host_is_followed(tmp_path: Path) -> None:
    portal = Portal("990003", "迁移县", "www.qianyi.gov.cn", "浙江省", "测试市", placement="nav",
                    moved_to="www.qianyixian.gov.cn", reports=[Report(2024, "2025-03-22")])
    reports, sources = _discover_one(portal, tmp_path)
    assert reports == ["http://www.qianyixian.gov.cn" + portal.report_path(portal.reports[0])]
    assert sources == ["navigation http://www.qianyixian.gov.cn/xxgk/c100423/"]


def test_a_mobile_only_portal_gets_a_mobile_user_agent(tmp_path: Path) -> None:
    portal = Portal("990004", "手机县", "www.shouji.gov.cn", "浙江省", "测试市", placement="nav", mobile_only=True,
                    reports=[Report(2024, "2025-03-23")])
    reports, _ = _discover_one(portal, tmp_path)
    assert reports == [portal.report_urls()[2024]]


def test_names_in_titles_longest_first() -> None:
    from govwatch.sources.catalog import names_in, other_government

    catalog = load_catalog()
    names = sorted({g.name for g in catalog if len(g.name) >= 2}, key=len, reverse=True)
    assert names_in("长沙县2024年法治政府建设年度报告", names) == ["长沙县"]  # not 沙县 (福建)
    gaoling = next(g for g in catalog if g.code == "610117")
    joint = "中共西安市高陵区委 西安市高陵区人民政府关于2024年法治政府建设情况的报告"
    assert other_government(gaoling, joint, names) is None
    assert other_government(gaoling, "西安市临潼区2024年法治政府建设年度报告", names) == "临潼区"
    assert other_government(gaoling, "西安市2024年法治政府建设年度报告", names) == "西安市"  # the city's, reposted
    assert other_government(gaoling, "陕西省2024年法治政府建设情况报告", names) == "陕西省"
    assert other_government(gaoling, "2024年法治政府建设年度报告", names) is None  # own site, no name
    xian = next(g for g in catalog if g.code == "610100")
    assert other_government(xian, "西安市2024年法治政府建设年度报告", names) is None


def test_a_report_published_as_an_attachment_is_read_from_the_file(tmp_path: Path) -> None:
    portal = Portal("990005", "附件县", "www.fujian-x.gov.cn", "浙江省", "测试市", placement="nav", attachment=True,
                    reports=[Report(2024, "2025-03-24")])
    reports, _ = _discover_one(portal, tmp_path)
    assert reports == [portal.report_urls()[2024]]
    store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
    try:
        doc = store.document(portal.report_urls()[2024])
    finally:
        store.close()
    assert doc is not None and doc.kind == "report" and doc.report_year == 2024
    assert "附件县深入学习贯彻习近平法治思想" in doc.text and "详见附件" not in doc.text


def test_a_config_of_defaults_only_is_valid() -> None:
    from govwatch.sources import ConfigError, load_config_text

    cfg = load_config_text("defaults:\n  delay: 0.5\n  proxy: http://10.0.0.1:3128\nsources: []\n")
    assert cfg.sources == () and cfg.defaults.delay == 0.5 and cfg.defaults.proxy == "http://10.0.0.1:3128"
    with pytest.raises(ConfigError, match="key 'sources'"):
        load_config_text("sources: []\n")  # nothing at all to do: still an error
    with pytest.raises(ConfigError, match="defaults: key 'proxy'"):
        load_config_text("defaults:\n  proxy: [1, 2]\nsources: []\n")


def test_a_home_page_that_only_sends_the_browser_on_is_followed(tmp_path: Path) -> None:
    portal = Portal("990006", "跳转县", "www.tiaozhuan.gov.cn", "浙江省", "测试市", placement="nav", script_home=True,
                    reports=[Report(2024, "2025-03-25")])
    reports, sources = _discover_one(portal, tmp_path)
    assert reports == [portal.report_urls()[2024]]
    assert sources == ["navigation http://www.tiaozhuan.gov.cn/xxgk/c100423/"]


def test_a_municipality_gathers_its_districts_reports(tmp_path: Path) -> None:
    """Beijing's portal lists its districts' reports: a district's report found only there."""
    city = Portal("110000", "北京市", "www.beijing.gov.cn", "北京市", level="province", placement="nav",
                  reports=[Report(2024, "2025-03-30")])
    district = Portal("110101", "东城区", "www.bjdch.gov.cn", "北京市", "", placement="aggregator",
                      reports=[Report(2024, "2025-03-28")], pref_host="www.beijing.gov.cn")
    web = Web([city, district])
    cat_path = tmp_path / "c.tsv"
    cat_path.write_text(web.catalog_tsv(), encoding="utf-8")
    catalog = load_catalog(cat_path)
    store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
    try:
        with WebProxy(web) as proxy:
            [res] = asyncio.run(discover(store, catalog, [catalog[1]], POLICY, year=2024, proxy=proxy.url))
    finally:
        store.close()
    assert res.reports == [district.report_urls()[2024]]
