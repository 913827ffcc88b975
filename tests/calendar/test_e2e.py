"""``govwatch calendar`` end to end after two crawls of the simulated sites."""

from __future__ import annotations

import csv
import io

from tests.export.e2e import Crawled, cli, crawled  # noqa: F401  (the fixture)


def rows(c: Crawled, year: int, today: str, check: int) -> dict[str, dict[str, str]]:
    out = cli("calendar", "--config", str(c.config), "--db", c.db, "--year", str(year), "--format", "csv",
              "--today", today, check=check).stdout
    return {r["source"]: r for r in csv.DictReader(io.StringIO(out))}


def test_calendar_command(crawled: Crawled) -> None:  # noqa: F811
    c = crawled
    truth = c.sites.expected()
    got = rows(c, 2023, "2024-06-01", check=1)  # some sources have no 2023 report: overdue, exit 1
    assert list(got) == c.sites.source_ids
    for sid, exp in truth.items():
        has_2023 = any(r.report_year == 2023 for r in exp.reports)
        assert got[sid]["found"] == ("yes" if has_2023 else "no"), sid
        assert got[sid]["overdue"] == ("no" if has_2023 else "yes"), sid
    edited_source = c.changes.source_of[c.changes.edited]  # type: ignore[index]
    assert got[edited_source]["edited"] == "yes" and got[edited_source]["url"] == c.changes.edited
    # a removed report is shown as removed
    gone_url, gone_source = next((u, c.changes.source_of[u]) for u in c.changes.deleted)
    year = next(r.report_year for r in truth[gone_source].reports if r.url == gone_url)
    removed = rows(c, year, f"{year + 1}-03-01", check=None)[gone_source]  # type: ignore[arg-type]
    assert removed["status"] == "removed" and removed["removed"] == "yes"
    # before the deadline nothing is overdue: exit 0, and the table names every source
    table = cli("calendar", "--config", str(c.config), "--db", c.db, "--year", "2023", "--today", "2024-03-01").stdout
    assert all(sid in table for sid in c.sites.source_ids) and "overdue" not in table
    assert cli("calendar", "--config", str(c.config), "--db", c.db, "--year", "2023", "--today", "x",
               check=2).returncode == 2
