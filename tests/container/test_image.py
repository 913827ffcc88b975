"""docker/Dockerfile, built and run for real (podman here; docker where an engine runs).

The image is built once per session on the Debian-made stand-in bases (conftest.py). SQLite in a
named volume: `govwatch db upgrade`, then the daemon, with a read-only root filesystem, no
capabilities, as the image's non-root user.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import socket
import tarfile
import textwrap
import time
from pathlib import Path

from tests.container.conftest import MEASURED, open_rootfs, timed
from tests.container.engine import HOST_CA, Engine, http_status, stderr, wait_http_200

SIZE_TARGET = 200_000_000  # bytes (the README says 200 MB): the target on the stand-in base
UID = "10001"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pem_blocks(data: str) -> list[str]:
    """The base64 bodies (newlines removed) of the certificates in a PEM bundle."""
    return ["".join(m.group(1).split()) for m in re.finditer(
        r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", data, re.S)]


def test_image_is_small_with_no_build_tools(engine: Engine, image: str, image_tar: Path) -> None:
    size = engine.inspect("image", image)["Size"]
    history = engine.run("history", "--format", "{{.Size}}\t{{.CreatedBy}}", image).stdout
    MEASURED["image layers"] = "; ".join(
        f"{size_} {created[:60]}" for size_, _, created in (line.partition("\t") for line in history.splitlines())
        if not size_.startswith("0"))
    assert size <= SIZE_TARGET, f"image is {size / 1e6:.1f} MB, the target is {SIZE_TARGET / 1e6:.0f} MB"

    with open_rootfs(image_tar) as tar:
        names = {m.name.lstrip("./"): m for m in tar.getmembers()}
    site = next(n for n in names if re.fullmatch(r"opt/govwatch/lib/python3\.\d+/site-packages", n))
    # the venv has the package and its dependencies, and no installer, compiler or cache
    assert f"{site}/govwatch/__init__.py" in names
    for gone in ("pip", "setuptools", "wheel", "_distutils_hack"):
        assert f"{site}/{gone}" not in names, f"{gone} is left in the final venv"
    for tool in ("gcc", "cc", "c++", "ld", "strip", "as", "make", "pip", "pip3", "apt-get"):
        for prefix in ("usr/bin", "usr/local/bin", "opt/govwatch/bin"):
            assert f"{prefix}/{tool}" not in names, f"/{prefix}/{tool} in the final image"
    caches = [n for n in names if re.search(r"(^|/)\.cache/pip(/|$)|(^|/)pip-(req|build)-|^src/|^tmp/.+", n)]
    assert not caches, f"build leftovers: {caches[:10]}"
    # bytecode for the modules govwatch loads only (docker/precompile.py), not for everything
    pyc = [n for n in names if n.startswith(site) and n.endswith(".pyc")]
    py = [n for n in names if n.startswith(site) and n.endswith(".py")]
    assert f"{site}/govwatch/__pycache__/__init__.cpython-311.pyc" in names
    assert 0 < len(pyc) < len(py)
    MEASURED["bytecode in the venv"] = f"{len(pyc)} .pyc for {len(py)} .py"


IMPORT_EXTENSIONS = """
import importlib, pathlib, sys
import psycopg  # psycopg_binary refuses to be imported first
site = next(p for p in sys.path if p.endswith("site-packages"))
count = 0
for so in sorted(pathlib.Path(site).rglob("*.so")):
    rel = so.relative_to(site)
    if any(part.endswith(".libs") for part in rel.parts):
        continue  # vendored shared libraries, loaded by the modules themselves
    importlib.import_module(".".join((*rel.parts[:-1], rel.name.split(".")[0])))
    count += 1
print(count)
"""


def test_every_stripped_extension_module_loads(engine: Engine, image: str) -> None:
    """The build strips the wheels' extension modules: each must still load, in the read-only image."""
    proc = engine.run("run", "--rm", "--read-only", "--entrypoint", "python", image, "-c", IMPORT_EXTENSIONS)
    count = int(proc.stdout.strip().splitlines()[-1])
    assert count >= 10, proc.stdout
    MEASURED["extension modules loaded in the image"] = str(count)


def test_extraction_uses_its_c_module_in_the_image(engine: Engine, image: str) -> None:
    """govwatch's own C module (the extractor's whole-page passes) is built into the image and used."""
    proc = engine.run("run", "--rm", "--read-only", "--entrypoint", "python", image, "-c",
                      "from govwatch.extract import fastdom; print(fastdom.enabled(), fastdom.STATUS)")
    assert proc.stdout.strip().splitlines()[-1].startswith("True on"), proc.stdout + proc.stderr


CREDENTIAL_FILES = re.compile(r"(^|/)(pip\.conf|pip\.ini|\.pypirc|\.netrc|\.git-credentials|"
                              r"\.docker/config\.json|\.npmrc|id_rsa|id_ed25519)$")
OWN_BUNDLES = ("ca-certificates.crt", "cacert.pem")  # Debian's and certifi's


def host_secrets_in(tar: tarfile.TarFile, host_bundle: bytes) -> tuple[list[str], int]:
    """Files of an image filesystem that carry the host's CA bundle, a certificate only the host trusts
    (one in the host's bundle but in none of the image's own bundles: a local or intercepting CA;
    whitespace ignored), or a credential file (pip.conf, .netrc, ...); and how many host-only
    certificates were searched for."""
    host_sha = hashlib.sha256(host_bundle).hexdigest()
    files = [m for m in tar.getmembers() if m.isfile()]
    own = {c for m in files if m.name.endswith(OWN_BUNDLES)
           for c in pem_blocks(tar.extractfile(m).read().decode("utf-8", "replace"))}  # type: ignore[union-attr]
    needles = [c.encode() for c in pem_blocks(host_bundle.decode("utf-8", "replace")) if c not in own]
    found = []
    for member in tar.getmembers():
        name = member.name.lstrip("./")
        if CREDENTIAL_FILES.search(name):
            found.append(name)
        if not member.isfile() or member.size == 0:
            continue
        data = tar.extractfile(member).read()  # type: ignore[union-attr]
        if host_bundle and hashlib.sha256(data).hexdigest() == host_sha:
            found.append(f"{name} (the host's CA bundle)")
        elif b"BEGIN CERTIFICATE" in data:
            flat = b"".join(data.split())
            if any(needle in flat for needle in needles):
                found.append(f"{name} (a certificate only the host trusts)")
    return found, len(needles)


def test_host_secret_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scan below, on a made-up filesystem: it must find each kind of leak, and nothing in a clean one."""
    def pem(body: str) -> str:
        return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"
    public, local = pem("QUJD" * 40), pem("WFla" * 40)  # a public root, and a CA only the host trusts
    host = (public + local).encode()

    def tar_with(files: dict[str, bytes]) -> tarfile.TarFile:
        path = tmp_path / f"fs{len(list(tmp_path.iterdir()))}.tar"
        with tarfile.open(path, "w") as out:
            for name, data in files.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                out.addfile(info, io.BytesIO(data))
        return tarfile.open(path)

    clean = {"etc/ssl/certs/ca-certificates.crt": public.encode(), "app/x.py": b"print(1)"}
    with tar_with(clean) as tar:
        assert host_secrets_in(tar, host) == ([], 1)
    rewrapped = pem("\n".join(textwrap.wrap("WFla" * 40, 76))).encode()
    leaky = {**clean, "usr/local/share/ca-certificates/corp.crt": rewrapped,
             "opt/bundle.pem": host, "root/.config/pip/pip.conf": b"[global]\n"}
    with tar_with(leaky) as tar:
        found, _ = host_secrets_in(tar, host)
    assert found == ["usr/local/share/ca-certificates/corp.crt (a certificate only the host trusts)",
                     "opt/bundle.pem (the host's CA bundle)", "root/.config/pip/pip.conf"]


def test_no_host_ca_bundle_or_credentials_in_the_image(engine: Engine, image: str, image_tar: Path) -> None:
    """The build mounts the host's CA bundle for its RUN steps (the package index's TLS may be
    intercepted by a CA only the host trusts); none of it, nor pip's or any other credential file,
    may end up in a layer of the final image."""
    host_bundle = HOST_CA.read_bytes() if HOST_CA.is_file() else b""
    with open_rootfs(image_tar) as tar:
        image_bundle = tar.extractfile("etc/ssl/certs/ca-certificates.crt").read()  # type: ignore[union-attr]
        assert b"BEGIN CERTIFICATE" in image_bundle, "the image has no CA bundle of its own"
        assert image_bundle != host_bundle, "the image's CA bundle is the host's"
        found, searched = host_secrets_in(tar, host_bundle)
    MEASURED["host-only CA certificates searched for in the image"] = str(searched)
    assert not found, found
    # nor in the image's metadata: environment and build history
    config = engine.inspect("image", image)["Config"]
    for item in config.get("Env") or []:
        assert not re.match(r"(PIP_CERT|PIP_INDEX_URL|PIP_EXTRA_INDEX_URL|PIP_FIND_LINKS|"
                            r"REQUESTS_CA_BUNDLE|SSL_CERT_FILE|.*TOKEN|.*PASSWORD|.*SECRET)=", item), item
    history = engine.run("history", "--no-trunc", "--format", "{{.CreatedBy}}", image).stdout
    assert "ca-certificates.crt" not in history and "pip.conf" not in history


def test_migrate_then_daemon_read_only_non_root(engine: Engine, image: str) -> None:
    tag = f"gwtest-{os.getpid()}"
    volume, daemon, port = f"{tag}-storage", f"{tag}-daemon", free_port()
    engine.run("volume", "rm", "-f", volume, check=False)
    engine.remove_container(daemon)
    locked = ["--read-only", "--cap-drop=ALL", "--security-opt", "no-new-privileges"]
    if engine.is_podman:
        locked.append("--read-only-tmpfs=false")  # podman adds writable /tmp, /run otherwise
    try:
        engine.run("volume", "create", volume)
        t0 = time.monotonic()
        up = engine.run("run", "--rm", *locked, "-v", f"{volume}:/app/storage", image, "db", "upgrade")
        timed("run: govwatch db upgrade", t0)
        assert "revision" in up.stdout + up.stderr

        t0 = time.monotonic()
        engine.run("run", "-d", "--name", daemon, *locked, "-p", f"127.0.0.1:{port}:8080",
                   "-v", f"{volume}:/app/storage", image)
        wait_http_200(f"http://127.0.0.1:{port}/healthz")  # from the host, through the published port
        timed("run: daemon start to /healthz 200", t0)
        inside = engine.run("exec", daemon, "python", "-c", "import urllib.request as u; "
                            "print(u.urlopen('http://127.0.0.1:8080/healthz').status)")
        assert inside.stdout.strip() == "200"
        check = engine.healthcheck(daemon)
        assert check.returncode == 0, f"HEALTHCHECK failed on the running daemon: {check.stdout} {stderr(check)}"

        # non-root, read-only root filesystem: only the storage volume takes writes
        assert engine.run("exec", daemon, "id", "-u").stdout.strip() == UID
        assert engine.inspect("image", image)["Config"]["User"] == "govwatch"
        for path in ("/app/x", "/tmp/x", "/opt/govwatch/x", "/etc/x"):
            wrote = engine.run("exec", daemon, "sh", "-c", f": > {path}", check=False)
            assert wrote.returncode != 0, f"{path} is writable"
        engine.run("exec", daemon, "sh", "-c", ": > /app/storage/probe && rm /app/storage/probe")
        files = engine.run("exec", daemon, "ls", "/app/storage").stdout.split()
        assert "govwatch.db" in files

        # SIGTERM: the daemon stops within its --stop-timeout (30 s) and exits 0; a kill would be 137
        t0 = time.monotonic()
        engine.run("stop", "-t", "45", daemon, timeout=120)
        timed("stop: SIGTERM to exit", t0)
        state = engine.inspect("container", daemon)["State"]
        logs = engine.run("logs", daemon, check=False)
        assert state["ExitCode"] == 0, f"exit {state['ExitCode']}:\n{logs.stdout[-2000:]}{logs.stderr[-2000:]}"
        assert '"event": "stopped"' in logs.stdout + logs.stderr
        # nothing but the engine's own /etc/hosts, /etc/hostname, /etc/resolv.conf changed in the container
        changed = {line.split()[-1] for line in engine.run("diff", daemon).stdout.splitlines() if line.strip()}
        assert changed <= {"/etc", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/run",
                           "/run/.containerenv", "/app/storage"}, changed
    finally:
        engine.remove_container(daemon)
        engine.run("volume", "rm", "-f", volume, check=False)


def test_healthcheck_fails_when_the_daemon_is_down(engine: Engine, image: str) -> None:
    name = f"gwtest-{os.getpid()}-nodaemon"
    engine.remove_container(name)
    try:
        # the container runs, but something else than the daemon is its process: nothing on 8080
        engine.run("run", "-d", "--name", name, "--read-only", "--entrypoint", "python", image,
                   "-c", "import time; time.sleep(300)")
        assert http_status("http://127.0.0.1:1/") is None
        check = engine.healthcheck(name)
        assert check.returncode != 0, f"HEALTHCHECK passed with no daemon: {check.stdout}"
    finally:
        engine.remove_container(name)
