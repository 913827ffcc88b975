"""Issue 15, "already fine, keep it so": txt export paths contained, Atom text escaped, SMTP headers
free of scraped text, concurrent migrations serialised (kill -9 safety: tests/integration/test_crash.py,
tests/daemon/test_kill9.py)."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import sqlalchemy as sa
from pydantic import TypeAdapter

from govwatch.extract.result import Extracted
from govwatch.store import Store
from tests.export.e2e import cli

HOSTILE = "../../../etc/passwd\r\nBcc: victim@example.com <script>alert(1)</script> &amp; ]]> [/bold]"


def hostile_store(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'gw.db'}"
    store = Store(db)
    store.record_page("../s1", "http://a.gov.cn/../../x.html",
                      Extracted(title=HOSTILE, publisher=HOSTILE, paragraphs=["正文。", HOSTILE], report_year=2023),
                      kind="report", link_text=HOSTILE)
    store.close()
    return db


def test_txt_export_paths_stay_inside_the_directory(tmp_path: Path) -> None:
    db = hostile_store(tmp_path)
    out = tmp_path / "export" / "tree"
    cli("export", "--db", db, "--format", "txt", "--out", str(out))
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 2  # the text and the export marker
    for path in files:
        assert path.resolve().is_relative_to(out.resolve()), path
    assert not (tmp_path / "etc").exists()


def test_atom_text_is_escaped(tmp_path: Path) -> None:
    db = hostile_store(tmp_path)
    feed = cli("feed", "--db", db, text=False).stdout
    root = ET.fromstring(feed)  # well-formed
    ns = {"a": "http://www.w3.org/2005/Atom"}
    [entry] = root.findall("a:entry", ns)
    assert "<script>" in (entry.findtext("a:title", namespaces=ns) or "")  # as text, not markup
    assert entry.find("a:title/script", ns) is None and b"<script>" not in feed


def test_smtp_headers_hold_no_scraped_text() -> None:
    from govwatch.notify.base import Message
    from govwatch.notify.mail import build_email
    from govwatch.notify.targets import NotifyTarget

    target = TypeAdapter(NotifyTarget).validate_python(
        {"type": "email", "to": ["ops@example.gov.cn"], "from": "gw@example.gov.cn", "smtp_host": "127.0.0.1"})
    event = {"type": "new", "source": HOSTILE, "url": "http://a.gov.cn/x.html", "title": HOSTILE, "version": 1}
    msg = build_email(target, Message("d1", "2025-04-01T00:00:00Z", [event]))
    headers = "\n".join(f"{k}: {v}" for k, v in msg.items())
    assert "victim" not in headers and "passwd" not in headers and "script" not in headers
    assert msg["Bcc"] is None
    assert set(msg.keys()) == {"From", "To", "Subject", "Date", "Message-ID", "X-Govwatch-Delivery",
                               "MIME-Version", "Content-Type"}


def test_concurrent_migrations_are_serialised(pg_url: str) -> None:
    from govwatch.store.migrate import head_revision, upgrade

    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def migrate() -> None:
        engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
        barrier.wait()
        try:
            upgrade(engine=engine)
        except BaseException as exc:
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=migrate) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalars().all() == [head_revision()]
    engine.dispose()
