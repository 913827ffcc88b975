"""Side-by-side timing of govwatch's extractor, trafilatura and GNE on the gold pages, against a bare
selectolax pass (parse the page, take the body's text) over the same pages as the floor.

    python benchmarks/bench_extract.py [--gold tests/gold] [--rounds 5] [--clock cpu|wall]

Every tool first runs once over all pages (warm-up; these outputs are the ones scored), then
``--rounds`` timed rounds follow; in each round every tool runs over all pages in turn, the tool order
alternating between rounds so that machine drift hits all tools alike.  A page's time is the median of its
rounds.  Printed per tool: median ms/page, mean ms/page, pages/s, the ratio of the tool's median to
govwatch's, and each tool's total time over all pages and over the real pages, as a multiple of the bare
selectolax pass's total (issue 14's target for govwatch: at most 3x over the real pages' set).  Then
each tool's pass count on the real pages (title, date, must_contain, must_not_contain as in ``govwatch
eval``).  ``govwatch-py`` is govwatch without its C module (``govwatch.extract.fastdom``), as installed
where it could not be compiled.
The collector stays on while timing, with what is alive after the warm-up frozen out of it (see
``gc.freeze`` in ``main``).  Times are the thread's CPU time by default (``--clock cpu``: on a shared
machine, time spent waiting for a core is not the tool's), or wall-clock time (``--clock wall``).
This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import types
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from govwatch.encoding import decode_html  # noqa: E402
from govwatch.extract import extract, fastdom  # noqa: E402
from govwatch.extract.evaluate import DEFAULT_URL, check_real  # noqa: E402
from govwatch.extract.result import Extracted  # noqa: E402
from govwatch.extract.textutil import parse_date  # noqa: E402

NOTES: list[str] = []


@dataclass
class Tool:
    name: str
    run: Callable[[str], object]
    to_result: Callable[[object], Extracted]


def _import_trafilatura() -> types.ModuleType | None:
    try:
        import trafilatura
        return trafilatura
    except ImportError as exc:
        if "lxml.html.clean" not in str(exc) and "lxml_html_clean" not in str(exc):
            NOTES.append(f"trafilatura unavailable: {exc}")
            return None
    # jusText (imported by trafilatura) needs lxml.html.clean, split out of lxml >= 5.2 into the
    # lxml_html_clean package.  trafilatura's own code never uses the Cleaner, so a stand-in module lets
    # it import unchanged; install lxml_html_clean to drop this.
    stub = types.ModuleType("lxml.html.clean")

    class Cleaner:  # pragma: no cover - never instantiated by trafilatura
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("lxml_html_clean is not installed")

    stub.Cleaner = Cleaner  # type: ignore[attr-defined]
    sys.modules["lxml.html.clean"] = stub
    NOTES.append("trafilatura: lxml_html_clean is missing; a stand-in lxml.html.clean module was used "
                 "(only jusText's own HTML cleaner needs it; trafilatura never calls it)")
    try:
        import trafilatura
        return trafilatura
    except ImportError as exc:
        NOTES.append(f"trafilatura unavailable: {exc}")
        return None


def _date(value: object) -> str | None:
    return parse_date(str(value)) if value else None


def bare_selectolax(html: str) -> str:
    """The floor: what any selectolax-based extractor pays at least (parse, then one text pass)."""
    tree = LexborHTMLParser(html)
    node = tree.body or tree.root
    return node.text() if node is not None else ""


def extract_in_python(html: str) -> Extracted:
    """govwatch without its C module (as installed where it could not be compiled): selectolax does the
    same work, with the same results."""
    native = fastdom._native
    fastdom._native = None
    try:
        return extract(html, DEFAULT_URL)
    finally:
        fastdom._native = native


def make_tools() -> list[Tool]:
    tools = [
        Tool("selectolax", bare_selectolax, lambda r: Extracted(paragraphs=str(r).split("\n"))),
        Tool("govwatch", lambda h: extract(h, DEFAULT_URL), lambda r: r),  # type: ignore[arg-type,return-value]
    ]
    if fastdom.enabled():
        tools.append(Tool("govwatch-py", extract_in_python, lambda r: r))  # type: ignore[arg-type,return-value]
    else:
        NOTES.append(f"govwatch's C module is {fastdom.STATUS}: the govwatch row is the Python one")
    traf = _import_trafilatura()
    if traf is not None:
        def traf_run(h: str) -> object:
            return traf.extract(h, url=DEFAULT_URL, output_format="json", with_metadata=True)

        def traf_result(r: object) -> Extracted:
            d = json.loads(r) if isinstance(r, str) else {}
            return Extracted(title=d.get("title"), published=_date(d.get("date")),
                             paragraphs=(d.get("text") or "").split("\n"))
        tools.append(Tool("trafilatura", traf_run, traf_result))
    try:
        from gne import GeneralNewsExtractor
        gne = GeneralNewsExtractor()

        def gne_run(h: str) -> object:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return gne.extract(h)

        def gne_result(r: object) -> Extracted:
            d = r if isinstance(r, dict) else {}
            return Extracted(title=d.get("title"), published=_date(d.get("publish_time")),
                             paragraphs=(d.get("content") or "").split("\n"))
        tools.append(Tool("gne", gne_run, gne_result))
    except ImportError as exc:
        NOTES.append(f"gne unavailable: {exc}")
    return tools


def load_pages(gold: Path) -> list[tuple[str, str, dict | None]]:  # type: ignore[type-arg]
    pages = []
    for p in sorted((gold / "real").glob("*.html")):
        exp = p.with_suffix(".expect.json")
        pages.append((p.stem, decode_html(p.read_bytes()), json.loads(exp.read_text("utf-8")) if exp.exists()
                      else None))
    for p in sorted((gold / "synth").glob("*.html")):
        pages.append((p.stem, decode_html(p.read_bytes()), None))
    return pages


CLOCK: Callable[[], float] = time.thread_time


def timed(fn: Callable[[str], object], html: str) -> tuple[float, object]:
    t0 = CLOCK()
    try:
        out = fn(html)
    except Exception as exc:  # a tool failing on a page is a result, not a crash of the benchmark
        out = exc
    return (CLOCK() - t0) * 1000, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = ap.parse_args(argv)
    global CLOCK
    CLOCK = time.thread_time if args.clock == "cpu" else time.perf_counter
    tools = make_tools()
    pages = load_pages(args.gold)
    times: dict[str, list[float]] = {t.name: [] for t in tools}
    passes: dict[str, int] = {t.name: 0 for t in tools}
    errors: dict[str, int] = {t.name: 0 for t in tools}
    n_real = 0
    # warm-up pass, also the one scored
    outputs: list[dict[str, object]] = [{} for _ in pages]
    for t in tools:
        for i, (_name, html, _expect) in enumerate(pages):
            _ms, outputs[i][t.name] = timed(t.run, html)
    # timed passes: round after round, each tool runs over every page in turn (each tool gets a loop of
    # its own, as it would in a crawler; rounds alternate the tools so that machine drift hits all alike)
    # what is alive after the warm-up (the pages, every tool's modules and caches, the scored outputs) is
    # left out of the garbage collector's passes, as a long-running crawler does with its own state
    # (gc.freeze): a collection during the timed passes scans what the tools allocate then, not a heap
    # grown by all five tools, whose passes would otherwise fall on the same page in every round
    gc.collect()
    gc.freeze()
    per: list[dict[str, list[float]]] = [{t.name: [] for t in tools} for _ in pages]
    for r in range(args.rounds):
        order = tools if r % 2 == 0 else list(reversed(tools))
        for t in order:
            for i, (_name, html, _expect) in enumerate(pages):
                ms, _out = timed(t.run, html)
                per[i][t.name].append(ms)
    for i, (_name, _html, expect) in enumerate(pages):
        for t in tools:
            times[t.name].append(statistics.median(per[i][t.name]))
            if isinstance(outputs[i][t.name], Exception):
                errors[t.name] += 1
        if expect is not None:
            n_real += 1
            for t in tools:
                out = outputs[i][t.name]
                if isinstance(out, Exception) or out is None:
                    continue
                if not check_real(t.to_result(out), expect):
                    passes[t.name] += 1
    base = statistics.median(times["govwatch"])
    real = [i for i, (_n, _h, expect) in enumerate(pages) if expect is not None]
    floor_all = sum(times["selectolax"])
    floor_real = sum(times["selectolax"][i] for i in real)
    print(f"{len(pages)} pages ({n_real} real), {args.rounds} timed rounds per tool and page, "
          f"{'CPU' if args.clock == 'cpu' else 'wall-clock'} time\n")
    print(f"{'tool':12} {'median ms/page':>15} {'mean ms/page':>13} {'pages/s':>9} {'x govwatch':>11} "
          f"{'total ms':>9} {'x selectolax':>13} {'real ms':>8} {'x selectolax':>13} "
          f"{'real pages passed':>18} {'errors':>7}")
    for t in tools:
        ts = times[t.name]
        med = statistics.median(ts)
        mean = statistics.fmean(ts)
        total, total_real = sum(ts), sum(ts[i] for i in real)
        print(f"{t.name:12} {med:15.2f} {mean:13.2f} {1000 / mean:9.1f} {med / base:11.1f} "
              f"{total:9.1f} {total / floor_all:13.1f} {total_real:8.1f} {total_real / floor_real:13.1f} "
              f"{passes[t.name]:>12}/{n_real:<5} {errors[t.name]:>7}")
    print("\nselectolax: a bare parse and body text pass, no extraction (the floor; its pass count means "
          "nothing)")
    print("the real pages one by one (median ms; govwatch as a multiple of the bare selectolax pass):")
    for i in real:
        row = "  ".join(f"{t.name} {times[t.name][i]:7.2f}" for t in tools)
        print(f"  {pages[i][0][:34]:34} {row}  x{times['govwatch'][i] / times['selectolax'][i]:5.1f}")
    for note in NOTES:
        print("note: " + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
