"""docker/Dockerfile and docker/compose.yaml, checked statically.

tests/container/ builds the image and runs it and the compose stack for real; these checks are the
fast ones (file references, env variables the package reads, the CLI the entrypoint names). The same
entrypoint runs as a process in test_service.py, and the image's HEALTHCHECK command is executed there
against the live daemon.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib

import typer.main
import yaml

from govwatch.cli import app
from tests.daemon.helpers import ROOT

DOCKER = ROOT / "docker"
PACKAGE = ROOT / "src" / "govwatch"
#: variables set for the container that the package does not read itself, and who reads them
FOREIGN_ENV = {"TZ": "tzlocal/APScheduler: the time zone of cron schedules"}


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    logical: list[str] = []
    buf = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not buf and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        logical.append(buf + line)
        buf = ""
    out = []
    for line in logical:
        instr, _, args = line.partition(" ")
        out.append((instr.upper(), args.strip()))
    return out


def instructions(name: str) -> list[str]:
    return [args for instr, args in dockerfile() if instr == name]


def env_defaults() -> dict[str, str]:
    env: dict[str, str] = {}
    for args in instructions("ENV"):
        for item in shlex.split(args):
            key, _, value = item.partition("=")
            env[key] = value
    return env


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), args
    return value


def healthcheck_command() -> list[str]:
    """The HEALTHCHECK's CMD (exec form), with the interpreter of this test run."""
    (hc,) = instructions("HEALTHCHECK")
    _, _, cmd = hc.partition("CMD ")
    argv = exec_form(cmd.strip())
    assert argv[0] == "python"
    return [sys.executable, *argv[1:]]


def env_read_by_package() -> set[str]:
    names: set[str] = set()
    pattern = re.compile(r"""(?:environ\.get\(|environ\[|getenv\(|envvar=)\s*["'](GOVWATCH_[A-Z_]+)["']""")
    for path in PACKAGE.rglob("*.py"):
        names |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return names


def cli_commands() -> set[str]:
    return set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def build_args() -> dict[str, str]:
    args: dict[str, str] = {}
    for arg in instructions("ARG"):
        key, _, value = arg.partition("=")
        args[key] = value
    return args


def dockerignore_allows(path: str) -> bool:
    """Whether the root .dockerignore (an allow-list: `*`, then `!path`) lets `path` into the context."""
    allowed = False
    for raw in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate, pattern = line.startswith("!"), line.lstrip("!").rstrip("/")
        if pattern == "*" or path.rstrip("/") == pattern or path.startswith(pattern + "/"):
            allowed = negate
    return allowed


def test_dockerfile_builds_from_the_repo_as_non_root() -> None:
    froms = instructions("FROM")
    assert len(froms) == 2, "multi-stage: a build stage and the final stage"
    assert froms[0] == "${PYTHON_IMAGE} AS build" and froms[1] == "${RUNTIME_IMAGE}"
    assert build_args() == {"PYTHON_IMAGE": "python:3.11-slim", "RUNTIME_IMAGE": "${PYTHON_IMAGE}"}
    for args in instructions("COPY"):
        if "--from=" in args:
            continue
        parts = [p for p in shlex.split(args) if not p.startswith("--")]
        *sources, _dest = parts
        for src in sources:
            assert (ROOT / src).exists(), f"COPY source {src} is not in the repository"
            assert dockerignore_allows(src), f"COPY source {src} is left out of the context by .dockerignore"
    for private in (".git", ".venv", "storage", "tests", "benchmarks", "docker/compose.yaml"):
        assert not dockerignore_allows(private), f"{private} should stay out of the build context"
    assert any(re.search(r"pip install (--\S+ )*\.(\s|$)", r) for r in instructions("RUN")), "installs from pyproject"
    users = instructions("USER")
    assert users and users[-1] not in ("root", "0")
    order = [instr for instr, _ in dockerfile()]
    assert order.index("USER") < order.index("ENTRYPOINT")


def test_entrypoint_is_govwatch_daemon_and_it_exists() -> None:
    (entry,) = instructions("ENTRYPOINT")
    (cmd,) = instructions("CMD")
    argv = exec_form(entry) + exec_form(cmd)
    # the daemon's own default address is loopback; in a container it must listen on all of them
    assert argv == ["govwatch", "daemon", "--host", "0.0.0.0"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["govwatch"] == "govwatch.cli:main"
    assert {"daemon", "status", "db"} <= cli_commands()
    proc = subprocess.run([sys.executable, "-m", "govwatch", *argv[1:], "--help"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0 and "Usage" in proc.stdout


def test_healthcheck_hits_the_daemons_port_and_path() -> None:
    from govwatch.daemon.scheduler import DaemonOptions

    (hc,) = instructions("HEALTHCHECK")
    assert "/healthz" in hc and "127.0.0.1" in hc
    assert re.search(r"--interval=\d+s", hc) and re.search(r"--timeout=\d+s", hc)
    env = env_defaults()
    default_port = re.search(r"GOVWATCH_PORT', '(\d+)'", hc)
    assert default_port, "the healthcheck should read GOVWATCH_PORT like the daemon"
    assert default_port.group(1) == env["GOVWATCH_PORT"] == str(DaemonOptions().port)
    assert env["GOVWATCH_PORT"] in instructions("EXPOSE")[0].split()
    # nothing listens on port 1: the check must fail there
    bad = subprocess.run(healthcheck_command(), env={"GOVWATCH_PORT": "1", "PATH": "/usr/bin:/bin"},
                         capture_output=True, timeout=20)
    assert bad.returncode != 0


def test_storage_volume_and_env_defaults() -> None:
    env = env_defaults()
    workdir = instructions("WORKDIR")[-1]  # the final stage's
    volumes = [v for args in instructions("VOLUME") for v in exec_form(args)]
    assert f"{workdir}/storage" in volumes  # the default database path storage/govwatch.db lives there
    assert env["GOVWATCH_DB"].startswith(f"{workdir}/storage/")
    assert env["GOVWATCH_CONFIG"] == f"{workdir}/config/sources.yaml"
    assert (ROOT / "config" / "sources.yaml").exists()
    read = env_read_by_package()
    for key in env:
        if key.startswith("GOVWATCH_"):
            assert key in read, f"{key} is set in the image but the package never reads it"


def test_compose_services_env_volumes_and_health() -> None:
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"govwatch", "postgres"} <= set(services)
    gw, pg = services["govwatch"], services["postgres"]
    read = env_read_by_package()
    for name, svc in services.items():
        for key in svc.get("environment", {}):
            if key.startswith("GOVWATCH_"):
                assert key in read, f"{name}: {key} is not read by the package"
            elif name != "postgres":
                assert key in FOREIGN_ENV, f"{name}: unexpected variable {key}"
    env = gw["environment"]
    assert {"GOVWATCH_DB", "GOVWATCH_CONFIG", "GOVWATCH_PORT"} <= set(env)
    assert re.match(r"postgresql://[^@]+@postgres:5432/\w+$", env["GOVWATCH_DB"])
    assert env["GOVWATCH_DB"].rsplit("/", 1)[1] == pg["environment"]["POSTGRES_DB"]
    # volumes: bind mounts exist (relative to docker/), the config is read-only where GOVWATCH_CONFIG points
    named = set(compose.get("volumes") or {})
    config_mounts = []
    for name, svc in services.items():
        for spec in svc.get("volumes", []):
            src, dest, *mode = spec.split(":")
            if src.startswith((".", "/")):
                assert (DOCKER / src).resolve().exists(), f"{name}: {src} does not exist"
            else:
                assert src in named, f"{name}: undeclared volume {src}"
            if env["GOVWATCH_CONFIG"].startswith(dest.rstrip("/") + "/") and name == "govwatch":
                config_mounts.append(mode)
    assert config_mounts == [["ro"]]
    # build context and Dockerfile
    for svc in services.values():
        if "build" in svc:
            assert (DOCKER / svc["build"]["context"] / svc["build"]["dockerfile"]).resolve() == DOCKER / "Dockerfile"
    # health, restart, start order, stop grace
    assert "healthz" in " ".join(gw["healthcheck"]["test"]) and "GOVWATCH_PORT" in " ".join(gw["healthcheck"]["test"])
    assert pg["healthcheck"]["test"]
    assert gw["restart"] in ("always", "unless-stopped", "on-failure") and pg["restart"]
    assert gw["depends_on"]["postgres"]["condition"] == "service_healthy"
    if "migrate" in services:
        assert gw["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services["migrate"]["command"][:2] == ["db", "upgrade"] and "db" in cli_commands()
    command = gw.get("command", ["daemon"])
    assert command[0] == "daemon"
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert gw.get("read_only") is True
    if "--stop-timeout" in command:
        grace = int(str(gw["stop_grace_period"]).rstrip("s"))
        assert grace > float(command[command.index("--stop-timeout") + 1])
    port = env["GOVWATCH_PORT"]
    assert any(str(p).endswith(f":{port}") for p in gw.get("ports", []))
    # published on the host's loopback only
    assert all(str(p).startswith("127.0.0.1:") for p in gw.get("ports", []))
