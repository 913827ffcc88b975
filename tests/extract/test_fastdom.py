"""Issue 14, item 5: the extractor's selections and text measures in C (``govwatch.extract._fastdom``),
checked against selectolax itself, which does the same work when the C module cannot be used."""

from __future__ import annotations

import dataclasses
import random
import re
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
import selectolax
from selectolax.lexbor import LexborHTMLParser, LexborNode

import govwatch.extract
from govwatch.encoding import decode_html
from govwatch.extract import body, extract, extractor, fastdom, meta

from .conftest import GOLD, record_parses

PAGES = sorted((GOLD / "real").glob("*.html")) + sorted((GOLD / "synth").glob("*.html"))


#: every selection the extractor makes
RULES = [extractor._HEAD, meta.HEADING_RULES, body.CMS_RULES, extractor._HIDDEN, extractor._STRIP,
         extractor._STRIP_OR_HIDDEN, extractor._STRUCTURAL, fastdom._LINKS]


@pytest.fixture
def python_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """selectolax does the work, as where the C module is not built."""
    monkeypatch.setattr(fastdom, "_native", None)
    yield


def _native() -> fastdom._Native:
    assert fastdom.enabled(), fastdom.STATUS
    assert fastdom._native is not None
    return fastdom._native


def test_c_module_is_built_and_used() -> None:
    """The package is installed with its C module, which passes its self-check with this selectolax."""
    assert fastdom.enabled(), fastdom.STATUS
    assert fastdom.STATUS.startswith("on"), fastdom.STATUS
    native = _native()
    for rules in RULES:  # each selection passes its own check on the sample page
        assert native.checked_spec(rules) is not None, rules.selector


def _roots(tree: LexborHTMLParser) -> list[LexborNode]:
    """The whole page, its body and its largest blocks (selections start anywhere in the tree)."""
    assert tree.root is not None and tree.body is not None
    blocks = sorted(tree.body.css("div, table, td, ul"), key=lambda n: -len(n.html or ""))[:3]
    return [tree.root, tree.body, *blocks]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_selections_agree_with_selectolax(page: Path) -> None:
    _native()
    tree = LexborHTMLParser(decode_html(page.read_bytes()))
    for root in _roots(tree):
        for rules in RULES:
            got = fastdom.select(root, rules)
            assert [n.mem_id for n in got] == [n.mem_id for n in fastdom._css_select(root, rules)], (
                rules.selector, root.tag)
            assert all(isinstance(n, LexborNode) for n in got)
            nodes, ends = fastdom.select_spans(root, rules)
            assert nodes == got and ends == fastdom._subtree_ends(got), (rules.selector, root.tag)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_measures_agree_with_selectolax(page: Path) -> None:
    native = _native()
    tree = LexborHTMLParser(decode_html(page.read_bytes()))
    assert tree.root is not None
    for node in tree.root.traverse(include_text=True):
        if node.tag not in ("-comment", None):
            assert native.module.measure(node) == fastdom._css_measure(node), node.tag
        if node.is_element_node:
            assert fastdom.measure_links(node) == fastdom._css_measure_links(node)


def test_extraction_is_the_same_without_the_c_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every gold page (the real ones among them) gives the same document either way (the C module
    changes the speed only)."""
    pages = PAGES
    with_c = [dataclasses.asdict(extract(decode_html(p.read_bytes()), "http://www.example.gov.cn/a/b.html"))
              for p in pages]
    monkeypatch.setattr(fastdom, "_native", None)
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
    assert fastdom.measure(root) == fastdom._css_measure(root)


def _load() -> tuple[object, str]:
    return fastdom._load()


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


@pytest.mark.parametrize("fault", ["measure", "describe", "cut_head_styles", "contains_any", "select"])
def test_self_check_refuses_a_module_that_disagrees(monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    """A C module that reads the tree differently from selectolax (another Lexbor layout, say) is not
    used: the sample page shows the disagreement and the status says so; a selection it makes
    differently is left to selectolax."""
    real = govwatch.extract._fastdom

    def select(root: LexborNode, spec: object) -> list[LexborNode]:
        return real.select(root, spec)[:-1]

    def measure(node: LexborNode) -> tuple[int, int] | None:
        got = real.measure(node)
        return None if got is None else (got[0] + (node.tag == "h2"), got[1])

    def describe(node: LexborNode) -> tuple[int, int, list[tuple[int, bytes]]]:
        kind, tag, attrs = real.describe(node)
        return kind, tag, attrs[1:]

    def cut_head_styles(data: bytes) -> bytes:
        return data.replace(b"</style>", b"</style><p>")

    def contains_any(data: bytes, needles: list[bytes]) -> bool:
        return False

    fake = types.SimpleNamespace(select=real.select, measure=real.measure, describe=real.describe,
                                 cut_head_styles=real.cut_head_styles, contains_any=real.contains_any,
                                 measure_sum=real.measure_sum, measure_links=real.measure_links)
    setattr(fake, fault, locals()[fault])
    monkeypatch.setattr(govwatch.extract, "_fastdom", fake)
    monkeypatch.delenv("GOVWATCH_FASTDOM", raising=False)
    native, status = _load()
    if fault != "select":
        assert native is None and status.startswith("off (self-check failed"), status
        return
    assert isinstance(native, fastdom._Native) and status.startswith("on")
    assert native.checked_spec(extractor._STRUCTURAL) is None
    monkeypatch.setattr(fastdom, "_native", native)
    tree = LexborHTMLParser("<div class='a'><p id='b'>x</p></div>")
    assert tree.body is not None
    assert [n.tag for n in fastdom.select(tree.body, extractor._STRUCTURAL)] == ["div", "p"]  # selectolax's


def test_rules_without_a_sample_element_are_refused() -> None:
    """A rule naming a tag or attribute the sample page lacks cannot be checked: it is an error, not a
    silent miss."""
    native = _native()
    with pytest.raises(RuntimeError, match="rules outside"):
        native.spec(fastdom.Rules(tags=("marquee",)))
    with pytest.raises(RuntimeError, match="rules outside"):
        native.spec(fastdom.Rules(attrs=("data-x",)))


# ---------------------------------------------------------------- before the parse


def _tree_without_styles(data: bytes) -> str:
    """The parsed page without style elements, comments and processing instructions, adjacent texts
    merged and whitespace next to tags dropped: what cutting style sheets out must leave unchanged."""
    tree = LexborHTMLParser(data)
    assert tree.root is not None
    extractor._decompose_all(tree.css("style"))
    gone = [n for n in tree.root.traverse(include_text=True)
            if (n.tag or "-").startswith("-") and (n.tag != "-text" or not (n.text_content or "").strip())]
    extractor._decompose_all(gone)
    tree.root.merge_text_nodes()
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", re.sub(r"\s+", " ", tree.root.html or ""))


_HEADS = [
    (b"<html><head><style>a{}</style><title>x<style>y</style></title></head><body><p>t</p></body></html>", 18),
    (b"<head><!-- <style> --><p>kept</p></style>", 0),  # inside a comment
    (b"<head><style>a{}</STYLE ><meta name=a content='<style>'><style>b</Style></head><body>z", 35),
    (b"<head><script>var s='<style>x</style>'</script><style>c{}</style><body>q", 18),  # a script's text
    (b"<head><script>document.write('<style>')</script><p>after</p><style>z</style>", 0),  # body began
    (b"<head><style>a{} </div> b</style><p>x</p>", 0),  # a "</" inside: not a plain style sheet
    (b"<head><style>unclosed", 0),
    (b"<head><!--> <style>a</style>", 16),  # an empty comment, then a style sheet
    (b"<head><meta content=\"a > b\"><style>x</style></head>", 16),  # '>' inside a quoted value
    (b"<head><meta content='<style>'><title>t</title></head>", 0),
    (b"<!DOCTYPE html><html><head><styles>x</styles><style>y</style>", 0),  # <styles> opens the body
    (b"<head><title><style>x</style></title><style>y</style>", 16),  # a title's text, then a sheet
    (b"<head></head><<STYLE></style>a{}", 0),  # "<" + "a{}" would make a tag
    (b"<head>&<style>x</style>amp;", 0),  # "&" + "amp;" would make a character reference
    (b"<head><template><style>t</style></template><style>u</style>", 0),  # template content: left alone
]


@pytest.mark.parametrize(("page", "cut"), _HEADS, ids=[str(i) for i in range(len(_HEADS))])
def test_head_style_sheets_cut_as_the_parser_reads_them(page: bytes, cut: int) -> None:
    _native()
    out = fastdom.cut_head_styles(page)
    assert len(page) - len(out) == cut, out
    assert _tree_without_styles(out) == _tree_without_styles(page)


def test_head_style_sheets_cut_from_random_pages() -> None:
    """Pages made of random pieces of head markup parse to the same tree, style elements aside."""
    _native()
    pieces = [b"<head>", b"</head>", b"<body>", b"<style>", b"</style>", b"<STYLE>", b"</STYLE >", b"<script>",
              b"</script>", b"<!--", b"-->", b"<title>", b"</title>", b"a{}", b"<p>", b"</p>", b"'", b'"', b"<",
              b">", b"</", b"<!x>", b"<?y>", b"<textarea>", b"<svg>", b"<noscript>", b"text", b"&", b"amp;",
              b"<meta content='<style>'>", b"<link rel=x>", b" "]
    rng = random.Random(14)
    cut = 0
    for _ in range(4000):
        page = rng.choice([b"", b"<html><head>"]) + b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        out = fastdom.cut_head_styles(page)
        cut += out != page
        assert _tree_without_styles(out) == _tree_without_styles(page), (page, out)
    assert cut > 100  # many pages had a style sheet to cut (124 with this seed)


def test_head_style_sheets_are_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A saved page (its style sheets inlined in the head: 383 of the 423 KB of gold page 04) reaches the
    parser without them, and gives the same document."""
    page = GOLD / "real" / "04_cmse_trs_detail.html"
    html = decode_html(page.read_bytes())
    fed = record_parses(monkeypatch)
    out = extract(html)
    assert len(fed) == 1 and len(fed[0]) < 0.1 * len(html.encode())
    monkeypatch.setattr(fastdom, "_native", None)
    assert extract(html) == out
    assert len(fed[1]) == len(html.encode())


def test_marker_search_without_the_c_module(python_only: None) -> None:
    """The Python search for the comment markers (through the ``!`` characters) agrees with a full one."""
    for page in PAGES:
        data = decode_html(page.read_bytes()).encode()
        assert body.has_markers(data) == any(begin.encode() in data for begin, _end in body.MARKERS)
    begin = body.MARKERS[1][0].encode()
    many = b"if (!a) {}" * (body._MAX_BANGS + 50)
    assert body.has_markers(many + begin) and body.has_markers(begin + many) and not body.has_markers(many)


def test_small_head_style_sheets_are_left_to_the_parser() -> None:
    """Cutting copies the page: a style sheet that is a small part of it (under a sixteenth) costs less to
    parse than the copy, and the page is passed on as it is."""
    _native()
    body = b"<body>" + b"<p>\xe6\xb3\x95\xe6\xb2\xbb</p>" * 2000 + b"</body>"
    small = b"<html><head><style>p { color: red }</style></head>" + body
    assert fastdom.cut_head_styles(small) is small
    big = b"<html><head><style>" + b"p { color: red }" * 1000 + b"</style></head>" + body
    assert len(fastdom.cut_head_styles(big)) == len(small) - len(b"<style>p { color: red }</style>")


def _random_page(rng: random.Random) -> str:
    """A page of random markup: the tags, attributes and values the rules look at, in any nesting."""
    tags = ["div", "p", "span", "a", "h1", "h3", "table", "tr", "td", "ul", "li", "nav", "form", "script",
            "style", "svg", "select", "option", "button", "iframe", "ucapcontent", "UCAPCONTENT", "b", "meta",
            "base", "template", "noscript", "header", "aside", "textarea", "font"]
    values = {"class": ["Hide", "x hide", "hidden-x", "TRS_Editor", "trs_editor_view y", "bt", "BT a", "sub_tit",
                        "biaoti2", "a\tbt", "", "d-none", "display-none", "ng-hide"],
              "id": ["zoom", "ZOOM", "zoom2", "UCAP-CONTENT", "pagetit", "", "x"],
              "style": ["display:none", "DISPLAY : None", "display:block", "visibility:hidden", "border:none",
                        "x:1;display:\tnone", "displaynone", "visibility", ""],
              "hidden": [""], "href": ["/a"]}
    texts = ["法治，", "政府。", "依法、行政", "a, b", "  \n ", "\u3000", "x"]
    out: list[str] = []
    for _ in range(rng.randint(1, 60)):
        roll = rng.random()
        if roll < 0.45:
            tag = rng.choice(tags)
            attrs = " ".join(f'{k}="{rng.choice(v)}"' for k, v in values.items() if rng.random() < 0.25)
            out.append(f"<{tag} {attrs}>")
        elif roll < 0.7:
            out.append(f"</{rng.choice(tags)}>")
        else:
            out.append(rng.choice(texts))
    return "".join(out)


def test_random_pages_read_alike() -> None:
    """On pages of random markup, every selection, its spans and every measure agree with selectolax."""
    native = _native()
    rng = random.Random(5)
    for _ in range(400):
        tree = LexborHTMLParser(_random_page(rng))
        assert tree.root is not None
        for root in [tree.root, *tree.root.css("div, td, a")[:3]]:
            for rules in RULES:
                nodes, ends = fastdom.select_spans(root, rules)
                assert [n.mem_id for n in nodes] == [n.mem_id for n in fastdom._css_select(root, rules)]
                assert ends == fastdom._subtree_ends(nodes)
        for node in tree.root.traverse():
            assert native.module.measure(node) == fastdom._css_measure(node)
            assert fastdom.measure_links(node) == fastdom._css_measure_links(node)
