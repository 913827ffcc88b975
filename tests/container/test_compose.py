"""docker/compose.yaml with PostgreSQL, for real: postgres, then `migrate` (govwatch db upgrade), then
the daemon; /healthz through the published port, both healthchecks, `govwatch status`, SIGTERM exit 0.

On top of docker/compose.yaml: compose.standin.yaml beside this file (the stand-in images; postgres:16
cannot be pulled here). With podman, podman-compose (PyPI) drives it. Podman 4.3 cannot wait for
`service_healthy` (that needs podman 4.6) and fails on the chain of `--requires` that a plain `up -d`
makes, so the services are started one by one in compose's order, each gate checked by hand: postgres
healthy, migrate exited 0, then govwatch. With a Docker engine, `docker compose up -d --wait` does that.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.container.conftest import MEASURED, timed
from tests.container.engine import Engine, stderr, wait_http_200
from tests.container.test_image import free_port
from tests.daemon.helpers import ROOT

COMPOSE = ROOT / "docker" / "compose.yaml"
OVERRIDE = Path(__file__).with_name("compose.standin.yaml")


class Compose:
    def __init__(self, engine: Engine, project: str, port: int, env: dict[str, str]) -> None:
        self.engine, self.project, self.port = engine, project, port
        self.env = {**env, "GOVWATCH_HOST_PORT": str(port)}
        if engine.is_podman:
            exe = shutil.which("podman-compose") or str(Path(sys.executable).with_name("podman-compose"))
            if not Path(exe).exists():
                pytest.fail("podman-compose is not installed (`.ci/run` installs it: pip install podman-compose)")
            self.argv = [exe, "-p", project, "-f", str(COMPOSE), "-f", str(OVERRIDE)]
        else:
            self.argv = ["docker", "compose", "-p", project, "-f", str(COMPOSE), "-f", str(OVERRIDE)]

    def __call__(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([*self.argv, *args], capture_output=True, text=True, timeout=timeout, env=self.env)
        if check and proc.returncode != 0:
            raise AssertionError(f"compose {' '.join(args)} exited {proc.returncode}:\n"
                                 f"{proc.stdout[-3000:]}\n{stderr(proc)[-3000:]}")
        return proc

    def container(self, service: str) -> str:
        sep = "_" if self.engine.is_podman else "-"
        return f"{self.project}{sep}{service}{sep}1"


@pytest.fixture
def compose(engine: Engine, image: str, standin_bases: dict[str, str]) -> Iterator[Compose]:
    project = f"gwtest{os.getpid()}"
    port = free_port()
    stack = Compose(engine, project, port, {**engine.env, "POSTGRES_PASSWORD": secrets.token_hex(12)})
    try:
        yield stack
    finally:
        anonymous = []
        if engine.exists("container", stack.container("migrate")):
            mounts = engine.inspect("container", stack.container("migrate")).get("Mounts") or []
            anonymous = [m["Name"] for m in mounts if m.get("Name")]
        stack("down", "-v", check=False, timeout=300)
        for volume in anonymous:  # podman-compose leaves migrate's anonymous /app/storage volume
            engine.run("volume", "rm", "-f", volume, check=False)


def test_compose_postgres_migrate_daemon_status(engine: Engine, compose: Compose) -> None:
    # the compose file's own build section (layers come from the session's build of the same Dockerfile)
    t0 = time.monotonic()
    if engine.is_podman:
        compose("--podman-build-args", " ".join(engine.build_flags()), "build", "migrate", timeout=1800)
    else:
        compose("build", "migrate", timeout=1800)
    timed("compose: build (cached)", t0)

    t0 = time.monotonic()
    if engine.is_podman:
        compose("up", "-d", "--no-build", "postgres")
        engine.wait_healthy(compose.container("postgres"), timeout=120)  # compose's pg_isready check
        compose("up", "-d", "--no-build", "--no-deps", "migrate")
        code = engine.run("wait", compose.container("migrate"), timeout=300).stdout.strip()
        logs = engine.run("logs", compose.container("migrate"), check=False)
        assert code == "0", f"migrate exited {code}:\n{logs.stdout[-2000:]}{logs.stderr[-2000:]}"
        compose("up", "-d", "--no-build", "--no-deps", "govwatch")
    else:
        compose("up", "-d", "--no-build", "--wait", timeout=300)
    wait_http_200(f"http://127.0.0.1:{compose.port}/healthz", timeout=120)  # the published port, from the host
    engine.wait_healthy(compose.container("govwatch"), timeout=120)
    timed("compose: start to healthy (postgres -> migrate -> govwatch)", t0)

    migrate = engine.inspect("container", compose.container("migrate"))["State"]
    assert migrate["ExitCode"] == 0
    revision = engine.run("exec", compose.container("postgres"), "psql", "-U", "govwatch", "-d", "govwatch",
                          "-Atc", "select version_num from alembic_version").stdout.strip()
    assert revision, "no alembic revision in PostgreSQL"
    status = compose("exec", "-T", "govwatch", "govwatch", "status", "--format", "json")
    assert status.stdout.lstrip().startswith(("{", "[")), status.stdout[:500]
    MEASURED["compose: alembic revision in PostgreSQL"] = revision

    t0 = time.monotonic()
    compose("stop", "govwatch", timeout=120)
    timed("compose: stop govwatch (SIGTERM)", t0)
    state = engine.inspect("container", compose.container("govwatch"))["State"]
    assert state["ExitCode"] == 0, f"govwatch exited {state['ExitCode']} after SIGTERM"
