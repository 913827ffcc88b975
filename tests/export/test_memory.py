"""Exports stream: the Python heap peak does not grow with the number of documents.

(100,000 documents: ``python benchmarks/bench_export_memory.py``.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.export.synth import bulk_store

SMALL, LARGE = 1000, 4000


#: measured in a fresh interpreter, as `govwatch export` runs: the heap of a long test session (its
#: garbage-collector generations, caches and module state) makes the peak wobble by megabytes
MEASURE = """
import sys, tracemalloc
from pathlib import Path
from govwatch.export import get_exporter, run_export
from govwatch.store import Store

db, fmt, out = sys.argv[1:4]
store = Store(db)
tracemalloc.start()
n = run_export(get_exporter(fmt), store.export_records(), Path(out), regions={"src000": ["省", "市"]})
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
store.close()
print(n, peak)
"""


def peak_bytes(db: str, fmt: str, out: Path) -> int:
    proc = subprocess.run([sys.executable, "-c", MEASURE, db, fmt, str(out)], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr[-2000:]
    n, peak = (int(x) for x in proc.stdout.split())
    assert n in (SMALL, LARGE)
    return peak


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, str]:
    root = tmp_path_factory.mktemp("memory")
    out = {}
    for n in (SMALL, LARGE):
        out[n] = f"sqlite:///{root / f'{n}.db'}"
        bulk_store(out[n], n)
    return out


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "txt"])
def test_export_memory_is_flat(fmt: str, stores: dict[int, str], tmp_path: Path) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    small = peak_bytes(stores[SMALL], fmt, tmp_path / f"small.{fmt}")
    large = peak_bytes(stores[LARGE], fmt, tmp_path / f"large.{fmt}")
    # four times the documents: the peak may wobble, but must not grow with them
    assert large < small * 1.3 + 512 * 1024, (fmt, small, large)
