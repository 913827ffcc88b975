"""Whole-page passes over a parsed page: selections by fixed rules, and text measures.

The extractor selects the same kinds of elements on every page (scripts and hidden copies, headings and
CMS containers, structural furniture) and measures the text of many elements (visible length, sentence
punctuation).  Both are done here, by the C module ``govwatch.extract._fastdom`` when it can be used, or
else by selectolax in Python, with the same results:

* a selection walks the page once and tests each element against its :class:`Rules`, where Lexbor's
  selector engine tests each element against every selector of a list in turn (on a page of 1,500
  elements, each selector of a list costs about as much as a walk);
* a measure counts the text nodes' UTF-8 bytes in place, where Python builds the text to count it.

The C module reads selectolax's tree (never writes it) through the layout of the Lexbor structures that
selectolax bundles, and returns selectolax's own node objects.  It is used only with the selectolax
releases listed in :data:`KNOWN_SELECTOLAX`, and only once it has given the same selections and measures
as selectolax on a sample page (:func:`self_check`).  ``GOVWATCH_FASTDOM=0`` turns it off;
``GOVWATCH_FASTDOM=1`` also tries it with another selectolax release (still after the self-check).
:data:`STATUS` says which one runs and why.

>>> from selectolax.lexbor import LexborHTMLParser
>>> tree = LexborHTMLParser('<div class="Hide">a</div><h2>法治，政府。</h2><script>x</script>')
>>> [n.tag for n in select(tree.body, Rules(tags=("script", "h2"), class_tokens=("hide",)))]
['div', 'h2', 'script']
>>> measure(tree.body.css_first("h2"))
(6, 2)
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
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
    style_parts: tuple[str, ...] = ()    #: ``[style*="part" i]``

    @property
    def selector(self) -> str:
        """The same selection as a CSS selector list (what selectolax is given without the C module)."""
        parts = list(self.tags)
        parts += ["[class]"] if self.any_class else []
        parts += ["[id]"] if self.any_id else []
        parts += [f"[{a}]" for a in self.attrs]
        parts += [f'[class~="{t}" i]' for t in self.class_tokens]
        parts += [f'[class*="{p}" i]' for p in self.class_parts]
        parts += [f'[style*="{p}" i]' for p in self.style_parts]
        return ", ".join(parts)


def _css_select(root: LexborNode, rules: Rules) -> list[LexborNode]:
    # Lexbor lists an element once per selector of the list it matches (a node hashes as its mem_id)
    return list(dict.fromkeys(root.css(rules.selector)))


def _css_measure(node: LexborNode) -> tuple[int, int]:
    text = measured_text(node)
    return approx_len(text), sum(map(text.count, PROSE_MARKS))


class _Native:
    """The C module with the ids of this Lexbor's tags and attributes, learnt from a sample page."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.tag_ids: dict[str, int] = {}
        self.attr_ids: dict[str, int] = {}
        self._specs: dict[Rules, tuple[object, ...]] = {}

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
        got = self._specs.get(rules)
        if got is None:
            # every name is learnt from the sample page: a standard tag is matched by its id, another
            # (an id that is an address) by its name, as is an attribute outside Lexbor's list
            ids = [self.tag_ids.get(t, -1) for t in rules.tags]
            known = [i for i in ids if 0 <= i < 256]
            custom = [t for t, i in zip(rules.tags, ids, strict=True) if i >= _CUSTOM_FROM]
            if len(known) + len(custom) != len(rules.tags) or any(
                    self.attr_ids.get(a, 0) < _CUSTOM_FROM for a in rules.attrs):
                raise RuntimeError(f"rules outside what the C module reads: {rules}")
            style = self.attr_ids.get("style", 0) if rules.style_parts else 0
            got = self._specs[rules] = (
                known, _CUSTOM_FROM, [t.encode() for t in custom], rules.any_class, rules.any_id, style,
                [a.encode() for a in rules.attrs], [t.encode() for t in rules.class_tokens],
                [p.encode() for p in rules.class_parts], [p.encode() for p in rules.style_parts])
        return got

    def select(self, root: LexborNode, rules: Rules) -> list[LexborNode]:
        return self.module.select(root, self.spec(rules))  # type: ignore[no-any-return]

    def measure(self, node: LexborNode) -> tuple[int, int]:
        got: tuple[int, int] | None = self.module.measure(node)
        return got if got is not None else _css_measure(node)  # (text that is not UTF-8)


#: the sample page of the self-check: every rule kind of the extractor's selections, case variants,
#: a custom tag and attribute, nested matches, texts with and without prose marks, comments
_SAMPLE = """<!DOCTYPE html><html><head><meta name="PubDate" content="2024-01-02"><base href="/x/">
<title>标题</title><style>p{display:none}</style></head>
<body class="page" id="top"><nav class="menu">首页 | 机构</nav><header>头部</header>
<div class="TRS_Editor">正文，第一段。<p style="DISPLAY: none">打印</p><p style="color:red">红</p>
<span class="Hide a">藏</span><span class="hidden-x">不</span><b hidden>隐</b><i Hidden="">也</i></div>
<ucapcontent>容，<a href="/a">器</a></ucapcontent><UCAPCONTENT class="bt">二</UCAPCONTENT><h1>一</h1>
<h2 class="x">二</h2><h3>三</h3><h4 class="sub_tit">四</h4><div class="biaoti2">标题二</div><p class="bt">题</p>
<p class="bta">否</p><p id="zoom">缩放、文字</p><aside>边</aside><form><input><select><option>选
</option></select><textarea>文本</textarea><button>按</button></form><footer>脚，</footer>
<!-- 注释，。 --><script>var a = "，";</script><noscript>无</noscript><template><p>模</p></template>
<iframe src="a.html"></iframe><svg><title>图</title></svg><div style="visibility:hidden">见</div>
<table style="border:none"><tr><td>表、格</td></tr></table>
<p>  \t\n  </p><p>Hello, world\r\n\f!</p></body></html>"""


def self_check(native: _Native, rules: list[Rules]) -> None:
    """Raise unless the C module gives selectolax's selections and measures on the sample page."""
    tree = LexborHTMLParser(_SAMPLE)
    if tree.root is None or tree.body is None:
        raise RuntimeError("the sample page did not parse")
    native.learn(tree.root)
    for root in (tree.root, tree.body, tree.body.css_first("div")):
        assert root is not None
        for r in rules:
            got = [n.mem_id for n in native.select(root, r)]
            want = [n.mem_id for n in _css_select(root, r)]
            if got != want:
                raise RuntimeError(f"selection {r.selector!r} under <{root.tag}>: {got} against {want}")
    for node in tree.root.traverse(include_text=True):
        if node.tag in ("-text", "-comment") or node.tag is None:
            continue
        if native.measure(node) != _css_measure(node):
            raise RuntimeError(f"measure of <{node.tag}>: {native.measure(node)} against {_css_measure(node)}")


def _load(rules: list[Rules]) -> tuple[_Native | None, str]:
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
        self_check(native, rules)
    except Exception as exc:  # any disagreement: selectolax does the work
        return None, f"off (self-check failed: {exc})"
    return native, f"on (selectolax {version})"


#: the selections the extractor makes, registered before the first use so that the self-check covers them
_REGISTERED: list[Rules] = []
_native: _Native | None = None
_loaded = False
STATUS = "not loaded yet"


def register(rules: Rules) -> Rules:
    """Declare a selection the extractor makes (at import time): the self-check tries every one."""
    global _loaded
    _REGISTERED.append(rules)
    _loaded = False  # a later selection is checked too
    return rules


def _backend() -> _Native | None:
    global _native, _loaded, STATUS
    if not _loaded:
        _native, STATUS = _load(_REGISTERED)
        _loaded = True
        log.debug("fastdom: %s", STATUS)
    return _native


def select(root: LexborNode, rules: Rules) -> list[LexborNode]:
    """``root`` and the elements under it that match ``rules``, each once, in document order (as
    selectolax's ``css`` gives them)."""
    native = _backend()
    return native.select(root, rules) if native is not None else _css_select(root, rules)


def measure(node: LexborNode) -> tuple[int, int]:
    """Visible length (:func:`~govwatch.extract.textutil.approx_len`) and sentence marks
    (:data:`~govwatch.extract.textutil.PROSE_MARKS`) of the text under ``node``."""
    native = _backend()
    return native.measure(node) if native is not None else _css_measure(node)


def enabled() -> bool:
    """Whether the C module does the work (loads it on the first call)."""
    return _backend() is not None
