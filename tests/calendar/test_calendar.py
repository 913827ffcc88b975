"""The report calendar: found / edited / removed / overdue per configured source."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from govwatch.calendar import build_calendar, deadline, to_csv
from govwatch.sources import load_config
from govwatch.store import Store
from tests.export.synth import Small, page, small_store


@pytest.fixture
def small(db_url: str, tmp_path: Path) -> Small:
    return small_store(db_url, tmp_path)


def calendar(small: Small, year: int, today: date) -> dict[str, object]:
    store = Store(small.db)
    try:
        rows = build_calendar(load_config(small.config).sources, store, year, today=today)
    finally:
        store.close()
    return {r.source: r for r in rows}


def test_found_edited_removed_and_overdue(small: Small) -> None:
    rows = calendar(small, 2024, today=date(2025, 4, 1))
    assert list(rows) == ["alpha", "beta", "delta"]  # config order; gamma is not in the config
    alpha = rows["alpha"]
    assert alpha.status == "found" and alpha.url == small.urls["edited"]  # the original, not the copy or dept
    assert alpha.edited and alpha.versions == 2 and not alpha.removed
    assert alpha.first_seen == "2025-03-01T08:00:00Z" and alpha.candidates == 3
    assert rows["beta"].status == "found" and not rows["beta"].edited
    delta = rows["delta"]
    assert delta.status == "overdue" and delta.overdue and not delta.found and delta.url is None
    # the day before the deadline nothing is overdue yet
    assert calendar(small, 2024, today=date(2025, 3, 31))["delta"].status == "missing"
    last_year = calendar(small, 2023, today=date(2025, 6, 1))
    assert last_year["beta"].status == "removed" and last_year["beta"].removed and last_year["beta"].found
    assert not last_year["beta"].overdue
    assert last_year["alpha"].status == "overdue"


def test_late_publication_is_flagged(small: Small) -> None:
    store = Store(small.db)
    store.record_page("delta", "http://delta.gov.cn/col/late.html",
                      page(["迟到的报告。"], "丁县2024年度法治政府建设情况报告", published="2025-04-15"),
                      kind="report")
    store.close()
    delta = calendar(small, 2024, today=date(2025, 5, 1))["delta"]
    assert delta.status == "found" and delta.late and delta.published == "2025-04-15"
    assert not calendar(small, 2024, today=date(2025, 5, 1))["alpha"].late


def test_five_year_reports_and_custom_matches_do_not_count(small: Small) -> None:
    store = Store(small.db)
    store.record_page("delta", "http://delta.gov.cn/col/5y.html",
                      page(["五年总结。"], "丁县2020—2024年法治政府建设情况的报告"), kind="five_year_report")
    store.record_page("delta", "http://delta.gov.cn/col/m.html", page(["其他。"], "丁县2024年度某某报告"),
                      kind="match")
    store.close()
    assert calendar(small, 2024, today=date(2025, 5, 1))["delta"].status == "overdue"


def test_csv_output(small: Small) -> None:
    store = Store(small.db)
    try:
        rows = build_calendar(load_config(small.config).sources, store, 2024, today=date(2025, 4, 2))
    finally:
        store.close()
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert [r["source"] for r in parsed] == ["alpha", "beta", "delta"]
    assert parsed[0]["found"] == "yes" and parsed[0]["edited"] == "yes"
    assert parsed[0]["region"] == "湖北省/随州市/曾都区"
    assert parsed[2]["overdue"] == "yes" and parsed[2]["edited"] == ""


def test_deadline() -> None:
    assert deadline(2024) == date(2025, 4, 1)
