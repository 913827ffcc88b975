"""Fixtures for the web interface: the demo store, a running `govwatch serve`, real headless Chromium.

Screenshots of every page (desktop and phone width) go to ``GOVWATCH_SCREENSHOTS`` (default
``build/screenshots``) so that a person can look at them. Without Debian's ``chromium`` the
browser tests FAIL (CI installs it): ``GOVWATCH_CHROMIUM`` names another binary.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.integration.test_e2e import govwatch

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("GOVWATCH_SCREENSHOTS", ROOT / "build" / "screenshots"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`govwatch demo --keep DIR`: the README's path, run once for all web tests."""
    out = tmp_path_factory.mktemp("webdemo") / "demo"
    govwatch("demo", "--keep", str(out))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    url: str
    db: str
    proc: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)


def start_serve(db: str, config: Path | None = None, env: dict[str, str] | None = None) -> Served:
    """Run the real `govwatch serve` on a free port and wait until it answers."""
    port = free_port()
    args = [sys.executable, "-m", "govwatch", "serve", "--db", db, "--port", str(port)]
    if config is not None:
        args += ["--config", str(config)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            stderr = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"govwatch serve exited {proc.returncode}: {stderr}")
        try:
            httpx.get(url + "/static/style.css", timeout=2)
            return Served(url, db, proc)
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("govwatch serve did not answer within 60 s")


def stop(served: Served) -> None:
    served.proc.terminate()
    try:
        served.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        served.proc.kill()


@pytest.fixture(scope="session")
def demo_server(demo_dir: Path) -> Iterator[Served]:
    served = start_serve(f"sqlite:///{demo_dir / 'demo.db'}", demo_dir / "sources.yaml")
    yield served
    stop(served)


def chromium_path() -> str:
    path = os.environ.get("GOVWATCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Debian's chromium is needed for the browser tests (apt-get install chromium); "
                    "they fail rather than skip without it")
    return path


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS,
            viewport=DESKTOP)
        yield context
        context.close()


@dataclass
class Visit:
    """A page as the browser showed it, with what went wrong on the console."""

    page: object
    errors: list[str]


@pytest.fixture
def visit(browser: object) -> Iterator[object]:
    """``visit(url, name)``: open ``url`` at desktop width, screenshot it at desktop and phone width."""
    opened: list[object] = []

    def _visit(url: str, name: str | None = None, *, phone: bool = True) -> Visit:
        page = browser.new_page()  # type: ignore[attr-defined]
        opened.append(page)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}")
                if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
        page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.set_viewport_size(DESKTOP)
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, f"{url}: HTTP {response and response.status}"
        if name:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=False)
            if phone:
                page.set_viewport_size(PHONE)
                page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=False)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{url}: the page is {overflow}px wider than a phone screen"
                page.set_viewport_size(DESKTOP)
        return Visit(page, errors)

    yield _visit
    for page in opened:
        page.close()  # type: ignore[attr-defined]
