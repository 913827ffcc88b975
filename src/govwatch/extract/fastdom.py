"""Whole-page passes over a parsed page: selections by fixed rules, and text measures.

The extractor selects the same kinds of elements on every page (scripts and hidden copies, headings and
CMS containers, structural furniture) and measures the text of many elements (visible length, sentence
punctuation).  Both are done here, by the C module ``govwatch.extract._fastdom`` when it can be used, or
else by selectolax in Python, with the same results:

* a selection walks the page once and tests each element against its :class:`Rules`, where Lexbor's
  selector engine tests each element against every selector of a list in turn (on a page of 1,500
  elements, each selector of a list costs about as much as a walk);
* a measure counts the text nodes' UTF-8 bytes in place, where Python builds the text to count it;
* before the parse, the style sheets of the page's head are cut out of its bytes (saved pages inline
  every style sheet there: most of their bytes, which the extraction removes from the tree anyway), and
  the page is searched for the comment markers of a CMS body with glibc's ``memmem``.

The C module reads selectolax's tree (never writes it) through the layout of the Lexbor structures that
selectolax bundles, and returns selectolax's own node objects.  It is used only with the selectolax
releases listed in :data:`KNOWN_SELECTOLAX`, and only once it has read a sample page as selectolax does
(:func:`self_check`, at import); each selection's rules are tried on the sample page at their first use,
and left to selectolax if the C module selects differently.  ``GOVWATCH_FASTDOM=0`` turns it off;
``GOVWATCH_FASTDOM=1`` also tries it with another selectolax release (still after the self-check).
:data:`STATUS` says which one runs and why (``govwatch -v --version`` shows it).

>>> from selectolax.lexbor import LexborHTMLParser
>>> tree = LexborHTMLParser('<div class="Hide">a</div><h2>法治，政府。</h2><script>x</script>')
>>> [n.tag for n in select(tree.body, Rules(tags=("script", "h2"), class_tokens=("hide",)))]
['div', 'h2', 'script']
>>> measure(tree.body.css_first("h2"))
(6, 2)
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from types import ModuleType

import selectolax
from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.extract.textutil import PROSE_MARKS, approx_len, measured_text

log = logging.getLogger(__name__)

#: selectolax releases whose bundled Lexbor has the structure layout ``_fastdom.c`` reads
KNOWN_SELECTOLAX = frozenset({"1.0.2"})
#: tag and attribute ids from here on are addresses (names outside Lexbor's static lists)
_CUSTOM_FROM = 1 << 16


@dataclass(frozen=True)
class Rules:
    """The elements a selection takes: those matching any one rule. Names and values are compared ASCII
    case-insensitively, as HTML does for tag and attribute names (and the ``i`` flag of a CSS attribute
    selector for values).

    >>> Rules(tags=("nav",), any_id=True, class_parts=("tit",)).selector
    'nav, [id], [class*="tit" i]'
    """

    tags: tuple[str, ...] = ()
    any_class: bool = False          #: ``[class]``
    any_id: bool = False             #: ``[id]``
    attrs: tuple[str, ...] = ()      #: ``[name]``, for names outside Lexbor's list (``hidden``)
    class_tokens: tuple[str, ...] = ()   #: ``[class~="token" i]``
    class_parts: tuple[str, ...] = ()    #: ``[class*="part" i]``
    id_parts: tuple[str, ...] = ()       #: ``[id*="part" i]``
    ids: tuple[str, ...] = ()            #: ``[id="id" i]``
    style_parts: tuple[str, ...] = ()    #: ``[style*="part" i]``
    #: a declaration ``property: value`` in the style attribute (``display: none``; whitespace around the
    #: colon, a value that starts so): CSS selects ``[style*="property" i]`` and Python checks the rest
    style_decls: tuple[tuple[str, str], ...] = ()

    @property
    def selector(self) -> str:
        """A CSS selector list for the selection (what selectolax is given without the C module): the
        same, except that a declaration is a superset (``[style*="property" i]``)."""
        parts = list(self.tags)
        parts += ["[class]"] if self.any_class else []
        parts += ["[id]"] if self.any_id else []
        parts += [f"[{a}]" for a in self.attrs]
        parts += [f'[class~="{t}" i]' for t in self.class_tokens]
        parts += [f'[class*="{p}" i]' for p in self.class_parts]
        parts += [f'[id*="{p}" i]' for p in self.id_parts]
        parts += [f'[id="{i}" i]' for i in self.ids]
        parts += [f'[style*="{p}" i]' for p in (*self.style_parts, *(d for d, _v in self.style_decls))]
        return ", ".join(parts)

    def declares(self, style: str | None) -> bool:
        """Whether a style attribute holds one of :attr:`style_decls`.

        >>> Rules(style_decls=(("display", "none"),)).declares("width:1px; DISPLAY :\tNone")
        True
        """
        rx = _decl_pattern(self.style_decls)
        return bool(style) and rx is not None and rx.search(style) is not None


@functools.lru_cache(maxsize=32)
def _decl_pattern(decls: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    if not decls:
        return None
    return re.compile("|".join(f"{re.escape(p)}[ \t\n\r\f]*:[ \t\n\r\f]*{re.escape(v)}" for p, v in decls),
                      re.IGNORECASE | re.ASCII)


#: the links, whose text :func:`measure_links` measures
_LINKS = Rules(tags=("a",))


def _css_select(root: LexborNode, rules: Rules) -> list[LexborNode]:
    # Lexbor lists an element once per selector of the list it matches (a node hashes as its mem_id)
    nodes = list(dict.fromkeys(root.css(rules.selector)))
    if rules.style_decls:  # (those selected by a declaration's property name alone: the declaration)
        rest = replace(rules, style_decls=()).selector
        by_rest = {n.mem_id for n in root.css(rest)} if rest else set()
        nodes = [n for n in nodes if n.mem_id in by_rest or rules.declares(n.attributes.get("style"))]
    return nodes


def _css_measure(node: LexborNode) -> tuple[int, int]:
    text = measured_text(node)
    return approx_len(text), sum(map(text.count, PROSE_MARKS))


def _css_measure_sum(nodes: Iterable[LexborNode]) -> tuple[int, int]:
    lengths, marks = 0, 0
    for n in nodes:
        length, mark = _css_measure(n)
        lengths += length
        marks += mark
    return lengths, marks


def _css_measure_links(node: LexborNode) -> tuple[int, int]:
    return _css_measure_sum(_css_select(node, _LINKS))


class _Native:
    """The C module with the ids of this Lexbor's tags and attributes, learnt from a sample page, and
    the rules it has been checked on (each against selectolax on the sample page, at its first use)."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.tag_ids: dict[str, int] = {}
        self.attr_ids: dict[str, int] = {}
        #: per rules (by identity: a dataclass hashes all its fields at every lookup), the rules and the C
        #: module's form of them, or ``None`` when it cannot take them (selectolax does)
        self.specs: dict[int, tuple[Rules, tuple[object, ...] | None]] = {}

    def spec_for(self, rules: Rules) -> tuple[object, ...] | None:
        """:meth:`checked_spec`, once per rules object."""
        got = self.specs.get(id(rules))
        if got is None or got[0] is not rules:
            got = self.specs[id(rules)] = (rules, self.checked_spec(rules))
        return got[1]

    def learn(self, root: LexborNode) -> None:
        """Tag and attribute ids of every element under ``root``: the order of ``describe``'s attributes
        is selectolax's (both follow the element's list)."""
        for node in root.traverse():
            kind, tag_id, attrs = self.module.describe(node)
            if kind != 1 or node.tag is None:
                continue
            self.tag_ids.setdefault(node.tag, tag_id)
            names = list(node.attributes)
            if len(names) != len(attrs):
                raise RuntimeError(f"attributes of <{node.tag}>: {names} against {attrs}")
            for name, (attr_id, _value) in zip(names, attrs, strict=True):
                self.attr_ids.setdefault(name, attr_id)

    def spec(self, rules: Rules) -> tuple[object, ...]:
        """The C module's form of ``rules``; raises when a name is missing from the sample page (a
        standard tag is matched by its id, another tag or an attribute outside Lexbor's list by its
        name, an address being its id)."""
        ids = [self.tag_ids.get(t, -1) for t in rules.tags]
        known = [i for i in ids if 0 <= i < 256]
        custom = [t for t, i in zip(rules.tags, ids, strict=True) if i >= _CUSTOM_FROM]
        if len(known) + len(custom) != len(rules.tags) or any(
                self.attr_ids.get(a, 0) < _CUSTOM_FROM for a in rules.attrs):
            raise RuntimeError(f"rules outside what the C module reads: {rules}")
        style = self.attr_ids.get("style", 0) if rules.style_parts or rules.style_decls else 0
        return (known, _CUSTOM_FROM, [t.encode() for t in custom], rules.any_class, rules.any_id, style,
                [a.encode() for a in rules.attrs], [t.encode() for t in rules.class_tokens],
                [p.encode() for p in rules.class_parts], [p.encode() for p in rules.style_parts],
                [p.encode() for p, _v in rules.style_decls], [v.encode() for _p, v in rules.style_decls],
                [p.encode() for p in rules.id_parts], [i.encode() for i in rules.ids])

    def checked_spec(self, rules: Rules) -> tuple[object, ...] | None:
        """``spec(rules)`` once the C module has made selectolax's selections with it on the sample
        page (whole page, body, a block); ``None`` (and a warning) otherwise."""
        try:
            spec = self.spec(rules)
            tree = LexborHTMLParser(_SAMPLE)
            for root in (tree.root, tree.body, tree.css_first("div")):
                assert root is not None
                got = [n.mem_id for n in self.module.select(root, spec)]
                want = [n.mem_id for n in _css_select(root, rules)]
                if got != want:
                    raise RuntimeError(f"under <{root.tag}>: {got} against {want}")
        except Exception as exc:
            log.warning("fastdom: selectolax makes the selection %r (%s)", rules.selector, exc)
            return None
        return spec


#: the sample page of the self-check: every rule kind of the extractor's selections, case variants,
#: a custom tag and attribute, nested matches, texts with and without prose marks, comments
_SAMPLE = """<!DOCTYPE html><html><head><meta name="PubDate" content="2024-01-02"><base href="/x/">
<title>标题</title><style>p{display:none}</style></head>
<body class="page" id="top"><nav class="menu">首页 | 机构</nav><header>头部</header>
<div class="TRS_Editor">正文，第一段。<p style="DISPLAY: none">打印</p><p style="color:red">红</p>
<p style="display:block">块</p><p style="x:1;visibility :	hidden">见</p><p style="display : nonex">否</p>
<span class="Hide a">藏</span><span class="hidden-x">不</span><b hidden>隐</b><i Hidden="">也</i></div>
<ucapcontent>容，<a href="/a">器<svg><a>深，</a></svg></a></ucapcontent>
<UCAPCONTENT class="bt">二</UCAPCONTENT><h1>一</h1>
<h2 class="x">二</h2><h3 id="PageTitle">三</h3><h4 class="sub_tit">四</h4><div id="ZOOM">缩</div>
<div id="zoom2">否</div><div class="biaoti2">标题二</div><p class="bt">题</p>
<p class="bta">否</p><p id="zoom">缩放、文字</p><aside>边</aside><form><input><select><option>选
</option></select><textarea>文本</textarea><button>按</button></form><footer>脚，</footer>
<!-- 注释，。 --><script>var a = "，";</script><noscript>无</noscript><template><p>模</p></template>
<iframe src="a.html"></iframe><svg><title>图</title></svg><div style="visibility:hidden">见</div>
<table style="border:none"><tr><td>表、格</td></tr></table>
<p>  \t\n  </p><p>Hello, world\r\n\f!</p></body></html>"""


def _without_styles(data: bytes) -> str:
    tree = LexborHTMLParser(data)
    for n in tree.css("style"):  # (a style element holds no element)
        n.decompose()
    return tree.html or ""


def self_check(native: _Native) -> None:
    """Raise unless the C module reads the sample page as selectolax does: its tags and attributes, the
    measure of every element, the style sheet cut from its head (and nothing else), a search of it.
    (Each selection's rules are checked at their first use: :meth:`_Native.checked_spec`.)"""
    tree = LexborHTMLParser(_SAMPLE)
    if tree.root is None or tree.body is None:
        raise RuntimeError("the sample page did not parse")
    native.learn(tree.root)
    for node in tree.root.traverse(include_text=True):
        if node.tag in ("-text", "-comment") or node.tag is None:
            continue
        if native.module.measure(node) != _css_measure(node):
            raise RuntimeError(f"measure of <{node.tag}>: {native.module.measure(node)} against "
                               f"{_css_measure(node)}")
        if native.module.measure_links(node, native.tag_ids["a"]) != _css_measure_links(node):
            raise RuntimeError(f"measure of the links under <{node.tag}>")
    data = _SAMPLE.encode()
    head = b"<html><head><style>p{display:none}</style><title>t</title></head><body><p>x</p></body></html>"
    cut = native.module.cut_head_styles(head)
    if len(cut) >= len(head) or _without_styles(cut) != _without_styles(head):
        raise RuntimeError("the style sheets of the sample page's head were not cut as the parser reads them")
    paragraphs = tree.css("p")
    if native.module.measure_sum(paragraphs) != _css_measure_sum(paragraphs):
        raise RuntimeError("the sum of the measures of the sample's paragraphs")
    if not native.module.contains_any(data, [b"x", "打印".encode()]) or native.module.contains_any(data, [b"\0"]):
        raise RuntimeError("the sample page was searched wrongly")


def _load() -> tuple[_Native | None, str]:
    """The checked C module, or ``None``; and the status line that says which one runs and why."""
    setting = os.environ.get("GOVWATCH_FASTDOM", "").strip()
    if setting == "0":
        return None, "off (GOVWATCH_FASTDOM=0)"
    version = getattr(selectolax, "__version__", "?")
    if version not in KNOWN_SELECTOLAX and setting != "1":
        return None, f"off (selectolax {version} is not one of {sorted(KNOWN_SELECTOLAX)}; GOVWATCH_FASTDOM=1 tries it)"
    try:
        from govwatch.extract import _fastdom
    except ImportError as exc:
        return None, f"off (the C module is not built: {exc})"
    native = _Native(_fastdom)
    try:
        self_check(native)
    except Exception as exc:  # any disagreement: selectolax does the work
        return None, f"off (self-check failed: {exc})"
    return native, f"on (selectolax {version})"


_native, STATUS = _load()
log.debug("fastdom: %s", STATUS)


def select(root: LexborNode, rules: Rules) -> list[LexborNode]:
    """``root`` and the elements under it that match ``rules``, each once, in document order (as
    selectolax's ``css`` gives them)."""
    if _native is not None:
        spec = _native.spec_for(rules)
        if spec is not None:
            return _native.module.select(root, spec)  # type: ignore[no-any-return]
    return _css_select(root, rules)


def select_spans(root: LexborNode, rules: Rules) -> tuple[list[LexborNode], list[int]]:
    """:func:`select`, and for each element the index of the first one after its subtree: a caller that
    removes an element skips the elements inside it (they go with it) without looking at them.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> tree = LexborHTMLParser('<div id="a"><p id="b"><b id="c">x</b></p><p id="d">y</p></div><i id="e"></i>')
    >>> nodes, ends = select_spans(tree.body, Rules(any_id=True))
    >>> [n.id for n in nodes], ends
    (['a', 'b', 'c', 'd', 'e'], [4, 3, 3, 4, 5])
    """
    if _native is not None:
        spec = _native.spec_for(rules)
        if spec is not None:
            return _native.module.select(root, spec, True)  # type: ignore[no-any-return]
    nodes = _css_select(root, rules)
    return nodes, _subtree_ends(nodes)


def _subtree_ends(nodes: list[LexborNode]) -> list[int]:
    """For elements in document order, the index of the first one outside each one's subtree."""
    ends = [len(nodes)] * len(nodes)
    open_: list[tuple[int, int]] = []  # (mem_id, index) of the elements whose subtree holds the current one
    for i, node in enumerate(nodes):
        chain: set[int] = set()
        cur = node.parent
        while cur is not None:
            chain.add(cur.mem_id)
            cur = cur.parent
        while open_ and open_[-1][0] not in chain:
            ends[open_.pop()[1]] = i
        open_.append((node.mem_id, i))
    return ends


def measure(node: LexborNode) -> tuple[int, int]:
    """Visible length (:func:`~govwatch.extract.textutil.approx_len`) and sentence marks
    (:data:`~govwatch.extract.textutil.PROSE_MARKS`) of the text under ``node``."""
    if _native is not None:
        got: tuple[int, int] | None = _native.module.measure(node)
        if got is not None:
            return got
    return _css_measure(node)  # (or text that is not UTF-8: selectolax decodes it with replacements)


def measure_links(node: LexborNode) -> tuple[int, int]:
    """:func:`measure` of the links under ``node`` (``node`` itself included), added up: in one walk of
    ``node`` with the C module.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> tree = LexborHTMLParser('<div>法治，<a href="/a">政府。</a><a href="/b">x</a></div>')
    >>> measure_links(tree.css_first("div"))
    (4, 1)
    """
    if _native is not None:
        got: tuple[int, int] | None = _native.module.measure_links(node, _native.tag_ids["a"])
        if got is not None:
            return got
    return _css_measure_links(node)


def measure_sum(nodes: list[LexborNode]) -> tuple[int, int]:
    """:func:`measure` of each node, added up (in one call to the C module).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> tree = LexborHTMLParser("<p>法治，</p><p>政府。</p><p>x</p>")
    >>> measure_sum(tree.css("p")[:2])
    (6, 2)
    """
    if _native is not None:
        got: tuple[int, int] | None = _native.module.measure_sum(nodes)
        if got is not None:
            return got
    return _css_measure_sum(nodes)


def cut_head_styles(data: bytes) -> bytes:
    """The page's bytes without the ``<style>`` elements of its head, read as the HTML tokenizer reads
    them (comments, scripts, titles and quoted attribute values stepped over); the bytes themselves
    without the C module.

    >>> page = b"<html><head><style>p { color: red }</style><title>t</title></head><body>x</body></html>"
    >>> cut_head_styles(page) if enabled() else page.replace(b"<style>p { color: red }</style>", b"")
    b'<html><head><title>t</title></head><body>x</body></html>'
    """
    return _native.module.cut_head_styles(data) if _native is not None else data  # type: ignore[no-any-return]


def contains_any(data: bytes, needles: tuple[bytes, ...]) -> bool:
    """Whether ``data`` holds one of ``needles``."""
    if _native is not None:
        return _native.module.contains_any(data, needles)  # type: ignore[no-any-return]
    return any(n in data for n in needles)


def enabled() -> bool:
    """Whether the C module does the work."""
    return _native is not None
