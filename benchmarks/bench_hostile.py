"""Peak RSS and wall time of a crawl of each hostile-site attack (issue 15), before and after the fix.

    python benchmarks/bench_hostile.py [--python /work/main/.venv/bin/python --src /work/main/src]
                                       [--cap 45] [--only NAME ...]

Serves each attack from :mod:`govwatch.demo.hostile` on 127.0.0.1 (in this process), then crawls it
with the crawler of the interpreter/source tree given (default: this one) in a child process: one
source, one attack. The child's whole process tree (parse workers included) is sampled every 0.05 s
for its summed RSS; a child still running after ``--cap`` seconds is killed and shown as ``>cap``.
The child runs under RLIMIT_AS 4 GB so that a runaway cannot take the machine down. The parse pool
gets ``GOVWATCH_PARSE_TIMEOUT=10`` (the default is 60 s). A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from govwatch.demo import hostile
from govwatch.demo.protocol import HandlerResult, Request
from govwatch.demo.sites import SimulatedSites

SID = "ucap-demo"
ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import asyncio, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
from govwatch.crawl.crawler import crawl
from govwatch.sources import load_config_text
from govwatch.store import Store
if __name__ == "__main__":
    cfg = load_config_text(open(sys.argv[1], encoding="utf-8").read())
    store = Store(sys.argv[2])
    results = asyncio.run(crawl(list(cfg.sources), store))
    print({k: v for k, v in results[0].summary().items() if v}, results[0].errors[:1])
"""


def _hanweb_list() -> bytes:
    return ("<html><body><script type='text/xml'><datastore><totalrecord>3</totalrecord>"
            + "<record><![CDATA[<li>x</li>" * 25000 + "</datastore></script></body></html>").encode()


def _create_page_list() -> bytes:
    return (b"<html><body><a href='/hostile/divs.html'>x</a>"
            b"<script>createPageHTML(3000000, 0, \"index\", \"html\");</script></body></html>")


def _huaian_list() -> bytes:
    return b"<html><body><script>var totalPage = 3000000; function goPage(n) {}</script></body></html>"


def _static(body: Callable[[], bytes]) -> Callable[[Request], HandlerResult]:
    data = body()

    def handler(req: Request) -> HandlerResult:
        return 200, {"Content-Type": hostile.HTML}, data

    return handler


def scenarios() -> list[tuple[str, str, str, Callable[[SimulatedSites], str]]]:
    """(name, what, fetcher, install) for every attack."""
    out: list[tuple[str, str, str, Callable[[SimulatedSites], str]]] = []
    for attack in hostile.ATTACKS:
        out.append((attack.name, attack.what, "generic",
                    lambda s, a=attack: hostile.install(s, SID, attacks=(a,))))

    def page_attack(path: str, handler: Callable[[], Callable[[Request], HandlerResult]]) -> Callable[..., str]:
        def install(s: SimulatedSites) -> str:
            s.override(SID, "/hostile/index.html", _static(lambda: hostile.list_page((), extra=(
                f"<a href='{path}'>XX县2023年度法治政府建设情况报告</a>"))))
            s.override(SID, path, handler())
            return "/hostile/index.html"
        return install

    out.append(("stacked_gzip", "Content-Encoding: gzip, gzip (1,827 bytes, 1 GiB)", "generic",
                page_attack("/hostile/bomb.html", hostile.stacked_gzip_bomb)))
    out.append(("trickle", "1 byte every second", "generic",
                page_attack("/hostile/slow.html", lambda: hostile.trickle(1.0))))
    for name, what, fetcher, body in (
        ("create_page_html", "createPageHTML(3000000, …)", "generic", _create_page_list),
        ("huaian_total_page", "Huaian totalPage = 3000000", "huaian", _huaian_list),
        ("hanweb_records", "680 KB of unclosed <record> CDATA", "hanweb", _hanweb_list),
    ):
        def install(s: SimulatedSites, body: Callable[[], bytes] = body) -> str:
            s.override(SID, "/hostile/list/index.html", _static(body))
            return "/hostile/list/index.html"
        out.append((name, what, fetcher, install))
    return out


def tree_rss(root: int) -> int:
    """Summed RSS (bytes) of ``root`` and its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def measure(python: str, src: str, config: Path, db: Path, cap: float, env: dict[str, str]) -> tuple[float, int, str]:
    proc = subprocess.Popen([python, "-c", CHILD, str(config), str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": src, **env})
    t0, peak = time.monotonic(), 0
    while proc.poll() is None and time.monotonic() - t0 < cap:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    elapsed = time.monotonic() - t0
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return elapsed, peak, "killed at cap"
    out, err = proc.communicate()
    tail = (out.strip().splitlines() or err.strip().splitlines() or [""])[-1]
    return elapsed, peak, tail[:90]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--src", default=str(ROOT / "src"))
    parser.add_argument("--cap", type=float, default=45.0)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--json", help="also write the rows here")
    args = parser.parse_args()
    env = {"GOVWATCH_PARSE_TIMEOUT": "10"}
    rows = []
    print(f"{'attack':<20} {'seconds':>8} {'peak MB':>8}  result")
    for name, what, fetcher, install in scenarios():
        if args.only and name not in args.only:
            continue
        with SimulatedSites([SID]) as sites, tempfile.TemporaryDirectory() as tmp:
            path = install(sites)
            config = Path(tmp) / "sources.yaml"
            config.write_text(
                f"sources:\n  - id: attack\n    name: 恶意站点\n    region: [\"测试\"]\n    fetcher: {fetcher}\n"
                f"    delay: 0\n    timeout: 3\n    retries: 0\n    max_pages: 5\n"
                f"    start_urls: [{json.dumps(sites.url(SID, path))}]\n", encoding="utf-8")
            elapsed, peak, result = measure(args.python, args.src, config, Path(tmp) / "gw.db", args.cap, env)
        shown = f">{args.cap:g}" if result == "killed at cap" else f"{elapsed:.1f}"
        print(f"{name:<20} {shown:>8} {peak / 2**20:8.0f}  {result}", flush=True)
        rows.append({"attack": name, "what": what, "seconds": round(elapsed, 1), "peak_mb": round(peak / 2**20),
                     "result": result})
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
