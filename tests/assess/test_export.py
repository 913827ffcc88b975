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


def test_marked_paragraphs_cover_the_text_and_its_evidence() -> None:
    from govwatch.assess import assess_text
    from govwatch.assess.evidence import marked_paragraphs
    from govwatch.assess.gold import gold_set

    for doc in gold_set():
        a = assess_text(doc.text, doc.title)
        paras = marked_paragraphs(doc.text, a)
        # the segments put back together are the text's non-empty lines
        assert ["".join(s.text for s in p.segments) for p in paras] == [ln for ln in doc.text.split("\n") if ln.strip()]
        marked = {(s.kind, n) for p in paras for s in p.segments if s.kind and s.name for n in s.name.split()}
        for name, part in a.parts.items():
            if part.status != "absent":
                assert ("part", name) in marked, (doc.id, name)
        for name in a.figures:
            assert ("figure", name) in marked or any(  # a figure inside a highlighted heading is dropped
                p.start <= a.figures[name].value_start < p.start + len(p.heading or "") for p in a.parts.values()
                if p.start is not None), (doc.id, name)
