"""Exports stream: the Python heap peak does not grow with the number of documents.

(100,000 documents: ``python benchmarks/bench_export_memory.py``.)
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from govwatch.export import get_exporter, run_export
from govwatch.store import Store
from tests.export.synth import bulk_store

SMALL, LARGE = 1000, 4000


def peak_bytes(db: str, fmt: str, out: Path) -> int:
    store = Store(db)
    try:
        tracemalloc.start()
        tracemalloc.reset_peak()
        n = run_export(get_exporter(fmt), store.export_records(), out, regions={"src000": ["省", "市"]})
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        store.close()
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
