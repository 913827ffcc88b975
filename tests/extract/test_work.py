"""Issue 14, item 5: extraction does each piece of work once on large pages (the time itself is
measured in benchmarks/bench_extract.py, never asserted here). These count the text measurements the
body detection and the structural removal make."""

from __future__ import annotations

from collections import Counter

import pytest
from selectolax.lexbor import LexborHTMLParser

from govwatch.encoding import decode_html
from govwatch.extract import body, extractor

from .conftest import GOLD


def test_density_descent_measures_each_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    html = decode_html((GOLD / "real" / "06_nfra_cfxx_rendered_detail.html").read_bytes())
    tree = LexborHTMLParser(html)
    root = tree.body
    assert root is not None
    extractor._decompose_all(root.css(extractor._STRIP_SELECTOR))
    extractor._remove_hidden(root)
    seen: Counter[str] = Counter()
    real_upper = body._upper

    def counting(text: str) -> tuple[float, int, int]:
        if len(text) > 1000:
            seen[text] += 1
        return real_upper(text)

    monkeypatch.setattr(body, "_upper", counting)
    choice = body.from_density(root)
    assert choice is not None and choice.node is not None
    assert seen, "the page's large blocks were not measured at all"
    assert max(seen.values()) == 1, [(len(t), n) for t, n in seen.items() if n > 1]


def test_structural_removal_skips_elements_inside_removed_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    items = "".join(f'<div class="share"><a href="/s{i}">分享到平台{i}</a></div>' for i in range(40))
    prose = "".join(f"<p>第{i}段，依法行政工作取得新进展，法治政府建设扎实推进。</p>" for i in range(30))
    tree = LexborHTMLParser(f'<html><body><div id="main">{prose}<div class="share">{items}</div></div></body></html>')
    main = tree.css_first("#main")
    assert main is not None
    measured: list[str] = []
    real_len = extractor.approx_len

    def counting(text: str) -> int:
        measured.append(text)
        return real_len(text)

    monkeypatch.setattr(extractor, "approx_len", counting)
    extractor._remove_structural(main)
    assert main.css_first(".share") is None  # the share bar and everything in it are gone
    assert "依法行政" in main.text()
    assert len(measured) <= 2  # the page's text and the outer share bar, not the 40 bars inside it
