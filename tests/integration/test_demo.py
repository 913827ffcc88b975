"""`govwatch demo`: the README's offline path runs the whole job and shows a diff."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_e2e import govwatch, summary


def test_demo_crawls_twice_and_shows_the_edit(tmp_path: Path) -> None:
    proc = govwatch("demo", "--keep", str(tmp_path / "demo"))
    assert proc.stdout.count("govwatch fetch") == 2  # two summary tables
    first, second = proc.stdout.split("govwatch fetch")[1:3]
    assert sum(row["new"] for row in summary(first).values()) >= 25
    later = summary(second)
    assert sum(r["changed"] for r in later.values()) == 1
    assert sum(r["gone"] for r in later.values()) == 2
    assert sum(r["duplicate"] for r in later.values()) == 1
    assert sum(r["new"] for r in later.values()) == 1
    diff = proc.stdout.split("--- version 1", 1)[1]
    assert "+++ version 2" in diff and "\n-" in diff and "\n+" in diff
    assert (tmp_path / "demo" / "demo.db").exists() and (tmp_path / "demo" / "sources.yaml").exists()
