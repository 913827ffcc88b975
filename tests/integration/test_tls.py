"""A site with a broken (self-signed) certificate: a clear TLS error, or an opt-in `verify: false`."""

from __future__ import annotations

import datetime as dt
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.integration.test_e2e import export, govwatch, summary

LIST = """<html><head><meta charset="utf-8"><title>法治政府建设年度报告</title></head><body>
<ul class="list"><li><a href="/t20240301_1.html">某县2023年度法治政府建设情况报告</a><span>2024-03-01</span></li></ul>
</body></html>"""
DETAIL = """<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="某县2023年度法治政府建设情况报告">
<meta name="PubDate" content="2024-03-01 10:00"><title>某县2023年度法治政府建设情况报告</title></head><body>
<div class="TRS_Editor"><p>2023年，某县坚持以习近平新时代中国特色社会主义思想为指导，全面推进依法行政。</p>
<p>一、主要举措和成效</p><p>（一）深化“放管服”改革，优化法治化营商环境。</p></div></body></html>"""


def self_signed(tmp: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2)).sign(key, hashes.SHA256()))
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = {"/": LIST, "/t20240301_1.html": DETAIL}.get(self.path)
        data = (body or "").encode("utf-8")
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def https_site(tmp_path: Path) -> Iterator[str]:
    cert, key = self_signed(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def config(tmp_path: Path, url: str, extra: str = "") -> Path:
    path = tmp_path / "tls.yaml"
    path.write_text(f"defaults:\n  delay: 0\n  retries: 0\nsources:\n  - id: tls\n    name: 某县\n"
                    f"    start_urls: [\"{url}\"]\n    fetcher: generic\n{extra}", encoding="utf-8")
    return path


def test_broken_certificate_is_reported_clearly(https_site: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'gw.db'}"
    proc = govwatch("fetch", "--config", str(config(tmp_path, https_site)), "--db", db, check=1)
    assert "TLS error" in proc.stdout and "verify: false" in proc.stdout
    assert export(db) == []


def test_verify_false_is_opt_in_and_logged(https_site: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'gw.db'}"
    proc = govwatch("fetch", "--config", str(config(tmp_path, https_site, "    verify: false\n")), "--db", db)
    assert summary(proc.stdout)["tls"]["new"] == 1
    assert proc.stderr.count("TLS certificate checks are OFF") >= 2  # logged on every use
    assert [r["title"] for r in export(db)] == ["某县2023年度法治政府建设情况报告"]
