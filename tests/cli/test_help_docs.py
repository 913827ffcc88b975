"""Issue 14 item 3, README and help: the export schema documented field by field, the parquet
timestamp unit as written, flags shown as flags."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govwatch.demo.sites import SimulatedSites
from tests.export.e2e import Crawled, cli, crawled  # noqa: F401  (the fixture)

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def readme_schema() -> list[str]:
    section = README.split("### The export record", 1)[1].split("\n\n|", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", "|" + section, re.M)


def test_readme_documents_every_export_field_in_order(crawled: Crawled) -> None:  # noqa: F811
    plain = json.loads(cli("export", "--db", crawled.db).stdout.splitlines()[0])
    versions = json.loads(cli("export", "--db", crawled.db, "--all-versions").stdout.splitlines()[0])
    assert list(versions) == readme_schema()
    assert list(plain) == [f for f in readme_schema() if f != "diff"]


def test_readme_kinds_are_the_kinds_export_accepts() -> None:
    row = next(line for line in README.splitlines() if line.startswith("| `kind` |"))
    documented = set(re.findall(r"`(\w+)`", row)) - {"kind"}
    help_text = cli("export", "--help", env={"COLUMNS": "400"}).stdout
    accepted = set(re.search(r"only this kind \(repeatable\): ([\w, ]+)", help_text).group(1).strip().split(", "))  # type: ignore[union-attr]
    assert documented == accepted


def test_parquet_timestamp_unit_in_help_and_readme_is_the_schemas() -> None:
    pytest.importorskip("pyarrow")
    from govwatch.export.parquet import schema

    unit = schema(False).field("first_seen").type.unit
    help_text = " ".join(cli("export", "--help", env={"COLUMNS": "400"}).stdout.split())
    assert re.findall(r"timestamp\[(\w+), UTC\]", help_text) == [unit]
    assert set(re.findall(r"timestamp\[(\w+), UTC\]", README)) == {unit}


@pytest.mark.parametrize("args", [(), ("fetch",), ("export",), ("daemon",)])
def test_flags_are_shown_without_a_value(args: tuple[str, ...]) -> None:
    out = cli(*args, "--help", env={"COLUMNS": "200"}).stdout
    assert "<bool>" not in out
    for flag in ("--verbose", "--quiet", "--all-versions", "--once", "--help"):
        for line in out.splitlines():
            if re.search(rf"{flag}\b", line):
                assert not re.search(rf"{flag}\s+(-\w\s+)?<", line), line


def test_demo_narration_counts_what_the_sites_change(sites: SimulatedSites) -> None:
    """The demo says how many reports are removed (two, one 404 and one 410), and so does the README."""
    from govwatch.cli.demo import _count, _narrate

    changes = sites.changes()
    said = _narrate(changes)
    assert f"{_count(len(changes.deleted))} removed" in said
    assert "one deleted" not in " ".join(README.split())
    assert f"{_count(len(changes.deleted))} removed" in " ".join(README.split())
