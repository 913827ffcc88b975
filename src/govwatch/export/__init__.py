"""Exporters: the store's documents in formats other tools read.

Each exporter is a small class registered under a name (``govwatch export --format NAME``);
its docstring is the user documentation shown by ``govwatch export --help``.

>>> sorted(REGISTRY)
['csv', 'jsonl', 'parquet', 'txt', 'warc']
>>> get_exporter("jsonl").mode
'text'
"""

from __future__ import annotations

from govwatch.export import csv, jsonl, parquet, txt, warc  # noqa: F401  (they register themselves)
from govwatch.export.base import (
    DIR_MARKER,
    REGISTRY,
    Exporter,
    ExportError,
    Regions,
    get_exporter,
    record_row,
    region_of,
    register,
    run_export,
)
from govwatch.export.csv import CsvExporter
from govwatch.export.jsonl import JsonlExporter
from govwatch.export.parquet import ParquetExporter
from govwatch.export.txt import TxtExporter, safe_name
from govwatch.export.warc import WarcExporter

__all__ = [
    "DIR_MARKER",
    "REGISTRY",
    "CsvExporter",
    "ExportError",
    "Exporter",
    "JsonlExporter",
    "ParquetExporter",
    "Regions",
    "TxtExporter",
    "WarcExporter",
    "get_exporter",
    "record_row",
    "region_of",
    "register",
    "run_export",
    "safe_name",
]


def formats_help() -> str:
    """The registry's docstrings, for ``govwatch export --help``."""
    import inspect

    parts = []
    for name in sorted(REGISTRY):
        doc = " ".join(inspect.cleandoc(REGISTRY[name].__doc__ or "").split())
        parts.append(f"{name}: {doc}")
    return "\n\n".join(parts)
