"""The README's "Whole country" commands run as written (offline: a proxy that knows no host)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from govwatch.demo.proxy import WebProxy
from govwatch.demo.web import Web

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_whole_country_commands_run(tmp_path: Path) -> None:
    section = README.split("## Whole country", 1)[1].split("\n## ", 1)[0]
    [block] = re.findall(r"```sh\n(.*?)```", section, re.S)
    commands = [shlex.split(line.split("#", 1)[0]) for line in block.splitlines() if line.strip()]
    assert [c[1] for c in commands] == ["discover", "coverage", "sources", "sources", "sources", "calendar"]
    with WebProxy(Web([])) as proxy:
        env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "no_proxy",
                                                                          "all_proxy", "govwatch_config")}
        env.update(HTTP_PROXY=proxy.url, HTTPS_PROXY=proxy.url, GOVWATCH_DB=str(tmp_path / "gw.db"), COLUMNS="200")
        outs = []
        for cmd in commands:
            proc = subprocess.run([sys.executable, "-m", "govwatch", *cmd[1:]], capture_output=True, text=True,
                                  env=env, timeout=300, cwd=tmp_path)
            outs.append(proc)
    discover, coverage, _listed, pin, export, calendar = outs
    assert discover.returncode == 1 and "unreachable: 117" in discover.stdout  # offline: explained rows
    assert coverage.returncode == 0, coverage.stderr
    counts = coverage.stdout[coverage.stdout.index("by province"):]
    [line] = [x for x in counts.splitlines() if "湖北省" in x]
    assert [c.strip() for c in line.strip("│ ").split("│")] == ["湖北省", "0", "0", "0", "0", "117", "0", "117"]
    assert pin.returncode == 2 and "d420626-1" in pin.stderr  # nothing was discovered offline
    assert export.returncode == 0 and export.stdout.strip() == "sources: []"
    assert calendar.returncode == 1 and "overdue" in calendar.stdout
