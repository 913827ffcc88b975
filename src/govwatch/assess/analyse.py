"""The analyser: the five parts, the key figures, the length and the kind of one report text.

>>> a = assess_text("2023年,我区推进法治政府建设。\\n一、主要举措和成效\\n全年共审查规范性文件３２份。"
...                 "\\n二、存在的问题\\n一是队伍不强。\\n三、下一步工作计划\\n持续推进。")
>>> [(p.name, p.status, p.heading) for p in a.parts.values()]  # doctest: +NORMALIZE_WHITESPACE
[('measures', 'section', '一、主要举措和成效'), ('shortcomings', 'section', '二、存在的问题'),
 ('leaders', 'absent', None), ('plans', 'section', '三、下一步工作计划'), ('other', 'absent', None)]
>>> f = a.figures["normative_documents_reviewed"]
>>> f.value, f.sentence, f.part
(32.0, '全年共审查规范性文件３２份。', 'measures')
>>> a.kind, a.length
('report', 68)
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from govwatch.assess.numbers import parse_number
from govwatch.assess.rules import (
    FIGURE_RULES,
    GAP,
    KIND_RULES,
    NUM,
    PART_NAMES,
    PART_RULES,
    PCT,
    FigureRule,
    KindRule,
    PartRule,
)

SECTION, MENTIONED, ABSENT = "section", "mentioned", "absent"

#: full-width ASCII (！ to ～) and the ideographic space to their half-width forms: one character for one,
#: so that offsets in the normalised text are offsets in the original
_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def normalise(text: str) -> str:
    """Full-width ASCII to half-width, one character for one (offsets stay valid).

    >>> normalise("纠错率１２．５％，共３件")
    '纠错率12.5%,共3件'
    """
    return _FULL_WIDTH.sub(_half, text)  # faster than str.translate: full-width characters are few


def _half(m: re.Match[str]) -> str:
    ch = m.group()
    return " " if ch == "\u3000" else chr(ord(ch) - 0xFEE0)

#: a top-level heading: 一、 二、… or 第一部分
_TOP = re.compile(r"[ \t]*(?:[一二三四五六七八九十]{1,3}[、.]|第[一二三四五六七八九十]{1,3}(?:部分|章|节)[、:\s]?)")
#: a sub-point marker: (一) 一是 1. 1、
#: the top level of a text that has no 一、 headings (nor unnumbered ones): (一) (二) …
_TOP2 = re.compile(r"[ \t]*[(][一二三四五六七八九十]{1,3}[)]")
_SUB = re.compile(r"[ \t]*(?:[(][一二三四五六七八九十\d]{1,3}[)]|[一二三四五六七八九十]{1,3}是|\d{1,2}[.、])")
_MAX_HEADING = 80
_MAX_BARE_HEADING = 30
#: closing lines at the end of a text: signature and date
_CLOSING = re.compile(r"[^。,;]{0,30}(?:人民政府|政府办公室|办公室|司法局|局|委员会)\s*|"
                      r"\s*\d{4}年?\d{1,2}月?\d{1,2}日\s*|\s*\d{6,8}日\s*|"
                      r"\s*[二〇一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日\s*")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")


@dataclass(frozen=True)
class Part:
    """One of the five parts: ``section`` (its own top-level heading), ``mentioned`` (only inside
    another part: ``heading`` is then the sentence that mentions it) or ``absent``. ``start``/``end``:
    character offsets in the assessed text (a section runs from its heading to the next one)."""

    name: str
    status: str
    heading: str | None = None
    start: int | None = None
    end: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {"status": self.status, "heading": self.heading,
                "span": [self.start, self.end] if self.start is not None else None}


@dataclass(frozen=True)
class Figure:
    """A key figure with the text it came from: ``raw`` is the matched phrase at ``start``:``end``,
    ``sentence`` the sentence holding it (``sentence_start``), ``part`` the section it stands in."""

    name: str
    value: float
    unit: str
    raw: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    part: str | None
    value_start: int = -1  # the number itself (the whole phrase for 全覆盖)
    value_end: int = -1

    def as_dict(self) -> dict[str, object]:
        value: float | int = int(self.value) if self.value == int(self.value) else self.value
        return {"value": value, "unit": self.unit, "raw": self.raw, "span": [self.start, self.end],
                "value_span": [self.value_start, self.value_end],
                "sentence": self.sentence,
                "sentence_span": [self.sentence_start, self.sentence_start + len(self.sentence)],
                "part": self.part}


@dataclass(frozen=True)
class Assessment:
    kind: str  # report | reply | department_report | news | other
    length: int  # characters without whitespace (字数)
    parts: dict[str, Part]
    figures: dict[str, Figure] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "length": self.length,
                "parts": {n: p.as_dict() for n, p in self.parts.items()},
                "figures": {n: f.as_dict() for n, f in self.figures.items()}}

    def status(self, part: str) -> str:
        return self.parts[part].status


@dataclass(frozen=True)
class _Compiled:
    heading: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]
    mention: tuple[tuple[str, re.Pattern[str]], ...]
    figures: tuple[tuple[FigureRule, tuple[re.Pattern[str], ...]], ...]
    kinds: tuple[tuple[KindRule, re.Pattern[str]], ...]


def expand(pattern: str) -> str:
    """A figure pattern with ``{N}``/``{P}``/``{GAP}`` filled in (rules may use either form)."""
    return pattern.replace("{N}", NUM).replace("{P}", PCT).replace("{GAP}", GAP)


def _compile(parts: tuple[PartRule, ...] = PART_RULES, figures: tuple[FigureRule, ...] = FIGURE_RULES,
             kinds: tuple[KindRule, ...] = KIND_RULES) -> _Compiled:
    if parts is PART_RULES and figures is FIGURE_RULES and kinds is KIND_RULES:
        return _DEFAULT  # no hashing of the rule tuples on every call
    return _compile_rules(parts, figures, kinds)


@lru_cache(maxsize=4)
def _compile_rules(parts: tuple[PartRule, ...], figures: tuple[FigureRule, ...],
                   kinds: tuple[KindRule, ...]) -> _Compiled:
    return _Compiled(
        tuple((r.name, re.compile("|".join(f"(?:{h})" for h in r.heading)), r.unless) for r in parts),
        tuple((r.name, re.compile("|".join(f"(?:{m})" for m in r.mention), re.M)) for r in parts if r.mention),
        tuple((r, tuple(re.compile(expand(p)) for p in r.patterns)) for r in figures),
        tuple((k, re.compile("|".join(f"(?:{c})" for c in k.cues), re.M)) for k in kinds),
    )


_DEFAULT = _compile_rules(PART_RULES, FIGURE_RULES, KIND_RULES)


def heading_parts(heading: str, parts: tuple[PartRule, ...] = PART_RULES) -> list[str]:
    """The parts a heading names (several for a merged heading such as ``一、成效和不足``).

    >>> heading_parts("三、推进法治政府建设存在的不足和问题")
    ['shortcomings']
    >>> heading_parts("一、2021年党政主要负责人履行推进法治建设第一责任人职责工作情况")
    ['leaders']
    >>> heading_parts("二、工作成效和存在的问题")
    ['measures', 'shortcomings']
    """
    c = _compile(parts)
    found = [name for name, rx, _ in c.heading if rx.search(heading)]
    unless = {name: u for name, _, u in c.heading}
    return [n for n in found if not any(u in found for u in unless[n])]


#: where a paragraph break was flattened to spaces (naive scrapes): before a numbered marker
_FLAT_BREAK = re.compile(r"\n|[ \t]+(?=[一二三四五六七八九十]{1,3}、|[(][一二三四五六七八九十]{1,3}[)])")
#: a heading followed on the same line by its first sub-point
_HEAD_CUT = re.compile(r"[ \t]+(?=[(]?[一二三四五六七八九十\d]{1,3}[)是、.])")


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) pairs; a line also ends where spaces stand before a numbered marker."""
    out, pos = [], 0
    for m in _FLAT_BREAK.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return out


def _heading_of(line: str, parts: tuple[PartRule, ...],
                top: re.Pattern[str] = _TOP) -> tuple[str, list[str]] | None:
    """(heading as written, parts it names) when ``line`` is a top-level heading, else None."""
    stripped = line.strip()
    if not stripped:
        return None
    if top.match(stripped):
        head = _HEAD_CUT.split(stripped.split("。", 1)[0], 1)[0]
        if len(head) > _MAX_HEADING:
            return None
        return head, heading_parts(head, parts)
    if (len(stripped) <= _MAX_BARE_HEADING and not _SUB.match(stripped)
            and not re.search(r"[。，,；;：:]|报告$", stripped)):
        names = heading_parts(stripped, parts)
        if names:
            return stripped, names
    return None


def _content_end(text: str, start: int, end: int, last: bool) -> int:
    """``end`` without trailing whitespace and, for the last section, without closing lines."""
    if last:
        while True:
            body = text[start:end].rstrip()
            cut = body.rfind("\n")
            if cut < 0 or not _CLOSING.fullmatch(body[cut + 1:]):
                break
            end = start + cut
    return start + len(text[start:end].rstrip())


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs: a sentence ends at 。！？ or a line break.

    >>> sentences("一、总体情况\\n全年办结64件。纠错率1.56%。")
    [(0, '一、总体情况'), (7, '全年办结64件。'), (15, '纠错率1.56%。')]
    """
    out = []
    for m in _SENTENCE.finditer(text):
        s = m.group()
        lead = len(s) - len(s.lstrip())
        if s.strip():
            out.append((m.start() + lead, s.strip()))
    return out


def find_parts(text: str, parts: tuple[PartRule, ...] = PART_RULES,
               sents: list[tuple[int, str]] | None = None, norm: str | None = None) -> dict[str, Part]:
    """Each part's status, heading (as written) and span. ``sents``: sentences of the normalised text."""
    norm = normalise(text) if norm is None else norm
    heads: list[tuple[int, str, list[str]]] = []
    lines = _lines(norm)
    for top in (_TOP, _TOP2):  # (一) is the top level only of a text without 一、 or unnumbered headings
        for pos, line in lines:
            h = _heading_of(line, parts, top)
            if h is not None:
                start = pos + len(line) - len(line.lstrip())
                heads.append((start, text[start:start + len(h[0])], h[1]))
        if heads:
            break
    # sections: a heading naming no part extends the section before it; at the start, it opens the
    # measures (reports that give each field of work a top-level heading of its own)
    found: dict[str, Part] = {}
    spans: list[tuple[list[str], int, str]] = []  # (parts, start, heading)
    for start, head, names in heads:
        if names:
            spans.append((names, start, head))
        elif not spans and "measures" not in {n for h in heads for n in h[2]}:
            spans.append((["measures"], start, head))
    bounds = [s for _, s, _ in spans] + [len(text)]
    for i, (names, start, head) in enumerate(spans):
        nxt = bounds[i + 1]
        # the section ends at the next heading naming a part (unnamed headings stay inside)
        end = _content_end(text, start, nxt, last=i == len(spans) - 1)
        for n in names:
            if n not in found:
                found[n] = Part(n, SECTION, head, start, end)
    c = _compile(parts)
    missing = [n for n in (r.name for r in parts) if n not in found]
    if missing:
        sents = sents if sents is not None else sentences(norm)
        starts = [p for p, _ in sents]
        for name, rx in c.mention:
            if name not in missing:
                continue
            # one search over the whole text; each hit is placed in its sentence
            hits: list[tuple[int, str]] = []
            for m in rx.finditer(norm):
                i = bisect.bisect_right(starts, m.start()) - 1
                if i >= 0 and (not hits or hits[-1][0] != starts[i]):
                    pos, s = sents[i]
                    if m.end() <= pos + len(s):  # the whole match inside one sentence
                        hits.append((pos, s))
            # a sub-point that names the part (一是… / (五)…) before any sentence of prose
            if hits:
                pos, s = next((h for h in hits if _SUB.match(h[1])), hits[0])
                found[name] = Part(name, MENTIONED, text[pos:pos + len(s)], pos, pos + len(s))
    return {r.name: found.get(r.name, Part(r.name, ABSENT)) for r in parts}


def find_figures(text: str, parts: dict[str, Part] | None = None,
                 figures: tuple[FigureRule, ...] = FIGURE_RULES,
                 sents: list[tuple[int, str]] | None = None, norm: str | None = None) -> dict[str, Figure]:
    """The first occurrence of each figure, with its sentence and the section holding it."""
    norm = normalise(text) if norm is None else norm
    c = _compile(figures=figures)
    out: dict[str, Figure] = {}
    starts: list[int] | None = None
    p = (parts or {}).get("plans")
    plans = (p.start, p.end) if p is not None and p.status == SECTION and p.start is not None else None
    if plans is not None and any(q.status == SECTION and q.start == plans[0] and q.name != "plans"
                                 for q in (parts or {}).values()):
        plans = None  # a merged heading (存在的问题和下一步打算): its figures may be results
    assert plans is None or plans[1] is not None
    for rule, regexes in c.figures:
        if rule.needles and not any(nd in norm for nd in rule.needles):
            continue
        best: re.Match[str] | None = None
        for rx in regexes:
            for m in rx.finditer(norm):
                if best is not None and m.start() >= best.start():
                    break
                if plans is not None and plans[0] <= m.start() < plans[1]:
                    continue  # a target for next year, not a result
                best = m
                break
        if best is None:
            continue
        raw_value = best.groupdict().get("v")
        value = parse_number(raw_value) if raw_value else rule.value
        if value is None:
            continue
        if sents is None:
            sents = sentences(norm)
        if starts is None:
            starts = [p for p, _ in sents]
        i = max(0, bisect.bisect_right(starts, best.start()) - 1)
        spos, stext = sents[i]
        stext = text[spos:spos + len(stext)]
        part = None
        for p in (parts or {}).values():
            if p.status == SECTION and p.start is not None and p.end is not None and p.start <= best.start() < p.end:
                part = p.name
                break
        vs, ve = best.span("v") if raw_value else best.span()
        out[rule.name] = Figure(rule.name, value, rule.unit, text[best.start():best.end()], best.start(),
                                best.end(), stext, spos, part, vs, ve)
    return out


def text_kind(text: str, title: str | None, parts: dict[str, Part],
              kinds: tuple[KindRule, ...] = KIND_RULES) -> str:
    """reply / department_report / news when a kind cue is found, else report (some part has a
    heading) or other."""
    c = _compile(kinds=kinds)
    head = normalise(text[:max(r.window for r in kinds)])
    for rule, rx in c.kinds:
        window = head[: rule.window]
        if rx.search(window) or (title and rx.search(title)):
            return rule.kind
    return "report" if any(p.status == SECTION for p in parts.values()) else "other"


def assess_text(text: str, title: str | None = None) -> Assessment:
    """Assess one report text (the stored clean text)."""
    norm = normalise(text)
    sents = sentences(norm)
    parts = find_parts(text, sents=sents, norm=norm)
    figures = find_figures(text, parts, sents=sents, norm=norm)
    length = len(text) - sum(text.count(ch) for ch in " \n\t\r\u3000")
    return Assessment(text_kind(text, title, parts), length, parts, figures)


# ------------------------------------------------------------------ evidence for the web pages

@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str  # "part" or "figure"
    name: str  # the part or figure name; several, space-separated, for a merged heading
    label: str


def highlights(a: Assessment) -> list[Highlight]:
    """The evidence of an assessment as spans of its text: each part's heading (section) or sentence
    (mentioned), and each figure's number (its phrase for 全覆盖); sorted by position, non-overlapping
    (a figure inside a highlighted heading or sentence is dropped)."""
    from govwatch.assess.rules import FIGURE_RULES_BY_NAME, PART_RULES_BY_NAME

    spans: list[Highlight] = []
    for p in a.parts.values():
        if p.start is None or p.heading is None:
            continue
        end = p.start + len(p.heading) if p.status == SECTION else (p.end or p.start)
        spans.append(Highlight(p.start, end, "part", p.name, PART_RULES_BY_NAME[p.name].label))
    for f in a.figures.values():
        spans.append(Highlight(f.value_start, f.value_end, "figure", f.name, FIGURE_RULES_BY_NAME[f.name].label))
    spans.sort(key=lambda h: (h.start, -h.end))
    out: list[Highlight] = []
    for h in spans:
        if out and (h.start, h.end, h.kind) == (out[-1].start, out[-1].end, out[-1].kind):
            last = out[-1]  # one heading naming two parts (存在的问题和下一步打算)
            out[-1] = Highlight(last.start, last.end, last.kind, f"{last.name} {h.name}", f"{last.label}；{h.label}")
            continue
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out


def highlight_html(text: str, a: Assessment) -> str:
    """``text`` as escaped HTML with each highlight in ``<mark class="part|figure" data-name=…>``.

    >>> a = assess_text("一、主要举措和成效\\n审查规范性文件3件。")
    >>> highlight_html("一、主要举措和成效\\n审查规范性文件3件。", a)  # doctest: +NORMALIZE_WHITESPACE
    '<mark class="part" data-name="measures" title="主要举措和成效">一、主要举措和成效</mark>\\n审查规范性文件<mark
    class="figure" data-name="normative_documents_reviewed" title="规范性文件审查/审核">3</mark>件。'
    """
    out, pos = [], 0
    for h in highlights(a):
        out.append(html.escape(text[pos:h.start]))
        out.append(f'<mark class="{h.kind}" data-name="{h.name}" title="{html.escape(h.label)}">'
                   f"{html.escape(text[h.start:h.end])}</mark>")
        pos = h.end
    out.append(html.escape(text[pos:]))
    return "".join(out)


__all__ = ["ABSENT", "MENTIONED", "PART_NAMES", "SECTION", "Assessment", "Figure", "Highlight", "Part",
           "assess_text", "find_figures", "find_parts", "heading_parts", "highlight_html", "highlights",
           "sentences", "text_kind"]
