"""The exporter interface, the registry, and the helpers every format shares."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shutil
import sys
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from govwatch.store.repository import DocumentRecord, Store

REGISTRY: dict[str, type[Exporter]] = {}

#: region lists by source id, from the config (``region:``)
Regions = Mapping[str, Sequence[str]]

#: DocumentRecord fields that are internal links, not part of the documented record
_NOT_EXPORTED = frozenset({"raw_hash"})

#: file left in a directory export, so that a later export may replace the directory
DIR_MARKER = ".govwatch-export"


class ExportError(Exception):
    """An export that cannot run (missing optional package, bad output path): exit 2."""


class Exporter(ABC):
    """An output format. ``mode`` says what ``write`` gets as ``out``: a text stream
    (``"text"``), a binary stream (``"binary"``) or a directory path (``"dir"``)."""

    name: ClassVar[str]
    mode: ClassVar[str] = "text"
    #: optional modules the format needs, and the pip extra that installs them
    requires: ClassVar[tuple[str, ...]] = ()
    extra: ClassVar[str | None] = None
    #: True when ``write`` needs the ``store`` keyword (it reads more than the records)
    needs_store: ClassVar[bool] = False

    def check(self) -> None:
        """Raise :class:`ExportError` when an optional package the format needs is missing."""
        missing = [m for m in self.requires if not _importable(m)]
        if missing:
            hint = f" (pip install 'govwatch[{self.extra}]')" if self.extra else ""
            raise ExportError(f"format {self.name!r} needs {', '.join(missing)}{hint}")

    @abstractmethod
    def write(self, records: Iterable[DocumentRecord], out: Any, *, all_versions: bool,
              regions: Regions | None = None, store: Store | None = None) -> int:
        """Write ``records`` to ``out``; return how many were written."""


def _importable(module: str) -> bool:
    if module in sys.modules:
        return sys.modules[module] is not None
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def register(cls: type[Exporter]) -> type[Exporter]:
    REGISTRY[cls.name] = cls
    return cls


def get_exporter(name: str) -> Exporter:
    if name not in REGISTRY:
        raise KeyError(f"unknown format {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]()


def region_of(source: str, regions: Regions | None) -> list[str] | None:
    """The source's region list from the config; None when the source is not in it."""
    if regions is None or source not in regions:
        return None
    return list(regions[source])


def record_row(rec: DocumentRecord, regions: Regions | None, *, with_diff: bool) -> dict[str, object]:
    """The JSON-able fields of one record, with ``region`` after ``source``."""
    row: dict[str, object] = {}
    for f in dataclasses.fields(rec):
        if f.name in _NOT_EXPORTED or (f.name == "diff" and not with_diff):
            continue
        row[f.name] = getattr(rec, f.name)  # shallow: as_dict()'s deep copy costs half the export time
        if f.name == "source":
            row["region"] = region_of(rec.source, regions)
    return row


#: first characters that make a spreadsheet read a cell as a formula (or hide one behind a tab / CR)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting with ``= + - @``, tab or CR gets a leading ``'``.

    >>> csv_cell("=SUM(A1)"), csv_cell("-1"), csv_cell("报告"), csv_cell(3)
    ("'=SUM(A1)", "'-1", '报告', 3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def parse_since(value: str) -> datetime:
    """A ``--since`` value: ``YYYY-MM-DD`` or an ISO time; without a zone it is UTC.

    >>> parse_since("2024-04-01")
    datetime.datetime(2024, 4, 1, 0, 0, tzinfo=datetime.timezone.utc)
    >>> parse_since("2024-04-01T08:00:00+08:00").isoformat()
    '2024-04-01T00:00:00+00:00'
    """
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--since: not a date or ISO time: {value!r} (want YYYY-MM-DD)") from None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def run_export(exporter: Exporter, records: Iterable[DocumentRecord], out: Path | None, *,
               all_versions: bool = False, regions: Regions | None = None, store: Store | None = None) -> int:
    """Write an export to ``out`` (stdout when None) so that a reader never sees half of it:
    files are written next to the target and renamed; a directory is built beside the target
    and swapped in (an existing target must be empty or a previous export)."""
    kwargs: dict[str, Any] = {"all_versions": all_versions, "regions": regions, "store": store}
    if exporter.mode == "dir":
        if out is None:
            raise ExportError(f"format {exporter.name!r} writes a directory tree: give --out DIR")
        return _to_directory(exporter, records, out, kwargs)
    if out is None:
        if exporter.mode == "binary":
            sys.stdout.flush()
            n = exporter.write(records, sys.stdout.buffer, **kwargs)
            sys.stdout.buffer.flush()
            return n
        return exporter.write(records, sys.stdout, **kwargs)
    if out.is_dir():
        raise ExportError(f"{out} is a directory; format {exporter.name!r} writes a file")
    tmp = out.with_name(out.name + ".part")
    try:
        if exporter.mode == "binary":
            with tmp.open("wb") as fh:
                n = exporter.write(records, fh, **kwargs)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                n = exporter.write(records, fh, **kwargs)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return n


def _to_directory(exporter: Exporter, records: Iterable[DocumentRecord], out: Path,
                  kwargs: dict[str, Any]) -> int:
    if out.exists():
        if not out.is_dir():
            raise ExportError(f"{out} exists and is not a directory")
        if any(out.iterdir()) and not (out / DIR_MARKER).exists():
            raise ExportError(f"{out} is not empty and holds no previous export; choose an empty directory")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.part-", dir=out.parent))
    try:
        n = exporter.write(records, tmp, **kwargs)
        (tmp / DIR_MARKER).write_text(f"govwatch export --format {exporter.name}\n", encoding="utf-8")
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return n
