"""Session fixtures for the container tests: the engine, the stand-in base images, the built image.

These tests build docker/Dockerfile and run the image and docker/compose.yaml for real. Where the engine
or its tools are missing they fail (`.ci/run` installs them); they never skip. Timings and sizes are
measured and printed in pytest's summary ("container measurements"), never asserted, except the image
size, which has a target (200 MB on the stand-in base).

Environment:
  GOVWATCH_CONTAINER_CACHE=1   reuse cached build layers (default: the session builds without cache,
                               so the printed build time is a real one)
"""

from __future__ import annotations

import os
import subprocess
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.container.engine import Engine, find_engine
from tests.daemon.helpers import ROOT

PYTHON_BUILD = "localhost/govwatch-standin/python-build:3.11"
PYTHON_SLIM = "localhost/govwatch-standin/python-slim:3.11"
POSTGRES = "localhost/govwatch-standin/postgres:15"
IMAGE = "localhost/govwatch-test:latest"
#: measurements printed at the end of the run
MEASURED: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if MEASURED:
        terminalreporter.section("container measurements")
        for key, value in MEASURED.items():
            terminalreporter.write_line(f"{key}: {value}")


def timed(key: str, t0: float) -> float:
    elapsed = time.monotonic() - t0
    MEASURED[key] = f"{elapsed:.1f} s"
    return elapsed


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    try:
        return find_engine(tmp_path_factory.mktemp("engine"))
    except LookupError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def standin_bases(engine: Engine) -> dict[str, str]:
    """The Debian-made stand-ins for python:3.11-slim and postgres:16 (kept between runs: a rerun only
    checks their recipe label)."""
    t0 = time.monotonic()
    proc = subprocess.run(["bash", str(ROOT / "docker" / "standin" / "build-bases.sh")], capture_output=True,
                          text=True, timeout=1800, env={**engine.env, "ENGINE": engine.name})
    assert proc.returncode == 0, f"build-bases.sh failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    timed("stand-in base images (mmdebstrap, or reused when current)", t0)
    for image in (PYTHON_BUILD, PYTHON_SLIM, POSTGRES):
        MEASURED[f"size of {image}"] = f"{engine.inspect('image', image)['Size'] / 1e6:.1f} MB"
    return {"python_build": PYTHON_BUILD, "python_slim": PYTHON_SLIM, "postgres": POSTGRES}


def build_args(bases: dict[str, str]) -> list[str]:
    return ["--build-arg", f"PYTHON_IMAGE={bases['python_build']}",
            "--build-arg", f"RUNTIME_IMAGE={bases['python_slim']}"]


@pytest.fixture(scope="session")
def image(engine: Engine, standin_bases: dict[str, str]) -> Iterator[str]:
    """localhost/govwatch-test:latest, built from docker/Dockerfile (from scratch unless
    GOVWATCH_CONTAINER_CACHE=1) on the stand-in bases. At the end of the session the untagged images
    made from the stand-ins (build stages, replaced tags) are removed, so reruns do not fill the disk."""
    cache = [] if os.environ.get("GOVWATCH_CONTAINER_CACHE") == "1" else ["--no-cache"]
    t0 = time.monotonic()
    engine.run("build", *engine.build_flags(), *cache, *build_args(standin_bases),
               "-f", str(ROOT / "docker" / "Dockerfile"), "-t", IMAGE, str(ROOT), timeout=1800)
    timed("image build" + (" (cached layers)" if not cache else " (no cache)"), t0)
    MEASURED["image size"] = f"{engine.inspect('image', IMAGE)['Size'] / 1e6:.1f} MB"
    yield IMAGE
    # dangling images that carry the stand-ins' label: only ones these tests (or build-bases.sh) made
    engine.run("image", "prune", "-f", "--filter", "label=govwatch.standin.recipe", check=False)


@pytest.fixture(scope="session")
def image_tar(engine: Engine, image: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The image's filesystem as a tar (`export` of a created, never started container)."""
    name = f"gwtest-export-{os.getpid()}"
    engine.remove_container(name)
    engine.run("create", "--name", name, image)
    path = tmp_path_factory.mktemp("export") / "rootfs.tar"
    try:
        engine.run("export", "-o", str(path), name)
    finally:
        engine.remove_container(name)
    yield path
    path.unlink(missing_ok=True)


def open_rootfs(path: Path) -> tarfile.TarFile:
    """The exported filesystem, to use in a `with` block."""
    return tarfile.open(path)
