"""The jsonl export carries each document's ``assessment``."""

from __future__ import annotations

import io
import json
from pathlib import Path

from govwatch.demo.documents import seed
from govwatch.export.base import get_exporter
from govwatch.extract.result import Extracted
from govwatch.store import Store


def test_jsonl_rows_carry_the_assessment(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
    doc = seed("zhongwei-2019")
    store.record_page("zw", "http://zw.example.gov.cn/a.html",
                      Extracted(title=doc.title, published=doc.published, publisher=doc.publisher,
                                paragraphs=list(doc.paragraphs), report_year=2019), kind="report")
    buf = io.StringIO()
    get_exporter("jsonl").write(store.export_records(), buf, all_versions=False)
    row = json.loads(buf.getvalue())
    a = row["assessment"]
    assert a["kind"] == "report"
    text = row["text"]
    assert a["parts"]["leaders"]["status"] == "mentioned"
    s, e = a["parts"]["leaders"]["span"]
    assert text[s:e] == "二是落实法治政府建设第一责任人职责。"
    assert a["parts"]["plans"]["heading"] == "二、下一步工作"
    assert a["parts"]["other"] == {"status": "absent", "heading": None, "span": None}
    fig = a["figures"]["review_concluded"]
    assert fig["value"] == 52 and "已审结52件" in fig["sentence"]
    assert text[fig["sentence_span"][0]:fig["sentence_span"][1]] == fig["sentence"]
    store.close()
