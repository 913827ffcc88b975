"""Exporters: the store's documents in formats other tools read.

Each exporter is a small class registered under a name (``govwatch export --format NAME``);
its docstring is the user documentation shown by ``govwatch export --help``.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import ClassVar, TextIO

from govwatch.store.repository import DocumentRecord

REGISTRY: dict[str, type[Exporter]] = {}


class Exporter(ABC):
    name: ClassVar[str]

    @abstractmethod
    def write(self, records: Iterable[DocumentRecord], out: TextIO, *, all_versions: bool) -> int:
        """Write ``records`` to ``out``; return how many were written."""


def register(cls: type[Exporter]) -> type[Exporter]:
    REGISTRY[cls.name] = cls
    return cls


@register
class JsonlExporter(Exporter):
    """One JSON object per line: per document (its latest version), or per version with
    ``--all-versions`` (adding ``diff``, null for version 1). Fields: url, source, title,
    published (YYYY-MM-DD or null), publisher, text, content_hash, version, status
    (active/gone), first_seen, last_seen, duplicate_of, report_year, kind, fields,
    attachments, encoding, fetched_at."""

    name = "jsonl"

    def write(self, records: Iterable[DocumentRecord], out: TextIO, *, all_versions: bool) -> int:
        n = 0
        for rec in records:
            out.write(json.dumps(rec.as_dict(with_diff=all_versions), ensure_ascii=False))
            out.write("\n")
            n += 1
        return n


def get_exporter(name: str) -> Exporter:
    if name not in REGISTRY:
        raise KeyError(f"unknown format {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]()
