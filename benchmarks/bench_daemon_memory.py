"""Resource bounds of `govwatch daemon`: resident memory after 1 and after 50 scheduled crawls.

The daemon runs in this process (the same :class:`~govwatch.daemon.scheduler.Daemon` object and
job function the scheduler fires, ``run_source`` for every source per round), against the
simulated sites served from a child process so that their memory is not counted. Odd rounds see
the sites' "later" state and even rounds the "initial" one, so every round stores new versions,
diffs, gone and reposted documents rather than only "unchanged". RSS is read from
/proc/self/status (VmRSS). A benchmark, not a test: it prints numbers and asserts nothing.

    python benchmarks/bench_daemon_memory.py [--rounds 50] [--db sqlite:///tmp/x.db | postgresql://…]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import multiprocessing as mp
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


def serve_sites(conn: Connection) -> None:
    """Child process: run the simulated sites, send their sources.yaml, obey "initial"/"later"/"stop"."""
    from govwatch.demo.sites import SimulatedSites

    with SimulatedSites() as sites:
        conn.send(sites.sources_yaml(delay=0.0))
        while True:
            command = conn.recv()
            if command == "stop":
                break
            sites.set_state(command)
            conn.send("ok")


async def crawl_rounds(daemon: object, rounds: int, sites: Connection) -> list[tuple[int, int, float]]:
    from govwatch.daemon.leases import utcnow

    out = []
    await daemon.start(signals=False)  # type: ignore[attr-defined]
    try:
        for n in range(1, rounds + 1):
            sites.send("later" if n % 2 == 0 else "initial")
            sites.recv()
            began = time.perf_counter()
            outcomes = await daemon.run_all(utcnow())  # type: ignore[attr-defined]
            elapsed = time.perf_counter() - began
            bad = {k: v for k, v in outcomes.items() if v != "ok"}
            if bad:
                print(f"round {n}: not ok: {bad}")
            gc.collect()
            out.append((n, rss_kib(), elapsed))
    finally:
        await daemon.shutdown()  # type: ignore[attr-defined]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()

    from govwatch.daemon.scheduler import Daemon, DaemonOptions
    from govwatch.store.migrate import upgrade

    logging.basicConfig(level=logging.CRITICAL)  # the per-fetch log lines would dominate the run
    parent, child = mp.Pipe()
    server = mp.get_context("spawn").Process(target=serve_sites, args=(child,), daemon=True)
    server.start()
    try:
        yaml_text = parent.recv()
        with tempfile.TemporaryDirectory(prefix="govwatch-bench-") as tmp:
            config = Path(tmp) / "sources.yaml"
            config.write_text(yaml_text, encoding="utf-8")
            db = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
            upgrade(db)
            before = rss_kib()
            daemon = Daemon(DaemonOptions(config=config, db=db, host="127.0.0.1", port=0, concurrency=8,
                                          worker_id="bench", log_format="json"))
            daemon.prepare()
            logging.getLogger().setLevel(logging.CRITICAL)
            samples = asyncio.run(crawl_rounds(daemon, args.rounds, parent))
        parent.send("stop")
    finally:
        server.join(timeout=10)
        if server.is_alive():
            server.terminate()
    first, last = samples[0], samples[-1]
    tenth = samples[min(9, len(samples) - 1)]
    print(f"sources: {len(daemon.sources)}, rounds: {len(samples)}, db: {db.split('://')[0]}")
    print(f"RSS before the daemon:        {before / 1024:8.1f} MiB")
    for n, rss, _ in samples:
        if n == 1 or n % 10 == 0 or n == last[0]:
            print(f"RSS after crawl {n:<4}:         {rss / 1024:8.1f} MiB")
    print(f"growth from crawl 1 to {last[0]}:    {(last[1] - first[1]) / 1024:+8.1f} MiB "
          f"({(last[1] - first[1]) / max(1, last[0] - 1):+.0f} KiB per crawl)")
    print(f"growth from crawl {tenth[0]} to {last[0]}:   {(last[1] - tenth[1]) / 1024:+8.1f} MiB")
    mean = sum(s[2] for s in samples) / len(samples)
    print(f"mean time per crawl of all sources: {mean:.2f} s")


if __name__ == "__main__":
    main()
