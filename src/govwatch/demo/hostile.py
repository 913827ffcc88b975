"""Hostile answers for the hostile-site suite (issue 15): each one an attack that once stalled a crawl,
exhausted memory or kept the daemon from stopping.

Every factory returns a :data:`~govwatch.demo.protocol.Handler` for :meth:`SimulatedSites.override`,
like :mod:`govwatch.demo.faults`. ``ATTACKS`` lists the document-level attacks (a page or an attachment
served at a path) that the suite and ``benchmarks/bench_hostile.py`` run one by one beside a healthy
source.
"""

from __future__ import annotations

import base64
import time
import zlib
from collections.abc import Iterator
from functools import lru_cache

from govwatch.demo.protocol import Handler, HandlerResult, Request, Response

HTML = "text/html; charset=utf-8"
REPORT_TITLE = "XX县2023年度法治政府建设情况报告"


def _gzip(data_parts: Iterator[bytes]) -> bytes:
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [co.compress(part) for part in data_parts]
    out.append(co.flush())
    return b"".join(out)


#: 1 GiB of zero bytes gzipped twice: 1,827 bytes (made by :func:`stacked_bomb_body`, which takes ~15 s)
GIB_TWICE_GZIPPED = base64.b64decode(
    "H4sIAAAAAAACA+3coW5TcRyG4XataCY2JqYQ4yZIZkiKAYvYFGIhmZlAottkoDDcCRguABR3AHO7gGViWVALpe1NLDnv85j/0T/5"
    "5eQ9+jwbbexMbn6Mx+uP5Zd/X29nuyMAAABg4JZXl5PNGDB6tvr96s0pAAAAMHTv9vem21Hg4ezpS+cAAACAwfv04vjJ9g+Bu8X7"
    "qXMAAADA4B3+vZ5vt4Bfq+8HJ+4BAAAAg/dHMAAAAABSBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMA"
    "AAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABa"
    "BAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAA"
    "AABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBF"
    "MAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAA"
    "AKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoE"
    "AwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAA"
    "AFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYw"
    "AAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAA"
    "IEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQD"
    "AAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAA"
    "WgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAA"
    "AAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMAAACg"
    "RTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABaBAMA"
    "AACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAAAABa"
    "BAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBGMAAA"
    "AABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAAACBG"
    "MAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoEAwAA"
    "ACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAAAFoE"
    "AwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUwAAAA"
    "AFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWgQDAAAAoEUw"
    "AAAAAFoEAwAAACBGMAAAAABaBAMAAACgRTAAAAAAWgQDAAAAIEYwAAAAAFoEAwAAAKBFMAAAAABaBAMAAAAgRjAAAAAAWi7292ab"
    "LeDj/eLD69Eje/7t5/nb9Tv/D9RnhczI7A8A"
)


@lru_cache(maxsize=2)
def stacked_bomb_body(size: int) -> bytes:
    """``size`` zero bytes, gzipped twice (1,827 bytes on the wire for 1 GiB)."""
    if size == 1 << 30:
        return GIB_TWICE_GZIPPED
    block = b"\0" * (1 << 20)
    inner = _gzip(block[: min(len(block), size - i)] for i in range(0, size, len(block)))
    return _gzip(iter([inner]))


def stacked_gzip_bomb(size: int = 1 << 30) -> Handler:
    """``Content-Encoding: gzip, gzip``: a body that inflates to ``size`` bytes only after two rounds."""

    def handler(req: Request) -> HandlerResult:
        return Response(200, [("Content-Type", HTML), ("Content-Encoding", "gzip, gzip")], stacked_bomb_body(size))

    return handler


def trickle(interval: float = 1.0, limit: int = 100_000) -> Handler:
    """Headers at once, then one byte every ``interval`` seconds (up to ``limit`` bytes)."""

    def handler(req: Request) -> HandlerResult:
        def drip() -> Iterator[bytes]:
            yield b"<html><body>"
            for _ in range(limit):
                time.sleep(interval)
                yield b" "

        return Response(200, [("Content-Type", HTML), ("Content-Length", str(limit + 12))], drip())

    return handler


def page(body_html: str, title: str = REPORT_TITLE) -> bytes:
    """A detail page with ``body_html`` as its body."""
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
            f"<div class='TRS_Editor'>{body_html}</div></body></html>").encode()


def html(body: bytes | str, content_type: str = HTML) -> Handler:
    data = body.encode() if isinstance(body, str) else body

    def handler(req: Request) -> HandlerResult:
        return 200, {"Content-Type": content_type}, data

    return handler
