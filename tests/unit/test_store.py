"""The store on SQLite and PostgreSQL: hashes, versions, diffs, duplicates, gone pages."""

from __future__ import annotations

import sqlalchemy as sa

from govwatch.extract.result import Extracted, Link
from govwatch.store import Outcome, Store
from govwatch.store.normalize import content_hash

P1 = ["2023年，我区扎实推进法治政府建设。", "一、主要举措和成效", "（一）深化改革。"]


def doc(paragraphs: list[str], title: str = "某区2023年度法治政府建设情况报告") -> Extracted:
    return Extracted(title=title, published="2024-03-01", publisher="某区人民政府", paragraphs=list(paragraphs),
                     fields={"索引号": "000/2024-1"}, report_year=2023,
                     attachments=[Link("附件1", "http://a.gov.cn/P020.pdf")])


def test_new_unchanged_changed(db_url: str) -> None:
    store = Store(db_url)
    url = "http://a.gov.cn/t1.html"
    assert store.record_page("a", url, doc(P1), kind="report") == Outcome.NEW
    # whitespace and Unicode-form differences are no change
    same = ["2023年， 我区扎实推进法治政府建设。 ", "", "一、主要举措和成效", "（一）深化改革。"]
    assert store.record_page("a", url, doc(same)) == Outcome.UNCHANGED
    edited = [*P1[:2], "（一）深化改革，优化营商环境。", "（二）新增段落。"]
    assert store.record_page("a", url, doc(edited), kind="report") == Outcome.CHANGED
    versions = store.history(url)
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].diff is None
    assert "-（一）深化改革。" in (versions[1].diff or "")
    assert "+（二）新增段落。" in (versions[1].diff or "")
    assert versions[1].content_hash == content_hash("\n".join(edited))
    rec = next(store.export_records())
    assert (rec.version, rec.status, rec.fields, rec.report_year, rec.kind) == (2, "active", {"索引号": "000/2024-1"},
                                                                                  2023, "report")
    assert rec.attachments == [{"text": "附件1", "url": "http://a.gov.cn/P020.pdf"}]
    assert len(list(store.export_records(all_versions=True))) == 2
    store.close()


def test_duplicate_text_is_stored_once(db_url: str) -> None:
    store = Store(db_url)
    assert store.record_page("a", "http://a.gov.cn/1.html", doc(P1)) == Outcome.NEW
    assert store.record_page("a", "http://a.gov.cn/copy/1.html", doc(P1)) == Outcome.DUPLICATE
    recs = {r.url: r for r in store.export_records()}
    assert recs["http://a.gov.cn/copy/1.html"].duplicate_of == "http://a.gov.cn/1.html"
    assert recs["http://a.gov.cn/1.html"].duplicate_of is None
    assert store.counts()["contents"] == 1
    assert store.history("http://a.gov.cn/copy/1.html")[0].duplicate_of == "http://a.gov.cn/1.html"
    store.close()


def test_gone_keeps_versions_and_can_come_back(db_url: str) -> None:
    store = Store(db_url)
    url = "http://a.gov.cn/2.html"
    store.record_page("a", url, doc(P1))
    assert store.mark_gone("a", url, 404) is True
    assert store.mark_gone("a", url, 404) is False  # already gone: not counted twice
    rec = next(store.export_records())
    assert rec.status == "gone" and rec.text == "\n".join(P1)
    assert store.record_page("a", url, doc(P1)) == Outcome.UNCHANGED
    assert next(store.export_records()).status == "active"
    store.close()


def test_failed_write_leaves_no_half_version(db_url: str) -> None:
    store = Store(db_url)
    url = "http://a.gov.cn/3.html"
    store.record_page("a", url, doc(P1))
    bad = doc([*P1, "新段落"])
    bad.fields = {"x": object()}  # type: ignore[dict-item]  # not JSON: fails inside the transaction
    try:
        store.record_page("a", url, bad)
    except TypeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("expected the write to fail")
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from version")).scalar() == 1
        assert conn.execute(sa.text("select count(*) from content")).scalar() == 1
    assert [v.version for v in store.history(url)] == [1]
    assert next(store.export_records()).version == 1
    store.close()


def test_reopen_keeps_everything(db_url: str) -> None:
    store = Store(db_url)
    store.record_page("a", "http://a.gov.cn/4.html", doc(P1))
    store.close()
    again = Store(db_url)
    assert [r.url for r in again.export_records()] == ["http://a.gov.cn/4.html"]
    again.close()
