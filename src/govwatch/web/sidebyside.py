"""A side-by-side view of the sentence-level diff (``store/diff.py``) between two texts.

Each row holds the old sentence on the left and the new one on the right: unchanged sentences on
both sides, an edited sentence paired with its edit (changed characters flagged), a removed or
added sentence on one side only. Hunks are separated by a gap row.

>>> [(r.kind, r.left, r.right) for r in side_by_side("甲。乙有3件。", "甲。乙有6件。")]
[('context', [('甲。', False)], [('甲。', False)]), ('changed', [('乙有', False), ('3', True), ('件。', False)], \
[('乙有', False), ('6', True), ('件。', False)])]
"""

from __future__ import annotations

from dataclasses import dataclass

from govwatch.store.diff import CONTINUATION, Segment, char_marks, paragraph_diff, parse_unified


@dataclass(frozen=True)
class Row:
    kind: str  # context | changed | removed | added | gap
    left: list[Segment] | None
    right: list[Segment] | None
    continuation: bool = False  # a paragraph's second or further sentence


def _strip(text: str) -> tuple[str, bool]:
    return (text[len(CONTINUATION):], True) if text.startswith(CONTINUATION) else (text, False)


def side_by_side(old: str, new: str, context: int = 3) -> list[Row]:
    """Rows of the side-by-side diff; ``context`` unchanged sentences around each change."""
    lines = parse_unified(paragraph_diff(old, new, context=context))
    rows: list[Row] = []
    emitted: set[int] = set()
    for i, line in enumerate(lines):
        if i in emitted or line.kind == "header":
            continue
        text, cont = _strip(line.text)
        if line.kind == "hunk":
            if rows:
                rows.append(Row("gap", None, None))
        elif line.kind == "context":
            rows.append(Row("context", [(text, False)], [(text, False)], cont))
        elif line.partner is not None:
            partner = lines[line.partner]
            other, _ = _strip(partner.text)
            old_text, new_text = (text, other) if line.kind == "removed" else (other, text)
            left, right = char_marks(old_text, new_text)
            rows.append(Row("changed", left, right, cont))
            emitted.add(line.partner)
        elif line.kind == "removed":
            rows.append(Row("removed", [(text, True)], None, cont))
        else:
            rows.append(Row("added", None, [(text, True)], cont))
    return rows
