"""Issue 14 item 3: the progress display shows the sources being crawled (not pages at ``0/?``),
and a totals line ends the run."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path

from govwatch.demo.sites import SimulatedSites


def test_progress_shows_sources_and_a_totals_line(sites: SimulatedSites, sources_file: Path, tmp_path: Path) -> None:
    slow = sources_file.read_text(encoding="utf-8").replace("delay: 0.0", "delay: 0.05")
    sources_file.write_text(slow, encoding="utf-8")
    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = subprocess.run([sys.executable, "-m", "govwatch", "fetch", "--config", str(sources_file),
                           "--db", f"sqlite:///{tmp_path / 'gw.db'}"], stdout=subprocess.DEVNULL, stderr=follower,
                          timeout=300, env={**os.environ, "COLUMNS": "200", "TERM": "xterm"})
    os.close(follower)
    reader.join(timeout=10)
    os.close(leader)
    screen = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", b"".join(chunks).decode("utf-8", "replace"))
    assert proc.returncode in (0, 1)
    n = len(sites.sources_yaml().split("  - id: ")) - 1
    assert "0/?" not in screen
    assert f"/{n}" in screen  # sources done out of all
    assert "crawling " in screen and any(f"crawling {sid}" in screen or f", {sid}" in screen
                                         for sid in re.findall(r"- id: (\S+)", slow))
    assert re.search(rf"total: {n} source\(s\) in [\d.]+ s: \d+ new", screen)
