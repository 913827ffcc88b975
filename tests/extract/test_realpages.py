"""The real pages of tests/gold/real: title, date, body passages present, chrome absent.

Passages are compared with all whitespace removed from both sides (renderings differ in line breaks and
indentation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govwatch.encoding import decode_html
from govwatch.extract import extract
from govwatch.extract.textutil import squash

from .conftest import GOLD

PAGES = sorted((GOLD / "real").glob("*.html"))


def _load(path: Path) -> tuple[str, dict]:  # type: ignore[type-arg]
    return decode_html(path.read_bytes()), json.loads(path.with_suffix(".expect.json").read_text("utf-8"))


def test_there_are_eleven_real_pages() -> None:
    assert len(PAGES) == 11


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_real_page(path: Path) -> None:
    html, expect = _load(path)
    res = extract(html, "https://www.example.gov.cn/a/b/c.html")
    assert (res.title or "").strip() == expect["title"].strip()
    assert res.published == expect["date"]
    text = squash(res.text)
    for passage in expect["must_contain"]:
        assert squash(passage) in text, passage
    for chrome in expect["must_not_contain"]:
        assert squash(chrome) not in text, chrome
    assert res.reason is None


def test_nmg_body_is_not_repeated() -> None:
    html, _ = _load(GOLD / "real" / "09_nmg-gov_trs_detail.html")
    res = extract(html)
    assert res.text.count("预计到2025年末，为纳税人减负180亿元。") == 1


def test_nfra_table_cells_kept_once() -> None:
    html, _ = _load(GOLD / "real" / "06_nfra_cfxx_rendered_detail.html")
    res = extract(html)
    assert res.text.count("对吕志坚警告并罚款1万元") == 1
    assert any("行政处罚依据" in p for p in res.paragraphs)


def test_jilin_disclosure_table_goes_to_fields() -> None:
    html, _ = _load(GOLD / "real" / "08_xxgk-jl_zfxxgk_detail.html")
    res = extract(html)
    assert res.fields["索引号"] == "11220000013544357T/2022-00426"
    assert res.fields["文号"] == "吉政明电〔2022〕1号"
    assert res.fields["发布机构"] == "吉林省人民政府"
    assert res.fields["成文日期"] == "2022-01-27"
    assert res.publisher == "吉林省人民政府"
    assert "11220000013544357T/2022-00426" not in res.text
