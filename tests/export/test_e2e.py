"""``govwatch export`` end to end: every format from a real crawl of the simulated sites."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.export.e2e import Crawled, cli, crawled  # noqa: F401  (the fixture)


def jsonl(c: Crawled, *args: str) -> list[dict]:
    out = cli("export", "--db", c.db, "--config", str(c.config), *args).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_export_jsonl_csv_txt_with_regions_and_filters(crawled: Crawled) -> None:  # noqa: F811
    c = crawled
    records = jsonl(c)
    expected = {r.url for e in c.sites.expected().values() for r in e.reports}
    assert {r["url"] for r in records} == expected
    trs = [r for r in records if r["source"] == "trs-demo"]
    assert trs and all(r["region"] == ["湖北省", "随州市", "曾都区"] for r in trs)
    assert {"report_year", "kind", "attachments", "fetched_at", "encoding"} <= set(trs[0])
    # filters
    assert {r["source"] for r in jsonl(c, "--source", "ucap-demo")} == {"ucap-demo"}
    assert {r["report_year"] for r in jsonl(c, "--year", "2023")} == {2023}
    assert {r["kind"] for r in jsonl(c, "--kind", "report")} == {"report"}
    future = jsonl(c, "--since", "2999-01-01")
    assert future == []
    edited = [r for r in jsonl(c, "--all-versions") if r["url"] == c.changes.edited]
    assert [r["version"] for r in edited] == [1, 2]
    # csv manifest, region joined
    rows = list(csv.DictReader(io.StringIO(cli("export", "--db", c.db, "--config", str(c.config), "-f", "csv").stdout)))
    assert {r["url"] for r in rows} == expected and "text" not in rows[0]
    # txt tree: one file per document, under the region
    out = c.tmp / "txt"
    proc = cli("export", "--db", c.db, "--config", str(c.config), "-f", "txt", "--out", str(out))
    assert f"exported {len(expected)} record(s)" in proc.stderr
    files = list(out.rglob("*.txt"))
    assert len(files) == len(expected)
    assert any(p.relative_to(out).parts[:4] == ("湖北省", "随州市", "曾都区", "trs-demo") for p in files)
    assert all(p.read_text(encoding="utf-8").startswith("title: ") for p in files)


def test_export_parquet_and_warc(crawled: Crawled) -> None:  # noqa: F811
    pq = pytest.importorskip("pyarrow.parquet")
    archive = pytest.importorskip("warcio.archiveiterator")
    c = crawled
    pq_path = c.tmp / "all.parquet"
    cli("export", "--db", c.db, "--config", str(c.config), "-f", "parquet", "--all-versions", "-o", str(pq_path))
    table = pq.read_table(pq_path)
    versions = [r["version"] for r in table.to_pylist() if r["url"] == c.changes.edited]
    assert sorted(versions) == [1, 2]
    warc_path = c.tmp / "all.warc.gz"
    cli("export", "--db", c.db, "-f", "warc", "-o", str(warc_path))
    urls = {r["url"] for r in jsonl(c)}
    with warc_path.open("rb") as fh:
        responses = [(r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
                     for r in archive.ArchiveIterator(fh, check_digests="raise") if r.rec_type == "response"]
    assert responses and {u for u, _ in responses} <= urls
    edited = next(body for u, body in responses if u == c.changes.edited)
    assert b"<html" in edited.lower()


def test_export_usage_errors_exit_2(crawled: Crawled) -> None:  # noqa: F811
    c = crawled
    assert "--out DIR" in cli("export", "--db", c.db, "-f", "txt", check=2).stderr
    assert "--since" in cli("export", "--db", c.db, "--since", "yesterday", check=2).stderr
    assert cli("export", "--db", c.db, "-f", "xml", check=2).returncode == 2
    assert "source 'trs-demo'" not in cli("export", "--db", c.db, "--config", str(c.tmp / "missing.yaml"),
                                          check=2).stderr
