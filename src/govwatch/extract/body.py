"""Finding the body element: known CMS containers first, then a text-density fallback."""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.extract.fastdom import Rules, contains_any, enabled, measure, measure_links, select
from govwatch.extract.textutil import approx_len

#: Known CMS body containers, most specific first (TRS WCM, Ucap, Hanweb).
CMS_SELECTORS: tuple[str, ...] = (
    '[class~="TRS_Editor" i]',
    '[class~="trs_editor_view" i]',
    '[class~="TRS_UEDITOR" i]',
    "ucapcontent",
    '[id="UCAP-CONTENT" i]',
    '[id="zoom" i]',
)

#: Hanweb / TRS comment markers around the body.
MARKERS: tuple[tuple[str, str], ...] = (
    ("<!--ZJEG_RSS.content.begin-->", "<!--ZJEG_RSS.content.end-->"),
    ("<!--<$[信息内容]>begin-->", "<!--<$[信息内容]>end-->"),
)
_MARKER_BEGINS = tuple(begin.encode() for begin, _end in MARKERS)
assert all(begin.startswith(b"<!") for begin in _MARKER_BEGINS)
#: a page with more ``!`` than this (scripts) is searched for the markers in one scan instead
_MAX_BANGS = 2000


def has_markers(data: bytes) -> bool:
    """Whether the page's UTF-8 bytes hold a begin marker: by glibc's ``memmem`` (the C module), else
    through the page's ``!`` characters (a memchr each, then one comparison with all markers), not a
    full search per marker by Python (a pass over the whole page at about a byte per nanosecond, the
    cost of the parse itself on big pages)."""
    if enabled():
        return contains_any(data, _MARKER_BEGINS)
    i = data.find(b"!")
    bangs = 0
    while i >= 0:
        if i and data.startswith(_MARKER_BEGINS, i - 1):
            return True
        bangs += 1
        if bangs > _MAX_BANGS:
            return any(data.find(begin, i) >= 0 for begin in _MARKER_BEGINS)
        i = data.find(b"!", i + 1)
    return False

#: The density descent never enters these (a paragraph is not a container).
NO_DESCEND_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "a", "b", "strong", "em", "i", "u",
    "small", "big", "sup", "sub", "label", "ul", "ol", "dl", "img", "br", "hr", "caption", "figcaption",
})
MIN_BODY_CHARS = 20


@dataclass
class BodyChoice:
    node: LexborNode | None
    how: str
    fragment: LexborHTMLParser | None = None  # parsed marker fragment, kept alive with its node
    #: visible text lengths (``approx_len``) of the elements the density descent measured, by ``mem_id``;
    #: valid until the tree is changed
    lengths: dict[int, int] | None = None


def _approx_len(node: LexborNode) -> int:
    return measure(node)[0]


def from_markers(html: str) -> BodyChoice | None:
    for begin, end in MARKERS:
        i = html.find(begin)
        if i < 0:
            continue
        j = html.find(end, i + len(begin))
        if j < 0:
            continue
        frag = LexborHTMLParser("<html><body><div>" + html[i + len(begin): j] + "</div></body></html>")
        body = frag.body
        node = body.child if body is not None else None
        while node is not None and node.tag != "div":
            node = node.next
        if node is not None and _approx_len(node) >= MIN_BODY_CHARS:
            return BodyChoice(node, "marker:" + begin.strip("<!->"), frag)
    return None


def _cms_rank(node: LexborNode) -> int:
    """Index in ``CMS_SELECTORS`` of the most specific selector ``node`` matches."""
    attrs = node.attributes
    classes = {c.lower() for c in (attrs.get("class") or "").split()}
    ident = (attrs.get("id") or "").lower()
    if "trs_editor" in classes:
        return 0
    if "trs_editor_view" in classes:
        return 1
    if "trs_ueditor" in classes:
        return 2
    if node.tag == "ucapcontent":
        return 3
    if ident == "ucap-content":
        return 4
    return 5


_CMS_ANY = ", ".join(CMS_SELECTORS)
#: every element of ``CMS_SELECTORS`` in one selection (see :mod:`govwatch.extract.fastdom`)
CMS_RULES = Rules(tags=("ucapcontent",), class_tokens=("trs_editor", "trs_editor_view", "trs_ueditor"),
                  ids=("ucap-content", "zoom"))


def from_cms(root: LexborNode, found: list[LexborNode] | None = None) -> BodyChoice | None:
    """The best known CMS container: most specific family first, then the most text. ``found``: the
    containers under ``root`` (``root.css`` of ``CMS_SELECTORS``) when the caller already selected them."""
    if found is None:
        found = select(root, CMS_RULES)
    if not found:
        return None
    ranked: dict[int, list[LexborNode]] = {}
    for node in found:
        ranked.setdefault(_cms_rank(node), []).append(node)
    for rank in sorted(ranked):
        best: LexborNode | None = None
        best_len = 0
        for node in ranked[rank]:
            n = _approx_len(node)
            if n > best_len:
                best, best_len = node, n
        if best is not None and best_len >= MIN_BODY_CHARS:
            return BodyChoice(best, "cms:" + CMS_SELECTORS[rank])
    return None


def _upper(node: LexborNode) -> tuple[float, int, int]:
    """Link-inclusive weight of ``node``'s text (an upper bound), its visible length and punctuation count."""
    n, p = measure(node)
    if n == 0:
        return 0.0, 0, 0
    return 0.3 * n + 0.7 * min(n, 30 * p) + 4.0 * p, n, p


class _Meter:
    """Text measures of the elements one density descent looks at, each taken once: the descent meets
    the same large elements again (as a child, then as the current element), and on big pages every
    measure of a large subtree (its text, its length, its punctuation, its links) is a full scan."""

    def __init__(self) -> None:
        self._upper: dict[int, tuple[float, int, int]] = {}
        self._exact: dict[int, float] = {}

    def lengths(self) -> dict[int, int]:
        return {k: v[1] for k, v in self._upper.items()}

    def inherit(self, child: LexborNode, parent: LexborNode) -> None:
        """``child`` is ``parent``'s only element among blank text and comments: it has the same text
        (so the same measures) and the same links (so the same weight) as its measured parent."""
        k, pk = child.mem_id, parent.mem_id
        if pk in self._upper and k not in self._upper:
            self._upper[k] = self._upper[pk]
            if pk in self._exact:
                self._exact[k] = self._exact[pk]

    def upper(self, node: LexborNode) -> tuple[float, int, int]:
        k = node.mem_id
        got = self._upper.get(k)
        if got is None:
            got = self._upper[k] = _upper(node)
        return got

    def weight(self, node: LexborNode, floor: float = 0.0) -> float:
        """Weight of the non-link text under ``node``: every character counts a little, prose (text with
        sentence punctuation, about one mark per 30 characters) counts fully, each mark adds a bonus.
        Returns 0 early when even the link-inclusive weight cannot exceed ``floor``."""
        upper = self.upper(node)
        if upper[0] <= floor:
            return 0.0
        k = node.mem_id
        got = self._exact.get(k)
        if got is None:
            got = self._exact[k] = self._without_links(node, upper)
        return got

    def _without_links(self, node: LexborNode, upper: tuple[float, int, int]) -> float:
        """The weight ``upper`` less the links' text (lengths and punctuation counts add up, so the
        difference is exact)."""
        total, n, p = upper
        link_n, link_p = measure_links(node)
        if not link_n and not link_p:
            return total
        n -= link_n
        p -= link_p
        if n <= 0:
            return 0.0
        return 0.3 * n + 0.7 * min(n, 30 * p) + 4.0 * p


def _sole_element(node: LexborNode) -> LexborNode | None:
    """The only element child of ``node`` when every other child is a comment or text of nothing but
    spaces and line breaks (a wrapper: its text is its child's text); else ``None``."""
    found: LexborNode | None = None
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            if approx_len(child.text_content or ""):
                return None
        elif tag == "-comment":
            continue
        elif tag is None or tag.startswith("-") or found is not None:
            return None
        else:
            found = child
    return found


def _root_weight(root: LexborNode, meter: _Meter) -> float:
    """Weight of ``root`` as the sum over its children: exact for the heavy ones, the cheap link-inclusive
    bound for light ones (navigation bars: no need to add up hundreds of link texts)."""
    parts = [(meter.upper(child)[0], child) for child in root.iter()]
    if not parts:
        return meter.weight(root)
    top = max(u for u, _c in parts)
    return sum(meter.weight(c) if u >= 0.05 * top else u for u, c in parts)


def _is_data_table(node: LexborNode) -> bool:
    """At least three rows with two or more non-empty cells: a data grid, not a layout table."""
    rows = 0
    direct: list[LexborNode] = []
    for child in node.iter():
        if child.tag == "tr":
            direct.append(child)
        elif child.tag in ("tbody", "thead", "tfoot"):
            direct.extend(tr for tr in child.iter() if tr.tag == "tr")
    for tr in direct:
        cells = 0
        for cell in tr.iter():
            if cell.tag in ("td", "th") and cell.text(deep=True).strip():
                cells += 1
                if cells >= 2:
                    rows += 1
                    break
        if rows >= 3:
            return True
    return False


def from_density(root: LexborNode, theta: float = 0.8, refine: bool = False) -> BodyChoice | None:
    """Descend from ``root`` while one child holds at least ``theta`` of the text weight: the smallest
    element that still holds (nearly) all of the prose."""
    meter = _Meter()
    cur = root
    cur_w = meter.weight(root) if refine else _root_weight(root, meter)
    if cur_w <= 0:
        return None
    for _ in range(200):
        if cur.tag in ("table", "tbody", "thead") and _is_data_table(cur):
            break  # a grid of cells is one body (penalty tables): never descend into one of its rows
        # children by their link-inclusive weight (cheap), exact weights in that order so that most
        # link-heavy blocks are dismissed by the bound alone
        kids = []
        need = theta * cur_w
        best: LexborNode | None = None
        best_w = 0.0
        sole = _sole_element(cur)
        if sole is not None:
            meter.inherit(sole, cur)
        for child in cur.iter():
            if child.tag in NO_DESCEND_TAGS:
                continue
            up = meter.upper(child)[0]
            if up >= need:
                w = meter.weight(child)
                if w >= need:  # at most one child can hold more than half: no need to look further
                    best, best_w = child, w
                    kids = []
                    break
            if up > 0:
                kids.append((up, child))
        kids.sort(key=lambda k: -k[0])
        for up, child in kids:
            if up <= best_w or up < theta * cur_w:
                break
            w = meter.weight(child, best_w)
            if w > best_w:
                best, best_w = child, w
        if best is None or best_w < theta * cur_w:
            break
        cur, cur_w = best, best_w
    return BodyChoice(cur, "density", lengths=meter.lengths())
