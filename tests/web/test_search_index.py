"""The search index on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm): kept with each version."""

from __future__ import annotations

import sqlalchemy as sa

from govwatch.extract.result import Extracted
from govwatch.store import Store
from govwatch.store.search import FTS_TABLE, PG_TABLE, ensure_index, search
from tests.integration.test_e2e import govwatch


def _page(title: str, *paragraphs: str, year: int = 2023) -> Extracted:
    return Extracted(title=title, paragraphs=list(paragraphs), report_year=year, published=f"{year + 1}-03-01")


def test_index_follows_versions_and_removals(db_url: str) -> None:
    store = Store(db_url)
    try:
        title = "甲县2023年度法治政府建设情况报告"
        first = _page(title, "坚持依法行政，推进严格规范公正文明执法。")
        store.record_page("a", "http://a.test/1", first, kind="report")
        store.record_page("b", "http://b.test/1", _page("乙县2022年度报告", "加强行政复议工作。", year=2022),
                          kind="report")
        hits = search(store.engine, "规范公正文明")
        assert hits.total == 1 and hits.hits[0].title.startswith("甲县")
        assert "<mark>规范公正文明</mark>" in hits.hits[0].snippet
        # a new version replaces the indexed text in the same transaction
        store.record_page("a", "http://a.test/1", _page(title, "坚持依法行政，深化综合行政执法改革。"), kind="report")
        assert search(store.engine, "规范公正文明").total == 0
        assert search(store.engine, "综合行政执法").total == 1
        # filters, short terms (scan), several terms, nothing found
        assert search(store.engine, "行政", year=2022).total == 1
        assert search(store.engine, "行政").total == 2
        assert search(store.engine, "行政 复议").total == 1
        assert search(store.engine, "行政", source_ids=["b"]).total == 1
        assert search(store.engine, "100%_").total == 0  # LIKE wildcards are literal
        assert search(store.engine, '"引号" OR x').total == 0  # FTS syntax is literal text
        # removal shows in the status filter
        assert store.mark_gone("b", "http://b.test/1", 404)
        assert search(store.engine, "行政复议", status="gone").total == 1
        assert search(store.engine, "行政复议", status="active").total == 0
    finally:
        store.close()


def test_index_is_built_for_an_existing_database(db_url: str) -> None:
    store = Store(db_url)
    store.record_page("a", "http://a.test/1", _page("丙县报告", "法治宣传教育深入开展。"), kind="report")
    table = FTS_TABLE if store.engine.dialect.name == "sqlite" else PG_TABLE
    with store.engine.begin() as conn:
        conn.execute(sa.text(f"DROP TABLE {table}"))
    with store.engine.begin() as conn:
        assert ensure_index(conn) is True  # what Store() and the 0003_search migration call
        assert ensure_index(conn) is False
    assert search(store.engine, "宣传教育").total == 1
    store.close()


def test_db_upgrade_creates_the_index(db_url: str) -> None:
    assert govwatch("db", "upgrade", "--db", db_url).returncode == 0
    store = Store(db_url, create=False)
    store.record_page("a", "http://a.test/1", _page("丁县报告", "行政决策科学化民主化法治化。"), kind="report")
    assert search(store.engine, "民主化").total == 1
    store.close()


def test_serve_reads_a_store_it_cannot_write(db_url: str) -> None:
    import httpx
    import pytest

    from govwatch.web.server import read_only
    from tests.web.conftest import start_serve, stop

    store = Store(db_url)
    store.record_page("a", "http://a.test/1", _page("戊县报告", "推进政务公开标准化规范化。"), kind="report")
    served = start_serve(db_url)
    try:
        page = httpx.get(served.url + "/search", params={"q": "标准化规范化"})
        assert page.status_code == 200 and "<mark>标准化规范化</mark>" in page.text
        assert httpx.get(served.url + "/doc/1").status_code == 200
        assert httpx.get(served.url + "/doc/1/text.txt").text.endswith("推进政务公开标准化规范化。\n")
    finally:
        stop(served)
    read_only(store)
    with pytest.raises(sa.exc.DBAPIError):
        store.record_page("a", "http://a.test/2", _page("己县报告", "新的一页。"), kind="report")
    store.close()
