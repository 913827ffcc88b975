"""The container engine the tests drive: podman (Debian's 4.3 here), or docker where a Docker engine runs.

Podman on this kind of machine needs settings that the tests write into their own containers.conf
(CONTAINERS_CONF, so /etc/containers is left alone): runc instead of crun (crun fails on the hybrid
cgroup setup), rlimits within the host's hard limits (rootful podman asks for 1048576 otherwise), and
builds in the docker format (the OCI format drops HEALTHCHECK). The host's CA bundle is mounted for
the build's RUN steps only, because the TLS path to the package index may be intercepted by a CA that
only the host trusts; the image keeps its own bundle (test_image.py checks that).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HOST_CA = Path("/etc/ssl/certs/ca-certificates.crt")
SYSTEMD_NOISE = "unable to get systemd connection"  # podman without systemd: harmless, once per run/stop


def containers_conf(path: Path) -> Path:
    """Write podman's settings for this machine (idempotent: the same content each time)."""
    nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    nproc = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    nofile = 1048576 if nofile == resource.RLIM_INFINITY else min(nofile, 1048576)
    # podman's own process may run with a lower nproc than the shell's hard limit; 32768 fits both here
    nproc = 32768 if nproc == resource.RLIM_INFINITY else min(nproc, 32768)
    runtime = "runc" if shutil.which("runc") else "crun"
    path.write_text(
        "# written by tests/container/engine.py\n"
        "[containers]\n"
        f'default_ulimits = ["nofile={nofile}:{nofile}", "nproc={nproc}:{nproc}"]\n'
        "[engine]\n"
        f'runtime = "{runtime}"\n',
        encoding="utf-8",
    )
    return path


@dataclass
class Engine:
    """`podman` or `docker`, with the flags this machine needs."""

    name: str
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    @property
    def is_podman(self) -> bool:
        return self.name == "podman"

    def run(self, *args: str, check: bool = True, timeout: float = 600, input: str | None = None,
            ) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([self.name, *args], capture_output=True, text=True, timeout=timeout,
                              env=self.env, input=input)
        if check and proc.returncode != 0:
            raise AssertionError(f"{self.name} {' '.join(args)} exited {proc.returncode}:\n"
                                 f"{proc.stdout[-3000:]}\n{stderr(proc)[-3000:]}")
        return proc

    def build_flags(self) -> list[str]:
        flags = ["--network=host"]
        if self.is_podman:
            flags += ["--format", "docker"]
            if HOST_CA.is_file():
                flags += ["--volume", f"{HOST_CA}:{HOST_CA}:ro"]
        return flags

    def inspect(self, kind: str, name: str) -> dict:
        return json.loads(self.run(kind, "inspect", name).stdout)[0]

    def exists(self, kind: str, name: str) -> bool:
        return self.run(kind, "inspect", name, check=False).returncode == 0

    def remove_container(self, name: str) -> None:
        self.run("rm", "-f", "-v", name, check=False)

    def healthcheck(self, container: str) -> subprocess.CompletedProcess[str]:
        """Run the container's HEALTHCHECK now (podman has no systemd timer here; docker runs it itself)."""
        if self.is_podman:
            return self.run("healthcheck", "run", container, check=False, timeout=60)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            status = self.inspect("container", container)["State"].get("Health", {}).get("Status")
            if status in ("healthy", "unhealthy"):
                return subprocess.CompletedProcess([], 0 if status == "healthy" else 1, status, "")
            time.sleep(1)
        return subprocess.CompletedProcess([], 1, "starting", "")

    def wait_healthy(self, container: str, timeout: float = 120) -> float:
        t0 = time.monotonic()
        while True:
            proc = self.healthcheck(container)
            if proc.returncode == 0:
                return time.monotonic() - t0
            if time.monotonic() - t0 > timeout:
                raise AssertionError(f"{container} never became healthy: {proc.stdout} {stderr(proc)}\n"
                                     + self.run("logs", container, check=False).stderr[-3000:])
            time.sleep(1)


def stderr(proc: subprocess.CompletedProcess[str]) -> str:
    return "\n".join(line for line in (proc.stderr or "").splitlines() if SYSTEMD_NOISE not in line)


def find_engine(conf_dir: Path) -> Engine:
    """podman, else docker with a running engine; None when neither works (the caller fails the test)."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "info"], capture_output=True, timeout=60).returncode == 0:
        return Engine("docker")
    if shutil.which("podman"):
        env = dict(os.environ)
        env["CONTAINERS_CONF"] = str(containers_conf(conf_dir / "containers.conf"))
        return Engine("podman", env)
    raise LookupError("neither podman nor a running Docker engine; `.ci/run` installs podman "
                      "(apt-get install podman mmdebstrap runc; pip install podman-compose)")


def http_status(url: str, timeout: float = 3) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except OSError:
        return None


def wait_http_200(url: str, timeout: float = 60) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if http_status(url) == 200:
            return time.monotonic() - t0
        time.sleep(0.25)
    raise AssertionError(f"GET {url} never answered 200 within {timeout:.0f} s")
