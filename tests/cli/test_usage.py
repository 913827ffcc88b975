"""Issue 14 item 3: what a new user hit. One clear line and exit 2 for bad input, nothing created by
read-only commands, validated filters, --version alone, binary formats kept off terminals."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from govwatch import __version__
from tests.export.e2e import Crawled, cli, crawled  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]


def one_error_line(proc: subprocess.CompletedProcess, *needles: str) -> str:
    """The process failed with exit 2 and said why in one line naming ``needles``."""
    assert proc.returncode == 2, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def run_in(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govwatch", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "COLUMNS": "80",
                                            **(env or {})})


# ---------------------------------------------------------------------------------------- tracebacks
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "warc"])
def test_export_out_into_a_missing_directory(crawled: Crawled, tmp_path: Path, fmt: str) -> None:  # noqa: F811
    target = tmp_path / "nosuch" / f"out.{fmt}"
    proc = cli("export", "--db", crawled.db, "--format", fmt, "--out", str(target), check=None)
    one_error_line(proc, str(target), "does not exist")
    assert not target.parent.exists()


def test_feed_out_into_a_missing_directory(crawled: Crawled, tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "nosuch" / "feed.atom"
    one_error_line(cli("feed", "--db", crawled.db, "--out", str(target), check=None), str(target))
    assert not target.parent.exists()


def test_demo_keep_an_existing_file(tmp_path: Path) -> None:
    existing = tmp_path / "file"
    existing.write_text("mine", encoding="utf-8")
    one_error_line(cli("demo", "--keep", str(existing), check=None), str(existing), "not a directory")
    assert existing.read_text(encoding="utf-8") == "mine"


def test_demo_keep_a_path_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "demo"
    one_error_line(cli("demo", "--keep", str(target), check=None), str(target))


# ------------------------------------------------------------------------- read-only commands
READ_ONLY = [
    ("history", "http://example.gov.cn/a.html"),
    ("diff", "http://example.gov.cn/a.html"),
    ("export",),
    ("feed",),
    ("status",),
    ("reextract",),
    ("calendar", "--year", "2023"),
]


@pytest.mark.parametrize("args", READ_ONLY, ids=[a[0] for a in READ_ONLY])
def test_read_only_commands_refuse_a_missing_database_and_create_nothing(tmp_path: Path, args: tuple[str, ...],
                                                                           sources_file: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    typo = work / "storag" / "govwatch.db"
    proc = run_in(work, *args, "--db", str(typo), *(["--config", str(sources_file)]
                                                     if args[0] in ("status", "calendar") else []))
    one_error_line(proc, str(typo))
    assert list(work.iterdir()) == []  # no database, no directory


@pytest.mark.parametrize("args", READ_ONLY, ids=[a[0] for a in READ_ONLY])
def test_a_nonsense_db_value_creates_no_file(tmp_path: Path, args: tuple[str, ...], sources_file: Path) -> None:
    proc = run_in(tmp_path, *args, "--db", "::::", *(["--config", str(sources_file)]
                                                   if args[0] in ("status", "calendar") else []))
    one_error_line(proc, "::::")
    assert not (tmp_path / "::::").exists()


def test_an_empty_file_is_no_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    one_error_line(run_in(tmp_path, "export", "--db", str(empty)), str(empty))


# ------------------------------------------------------------------------- commands and options
def test_version_alone() -> None:
    proc = cli("--version")
    assert proc.stdout.strip() == __version__


def test_verbose_version_says_whether_extraction_runs_in_c() -> None:
    lines = cli("-v", "--version").stdout.splitlines()
    assert lines[0] == __version__
    assert lines[1].startswith("extraction C module: on (selectolax "), lines


@pytest.mark.parametrize("fmt", ["parquet", "warc"])
def test_binary_formats_refuse_a_terminal(crawled: Crawled, fmt: str) -> None:  # noqa: F811
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "govwatch", "export", "--db", crawled.db, "--format", fmt],
                              stdout=follower, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(follower)
        os.set_blocking(leader, False)
        try:
            dumped = os.read(leader, 65536)
        except (BlockingIOError, OSError):
            dumped = b""
        os.close(leader)
    assert proc.returncode == 2, proc.stderr
    assert fmt in proc.stderr and "--out" in proc.stderr
    assert b"PAR1" not in dumped and b"WARC/1.0" not in dumped


def test_binary_formats_still_go_to_a_pipe(crawled: Crawled) -> None:  # noqa: F811
    proc = cli("export", "--db", crawled.db, "--format", "parquet", text=False)
    assert proc.stdout[:4] == b"PAR1"


def test_export_kind_is_validated(crawled: Crawled) -> None:  # noqa: F811
    one_error_line(cli("export", "--db", crawled.db, "--kind", "bogus", check=None), "--kind", "bogus")
    assert cli("export", "--db", crawled.db, "--kind", "report").stdout.strip()


def test_export_source_is_validated(crawled: Crawled) -> None:  # noqa: F811
    one_error_line(cli("export", "--db", crawled.db, "--source", "nosuch", check=None), "--source", "nosuch")


def test_a_source_known_only_to_the_store_is_valid(crawled: Crawled, tmp_path: Path) -> None:  # noqa: F811
    """Discovered sources live in the store: with no config at all, the store's ids are valid."""
    sid = next(iter(crawled.changes.source_of.values()))
    proc = run_in(tmp_path, "export", "--db", crawled.db, "--source", sid)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") >= 1


def test_reextract_source_is_validated(crawled: Crawled) -> None:  # noqa: F811
    one_error_line(cli("reextract", "--db", crawled.db, "--source", "nosuch", check=None), "nosuch")


def test_calendar_year_is_validated(crawled: Crawled) -> None:  # noqa: F811
    one_error_line(cli("calendar", "--db", crawled.db, "--config", str(crawled.config), "--year", "1800",
                       check=None), "--year", "1800")


def test_diff_from_zero_is_refused(crawled: Crawled) -> None:  # noqa: F811
    proc = cli("diff", crawled.changes.edited or "", "--db", crawled.db, "--from", "0", check=None)
    assert proc.returncode == 2
    assert "--from" in proc.stderr
    assert "@@" not in proc.stdout


# --------------------------------------------------------------------------------------- history
def test_history_shows_each_versions_status_gone_and_duplicate(crawled: Crawled) -> None:  # noqa: F811
    edited = cli("history", crawled.changes.edited or "", "--db", crawled.db).stdout
    assert "replaced" in edited and "active" in edited
    gone_url = next(iter(crawled.changes.deleted))
    gone = cli("history", gone_url, "--db", crawled.db).stdout
    assert "gone since 20" in gone
    original, copy = crawled.changes.duplicate or ("", "")
    dup = cli("history", copy, "--db", crawled.db).stdout
    assert f"duplicate of {original} " in dup


# -------------------------------------------------------------------------- working directory
def test_eval_from_another_directory_names_the_argument(tmp_path: Path) -> None:
    one_error_line(run_in(tmp_path, "eval"), "GOLD_DIR", str(tmp_path))


def test_eval_from_another_directory_with_the_gold_set(tmp_path: Path) -> None:
    proc = run_in(tmp_path, "eval", str(ROOT / "tests" / "gold"), "--json")
    assert proc.returncode in (0, 1), proc.stderr
    assert '"pages"' in proc.stdout or "f1" in proc.stdout.lower()


def test_status_from_another_directory(crawled: Crawled, tmp_path: Path) -> None:  # noqa: F811
    one_error_line(run_in(tmp_path, "status", "--db", crawled.db), "--config", str(tmp_path))
    proc = run_in(tmp_path, "status", "--db", crawled.db, "--config", str(crawled.config), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert '"sources"' in proc.stdout
    assert list(tmp_path.iterdir()) == []
