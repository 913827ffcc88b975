"""The analyser on the hand-written gold set: the corpus reports and the variants built from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from govwatch.assess import assess_text
from govwatch.assess.evaluate import evaluate
from govwatch.assess.gold import GoldDoc, gold_set
from govwatch.assess.rules import FIGURE_NAMES, PART_NAMES
from govwatch.demo.documents import seed

GOLD = gold_set()
SEEDS = Path("/work/shared/seeds")


def test_gold_set_size() -> None:
    assert len(GOLD) >= 25  # 5 corpus texts and at least 20 variants
    assert len({d.id for d in GOLD}) == len(GOLD)


@pytest.mark.parametrize("doc", GOLD, ids=[d.id for d in GOLD])
def test_gold_is_consistent_with_its_text(doc: GoldDoc) -> None:
    """The hand-written headings, ends and sentence pieces are in the text where they say."""
    for name, p in doc.parts.items():
        assert name in PART_NAMES
        assert p.status in ("section", "mentioned")
        start, end = doc.span(name)
        assert doc.text[start:end].startswith(p.heading) and doc.text[start:end].endswith(p.end)
    for name, (_, piece) in doc.figures.items():
        assert name in FIGURE_NAMES
        assert piece in doc.text, (name, piece)


@pytest.mark.parametrize("doc", GOLD, ids=[d.id for d in GOLD])
def test_parts(doc: GoldDoc) -> None:
    a = assess_text(doc.text, doc.title)
    for name in PART_NAMES:
        got = a.parts[name]
        gold = doc.parts.get(name)
        if gold is None:
            assert got.status == "absent", (name, got)
            continue
        assert got.status == gold.status, (name, got)
        assert (got.start, got.end) == doc.span(name), name
        assert got.heading is not None and got.heading.startswith(gold.heading)


@pytest.mark.parametrize("doc", GOLD, ids=[d.id for d in GOLD])
def test_figures(doc: GoldDoc) -> None:
    a = assess_text(doc.text, doc.title)
    assert set(a.figures) == set(doc.figures)
    for name, (value, piece) in doc.figures.items():
        f = a.figures[name]
        assert f.value == value, name
        assert piece in f.sentence, (name, f.sentence)
        assert doc.text[f.sentence_start:f.sentence_start + len(f.sentence)] == f.sentence
        assert f.start >= f.sentence_start and f.end <= f.sentence_start + len(f.sentence) + 1


@pytest.mark.parametrize("doc", GOLD, ids=[d.id for d in GOLD])
def test_kind(doc: GoldDoc) -> None:
    assert assess_text(doc.text, doc.title).kind == doc.kind


def test_precision_and_recall_per_part() -> None:
    r = evaluate(GOLD)
    for name, s in r.parts.items():
        assert s.precision >= 0.95 and s.recall >= 0.95, (name, r.errors)


CORPUS = {d.id: d for d in GOLD[:5]}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds are not here")
@pytest.mark.parametrize("seed_id", sorted(CORPUS))
def test_naive_scrape_gives_the_same_parts_and_figures(seed_id: str) -> None:
    """The seeds with their page chrome (and, for one, paragraphs flattened to spaces)."""
    raw = (SEEDS / str(seed(seed_id).seed)).read_text(encoding="utf-8")
    a = assess_text(raw)
    gold = CORPUS[seed_id]
    assert {n: p.status for n, p in a.parts.items()} == {
        n: (gold.parts[n].status if n in gold.parts else "absent") for n in PART_NAMES}
    assert {n: f.value for n, f in a.figures.items()} == {n: v for n, (v, _) in gold.figures.items()}
    assert a.kind == gold.kind
