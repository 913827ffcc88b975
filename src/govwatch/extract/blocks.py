"""Turn a body element into paragraphs: one per block-level element, ``<br>`` line or table row."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from govwatch.extract.textutil import normalize_space

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "blockquote", "pre", "center", "address", "figure", "figcaption", "form", "fieldset", "hr", "br",
    "caption", "details", "summary", "hgroup", "body", "html", "legend", "menu", "dir", "ucapcontent",
    "option", "iframe", "img", "video", "object", "o:p",
})
INLINE_BREAK = frozenset({"br", "hr"})
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "select",
    "button", "input", "textarea", "head", "title", "meta", "link", "map", "audio", "video", "source",
    "-comment", "_comment", "xml",
})
CELL_TAGS = frozenset({"td", "th"})
ROW_SECTION_TAGS = frozenset({"thead", "tbody", "tfoot"})
MAX_TABLE_DEPTH = 12


class _Builder:
    __slots__ = ("buf", "lines")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        if self.buf:
            text = normalize_space("".join(self.buf))
            self.buf.clear()
            if text:
                self.lines.append(text)


def _cells(row: LexborNode) -> list[LexborNode]:
    out = []
    c = row.child
    while c is not None:
        if c.tag in CELL_TAGS:
            out.append(c)
        c = c.next
    return out


def _walk(root: LexborNode, b: _Builder, depth: int) -> None:
    """Iterative pre-order walk; table rows are handled by a nested walk per cell."""
    buf = b.buf
    flush = b.flush
    stack: list[LexborNode | None] = [root]  # None marks the end of a block element
    pop = stack.pop
    push = stack.append
    while stack:
        node = pop()
        if node is None:
            if buf:
                flush()
            continue
        tag = node.tag
        if tag == "-text":
            t = node.text_content
            if t:
                buf.append(t)
            continue
        if tag in SKIP_TAGS or tag is None:
            continue
        if tag in INLINE_BREAK:
            if buf:
                flush()
            continue
        if tag == "tr" and depth < MAX_TABLE_DEPTH:
            if buf:
                flush()
            _row(node, b, depth + 1)
            continue
        block = tag in BLOCK_TAGS
        first = node.child
        if first is None:
            if block and buf:
                flush()
            continue
        if first.next is None and first.tag == "-text":
            # a single text child: no need to walk it
            if block:
                if buf:
                    flush()
                buf.append(first.text_content or "")
                flush()
            else:
                buf.append(first.text_content or "")
            continue
        if block:
            if buf:
                flush()
            push(None)
        kids = list(node.iter(include_text=True))
        kids.reverse()
        stack.extend(kids)


def _row(row: LexborNode, b: _Builder, depth: int) -> None:
    cells = _cells(row)
    if not cells:
        _walk_children(row, b, depth)
        return
    per_cell: list[list[str]] = []
    for cell in cells:
        sub = _Builder()
        _walk(cell, sub, depth)
        sub.flush()
        per_cell.append(sub.lines)
    if all(len(lines) <= 1 for lines in per_cell):
        joined = " ".join(lines[0] for lines in per_cell if lines)
        if joined:
            b.lines.append(joined)
    else:
        for lines in per_cell:
            b.lines.extend(lines)


def _walk_children(node: LexborNode, b: _Builder, depth: int) -> None:
    c = node.child
    while c is not None:
        _walk(c, b, depth)
        c = c.next


def paragraphs(root: LexborNode) -> list[str]:
    """Whitespace-normalised, non-empty paragraphs of ``root`` in document order."""
    b = _Builder()
    _walk(root, b, 0)
    b.flush()
    return b.lines
