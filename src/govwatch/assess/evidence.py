"""An assessment's evidence laid over its text, for pages that show the text with each part and figure
highlighted (the web UI's government and document pages).

:func:`marked_paragraphs` splits a text into its paragraphs (its lines) and each paragraph into
segments: plain text, or a highlighted part heading / mentioning sentence / figure phrase. Segments
are plain strings: the page template escapes them (nothing is marked safe). Each paragraph also says
which part's section it stands in, so a page can shade the part's whole span.

>>> from govwatch.assess import assess_text
>>> text = "前言。\\n一、主要举措和成效\\n全年审查规范性文件3件。\\n二、下一步工作计划\\n继续推进。"
>>> for p in marked_paragraphs(text, assess_text(text)):
...     print(p.part, [(s.text, s.name) for s in p.segments])
None [('前言。', None)]
measures [('一、主要举措和成效', 'measures')]
measures [('全年审查规范性文件', None), ('3', 'normative_documents_reviewed'), ('件。', None)]
plans [('二、下一步工作计划', 'plans')]
plans [('继续推进。', None)]
"""

from __future__ import annotations

from dataclasses import dataclass

from govwatch.assess.analyse import SECTION, Assessment, highlights


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None = None  # "part" | "figure" | None (plain text)
    name: str | None = None  # the part or figure name
    label: str | None = None  # its label (主要举措和成效, 行政复议纠错率 …)


@dataclass(frozen=True)
class MarkedParagraph:
    start: int
    part: str | None  # the part whose section holds this paragraph
    segments: tuple[Segment, ...]


def marked_paragraphs(text: str, a: Assessment) -> list[MarkedParagraph]:
    """The text's non-empty lines, each cut into plain and highlighted segments."""
    marks = highlights(a)
    sections = [(p.start, p.end, p.name) for p in a.parts.values()
                if p.status == SECTION and p.start is not None and p.end is not None]
    out: list[MarkedParagraph] = []
    pos = 0
    k = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        segs: list[Segment] = []
        cur = start
        while k < len(marks) and marks[k].end <= start:
            k += 1
        j = k
        while j < len(marks) and marks[j].start < end:
            m = marks[j]
            s, e = max(m.start, start), min(m.end, end)
            if s > cur:
                segs.append(Segment(text[cur:s]))
            if e > s:
                segs.append(Segment(text[s:e], m.kind, m.name, m.label))
            cur = max(cur, e)
            j += 1
        if cur < end:
            segs.append(Segment(text[cur:end]))
        part = next((n for s0, e0, n in sections if s0 <= start < e0), None)
        out.append(MarkedParagraph(start, part, tuple(segs)))
    return out
