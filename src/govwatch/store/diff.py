"""Sentence-aware unified diffs between two versions of a text, and their renderings.

Chinese paragraphs are long, so a diff line is one *sentence* (split after 。！？； and their
NFKC forms ``!?;``, closing quotes and brackets staying with their sentence). The first
sentence of a paragraph starts its line; the paragraph's further sentences are indented by
two spaces, so paragraph breaks stay visible. A one-character edit therefore shows as one
changed sentence:

>>> print(paragraph_diff("甲。乙有3件。丙。", "甲。乙有6件。丙。", "v1", "v2"))
--- v1
+++ v2
@@ -1,3 +1,3 @@
 甲。
-  乙有3件。
+  乙有6件。
   丙。

Paragraphs without sentence punctuation are one line each:

>>> print(paragraph_diff("甲\\n乙\\n丙", "甲\\n乙二\\n丙", "v1", "v2"))
--- v1
+++ v2
@@ -1,3 +1,3 @@
 甲
-乙
+乙二
 丙

The changed characters of a removed/added pair are marked: ``<del>``/``<ins>`` in HTML
(:func:`diff_html`, used by the Atom feed) and reverse video on a terminal (:func:`rich_diff`).

>>> print(inline_html("乙有3件。", "乙有6件。"))
乙有<del>3</del><ins>6</ins>件。
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

#: sentence-ending punctuation (full-width and the NFKC forms the store keeps)
TERMINATORS = "。！？；!?;"
#: closing quotes and brackets that stay with the sentence they end
CLOSERS = "”’」』）)]》\"'"
#: prefix of the second and further sentences of a paragraph in a diff line
CONTINUATION = "  "

_SENTENCE = re.compile(
    rf"[^{re.escape(TERMINATORS)}]*[{re.escape(TERMINATORS)}]+[{re.escape(CLOSERS)}]*"
    rf"|[^{re.escape(TERMINATORS)}]+$"
)


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences; joining them gives the paragraph back.

    >>> split_sentences("一是加强领导；二是“抓落实。”完善制度")
    ['一是加强领导；', '二是“抓落实。”', '完善制度']
    >>> split_sentences("")
    []
    """
    return _SENTENCE.findall(paragraph)


def sentence_lines(text: str) -> list[str]:
    """The diff lines of a text: one per sentence, continuation sentences indented.

    >>> sentence_lines("甲。乙！\\n丙")
    ['甲。', '  乙！', '丙']
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        sentences = split_sentences(paragraph) or [paragraph]
        lines.append(sentences[0])
        lines.extend(CONTINUATION + s for s in sentences[1:])
    return lines


def paragraph_diff(old: str, new: str, old_label: str = "old", new_label: str = "new",
                   context: int = 3) -> str:
    """A unified diff of ``old`` and ``new``, one sentence per line; '' when equal."""
    lines = difflib.unified_diff(
        sentence_lines(old), sentence_lines(new), fromfile=old_label, tofile=new_label, n=context, lineterm=""
    )
    return "\n".join(lines)


sentence_diff = paragraph_diff


# ---------------------------------------------------------------- character marks

Segment = tuple[str, bool]  # (text, changed)

#: character-level matching is quadratic: past this many characters (of the two lines, once their
#: common prefix and suffix are set aside) the changed middle is marked as a whole
MAX_CHAR_DIFF = 4000


def char_opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """``SequenceMatcher`` opcodes from ``old`` to ``new``, in bounded time: the common prefix and
    suffix are equal runs, and a middle longer than :data:`MAX_CHAR_DIFF` is one ``replace``.

    >>> char_opcodes("有3件", "有6件")
    [('equal', 0, 1, 0, 1), ('replace', 1, 2, 1, 2), ('equal', 2, 3, 2, 3)]
    >>> len(char_opcodes("甲" * 30000 + "乙", "丙" * 30000 + "乙"))
    2
    """
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    a, b = old[head:len(old) - tail], new[head:len(new) - tail]
    ops: list[tuple[str, int, int, int, int]] = []
    if head:
        ops.append(("equal", 0, head, 0, head))
    if len(a) + len(b) > MAX_CHAR_DIFF:
        tag = "replace" if a and b else ("delete" if a else "insert")
        ops.append((tag, head, head + len(a), head, head + len(b)))
    elif a or b:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        ops.extend((tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in matcher.get_opcodes())
    if tail:
        ops.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return ops


def char_marks(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Split ``old`` and ``new`` into runs of unchanged and changed characters.

    >>> char_marks("有3件", "有36件")
    ([('有3', False), ('件', False)], [('有3', False), ('6', True), ('件', False)])
    """
    ops = char_opcodes(old, new)
    # a single unchanged character between two changes reads better as part of the change
    merged: list[list[object]] = []
    for i, (tag, i1, i2, j1, j2) in enumerate(ops):
        if (tag == "equal" and 0 < i < len(ops) - 1 and i2 - i1 == 1
                and ops[i - 1][0] != "equal" and ops[i + 1][0] != "equal"):
            tag = "replace"
        if merged and merged[-1][0] != "equal" and tag != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append([tag, i1, i2, j1, j2])
    old_segs: list[Segment] = []
    new_segs: list[Segment] = []
    for tag, i1, i2, j1, j2 in merged:
        changed = tag != "equal"
        if i2 > i1:  # type: ignore[operator]
            old_segs.append((old[i1:i2], changed))  # type: ignore[misc]
        if j2 > j1:  # type: ignore[operator]
            new_segs.append((new[j1:j2], changed))  # type: ignore[misc]
    return old_segs, new_segs


def inline_html(old: str, new: str) -> str:
    """One line showing the edit: unchanged text, ``<del>`` removed and ``<ins>`` added runs."""
    out: list[str] = []
    for tag, i1, i2, j1, j2 in char_opcodes(old, new):
        if tag == "equal":
            out.append(html.escape(old[i1:i2], quote=False))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(old[i1:i2], quote=False)}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(new[j1:j2], quote=False)}</ins>")
    return "".join(out)


def _similar(a: str, b: str, threshold: float = 0.5) -> bool:
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if not (m.real_quick_ratio() >= threshold and m.quick_ratio() >= threshold):
        return False
    if len(a) + len(b) > MAX_CHAR_DIFF:  # ratio() is quadratic: the character counts decide
        return True
    return m.ratio() >= threshold


def pair_lines(removed: list[str], added: list[str]) -> list[tuple[int | None, int | None]]:
    """Pair removed with added lines that are edits of each other, keeping both orders.

    >>> pair_lines(["乙有3件。"], ["乙有6件。", "新增一段。"])
    [(0, 0), (None, 1)]
    """
    pairs: list[tuple[int | None, int | None]] = []
    j = 0
    for i, line in enumerate(removed):
        k = next((k for k in range(j, len(added)) if _similar(line, added[k])), None)
        if k is None:
            pairs.append((i, None))
            continue
        pairs.extend((None, n) for n in range(j, k))
        pairs.append((i, k))
        j = k + 1
    pairs.extend((None, n) for n in range(j, len(added)))
    return pairs


# ---------------------------------------------------------------- unified-diff parsing


@dataclass(frozen=True)
class DiffLine:
    """One line of a unified diff: ``kind`` is header, hunk, context, removed or added."""

    kind: str
    text: str  # without the +/-/space prefix (headers and hunks: the whole line)
    partner: int | None = None  # index of the paired removed/added line, for character marks


def parse_unified(text: str) -> list[DiffLine]:
    """Parse a unified diff and pair its removed/added lines (see :func:`pair_lines`)."""
    lines: list[DiffLine] = []
    block_removed: list[int] = []
    block_added: list[int] = []

    def flush() -> None:
        if block_removed and block_added:
            removed = [lines[i].text for i in block_removed]
            for a, b in pair_lines(removed, [lines[i].text for i in block_added]):
                if a is not None and b is not None:
                    ia, ib = block_removed[a], block_added[b]
                    lines[ia] = DiffLine("removed", lines[ia].text, ib)
                    lines[ib] = DiffLine("added", lines[ib].text, ia)
        block_removed.clear()
        block_added.clear()

    in_hunk = False
    for raw in text.split("\n") if text else []:
        if not in_hunk and raw.startswith(("+++", "---")):
            lines.append(DiffLine("header", raw))
        elif raw.startswith("@@"):
            flush()
            in_hunk = True
            lines.append(DiffLine("hunk", raw))
        elif raw.startswith("-"):
            if block_added:
                flush()
            block_removed.append(len(lines))
            lines.append(DiffLine("removed", raw[1:]))
        elif raw.startswith("+"):
            block_added.append(len(lines))
            lines.append(DiffLine("added", raw[1:]))
        else:
            flush()
            lines.append(DiffLine("context", raw[1:] if raw.startswith(" ") else raw))
    flush()
    return lines


def _segments(lines: list[DiffLine], index: int) -> list[Segment]:
    line = lines[index]
    if line.partner is None:
        return [(line.text, False)]
    other = lines[line.partner].text
    old, new = (line.text, other) if line.kind == "removed" else (other, line.text)
    return char_marks(old, new)[0 if line.kind == "removed" else 1]


def iter_marked(text: str) -> Iterator[tuple[str, str, list[Segment]]]:
    """``(kind, prefix, segments)`` for each line of a unified diff, changed characters flagged.

    >>> for kind, prefix, segments in iter_marked("@@ -1 +1 @@\\n-有3件\\n+有6件"):
    ...     print(kind, prefix, segments)
    hunk  [('@@ -1 +1 @@', False)]
    removed - [('有', False), ('3', True), ('件', False)]
    added + [('有', False), ('6', True), ('件', False)]
    """
    lines = parse_unified(text)
    prefixes = {"removed": "-", "added": "+", "context": " ", "header": "", "hunk": ""}
    for i, line in enumerate(lines):
        if line.kind in ("removed", "added"):
            yield line.kind, prefixes[line.kind], _segments(lines, i)
        else:
            yield line.kind, prefixes[line.kind], [(line.text, False)]


def rich_diff(text: str) -> Text:
    """A unified diff as rich ``Text``: red/green lines, changed characters in reverse video.

    The plain text (``.plain``) is the diff unchanged.
    """
    from rich.text import Text

    styles = {"header": "bold", "hunk": "cyan", "removed": "red", "added": "green", "context": ""}
    out = Text()
    for n, (kind, prefix, segments) in enumerate(iter_marked(text)):
        if n:
            out.append("\n")
        style = styles[kind]
        out.append(prefix, style=style)
        for chunk, changed in segments:
            out.append(chunk, style=f"{style} reverse bold" if changed else style)
    return out


def diff_html(text: str) -> str:
    """A unified diff as HTML: one ``<p>`` per line, an edited sentence shown once with its
    removed characters in ``<del>`` and added ones in ``<ins>``; unpaired lines wholly so.

    >>> print(diff_html("--- v1\\n+++ v2\\n@@ -1,2 +1,2 @@\\n 甲。\\n-  乙有3件。\\n+  乙有6件。"))
    <p>甲。</p>
    <p>　乙有<del>3</del><ins>6</ins>件。</p>
    """
    lines = parse_unified(text)
    out: list[str] = []
    for line in lines:
        body = line.text
        indent = ""
        if body.startswith(CONTINUATION):
            indent, body = "　", body[len(CONTINUATION):]
        if line.kind == "header":
            continue
        if line.kind == "hunk":
            if out:
                out.append("<hr/>")
            continue
        if line.kind == "context":
            out.append(f"<p>{indent}{html.escape(body, quote=False)}</p>")
        elif line.partner is not None:
            if line.kind == "removed":
                new = lines[line.partner].text
                new = new[len(CONTINUATION):] if new.startswith(CONTINUATION) else new
                out.append(f"<p>{indent}{inline_html(body, new)}</p>")
        else:
            tag = "del" if line.kind == "removed" else "ins"
            out.append(f"<p>{indent}<{tag}>{html.escape(body, quote=False)}</{tag}></p>")
    return "\n".join(out)
