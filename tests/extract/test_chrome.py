"""Every entry of the chrome lexicon: its examples are removed, its body sentences are kept."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from govwatch.extract import extract, fastdom
from govwatch.extract.chrome import HIDDEN_RULES, RULES, ChromeRule, is_chrome_name, match_rule, strip_chrome

EXAMPLES = [(r.name, ex) for r in RULES for ex in r.examples]
KEEPS = [(r.name, k) for r in RULES for k in r.keep]


def test_every_rule_has_examples_and_a_keep_sentence() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for r in RULES:
        assert r.examples, r.name
        assert r.keep, r.name
        assert r.line or r.tokens or r.pairs, r.name


@pytest.mark.parametrize(("rule", "line"), EXAMPLES, ids=[f"{n}:{e}" for n, e in EXAMPLES])
def test_example_is_removed(rule: str, line: str) -> None:
    assert match_rule(line) is not None, f"{rule} should remove {line!r}"


@pytest.mark.parametrize(("rule", "line"), EXAMPLES, ids=[f"{n}:{e}" for n, e in EXAMPLES])
def test_example_is_removed_by_its_own_rule(rule: str, line: str) -> None:
    own = next(r for r in RULES if r.name == rule)
    assert match_rule(line, (own,)) is not None


@pytest.mark.parametrize(("rule", "line"), KEEPS, ids=[f"{n}:{k[:12]}" for n, k in KEEPS])
def test_body_sentence_is_kept(rule: str, line: str) -> None:
    assert match_rule(line) is None, f"{rule}: body sentence removed: {line!r}"


@pytest.mark.parametrize(("rule", "line"), KEEPS, ids=[f"{n}:{k[:12]}" for n, k in KEEPS])
def test_body_sentence_survives_a_full_extraction(rule: str, line: str) -> None:
    lines = ("一、基本情况", line, "二、下一步工作安排如下，继续推进法治政府建设。")
    body = "".join(f"<p>{s}</p>" for s in lines)
    res = extract(f"<html><body><div class='TRS_Editor'>{body}</div></body></html>")
    assert line in res.paragraphs


def test_strip_chrome_keeps_order() -> None:
    lines = ["当前位置：首页 > 正文", "正文第一段。", "打印本页 关闭窗口", "正文第二段。"]
    assert strip_chrome(lines) == ["正文第一段。", "正文第二段。"]


def test_long_lines_are_never_chrome() -> None:
    long = "版权所有" + "法治政府建设" * 60
    assert match_rule(long) is None


def test_custom_rule_set() -> None:
    rule = ChromeRule("x", "test", line=(r"测试链接",), max_len=10, examples=("测试链接",), keep=("测",))
    assert match_rule("测试链接", (rule,)) == "x"
    assert match_rule("测试链接", (rule,)) is not None and match_rule("其他", (rule,)) is None


@pytest.mark.parametrize(
    ("cls", "ident", "chrome"),
    [
        ("share-box", None, True),
        ("bdsharebuttonbox", None, False),
        ("breadcrumb", None, True),
        (None, "fenxiang", True),
        ("banquanmianze", None, True),
        ("footer clearfix", None, True),
        ("article-content", None, False),
        ("print", "printContent", False),
        ("TRS_Editor", None, False),
        ("main-txt", "zoom", False),
        ("pages-date", None, False),
        (None, None, False),
    ],
)
def test_structural_names(cls: str | None, ident: str | None, chrome: bool) -> None:
    assert is_chrome_name(cls, ident) is chrome


@pytest.mark.parametrize(
    ("attrs", "hidden"),
    [
        ({"style": "display:none"}, True),
        ({"style": "DISPLAY: NONE;"}, True),
        ({"style": "visibility: hidden"}, True),
        ({"hidden": ""}, True),
        ({"class": "ng-hide"}, True),
        ({"class": "x hide"}, True),
        ({"class": "hidden-xs"}, False),
        ({"style": "border:none"}, False),
        ({"style": "display:block"}, False),
        ({"style": "overflow:hidden"}, False),
        ({"Style": "width:2px;display :\tnone"}, True),
        ({"class": "HIDE"}, True),
        ({}, False),
    ],
)
def test_hidden(attrs: dict[str, str], hidden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each kind of hidden element, selected by the C module and by selectolax alike."""
    page = "<p>{}</p><div {}>x</div>".format("y", " ".join(f'{k}="{v}"' for k, v in attrs.items()))
    for native in (fastdom._native, None):
        monkeypatch.setattr(fastdom, "_native", native)
        body = LexborHTMLParser(page).body
        assert body is not None
        assert [n.tag for n in fastdom.select(body, HIDDEN_RULES)] == (["div"] if hidden else [])
