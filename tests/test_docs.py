"""Docs that run: every docstring example in the package, and the README's examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import govwatch
from govwatch.sources import load_config_text

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MODULES = sorted(m.name for m in pkgutil.walk_packages(govwatch.__path__, "govwatch.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_some_modules_have_examples() -> None:
    finder = doctest.DocTestFinder()
    with_examples = [n for n in MODULES
                     if any(t.examples for t in finder.find(importlib.import_module(n)))]
    assert len(with_examples) >= 5, with_examples


def test_readme_yaml_examples_are_valid_configs() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.S)
    assert blocks
    for block in blocks:
        cfg = load_config_text(block)
        assert cfg.sources


def test_readme_commands_exist_and_have_help() -> None:
    shell = "\n".join(re.findall(r"```sh\n(.*?)```", README, re.S))
    commands = sorted(set(re.findall(r"^govwatch ([a-z-]+)", shell, re.M)))
    assert {"fetch", "export", "history", "diff", "extract", "demo"} <= set(commands)
    for command in commands:
        proc = subprocess.run([sys.executable, "-m", "govwatch", command, "--help"],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, (command, proc.stderr)
        assert "Usage" in proc.stdout


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = ci.strip().splitlines()[-1].strip()
    assert test_cmd == "python -m pytest -q"
    assert test_cmd in README
