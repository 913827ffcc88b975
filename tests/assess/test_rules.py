"""Every entry of the assessment rules: its examples are recognised, its keep sentences are not."""

from __future__ import annotations

import re
import time

import pytest

from govwatch.assess.analyse import _compile, assess_text, expand, find_figures, heading_parts, text_kind
from govwatch.assess.rules import FIGURE_RULES, KIND_RULES, PART_NAMES, PART_RULES, FigureRule

HEADINGS = [(r.name, ex) for r in PART_RULES for ex in r.examples]
MENTIONS = [(r.name, ex) for r in PART_RULES for ex in r.mention_examples]
PART_KEEPS = [(r.name, k) for r in PART_RULES for k in r.keep]
FIG_EXAMPLES = [(r.name, s, v) for r in FIGURE_RULES for s, v in r.examples]
FIG_KEEPS = [(r.name, k) for r in FIGURE_RULES for k in r.keep]
KIND_EXAMPLES = [(r.kind, ex) for r in KIND_RULES for ex in r.examples]
KIND_KEEPS = [(r.kind, k) for r in KIND_RULES for k in r.keep]


def test_every_rule_has_examples_and_keeps() -> None:
    assert tuple(r.name for r in PART_RULES) == PART_NAMES
    for r in PART_RULES:
        assert r.examples and r.mention_examples and r.keep, r.name
    for f in FIGURE_RULES:
        assert f.examples and f.keep, f.name
    for k in KIND_RULES:
        assert k.examples and k.keep, k.kind


@pytest.mark.parametrize(("part", "heading"), HEADINGS, ids=[f"{n}:{h}" for n, h in HEADINGS])
def test_heading_is_recognised(part: str, heading: str) -> None:
    assert part in heading_parts(heading)
    # and as a top-level heading of a text
    assert assess_text(f"前言。\n{heading}\n正文。").parts[part].status == "section"


@pytest.mark.parametrize(("part", "sentence"), MENTIONS, ids=[f"{n}:{s[:12]}" for n, s in MENTIONS])
def test_mention_is_recognised(part: str, sentence: str) -> None:
    # inside another part's section (a text without any heading would make (七) its top level)
    other = "一、存在的问题" if part == "other" else "一、其他事项"
    a = assess_text(f"前言。\n{other}\n{sentence}")
    assert a.parts[part].status == "mentioned"


@pytest.mark.parametrize(("part", "text"), PART_KEEPS, ids=[f"{n}:{k[:12]}" for n, k in PART_KEEPS])
def test_part_keep_is_not_taken(part: str, text: str) -> None:
    if "。" not in text:  # a heading
        assert part not in heading_parts(text)
    assert assess_text(f"前言。\n{text}").parts[part].status == "absent"


@pytest.mark.parametrize(("figure", "sentence", "value"), FIG_EXAMPLES,
                         ids=[f"{n}:{s[:12]}" for n, s, _ in FIG_EXAMPLES])
def test_figure_example(figure: str, sentence: str, value: float) -> None:
    got = find_figures(sentence)
    assert figure in got, got
    assert got[figure].value == value
    assert got[figure].sentence == sentence.strip()


@pytest.mark.parametrize(("figure", "sentence", "value"), FIG_EXAMPLES,
                         ids=[f"{n}:{s[:12]}" for n, s, _ in FIG_EXAMPLES])
def test_figure_example_by_its_own_rule(figure: str, sentence: str, value: float) -> None:
    own = next(r for r in FIGURE_RULES if r.name == figure)
    assert find_figures(sentence, figures=(own,))[figure].value == value


@pytest.mark.parametrize(("figure", "sentence"), FIG_KEEPS, ids=[f"{n}:{s[:12]}" for n, s in FIG_KEEPS])
def test_figure_keep(figure: str, sentence: str) -> None:
    assert figure not in find_figures(sentence)


@pytest.mark.parametrize(("kind", "text"), KIND_EXAMPLES, ids=[f"{k}:{t[:10]}" for k, t in KIND_EXAMPLES])
def test_kind_example(kind: str, text: str) -> None:
    a = assess_text(text)
    assert text_kind(text, None, a.parts) == kind


@pytest.mark.parametrize(("kind", "text"), KIND_KEEPS, ids=[f"{k}:{t[:10]}" for k, t in KIND_KEEPS])
def test_kind_keep(kind: str, text: str) -> None:
    assert text_kind(text, None, assess_text(text).parts) != kind


def test_needles_hold_for_every_example() -> None:
    for r in FIGURE_RULES:
        for s, _ in r.examples:
            norm = s.translate({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)})
            assert not r.needles or any(n in norm for n in r.needles), (r.name, s)


def test_a_pattern_without_a_number_needs_a_value() -> None:
    for r in FIGURE_RULES:
        for p in r.patterns:
            if "(?P<v>" not in expand(p):
                assert r.value is not None, r.name


def test_custom_figure_rule() -> None:
    rule = FigureRule("x", "test", "x", patterns=(r"调解{GAP}{0,6}?{N}件",), unit="件",
                      examples=(("调解纠纷12件。", 12),))
    assert find_figures("全年调解纠纷一百二十件。", figures=(rule,))["x"].value == 120


PATHOLOGICAL = [
    "复议" * 5000,
    "一" * 20000,
    "规范性文件" + "审查" * 5000 + "x",
    ("全年" + "，" * 3 + "办理") * 3000,
    "（" * 10000 + "一）",
    "第一责任人" * 3000,
    "法律顾问" + "实现" * 5000,
    "百分之" + "九" * 10000,
    "\n".join("一、" + "工" * 70 for _ in range(2000)),
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=[t[:6] for t in PATHOLOGICAL])
def test_linear_time_on_adversarial_text(text: str) -> None:
    t0 = time.perf_counter()
    assess_text(text)
    assert time.perf_counter() - t0 < 2.0  # generous: catastrophic backtracking takes minutes


def test_no_nested_quantifiers() -> None:
    """A quantified group holding a quantifier is how catastrophic backtracking starts."""
    c = _compile()
    pats = [rx.pattern for _, rx, _ in c.heading] + [rx.pattern for _, rx in c.mention]
    pats += [rx.pattern for _, rxs in c.figures for rx in rxs] + [rx.pattern for _, rx in c.kinds]
    nested = re.compile(r"\((?:\?:)?[^()]*[+*}][^()]*\)[+*{]")
    for p in pats:
        assert not nested.search(p), p
