"""Structured logging for the daemon: one line per event.

On a terminal the lines are human text (``12:00:01 INFO  run source=trs-demo outcome=ok …``);
otherwise (a container, a pipe, a file) every line is one JSON object with at least ``ts``
(UTC, ISO 8601), ``level`` and ``event``, plus the event's own fields (``source``, ``url``,
``outcome``, ``counts`` …). Records from other loggers (the crawler, APScheduler) come out in
the same format with ``event: "log"``, ``logger`` and ``message``.

>>> import io, json
>>> rec = logging.LogRecord("govwatch.daemon", logging.INFO, __file__, 1, "run", None, None)
>>> rec.event, rec.fields = "run", {"source": "a", "outcome": "ok", "counts": {"new": 1}}
>>> line = json.loads(JsonFormatter().format(rec))
>>> line["event"], line["level"], line["source"], line["counts"]
('run', 'info', 'a', {'new': 1})
>>> TextFormatter().format(rec)[9:]
'INFO  run source=a outcome=ok counts={"new": 1}'
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

LOGGER = "govwatch.daemon"
log = logging.getLogger(LOGGER)

#: fields printed first (in this order) by the text format
_FIRST = ("source", "url", "outcome")


def event(name: str, level: int = logging.INFO, /, **fields: Any) -> None:
    """Log one structured event: ``event("fetch", source=..., url=..., outcome=...)``."""
    log.log(level, name, extra={"event": name, "fields": fields})


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, "fields", None)
    return dict(fields) if isinstance(fields, dict) else {}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``ts``, ``level``, ``event`` and the event's fields."""

    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        out: dict[str, Any] = {"ts": ts.replace("+00:00", "Z"), "level": record.levelname.lower()}
        name = getattr(record, "event", None)
        if name:
            out["event"] = name
            out.update(_fields(record))
        else:
            out.update(event="log", logger=record.name, message=record.getMessage())
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``HH:MM:SS LEVEL event key=value …`` for people watching a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        clock = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        name = getattr(record, "event", None)
        if name:
            fields = _fields(record)
            keys = [k for k in _FIRST if k in fields] + [k for k in fields if k not in _FIRST]
            parts = [name] + [f"{k}={_text(fields[k])}" for k in keys if fields[k] is not None]
            line = " ".join(parts)
        else:
            line = f"{record.name}: {record.getMessage()}"
        text = f"{clock} {record.levelname:<5} {line}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value if value and " " not in value else json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def setup_logging(fmt: str = "auto", *, level: int = logging.INFO, stream: TextIO | None = None) -> str:
    """Send every log record to stderr as JSON lines (``json``) or text (``text``).

    ``auto`` picks text on a terminal and JSON otherwise. Returns the format chosen.
    """
    stream = stream or sys.stderr
    if fmt == "auto":
        fmt = "text" if stream.isatty() else "json"
    if fmt not in ("json", "text"):
        raise ValueError(f"unknown log format {fmt!r}; expected auto, json or text")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("apscheduler", "httpx", "httpcore", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return fmt
