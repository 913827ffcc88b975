"""The project's own files install and name what tests/container/ needs (fast, static checks)."""

from __future__ import annotations

import re

import yaml

from tests.container.conftest import IMAGE, POSTGRES, PYTHON_BUILD, PYTHON_SLIM
from tests.container.test_compose import OVERRIDE
from tests.daemon.helpers import ROOT


def test_ci_installs_the_container_tools_before_the_tests() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    section = ci[ci.index("--- containers (issue 13)"):ci.index("--- end containers")]
    installs = " ".join(re.findall(r"apt-get .*install .*", section))
    for package in ("podman", "runc", "mmdebstrap"):
        assert re.search(rf"\b{package}\b", installs), f".ci/run does not install {package}"
    assert re.search(r"pip install .*podman-compose", section)
    assert ci.index("--- end containers") < ci.rindex("python -m pytest")


def test_the_stand_in_names_agree() -> None:
    script = (ROOT / "docker" / "standin" / "build-bases.sh").read_text(encoding="utf-8")
    for name in (PYTHON_BUILD, PYTHON_SLIM, POSTGRES):
        assert f"={name}\n" in script, f"build-bases.sh does not make {name}"
    services = yaml.safe_load(OVERRIDE.read_text(encoding="utf-8"))["services"]
    assert services["postgres"]["image"] == POSTGRES
    assert services["migrate"]["build"]["args"] == {"PYTHON_IMAGE": PYTHON_BUILD, "RUNTIME_IMAGE": PYTHON_SLIM}
    assert services["migrate"]["image"] == services["govwatch"]["image"] != IMAGE  # its own tag, built by compose
