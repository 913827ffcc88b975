"""Attacks the code already refused before issue 15, kept so: entity expansion (billion laughs) and
external entities (XXE) in attachments, and links and redirects off the source's hosts."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from govwatch.crawl.http import HttpClient, RequestPolicy
from govwatch.demo import faults, hostile
from govwatch.demo.sites import SimulatedSites
from tests.hostile.bounded import run_bounded


@pytest.mark.parametrize("entity", ["lol9", "xxe"])
def test_entities_in_a_docx_are_not_expanded(entity: str) -> None:
    prolog = "hostile.BILLION_LAUGHS" if entity == "lol9" else "hostile.XXE"
    run_bounded(
        f"""
        from govwatch.demo import hostile
        from govwatch.extract.attachments import attachment_text
        res = attachment_text(hostile.docx_entities({prolog}, {entity!r}), filename="a.docx")
        assert "lollollol" not in res.text and "root:" not in res.text, res.text[:200]
        """,
        seconds=30,
        mem_mb=600,
    )


@pytest.fixture
def two_sites() -> Iterator[SimulatedSites]:
    with SimulatedSites(["trs-demo", "ucap-demo"]) as sites:
        yield sites


def test_redirect_to_another_host_is_refused(two_sites: SimulatedSites) -> None:
    elsewhere = two_sites.url("ucap-demo", "/secret.html")
    two_sites.override("trs-demo", "/go.html", faults.redirect(elsewhere))

    async def go() -> str | None:
        async with HttpClient(backoff=0.01) as client:
            policy = RequestPolicy(delay=0, retries=0, allowed_hosts=frozenset({two_sites.host("trs-demo")}))
            return (await client.fetch(two_sites.url("trs-demo", "/go.html"), policy)).error

    assert asyncio.run(go()) == "off_host"
    assert "/secret.html" not in two_sites.log.paths("ucap-demo")


def test_off_host_links_are_never_fetched(two_sites: SimulatedSites, tmp_path: Path) -> None:
    from govwatch.crawl.crawler import crawl
    from govwatch.sources import load_config_text
    from govwatch.store import Store

    elsewhere = two_sites.url("ucap-demo", "/hostile/elsewhere.html")
    two_sites.override("trs-demo", "/list.html", hostile.html(hostile.list_page((), extra=(
        f"<a href='{elsewhere}'>XX县2023年度法治政府建设情况报告</a>"))))
    cfg = load_config_text(
        "sources:\n  - id: t\n    name: t\n    region: [\"测试\"]\n    fetcher: generic\n    delay: 0\n"
        f"    start_urls: [\"{two_sites.url('trs-demo', '/list.html')}\"]\n")
    asyncio.run(crawl(list(cfg.sources), Store(f"sqlite:///{tmp_path}/gw.db")))
    assert "/hostile/elsewhere.html" not in two_sites.log.paths("ucap-demo")
