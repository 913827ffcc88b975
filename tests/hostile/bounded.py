"""Run a hostile input in a child process with a wall-clock cap and an address-space limit.

A regression (a regex that backtracks, a parser that loops or balloons) must fail fast instead of
hanging CI: C code such as the ``re`` engine cannot be interrupted from inside the process, so the
attack runs in ``python -c`` under ``subprocess.run(timeout=…)`` with ``RLIMIT_AS`` set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRELUDE = """
import resource
resource.setrlimit(resource.RLIMIT_AS, ({mem}, {mem}))
"""


def run_bounded(code: str, *, seconds: float, mem_mb: int = 1024) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter; fail the test if it takes longer than ``seconds``."""
    mem = mem_mb * 1024 * 1024
    script = PRELUDE.format(mem=mem) + textwrap.dedent(code)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT)}
    try:
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=seconds, env=env)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"hostile input still running after {seconds}s (budget exceeded)") from exc
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc
