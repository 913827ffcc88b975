"""Each export format, read back with its own library (json, csv, pyarrow, warcio), and the filters."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from govwatch.export import DIR_MARKER, REGISTRY, ExportError, get_exporter, run_export, safe_name
from govwatch.store import Store
from tests.export.synth import Small, small_store

REGIONS = {"alpha": ["湖北省", "随州市", "曾都区"], "beta": ["浙江省", "嘉兴市", "海盐县"],
           "delta": ["陕西省", "渭南市", "潼关县"]}


@pytest.fixture
def small(db_url: str, tmp_path: Path) -> Small:
    return small_store(db_url, tmp_path)


def export_to(small: Small, fmt: str, out: Path | None = None, **filters: object) -> Path:
    store = Store(small.db)
    all_versions = bool(filters.pop("all_versions", False))
    out = out or small.config.parent / f"out.{fmt}"
    try:
        records = store.export_records(all_versions=all_versions, **filters)  # type: ignore[arg-type]
        run_export(get_exporter(fmt), records, out, all_versions=all_versions, regions=REGIONS, store=store)
    finally:
        store.close()
    return out


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_registry_names_and_docs() -> None:
    assert set(REGISTRY) == {"jsonl", "txt", "csv", "parquet", "warc"}
    for cls in REGISTRY.values():
        assert cls.__doc__ and len(cls.__doc__) > 80, cls
    with pytest.raises(KeyError, match="known: csv, jsonl"):
        get_exporter("xml")


def test_jsonl_fields_region_and_versions(small: Small) -> None:
    rows = {r["url"]: r for r in read_jsonl(export_to(small, "jsonl"))}
    assert set(rows) == set(small.urls.values())
    edited = rows[small.urls["edited"]]
    assert list(edited)[:3] == ["url", "source", "region"]
    assert edited["region"] == ["湖北省", "随州市", "曾都区"]
    assert rows[small.urls["gamma"]]["region"] is None  # not in the config
    assert edited["version"] == 2 and "126件" in edited["text"] and "diff" not in edited
    assert edited["report_year"] == 2024 and edited["kind"] == "report" and edited["encoding"] == "utf-8"
    assert edited["attachments"] == [{"text": "附件1", "url": "http://a.gov.cn/P0.pdf"},
                                     {"text": "附件2", "url": "http://a.gov.cn/P1.pdf"}]
    assert edited["fetched_at"] == small.times["v2"].strftime("%Y-%m-%dT%H:%M:%SZ")
    assert rows[small.urls["copy"]]["duplicate_of"] == small.urls["edited"]
    assert rows[small.urls["gone"]]["status"] == "gone"
    versions = [r for r in read_jsonl(export_to(small, "jsonl", all_versions=True)) if r["url"] == small.urls["edited"]]
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["diff"] is None
    changed = [line for line in versions[1]["diff"].splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(changed) == 2 and "120件" in changed[0] and "126件" in changed[1]  # one sentence, not the paragraph
    assert "深化改革" not in "".join(changed) and "培训" not in "".join(changed)


def test_filters_source_since_kind_year(small: Small) -> None:
    store = Store(small.db)
    try:
        def urls(**kw: object) -> set[str]:
            return {r.url for r in store.export_records(**kw)}  # type: ignore[arg-type]

        u = small.urls
        assert urls(source_ids=["beta"]) == {u["gone"], u["odd"], u["odd2"]}
        assert urls(kinds=["department_report"]) == {u["dept"]}
        assert urls(years=[2023, 2022]) == {u["gone"], u["gamma"]}
        # documents changed since: the edit, the copy, and the removal (gone_at is now)
        assert urls(since=small.times["v2"] - timedelta(seconds=1)) == {u["edited"], u["copy"], u["gone"]}
        # versions created since: the second version and the copy's first; a removal is no version
        got = [(r.url, r.version) for r in store.export_records(all_versions=True, since=small.times["v2"])]
        assert got == [(u["edited"], 2), (u["copy"], 1)]
        assert urls(source_ids=["alpha"], kinds=["report"], years=[2024]) == {u["edited"], u["copy"]}
    finally:
        store.close()


def test_csv_manifest(small: Small) -> None:
    with export_to(small, "csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(small.urls)
    assert "text" not in rows[0]
    edited = next(r for r in rows if r["url"] == small.urls["edited"])
    assert edited["region"] == "湖北省/随州市/曾都区" and edited["version"] == "2"
    assert edited["attachments"] == "2" and edited["attachment_urls"].split() == ["http://a.gov.cn/P0.pdf",
                                                                                  "http://a.gov.cn/P1.pdf"]
    assert int(edited["chars"]) > 50
    assert next(r for r in rows if r["url"] == small.urls["gamma"])["region"] == ""


def test_txt_tree_safe_names_collisions_and_header(small: Small) -> None:
    out = small.config.parent / "tree"
    export_to(small, "txt", out)
    files = sorted(p for p in out.rglob("*.txt"))
    assert len(files) == len(small.urls)
    rel = {p.relative_to(out).as_posix() for p in files}
    assert "湖北省/随州市/曾都区/alpha/2024-甲区2024年度法治政府建设情况报告.txt" in rel
    assert "湖北省/随州市/曾都区/alpha/2024-甲区2024年度法治政府建设情况报告-2.txt" in rel  # the copy
    assert any(r.startswith("_unknown-region/gamma/2022-") for r in rel)
    odd = [p for p in files if p.parent.name == "beta" and "很长" in p.name]
    assert len(odd) == 2 and odd[0].name != odd[1].name  # same long title twice: a clash resolved
    for p in files:
        assert len(p.name.encode("utf-8")) <= 130
        assert not any(ord(c) < 32 for c in p.name) and ":" not in p.name and "*" not in p.name
    text = (out / "湖北省/随州市/曾都区/alpha/2024-甲区2024年度法治政府建设情况报告.txt").read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    assert meta["url"] == small.urls["edited"] and meta["version"] == "2" and meta["report_year"] == "2024"
    assert meta["region"] == "湖北省 / 随州市 / 曾都区"
    assert "126件" in body
    # a second export replaces the first (it carries the marker), an unrelated directory is refused
    assert (out / DIR_MARKER).exists()
    export_to(small, "txt", out, source_ids=["beta"])
    assert {p.parent.name for p in out.rglob("*.txt")} == {"beta"}
    foreign = small.config.parent / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="not empty"):
        export_to(small, "txt", foreign)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_safe_name_edge_cases() -> None:
    assert safe_name("a/b\\c") == "a_b_c"
    assert safe_name("\x00\x1f") == "untitled"
    assert safe_name("NUL") == "_NUL"
    assert safe_name(" .hidden. ") == "hidden"
    long = safe_name("法" * 100 + "abc")
    assert len(long.encode("utf-8")) <= 120 and long.encode("utf-8").decode("utf-8") == long


def test_parquet_read_back(small: Small) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(export_to(small, "parquet", all_versions=True))
    rows = table.to_pylist()
    assert table.num_rows == len(small.urls) + 1  # the edited report has two versions
    assert {"diff", "region", "text", "fields", "attachments"} <= set(table.column_names)
    v2 = next(r for r in rows if r["url"] == small.urls["edited"] and r["version"] == 2)
    assert v2["region"] == ["湖北省", "随州市", "曾都区"] and str(v2["published"]) == "2025-03-20"
    assert v2["attachments"][1] == {"text": "附件2", "url": "http://a.gov.cn/P1.pdf"}
    assert dict(v2["fields"]) == {"索引号": "000/2025-1"}
    assert v2["fetched_at"].year == 2025 and v2["fetched_at"].tzinfo is not None
    assert "126件" in v2["diff"]


def test_parquet_without_pyarrow_is_a_usage_error(small: Small) -> None:
    code = ("import sys; sys.modules['pyarrow'] = None; sys.argv = ['govwatch'] + sys.argv[1:]; "
            "from govwatch.cli import main; main()")
    proc = subprocess.run([sys.executable, "-c", code, "export", "--db", small.db, "--format", "parquet",
                           "--out", str(small.config.parent / "x.parquet")], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "pyarrow" in proc.stderr and "govwatch[parquet]" in proc.stderr
    assert not (small.config.parent / "x.parquet").exists()


def test_warc_of_raw_captures(db_url: str, tmp_path: Path) -> None:
    warcio = pytest.importorskip("warcio.archiveiterator")
    from tests.export.synth import page

    store = Store(db_url)
    body1 = "<html><body><h1>某区2024年度法治政府建设情况报告</h1><p>正文。</p></body></html>".encode()
    body2 = body1.replace("正文".encode(), "新正文".encode())
    url = "http://a.gov.cn/t1.html"
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip", "ETag": '"x1"'}
    h1 = store.save_capture("alpha", url, "document", 200, headers, body1, "utf-8")
    store.record_page("alpha", url, page(["正文。"], "某区2024年度法治政府建设情况报告"), kind="report",
                      raw_hash=h1)
    h2 = store.save_capture("alpha", url, "document", 200, headers, body2, "utf-8")
    store.record_page("alpha", url, page(["新正文。"], "某区2024年度法治政府建设情况报告"), kind="report",
                      raw_hash=h2)
    # a version stored before raw captures were kept: skipped
    store.record_page("alpha", "http://a.gov.cn/t2.html", page(["旧。"], "旧报告"), kind="report")
    out = tmp_path / "out.warc.gz"
    try:
        n = run_export(get_exporter("warc"), store.export_records(all_versions=True), out, all_versions=True,
                       regions=REGIONS, store=store)
    finally:
        store.close()
    assert n == 2
    with out.open("rb") as fh:
        records = [(r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
                   for r in warcio.ArchiveIterator(fh, check_digests="raise")]
    assert [r[0] for r in records] == ["warcinfo", "response", "metadata", "response", "metadata"]
    responses = [r for r in records if r[0] == "response"]
    assert [r[3] for r in responses] == [body1, body2]
    for _, warc_headers, http_headers, body in responses:
        assert warc_headers.get_header("WARC-Target-URI") == url
        assert warc_headers.get_header("WARC-Date").endswith("Z")
        assert warc_headers.get_header("WARC-Payload-Digest").startswith("sha1:")
        assert warc_headers.get_header("WARC-Block-Digest").startswith("sha1:")
        assert http_headers.get_statuscode() == "200"
        assert http_headers.get_header("Content-Encoding") is None  # the kept body is decoded
        assert http_headers.get_header("Content-Length") == str(len(body))
    meta = json.loads(records[2][3])
    assert meta["version"] == 1 and meta["region"] == ["湖北省", "随州市", "曾都区"]
    assert records[2][1].get_header("WARC-Concurrent-To") == records[1][1].get_header("WARC-Record-ID")


def test_export_to_stdout_streams_text(small: Small, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(small.db)
    try:
        n = run_export(get_exporter("jsonl"), store.export_records(source_ids=["alpha"]), None, regions=REGIONS)
    finally:
        store.close()
    lines = capsys.readouterr().out.splitlines()
    assert n == len(lines) == 3
    assert all(json.loads(line)["source"] == "alpha" for line in lines)


def test_text_export_keeps_no_partial_file_on_error(small: Small) -> None:
    class Boom(Exception):
        pass

    def records():  # type: ignore[no-untyped-def]
        store = Store(small.db)
        try:
            yield from store.export_records()
        finally:
            store.close()
        raise Boom

    out = small.config.parent / "x.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    with pytest.raises(Boom):
        run_export(get_exporter("jsonl"), records(), out)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert not out.with_name("x.jsonl.part").exists()
