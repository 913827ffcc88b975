"""Issue 15 items 7 and 8: no database password in any error; the daemon binds 127.0.0.1 by default."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.daemon.helpers import Daemon, upgrade
from tests.export.e2e import cli

SECRET_DB = "postgresql://gw:s3cr3t-pw@127.0.0.1:1/govwatch"  # nothing listens on port 1


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text("""sources:
  - id: s1
    name: 某区
    start_urls: ["http://127.0.0.1:1/list/"]
""", encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [("fetch", "-q"), ("status",), ("db", "upgrade"), ("export",), ("feed",),
                                  ("history", "http://a.gov.cn/"), ("calendar", "--year", "2023")],
                         ids=lambda a: a[0])
def test_database_errors_never_show_the_password(args: tuple[str, ...], config: Path) -> None:
    extra = ["--config", str(config)] if args[0] in ("fetch", "status", "calendar") else []
    proc = cli(*args, "--db", SECRET_DB, *extra, check=None)
    assert proc.returncode == 2, proc.stderr
    assert "s3cr3t" not in proc.stdout + proc.stderr
    assert "gw:***@127.0.0.1:1" in proc.stderr


def test_the_password_in_govwatch_db_is_redacted_too(config: Path) -> None:
    proc = cli("export", env={"GOVWATCH_DB": SECRET_DB}, check=None)
    assert proc.returncode == 2 and "s3cr3t" not in proc.stderr and "***" in proc.stderr


def _lan_address() -> str | None:
    """An address of this host other than loopback, if any."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent
            addr = s.getsockname()[0]
    except OSError:
        return None
    return None if addr.startswith("127.") else addr


def test_the_daemon_binds_loopback_by_default(tmp_path: Path, config: Path) -> None:
    db = f"sqlite:///{tmp_path / 'gw.db'}"
    upgrade(db)
    daemon = Daemon("--config", str(config), "--db", db, "--port", "0", "--interval", "3600")
    try:
        listening = daemon.wait_event("listening", 20)
        assert listening["host"] == "127.0.0.1"
        port = int(listening["port"])
        assert daemon.get("/healthz")[0] in (200, 503)
        lan = _lan_address()
        if lan is not None:  # not reachable from the network
            with pytest.raises(OSError), socket.create_connection((lan, port), timeout=2):
                pass
    finally:
        daemon.stop()
