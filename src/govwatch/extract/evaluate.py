"""Score the extractor against the gold set in ``tests/gold`` (``govwatch eval``).

Two kinds of pages:

* ``real/*.html`` with ``*.expect.json``: the title must equal the expected title (after stripping),
  the date must be equal (``null`` means no date), every ``must_contain`` passage must be in the text and
  no ``must_not_contain`` string may be.  Passages are compared with all whitespace removed from both
  sides (line breaks and indentation differ between renderings).
* ``synth/*.html`` with ``*.gold.json``: title, date, report year and every non-empty gold field must be
  equal; the publisher must be equal or one must end with the other (``县司法局`` / ``海盐县司法局``); the
  text is scored by character-level precision, recall and F1 against the gold paragraphs (whitespace
  ignored).  A page passes when its checks hold and its F1 is at least ``PAGE_F1``.

``main`` prints a table and returns 1 when a score drops below ``FLOOR.json`` in the gold directory.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from govwatch.encoding import decode_html
from govwatch.extract.result import Extracted
from govwatch.extract.textutil import squash

PAGE_F1 = 0.95
DEFAULT_URL = "http://www.example.gov.cn/zwgk/fdzdgknr/202403/t20240318_1234567.html"


@dataclass
class PageResult:
    name: str
    kind: str  # "real" or "synth"
    passed: bool
    failures: list[str] = field(default_factory=list)
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    ms: float = 0.0


@dataclass
class EvalReport:
    pages: list[PageResult]

    def _of(self, kind: str) -> list[PageResult]:
        return [p for p in self.pages if p.kind == kind]

    @property
    def real_passed(self) -> int:
        return sum(p.passed for p in self._of("real"))

    @property
    def real_total(self) -> int:
        return len(self._of("real"))

    @property
    def synth_passed(self) -> int:
        return sum(p.passed for p in self._of("synth"))

    @property
    def synth_total(self) -> int:
        return len(self._of("synth"))

    @property
    def synth_f1(self) -> float:
        """Mean character F1 over the synthetic gold pages."""
        scores = [p.f1 for p in self._of("synth") if p.f1 is not None]
        return sum(scores) / len(scores) if scores else 0.0

    @property
    def synth_f1_min(self) -> float:
        scores = [p.f1 for p in self._of("synth") if p.f1 is not None]
        return min(scores) if scores else 0.0

    def summary(self) -> dict[str, float | int]:
        return {
            "real_passed": self.real_passed,
            "real_total": self.real_total,
            "synth_passed": self.synth_passed,
            "synth_total": self.synth_total,
            "synth_f1": round(self.synth_f1, 4),
            "synth_f1_min": round(self.synth_f1_min, 4),
        }

    def to_dict(self) -> dict[str, object]:
        return {"summary": self.summary(), "pages": [asdict(p) for p in self.pages]}


# ---------------------------------------------------------------- scoring

def char_prf(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    """Character-level precision/recall/F1 of ``predicted`` paragraphs against ``gold`` (whitespace
    ignored): paragraphs are aligned first, then unmatched stretches are compared character by character."""
    p_lines = [s for s in (squash(x) for x in predicted) if s]
    g_lines = [s for s in (squash(x) for x in gold) if s]
    p_total = sum(map(len, p_lines))
    g_total = sum(map(len, g_lines))
    if p_total == 0 or g_total == 0:
        return (1.0, 1.0, 1.0) if p_total == g_total else (0.0, 0.0, 0.0)
    matched = 0
    sm = SequenceMatcher(None, p_lines, g_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            matched += sum(len(x) for x in p_lines[i1:i2])
        elif tag == "replace":
            a, b = "".join(p_lines[i1:i2]), "".join(g_lines[j1:j2])
            blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
            matched += sum(blk.size for blk in blocks)
    precision = matched / p_total
    recall = matched / g_total
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _publisher_ok(got: str | None, want: str | None) -> bool:
    if not want:
        return True
    if not got:
        return False
    return got == want or got.endswith(want) or want.endswith(got)


def _read(path: Path) -> str:
    return decode_html(path.read_bytes())


def _run(extract_fn, html: str) -> tuple[Extracted, float]:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    res = extract_fn(html, DEFAULT_URL)
    return res, (time.perf_counter() - t0) * 1000


def check_real(res: Extracted, expect: dict) -> list[str]:  # type: ignore[type-arg]
    fails = []
    if (res.title or "").strip() != (expect.get("title") or "").strip():
        fails.append(f"title {res.title!r}")
    if res.published != expect.get("date"):
        fails.append(f"date {res.published!r} != {expect.get('date')!r}")
    text = squash(res.text)
    for passage in expect.get("must_contain", []):
        if squash(passage) not in text:
            fails.append(f"missing {passage[:24]!r}")
    for chrome in expect.get("must_not_contain", []):
        if squash(chrome) in text:
            fails.append(f"chrome {chrome[:24]!r}")
    return fails


def check_synth(res: Extracted, gold: dict) -> list[str]:  # type: ignore[type-arg]
    fails = []
    if (res.title or "").strip() != gold["title"].strip():
        fails.append(f"title {res.title!r}")
    if res.published != gold.get("published"):
        fails.append(f"date {res.published!r}")
    if not _publisher_ok(res.publisher, gold.get("publisher")):
        fails.append(f"publisher {res.publisher!r}")
    if res.report_year != gold.get("report_year"):
        fails.append(f"report_year {res.report_year!r}")
    for k, v in (gold.get("fields") or {}).items():
        if v and res.fields.get(k) != v:
            fails.append(f"field {k}={res.fields.get(k)!r}")
    return fails


def evaluate(gold_dir: Path, extract_fn=None) -> EvalReport:  # type: ignore[no-untyped-def]
    """Run the extractor over every gold page under ``gold_dir`` (``real/`` and ``synth/``)."""
    if extract_fn is None:
        from govwatch.extract import extract as extract_fn
    gold_dir = Path(gold_dir)
    extract_fn('<html><body><div class="TRS_Editor"><p>预热，不计时。</p></div></body></html>')  # warm-up
    pages: list[PageResult] = []
    for html_path in sorted((gold_dir / "real").glob("*.html")):
        exp_path = html_path.with_suffix(".expect.json")
        if not exp_path.exists():
            continue
        expect = json.loads(exp_path.read_text("utf-8"))
        res, ms = _run(extract_fn, _read(html_path))
        fails = check_real(res, expect)
        pages.append(PageResult(html_path.stem, "real", not fails, fails, ms=ms))
    for html_path in sorted((gold_dir / "synth").glob("*.html")):
        gold_path = html_path.with_name(html_path.stem + ".gold.json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text("utf-8"))
        res, ms = _run(extract_fn, _read(html_path))
        fails = check_synth(res, gold)
        p, r, f1 = char_prf(res.paragraphs, gold["paragraphs"])
        if f1 < PAGE_F1:
            fails.append(f"f1 {f1:.3f}")
        pages.append(PageResult(html_path.stem, "synth", not fails, fails, p, r, f1, ms))
    return EvalReport(pages)


# ---------------------------------------------------------------- CLI

def load_floor(gold_dir: Path) -> dict[str, float]:
    path = Path(gold_dir) / "FLOOR.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {k: float(v) for k, v in data.items() if isinstance(v, (int, float))}


def below_floor(report: EvalReport, floor: dict[str, float]) -> list[str]:
    summary = report.summary()
    return [f"{k} {summary[k]} < floor {v}" for k, v in floor.items() if k in summary and summary[k] < v]


def format_table(report: EvalReport) -> str:
    lines = [f"{'page':58} {'kind':5} {'ok':4} {'P':>6} {'R':>6} {'F1':>6} {'ms':>7}  failures"]
    for p in report.pages:
        def num(x: float | None) -> str:
            return f"{x:6.3f}" if x is not None else "     -"
        lines.append(f"{p.name[:58]:58} {p.kind:5} {'ok' if p.passed else 'FAIL':4} {num(p.precision)} "
                     f"{num(p.recall)} {num(p.f1)} {p.ms:7.1f}  {'; '.join(p.failures)}")
    s = report.summary()
    lines.append("")
    lines.append(f"real pages passed: {s['real_passed']}/{s['real_total']}   synthetic passed: "
                 f"{s['synth_passed']}/{s['synth_total']}   synthetic char F1: mean {s['synth_f1']:.4f}, "
                 f"min {s['synth_f1_min']:.4f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="govwatch eval", description="Score the extractor on the gold set.")
    ap.add_argument("gold_dir", nargs="?", default="tests/gold", type=Path)
    ap.add_argument("--json", action="store_true", help="print the full report as JSON")
    args = ap.parse_args(argv)
    if not args.gold_dir.is_dir():
        print(f"no gold directory at {args.gold_dir}", file=sys.stderr)
        return 2
    report = evaluate(args.gold_dir)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(format_table(report))
    problems = below_floor(report, load_floor(args.gold_dir))
    for msg in problems:
        print("BELOW FLOOR: " + msg, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
