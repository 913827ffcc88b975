"""Issue 14, item 5: the extractor's selections and text measures in C (``govwatch.extract._fastdom``),
checked against selectolax itself, which does the same work when the C module cannot be used."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
import selectolax
from selectolax.lexbor import LexborHTMLParser, LexborNode

import govwatch.extract
from govwatch.encoding import decode_html
from govwatch.extract import extract, extractor, fastdom

from .conftest import GOLD

PAGES = sorted((GOLD / "real").glob("*.html")) + sorted((GOLD / "synth").glob("*.html"))


@pytest.fixture
def python_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """selectolax does the work, as where the C module is not built."""
    monkeypatch.setattr(fastdom, "_native", None)
    monkeypatch.setattr(fastdom, "_loaded", True)
    yield


def _native() -> fastdom._Native:
    assert fastdom.enabled(), fastdom.STATUS
    assert fastdom._native is not None
    return fastdom._native


def test_c_module_is_built_and_used() -> None:
    """The package is installed with its C module, which passes its self-check with this selectolax."""
    assert fastdom.enabled(), fastdom.STATUS
    assert fastdom.STATUS.startswith("on"), fastdom.STATUS
    assert extractor._STRIP_OR_HIDDEN in fastdom._REGISTERED


def _roots(tree: LexborHTMLParser) -> list[LexborNode]:
    """The whole page, its body and its largest blocks (selections start anywhere in the tree)."""
    assert tree.root is not None and tree.body is not None
    blocks = sorted(tree.body.css("div, table, td, ul"), key=lambda n: -len(n.html or ""))[:3]
    return [tree.root, tree.body, *blocks]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_selections_agree_with_selectolax(page: Path) -> None:
    native = _native()
    tree = LexborHTMLParser(decode_html(page.read_bytes()))
    for root in _roots(tree):
        for rules in fastdom._REGISTERED:
            got = [n.mem_id for n in native.select(root, rules)]
            assert got == [n.mem_id for n in fastdom._css_select(root, rules)], (rules.selector, root.tag)
            assert all(isinstance(n, LexborNode) for n in native.select(root, rules))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_measures_agree_with_selectolax(page: Path) -> None:
    native = _native()
    tree = LexborHTMLParser(decode_html(page.read_bytes()))
    assert tree.root is not None
    for node in tree.root.traverse(include_text=True):
        if node.tag not in ("-comment", None):
            assert native.measure(node) == fastdom._css_measure(node), node.tag


def test_extraction_is_the_same_without_the_c_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every gold page (the real ones among them) gives the same document either way (the C module
    changes the speed only)."""
    pages = PAGES
    with_c = [dataclasses.asdict(extract(decode_html(p.read_bytes()), "http://www.example.gov.cn/a/b.html"))
              for p in pages]
    monkeypatch.setattr(fastdom, "_native", None)
    monkeypatch.setattr(fastdom, "_loaded", True)
    without = [dataclasses.asdict(extract(decode_html(p.read_bytes()), "http://www.example.gov.cn/a/b.html"))
               for p in pages]
    assert len(pages) > 80
    for page, a, b in zip(pages, with_c, without, strict=True):
        assert a == b, page.name


def test_selections_in_python_give_each_element_once(python_only: None) -> None:
    """Without the C module, an element matching several rules is still listed once (Lexbor lists it
    once per selector of the list it matches)."""
    tree = LexborHTMLParser('<div style="display:none" class="hidden" hidden>copy</div><p>x</p>')
    assert tree.body is not None
    assert len(tree.body.css(fastdom.Rules(attrs=("hidden",), class_tokens=("hidden",),
                                           style_parts=("display",)).selector)) == 3
    assert [n.tag for n in fastdom.select(tree.body, extractor._HIDDEN)] == ["div"]


def test_text_that_is_not_utf8_is_measured_by_selectolax() -> None:
    """A page parsed from bytes in another encoding (GB2312 here, never so in the extractor, which
    decodes first) holds text that is not UTF-8: selectolax decodes it with replacement characters, and
    the C module leaves such a text to it rather than count it differently."""
    native = _native()
    raw = (GOLD / "real" / "11_chinaneast_gb2312_detail.html").read_bytes()
    root = LexborHTMLParser(raw).body
    assert root is not None
    assert native.module.measure(root) is None
    assert native.measure(root) == fastdom._css_measure(root)


def _load() -> tuple[object, str]:
    return fastdom._load(fastdom._REGISTERED)


def test_turned_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVWATCH_FASTDOM", "0")
    native, status = _load()
    assert native is None and status == "off (GOVWATCH_FASTDOM=0)"


def test_other_selectolax_release_is_tried_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectolax, "__version__", "9.9.9", raising=False)
    monkeypatch.delenv("GOVWATCH_FASTDOM", raising=False)
    native, status = _load()
    assert native is None and "selectolax 9.9.9" in status and "GOVWATCH_FASTDOM=1" in status
    monkeypatch.setenv("GOVWATCH_FASTDOM", "1")
    native, status = _load()
    assert native is not None and status == "on (selectolax 9.9.9)"


@pytest.mark.parametrize("fault", ["select", "measure", "describe"])
def test_self_check_refuses_a_module_that_disagrees(monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    """A C module that reads the tree differently from selectolax (another Lexbor layout, say) is not
    used: the sample page shows the disagreement and the status says so."""
    real = govwatch.extract._fastdom

    def select(root: LexborNode, spec: object) -> list[LexborNode]:
        return real.select(root, spec)[:-1]

    def measure(node: LexborNode) -> tuple[int, int] | None:
        got = real.measure(node)
        return None if got is None else (got[0] + (node.tag == "h2"), got[1])

    def describe(node: LexborNode) -> tuple[int, int, list[tuple[int, bytes]]]:
        kind, tag, attrs = real.describe(node)
        return kind, tag, attrs[1:]

    fake = types.SimpleNamespace(select=real.select, measure=real.measure, describe=real.describe)
    setattr(fake, fault, {"select": select, "measure": measure, "describe": describe}[fault])
    monkeypatch.setattr(govwatch.extract, "_fastdom", fake)
    monkeypatch.delenv("GOVWATCH_FASTDOM", raising=False)
    native, status = _load()
    assert native is None and status.startswith("off (self-check failed"), status


def test_rules_without_a_sample_element_are_refused() -> None:
    """A rule naming a tag or attribute the sample page lacks cannot be checked: it is an error, not a
    silent miss."""
    native = _native()
    with pytest.raises(RuntimeError, match="rules outside"):
        native.spec(fastdom.Rules(tags=("marquee",)))
    with pytest.raises(RuntimeError, match="rules outside"):
        native.spec(fastdom.Rules(attrs=("data-x",)))
