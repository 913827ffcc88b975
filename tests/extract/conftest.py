"""Make ``src/`` importable when the package is not installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

GOLD = Path(__file__).resolve().parents[1] / "gold"


def record_parses(monkeypatch: pytest.MonkeyPatch) -> list[str | bytes]:
    """Every input the extractor hands the HTML parser, in order."""
    from selectolax.lexbor import LexborHTMLParser

    from govwatch.extract import extractor

    fed: list[str | bytes] = []
    real = extractor.LexborHTMLParser

    def recording(data: str | bytes) -> LexborHTMLParser:
        fed.append(data)
        return real(data)

    monkeypatch.setattr(extractor, "LexborHTMLParser", recording)
    return fed
