"""Precision and recall of the analyser on the hand-written gold set (``govwatch assess-eval``).

A part counts as found correctly when its status (section or mentioned) and its span both match the
gold; a wrong status or span is a false positive (when the analyser reports the part) and a false
negative (when the gold has it). A figure counts when its value matches and its sentence holds the
gold's piece of text.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field

from govwatch.assess.analyse import ABSENT, assess_text
from govwatch.assess.gold import GoldDoc, gold_set
from govwatch.assess.rules import FIGURE_NAMES, PART_NAMES


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    parts: dict[str, Score] = field(default_factory=lambda: {n: Score() for n in PART_NAMES})
    figures: dict[str, Score] = field(default_factory=lambda: {n: Score() for n in FIGURE_NAMES})
    kinds_right: int = 0
    docs: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        def sc(d: dict[str, Score]) -> dict[str, dict[str, float | int]]:
            return {n: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "tp": s.tp,
                        "fp": s.fp, "fn": s.fn} for n, s in d.items()}

        return {"documents": self.docs, "kind_accuracy": round(self.kinds_right / max(self.docs, 1), 3),
                "parts": sc(self.parts), "figures": sc(self.figures), "errors": self.errors}


def score_doc(doc: GoldDoc, report: Report) -> None:
    a = assess_text(doc.text, doc.title)
    report.docs += 1
    if a.kind == doc.kind:
        report.kinds_right += 1
    else:
        report.errors.append(f"{doc.id}: kind {a.kind}, gold {doc.kind}")
    for name in PART_NAMES:
        got = a.parts[name]
        gold = doc.parts.get(name)
        s = report.parts[name]
        if gold is None:
            if got.status != ABSENT:
                s.fp += 1
                report.errors.append(f"{doc.id}: {name} {got.status} {got.heading!r}, gold absent")
            continue
        if got.status == gold.status and (got.start, got.end) == doc.span(name):
            s.tp += 1
            continue
        s.fn += 1
        if got.status != ABSENT:
            s.fp += 1
        report.errors.append(f"{doc.id}: {name} {got.status} {got.heading!r} {got.start}-{got.end}, "
                             f"gold {gold.status} {gold.heading!r} {doc.span(name)}")
    for name in FIGURE_NAMES:
        fig = a.figures.get(name)
        want = doc.figures.get(name)
        s = report.figures[name]
        if want is None:
            if fig is not None:
                s.fp += 1
                report.errors.append(f"{doc.id}: figure {name}={fig.value} ({fig.raw}), gold none")
            continue
        if fig is not None and abs(fig.value - want[0]) < 1e-9 and want[1] in fig.sentence:
            s.tp += 1
            continue
        s.fn += 1
        if fig is not None:
            s.fp += 1
        report.errors.append(f"{doc.id}: figure {name}={fig.value if fig else None} "
                             f"({fig.sentence if fig else ''}), gold {want}")


def evaluate(docs: list[GoldDoc] | None = None) -> Report:
    report = Report()
    for doc in docs if docs is not None else gold_set():
        score_doc(doc, report)
    return report


def main(argv: list[str] | None = None) -> int:
    """Print the scores (``--json`` for JSON); exit 1 when a part's precision or recall is below 0.95."""
    args = sys.argv[1:] if argv is None else argv
    r = evaluate()
    if "--json" in args:
        print(json.dumps(r.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"{r.docs} gold documents; kind right for {r.kinds_right}")
        print(f"{'part':<30}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
        for n, s in [*r.parts.items(), *((f"figure:{k}", v) for k, v in r.figures.items())]:
            print(f"{n:<30}{s.precision:>10.3f}{s.recall:>8.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
        for e in r.errors:
            print("  miss:", e)
    low = [n for n, s in r.parts.items() if s.precision < 0.95 or s.recall < 0.95]
    return 1 if low else 0


if __name__ == "__main__":
    raise SystemExit(main())
