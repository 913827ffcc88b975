"""The browser tests need Debian's chromium and the playwright package: missing, they FAIL (never skip)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govwatch.crawl.browser import find_chromium
from govwatch.demo.walls import WallKind, WallSite


@pytest.fixture(scope="session", autouse=True)
def chromium() -> str:
    exe = find_chromium()
    assert exe is not None, "Chromium is missing: apt-get install chromium (the browser tests fail without it)"
    import playwright.async_api  # noqa: F401  (fails the tests when playwright is not installed)

    return exe


@pytest.fixture
def walls() -> Iterator[dict[str, WallSite]]:
    """One running site per wall kind (3 reports each)."""
    kinds: tuple[WallKind, ...] = ("jsl", "ruishu", "spa", "captcha", "open")
    sites = {k: WallSite(k, reports=3, first=3 * i).start() for i, k in enumerate(kinds)}
    try:
        yield sites
    finally:
        for site in sites.values():
            site.stop()


def sources_yaml(sites: dict[str, WallSite], path: Path, *, delay: float = 0.0, **extra: dict[str, object]) -> Path:
    """A config with one source per site (``wall-<kind>``), generic fetcher; ``extra[kind]`` adds keys."""
    lines = ["sources:"]
    for kind, site in sites.items():
        lines += [f"  - id: wall-{kind}", f"    name: {kind} wall", f"    start_urls: [{site.start_url}]",
                  "    fetcher: generic", f"    delay: {delay}", "    attachments: false"]
        lines += [f"    {k}: {v}" for k, v in extra.get(kind, {}).items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
