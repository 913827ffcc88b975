"""`govwatch calendar --governments`: the catalogue's governments, from the coverage data."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.coverage.test_coverage import fill, write_catalog
from tests.daemon.helpers import govwatch


def test_calendar_reads_the_coverage_data(db_url: str, tmp_path: Path) -> None:
    fill(db_url)
    catalog = write_catalog(tmp_path)
    proc = govwatch("calendar", "--year", "2024", "--catalog", str(catalog), "--db", db_url, "--format", "csv",
                    "--today", "2025-04-02", "--config", str(tmp_path / "absent.yaml"))
    assert proc.returncode == 2 and "absent.yaml" in proc.stderr  # a named config must exist
    proc = govwatch("calendar", "--year", "2024", "--catalog", str(catalog), "--db", db_url, "--format", "csv",
                    "--today", "2025-04-02", env={"GOVWATCH_CONFIG": str(tmp_path / "nothing-here.yaml")})
    rows = {r["source"]: r for r in csv.DictReader(io.StringIO(proc.stdout))}
    assert proc.returncode == 1  # governments without a report are overdue after 1 April
    assert {k: r["status"] for k, r in rows.items()} == {
        "420600": "overdue", "420601": "found", "420602": "found", "420603": "found", "420604": "overdue",
        "420605": "overdue", "420606": "overdue", "420607": "overdue", "430100": "found", "430101": "overdue"}
    assert rows["420602"]["late"] == "yes" and rows["420601"]["late"] == "no"
    assert rows["420601"]["url"] == "http://www.jiaxian.gov.cn/zwgk/fzzfjsndbg/202503/t1.html"
    assert rows["420601"]["region"] == "湖北省/襄阳市" and rows["420601"]["first_seen"] == "2025-03-20T08:00:00Z"
    before = govwatch("calendar", "--year", "2024", "--catalog", str(catalog), "--db", db_url, "--format", "csv",
                      "--today", "2025-03-01", "--province", "湖南省",
                      env={"GOVWATCH_CONFIG": str(tmp_path / "nothing-here.yaml")})
    assert before.returncode == 0
    assert [(r["source"], r["status"]) for r in csv.DictReader(io.StringIO(before.stdout))] == [
        ("430100", "found"), ("430101", "missing")]
