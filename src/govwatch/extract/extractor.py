"""Page HTML -> :class:`Extracted` (body paragraphs without chrome, metadata, attachments).

Pipeline (one Lexbor parse, no lxml):

1. read ``<meta>`` tags and ``<title>``; drop scripts/styles and hidden elements (print/mobile copies);
2. remove structural chrome (nav/header/footer/aside/form, share bars, breadcrumbs ... by tag and name);
3. choose the body: comment markers, known CMS containers, else text density;
4. lift the disclosure table out of the page into ``fields``;
5. paragraphs of the body, then the text rules of :mod:`govwatch.extract.chrome`;
6. title, date, publisher, report year, attachments and images.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Set as AbstractSet
from dataclasses import replace
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.encoding import decode_html
from govwatch.extract import chrome
from govwatch.extract.blocks import paragraphs as block_paragraphs
from govwatch.extract.body import (
    CMS_RULES,
    BodyChoice,
    from_cms,
    from_density,
    from_markers,
    has_markers,
)
from govwatch.extract.fastdom import Rules, cut_head_styles, measure, measure_sum, select, select_spans
from govwatch.extract.fields import (
    find_field_blocks,
    has_field_labels,
    merge_fields,
    parse_block_fields,
    parse_field_line,
)
from govwatch.extract.links import attachments, images
from govwatch.extract.meta import (
    HEADING_RULES,
    bare_date,
    clean_meta_text,
    clean_title,
    context_text,
    date_from_metas,
    find_title,
    header_date,
    labeled_date,
    nearby_heading,
    preceding_nodes,
    prefer_heading,
    prefer_visible_source,
    read_metas,
    reconcile_dates,
    report_year,
    signature_date,
    signature_publisher,
    source_from_text,
)
from govwatch.extract.result import Extracted
from govwatch.extract.textutil import squash

#: the selections of the extractor (see :mod:`govwatch.extract.fastdom`): the page's metas and ``<base>``
_HEAD = Rules(tags=("meta", "base"))
_HIDDEN = chrome.HIDDEN_RULES
_STRIP = Rules(tags=chrome.STRIP_TAGS)
_STRIP_OR_HIDDEN = replace(chrome.HIDDEN_RULES, tags=chrome.STRIP_TAGS)
_STRUCTURAL = Rules(tags=chrome.STRUCTURAL_TAGS, any_class=True, any_id=True)
MAX_CHARS = 20_000_000


def extract(html: str, url: str | None = None, *, content: str | None = None,
            drop: list[str] | None = None) -> Extracted:
    """Extract the document of one page. Never raises: a failure gives an empty result with ``reason``."""
    try:
        return _extract(html, url, content, drop)
    except RecursionError:
        return Extracted(reason="document too deeply nested")
    except Exception as exc:  # robustness contract: the crawler must never die on a page
        return Extracted(reason=f"extraction failed: {type(exc).__name__}: {exc}"[:300])


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _looks_binary(html: str) -> bool:
    sample = html[:2048]
    if not sample or not _CONTROL_RE.search(sample):  # (the usual page: one scan, no list)
        return False
    bad = len(_CONTROL_RE.findall(sample))
    return bad / len(sample) > 0.05


def _decompose_all(nodes: list[LexborNode]) -> None:
    # reverse document order: descendants go before their ancestors, so no freed node is touched
    for n in reversed(nodes):
        n.decompose()


def _select(root: LexborNode, selector: str) -> list[LexborNode]:
    """``root.css(selector)``; an invalid selector selects nothing (the automatic choice then applies)."""
    try:
        return root.css(selector)
    except Exception:
        return []


def _ancestor_ids(node: LexborNode | None) -> set[int]:
    ids: set[int] = set()
    while node is not None:
        ids.add(node.mem_id)
        node = node.parent
    return ids


def _remove_hidden(root: LexborNode, hidden: list[LexborNode] | None = None) -> None:
    """Remove the hidden elements under ``root`` (``chrome.HIDDEN_RULES``); ``hidden``: the outermost
    ones (none inside another), when the caller already selected them.

    A page whose whole content is hidden (shown later by script) keeps it: when the hidden text (that of
    the outermost hidden elements, measured in one call) is over 200 characters and 90% of the page's."""
    if hidden is None:
        nodes, ends = select_spans(root, _HIDDEN)
        hidden = _outermost(nodes, ends)
    if not hidden:
        return
    hidden_len = measure_sum(hidden)[0]
    if hidden_len > 200 and hidden_len >= 0.9 * measure(root)[0]:
        return
    _decompose_all(hidden)


def _outermost(nodes: list[LexborNode], ends: list[int]) -> list[LexborNode]:
    """The elements of a selection that are inside no other one (``ends``: see ``select_spans``)."""
    out: list[LexborNode] = []
    skip_to = 0
    for i, n in enumerate(nodes):
        if i >= skip_to:
            out.append(n)
            skip_to = ends[i]
    return out


_STRIP_TAGS = frozenset(chrome.STRIP_TAGS)


def _strip_and_remove_hidden(root: LexborNode) -> None:
    """Remove scripts, styles, forms' widgets ... (``STRIP_TAGS``), then hidden elements: one selection
    of the tree for both (each is a walk of the whole page). The hidden elements are those left once the
    stripped elements are gone: none inside one of them (a ``<noscript>``, ``<svg>`` or ``<select>`` has
    elements inside, freed with it), and only the outermost ones (an element inside goes with them)."""
    strip: list[LexborNode] = []
    hidden_nodes: list[LexborNode] = []
    nodes, ends = select_spans(root, _STRIP_OR_HIDDEN)
    # the elements before ``skip_to`` are inside a stripped one, those before ``hidden_to`` inside a
    # hidden one: they go with it (a stripped element inside a hidden one is still stripped)
    skip_to = hidden_to = 0
    for i, n in enumerate(nodes):
        if i < skip_to:
            continue
        if n.tag in _STRIP_TAGS:
            strip.append(n)
            skip_to = ends[i]
        elif i >= hidden_to:
            hidden_nodes.append(n)
            hidden_to = ends[i]
    _decompose_all(strip)
    _remove_hidden(root, hidden_nodes)


def _prune(root: LexborNode, drop: list[str] | None) -> None:
    """The source's ``drop`` selectors, then :func:`_strip_and_remove_hidden`."""
    for sel in drop or ():
        _decompose_all(_select(root, sel))
    _strip_and_remove_hidden(root)


@functools.lru_cache(maxsize=8192)
def _chrome_name(class_attr: str | None, id_attr: str | None) -> bool:
    """``chrome.is_chrome_name``, memoised: a page repeats a few class strings hundreds of times."""
    return chrome.is_chrome_name(class_attr, id_attr)


def _cms_kept(containers: list[LexborNode]) -> set[int]:
    """The ids of CMS body containers and of their ancestors, which structural removal keeps (the
    containers are selected once per page; parent walks are cheap, text is not)."""
    return set().union(*map(_ancestor_ids, containers))


def _remove_structural(root: LexborNode, protected: AbstractSet[int] = frozenset(),
                       lengths: dict[int, int] | None = None) -> None:
    """Remove furniture by tag and class/id name; never an element holding most of the text, nor one of
    ``protected`` (the ids of the page's CMS body containers and their ancestors, see :func:`_cms_kept`).

    Candidates come in document order, so the elements inside one already doomed follow it: each is
    skipped (it goes with its ancestor) before its class and id are read or its text measured;
    ``lengths`` are text lengths already measured on the unchanged tree (by the density descent)."""
    known = lengths or {}
    total = 0
    doomed: list[LexborNode] = []
    root_id = root.mem_id
    nodes, ends = select_spans(root, _STRUCTURAL)
    skip_to = 0  # (the elements before it are inside a doomed one: they go with it)
    for i, n in enumerate(nodes):
        if i < skip_to:
            continue
        k = n.mem_id
        tag = n.tag
        if tag not in chrome.STRUCTURAL_TAGS and not _chrome_name(n.attrs.get("class"), n.id):
            continue  # (two attribute reads: cheaper than the element's whole attribute dict)
        if tag in ("body", "html") or k == root_id:
            continue
        if k in protected:
            continue
        if not total:
            total = known.get(root_id)
            if total is None:
                total = measure(root)[0]
            total = total or 1
        size = known.get(k)
        if size is None:
            size = measure(n)[0]
        if size > 0.4 * total and size > 200:
            continue
        doomed.append(n)
        skip_to = ends[i]
    _decompose_all(doomed)


def _dedupe(paras: list[str]) -> list[str]:
    """Drop repeated long paragraphs (a second copy of the body that escaped the hidden filter)."""
    seen: set[str] = set()
    out: list[str] = []
    for p in paras:
        if len(p) >= 30:
            key = p.replace(" ", "")
            if key in seen:
                continue
            seen.add(key)
        out.append(p)
    return out


def _drop_title_lines(paras: list[str], title: str | None) -> list[str]:
    """Remove the document title repeated as the first line(s) of the body."""
    if not title or not paras:
        return paras
    st = squash(title)
    acc = ""
    for i, p in enumerate(paras[:6]):
        acc += squash(p)
        if acc == st:
            return paras[i + 1:]
        if not st.startswith(acc):
            break
    return paras


def _clean_lines(paras: list[str], fields: dict[str, str], removed: list[str]) -> list[str]:
    out: list[str] = []
    for p in paras:
        if len(p) <= 400 and chrome.match_rule(p) is not None:
            removed.append(p)
            continue
        parsed = parse_field_line(p) if len(p) <= 400 else None
        if parsed is not None:
            merge_fields(fields, parsed)
            continue
        out.append(p)
    return out


def _extract(html: str | bytes, url: str | None, content: str | None, drop: list[str] | None) -> Extracted:
    if isinstance(html, (bytes, bytearray)):
        html = decode_html(bytes(html))
    if not isinstance(html, str):
        return Extracted(reason="not a string")
    if len(html) > MAX_CHARS:
        html = html[:MAX_CHARS]
    # the parser's input, encoded here as selectolax would encode the text: a NUL byte there is a NUL
    # character (a byte scan, much cheaper than a scan of the text), and the parser does not encode again
    data: bytes | None = html.encode("utf-8", "ignore")
    if b"\x00" in data:
        html = html.replace("\x00", "")
        data = html.encode("utf-8", "ignore")
    if not html.strip():
        return Extracted(reason="empty document")
    if _looks_binary(html):
        return Extracted(reason="binary content, not HTML")

    data = cut_head_styles(data)  # (saved pages: most of their bytes; the parse need not read them)
    maybe_markers = has_markers(data)  # (the comments around a Hanweb/TRS body)
    tree = LexborHTMLParser(data)
    data = None  # freed now, as the parser frees the bytes it encodes itself
    root = tree.body or tree.root
    if root is None:
        return Extracted(reason="unparseable document")
    # metas and <base href> in one walk of the tree (each selection is a full walk on a big page)
    head_nodes = select(tree.root, _HEAD) if tree.root is not None else []
    metas = read_metas(tree, head_nodes)
    title_node = tree.css_first("title")
    page_title = title_node.text(deep=True) if title_node is not None else ""
    base = url
    base_node = next((n for n in head_nodes if n.tag == "base"), None)
    if base_node is not None:
        href = (base_node.attributes.get("href") or "").strip()
        if href:
            base = urljoin(url or "", href) if url else href

    _prune(root, drop)
    # heading-like elements and CMS body containers (the tree does not change between their uses)
    headings = select(root, HEADING_RULES)
    cms_found = select(root, CMS_RULES)
    title, title_src = find_title(root, metas, page_title, headings)  # headings are read before chrome removal

    choice: BodyChoice | None = None
    if content:
        found = _select(root, content)
        if found:
            choice = BodyChoice(found[0], "selector")
    if choice is None:
        choice = (from_markers(html) if maybe_markers else None) or from_cms(root, cms_found)
    # the CMS containers (too small to be the body) that structural removal keeps, with their ancestors
    kept: AbstractSet[int] = frozenset()
    if choice is None or choice.node is None:
        choice = from_density(root)
        if choice is not None and choice.node is not None:
            kept = _cms_kept(cms_found)
            # clear furniture inside the chosen region, then look again for the text inside it
            _remove_structural(choice.node, kept, lengths=choice.lengths)
            choice = from_density(choice.node, refine=True) or choice
    if choice is None or choice.node is None:
        return Extracted(title=title or None, published=date_from_metas(metas),
                         reason="no body text found")
    body = choice.node
    if choice.fragment is not None:
        _decompose_all(select(body, _STRIP))
    # an anchor in the main tree for context (markers give a node of a separate fragment)
    anchor: LexborNode | None = body if choice.fragment is None else (
        (from_cms(root, cms_found) or BodyChoice(None, "")).node)

    # the disclosure table: in or just above the body; lifted out of the text into ``fields``
    fields: dict[str, str] = {}
    region = [body] if anchor is None or anchor is body else [body, anchor]
    if anchor is not None:
        region += preceding_nodes(anchor)
    protected = _ancestor_ids(anchor) | _ancestor_ids(body)
    for node in region:
        if node is body:
            blocks = find_field_blocks(node, loose=False)  # only tables inside the body
        elif has_field_labels(node.text(deep=True)):
            blocks = find_field_blocks(node)
        else:
            continue
        for b in blocks:
            merge_fields(fields, parse_block_fields(b))
        _decompose_all([b for b in blocks if b.mem_id not in protected])
        if blocks and node is not body:
            break  # the nearest table above the body is the document's own

    _remove_structural(body, kept)

    pre = context_text(anchor, before=True) if anchor is not None else ""

    if title_src in ("page", "page_raw", "none") and anchor is not None:
        near = nearby_heading(anchor)
        if prefer_heading(title, title_src, near):
            title = near

    paras = block_paragraphs(body)
    removed: list[str] = []  # chrome lines of the body: datelines there still tell date and source
    paras = _clean_lines(paras, fields, removed)
    in_body_meta = "\n".join(removed)
    paras = _dedupe(paras)
    paras = _drop_title_lines(paras, title)

    post: list[str] = []  # text after the body, read only when needed

    def after() -> str:
        if not post:
            post.append(context_text(anchor, before=False, limit=300) if anchor is not None else "")
        return post[0]

    header = header_date(pre, title)  # the date printed next to the title
    published = (reconcile_dates(date_from_metas(metas), header, html)
                 or fields.get("发布日期") or fields.get("成文日期")
                 or labeled_date(pre) or header or labeled_date(in_body_meta, last=False)
                 or labeled_date(after(), last=False) or bare_date(pre[-200:])
                 or signature_date(paras) or labeled_date(root.text(deep=True, separator="\n"), last=False))

    publisher = (fields.get("发布机构")
                 or prefer_visible_source(clean_meta_text(metas.get("contentsource")), source_from_text(pre))
                 or source_from_text(in_body_meta) or source_from_text(after())
                 or signature_publisher(paras) or None)

    scope: list[LexborNode] = [body]
    if anchor is not None and anchor is not body:
        scope.append(anchor)
    atts = attachments(scope + _following(anchor or body), base)
    imgs = images([body], base)

    title = clean_title(title) if title else None
    return Extracted(
        title=title or None,
        published=published,
        publisher=publisher or None,
        paragraphs=paras,
        fields={k: v for k, v in fields.items() if v},
        report_year=report_year(title),
        attachments=atts,
        images=imgs,
        reason=None if paras else "no body text found",
    )


def _following(node: LexborNode, levels: int = 2, max_sibs: int = 4) -> list[LexborNode]:
    """A few siblings after the body (attachment lists often sit right below it)."""
    out: list[LexborNode] = []
    cur: LexborNode | None = node
    for _ in range(levels):
        if cur is None:
            break
        sib = cur.next
        n = 0
        while sib is not None and n < max_sibs:
            if sib.tag not in ("-text", "-comment"):
                out.append(sib)
                n += 1
            sib = sib.next
        cur = cur.parent
        if cur is None or cur.tag in ("body", "html"):
            break
    return out
