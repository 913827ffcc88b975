"""Every site family: every report found, decoys left out — by family name, by `auto`, by CSS."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from govwatch.demo.sites import SimulatedSites
from tests.integration.test_e2e import check_matches_truth, export, govwatch, summary


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gw.db'}"


def test_auto_detects_every_family(sites: SimulatedSites, sources_file: Path, db: str) -> None:
    text = re.sub(r"fetcher: \w+", "fetcher: auto", sources_file.read_text(encoding="utf-8"))
    sources_file.write_text(text, encoding="utf-8")
    govwatch("fetch", "--config", str(sources_file), "--db", db)
    check_matches_truth(sites, export(db))
    sites.set_state("later")  # incl. a new report at the top of page 1 of a paginated column
    govwatch("fetch", "--config", str(sources_file), "--db", db)
    records = export(db)
    check_matches_truth(sites, records)
    assert sites.changes().new in {r["url"] for r in records}


def test_css_selectors_for_a_site_no_family_fits(sites: SimulatedSites, sources_file: Path, db: str) -> None:
    text = sources_file.read_text(encoding="utf-8")
    text = text.replace("fetcher: trs", 'fetcher: css\n    list_item: "ul.list li"', 1)
    text = text.replace("fetcher: generic", 'fetcher: css\n    list_item: "table.list_table tr"\n'
                        '    next_page: "a[href*=\'page=\']"', 1)
    sources_file.write_text(text, encoding="utf-8")
    govwatch("fetch", "--config", str(sources_file), "--db", db, "-s", "trs-demo", "-s", "legacy-gbk-demo")
    records = export(db)
    for sid in ("trs-demo", "legacy-gbk-demo"):
        want = {r.url for r in sites.expected()[sid].reports}
        assert {r["url"] for r in records if r["source"] == sid} == want
    fetched = set(sites.log.urls())
    assert not (sites.expected()["trs-demo"].chrome_pages & fetched)


def test_bad_css_selector_is_a_config_error(sites: SimulatedSites, sources_file: Path, db: str) -> None:
    text = sources_file.read_text(encoding="utf-8").replace("fetcher: trs", 'fetcher: css\n    list_item: ">>>"', 1)
    sources_file.write_text(text, encoding="utf-8")
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db, check=2)
    assert "source 'trs-demo': key 'list_item': invalid CSS selector" in proc.stderr


def test_match_and_exclude_override_report_recognition(sites: SimulatedSites, sources_file: Path,
                                                       db: str) -> None:
    text = sources_file.read_text(encoding="utf-8").replace(
        "fetcher: trs", 'fetcher: trs\n    match: "法治政府建设"\n    exclude: "解读|答复"', 1)
    sources_file.write_text(text, encoding="utf-8")
    govwatch("fetch", "--config", str(sources_file), "--db", db, "-s", "trs-demo")
    records = export(db)
    titles = [r["title"] for r in records]
    assert any("通知" in t for t in titles)  # the notice now counts: the user's match says so
    assert not any("解读" in t for t in titles)
    reports = [r for r in records if r["kind"].endswith("report")]
    assert {r["url"] for r in reports} == {r.url for r in sites.expected()["trs-demo"].reports}
    assert {r["kind"] for r in records} == {"report", "department_report", "match"}
    assert all(r["report_year"] for r in reports)


PLUGIN = '''
"""A third-party fetcher, registered through the govwatch.fetchers entry point group."""
from govwatch.crawl.discovery import Candidate
from govwatch.crawl.fetchers import Fetcher


class ListOnlyFirst(Fetcher):
    """Plugin fetcher: reads the first start page and returns its links (for tests)."""

    name = "firstpage"

    async def discover(self, ctx):
        from govwatch.crawl.discovery import find_links
        resp = await ctx.get(ctx.source.start_urls[0])
        return find_links(resp.text, resp.final_url)
'''


def test_fetcher_plugins_register_through_entry_points(sites: SimulatedSites, sources_file: Path, db: str,
                                                       tmp_path: Path) -> None:
    site_dir = tmp_path / "plugin"
    (site_dir / "gwplugin").mkdir(parents=True)
    (site_dir / "gwplugin" / "__init__.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    dist = site_dir / "gwplugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: gwplugin\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[govwatch.fetchers]\nfirstpage = gwplugin:ListOnlyFirst\n",
                                           encoding="utf-8")
    env = {"PYTHONPATH": str(site_dir)}
    listing = govwatch("fetchers", env=env).stdout
    assert "firstpage" in listing and "Plugin fetcher: reads the first start page" in listing
    text = sources_file.read_text(encoding="utf-8").replace("fetcher: trs", "fetcher: firstpage", 1)
    sources_file.write_text(text, encoding="utf-8")
    proc = govwatch("fetch", "--config", str(sources_file), "--db", db, "-s", "trs-demo", env=env)
    assert summary(proc.stdout)["trs-demo"]["new"] >= 1
    proc = subprocess.run([sys.executable, "-m", "govwatch", "fetch", "--config", str(sources_file),
                           "--db", db, "-s", "trs-demo"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "unknown fetcher 'firstpage'" in proc.stderr


def test_sources_check_passes_on_the_bundled_config() -> None:
    proc = govwatch("sources", "check", "--config", "config/sources.yaml")
    counts = re.search(r"(\d+) sources checked, 0 problem", proc.stdout)
    assert counts and int(counts.group(1)) >= 40


def test_sources_check_names_source_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - id: x\n    name: X\n    region: [甲省]\n    fetcher: nosuch\n"
                   "    start_urls: [http://www.x.gov.cn/col/]\n"
                   "  - id: y\n    name: Y\n    start_urls: [\"http://spam.example.com/a?b=1\"]\n", encoding="utf-8")
    proc = govwatch("sources", "check", "--config", str(bad), check=2)
    assert "source 'x': key 'fetcher'" in proc.stderr
    assert "source 'y': key 'start_urls'" in proc.stderr and "source 'y': key 'region'" in proc.stderr


JPAAS_LIST = """<html><head><meta charset="utf-8"><title>法治政府建设</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zfxxgk/">政府信息公开</a></div>
<ul class="list">
<li><a href="/zfxxgk/fdzdgknr/zhxx/art/2025/art_3f2a9c0b8d7e4f61a2b3c4d5e6f70812.html"
  title="姜堰区人民政府关于2024年度法治政府建设情况的报告">姜堰区人民政府关于2024年度法治政府建设情况的…</a>
  <span>2025-03-25</span></li>
<li><a href="/zfxxgk/fdzdgknr/zhxx/art/2025/art_0a1b2c3d4e5f60718293a4b5c6d7e8f9.html">
  【图解】姜堰区2024年度法治政府建设情况报告</a>
  <span>2025-03-26</span></li>
</ul><div class="page"><a href="index_2.html">下一页</a></div></body></html>"""
JPAAS_LIST_2 = """<html><head><meta charset="utf-8"></head><body><ul class="list">
<li><a href="/zfxxgk/fdzdgknr/zhxx/art/2024/art_9e8d7c6b5a4f32109e8d7c6b5a4f3210.html">
  姜堰区2023年度法治政府建设情况报告</a>
<span>2024-03-20</span></li></ul></body></html>"""
JPAAS_DETAIL = """<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{date} 10:00"><title>{title}</title></head><body>
<div class="crumb">当前位置：首页 &gt; 政府信息公开</div>
<div id="zoom"><p>{year}年，姜堰区坚持以习近平新时代中国特色社会主义思想为指导，深入推进依法行政。</p>
<p>一、主要举措和成效</p><p>（一）完善依法行政制度体系，提升行政决策公信力和执行力。</p></div>
<div class="footer">版权所有：泰州市姜堰区人民政府</div></body></html>"""


def test_hanweb_jpaas_variant_plain_lists(sites: SimulatedSites, db: str, tmp_path: Path) -> None:
    from govwatch.demo import faults

    sid = "hanweb-demo"
    base = "/zfxxgk/fdzdgknr/zhxx"
    sites.override(sid, f"{base}/index.html", faults.status(200, JPAAS_LIST))
    sites.override(sid, f"{base}/index_2.html", faults.status(200, JPAAS_LIST_2))
    docs = {
        "art/2025/art_3f2a9c0b8d7e4f61a2b3c4d5e6f70812.html":
            ("姜堰区人民政府关于2024年度法治政府建设情况的报告", "2025-03-25", 2024),
        "art/2024/art_9e8d7c6b5a4f32109e8d7c6b5a4f3210.html":
            ("姜堰区2023年度法治政府建设情况报告", "2024-03-20", 2023),
    }
    for path, (title, date, year) in docs.items():
        sites.override(sid, f"{base}/{path}", faults.status(200, JPAAS_DETAIL.format(title=title, date=date,
                                                                                     year=year)))
    cfg = tmp_path / "jpaas.yaml"
    cfg.write_text(f"defaults:\n  delay: 0\nsources:\n  - id: jiangyan\n    name: 泰州市姜堰区\n"
                   f"    region: [江苏省, 泰州市, 姜堰区]\n    fetcher: hanweb\n"
                   f"    start_urls: [\"{sites.url(sid, base + '/index.html')}\"]\n", encoding="utf-8")
    govwatch("fetch", "--config", str(cfg), "--db", db)
    got = {r["url"]: (r["title"], r["published"], r["report_year"]) for r in export(db)}
    assert got == {sites.url(sid, f"{base}/{p}"): v for p, v in docs.items()}  # the 【图解】 decoy is left out


HANWEB_WITH_DECOY_BOX = """<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2025-03-25 10:00"><title>{title}</title></head><body>
<div id="zoom"><p>2024年，姜堰区坚持以习近平新时代中国特色社会主义思想为指导，深入推进依法行政。</p>
<p>一、主要举措和成效</p><p>（一）完善依法行政制度体系，提升行政决策公信力和执行力。</p></div>
<div class="TRS_Editor related">
<p>相关解读：《姜堰区2024年度法治政府建设情况报告》政策解读、图文解读、视频解读。</p></div>
</body></html>"""


HINT_PAGE = "art/2025/art_5d41402abc4b2a76b9719d911017c592.html"


def test_family_extraction_hints_pick_the_familys_body(sites: SimulatedSites, tmp_path: Path) -> None:
    """A Hanweb page that also carries a TRS-classed box: the family's #zoom hint decides."""
    from govwatch.demo import faults
    from govwatch.extract import extract

    sid, base = "hanweb-demo", "/zfxxgk/fdzdgknr/zhxx"
    title = "姜堰区人民政府关于2024年度法治政府建设情况的报告"
    page = HANWEB_WITH_DECOY_BOX.format(title=title)
    assert "相关解读" in extract(page).text  # without the hint the generic ranking takes the wrong box
    sites.override(sid, f"{base}/index.html", faults.status(200, JPAAS_LIST_2.replace(
        "art/2024/art_9e8d7c6b5a4f32109e8d7c6b5a4f3210.html", HINT_PAGE).replace(
        "姜堰区2023年度法治政府建设情况报告", title)))
    sites.override(sid, f"{base}/{HINT_PAGE}", faults.status(200, page))
    for fetcher in ("hanweb", "auto"):
        db = f"sqlite:///{tmp_path / fetcher}.db"
        cfg = tmp_path / f"{fetcher}.yaml"
        cfg.write_text(f"defaults:\n  delay: 0\nsources:\n  - id: jy-{fetcher}\n    name: 泰州市姜堰区\n"
                       f"    region: [江苏省, 泰州市, 姜堰区]\n    fetcher: {fetcher}\n"
                       f"    start_urls: [\"{sites.url(sid, base + '/index.html')}\"]\n", encoding="utf-8")
        govwatch("fetch", "--config", str(cfg), "--db", db)
        text = {r["source"]: r["text"] for r in export(db)}.get(f"jy-{fetcher}", "")
        assert "完善依法行政制度体系" in text and "相关解读" not in text, fetcher
