"""Extraction: page HTML -> clean paragraphs and metadata (see :func:`extract`)."""

from govwatch.extract.result import Extracted, Link

__all__ = ["Extracted", "Link", "extract"]


def extract(html: str, url: str | None = None, *, content: str | None = None,
            drop: list[str] | None = None) -> Extracted:  # pragma: no cover - replaced by extractor
    from govwatch.extract.extractor import extract as _extract

    return _extract(html, url, content=content, drop=drop)
