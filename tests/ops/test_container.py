"""The container image builds and starts to the offline console, where a container engine runs."""

from __future__ import annotations

import shutil
import subprocess
import uuid

import pytest

from tests.bot_fixtures import ROOT


def container_engine() -> str:
    """docker or podman, when installed and answering; otherwise the test is skipped with why."""
    why = []
    for name in ("docker", "podman"):
        path = shutil.which(name)
        if path is None:
            why.append(f"no {name}")
            continue
        try:
            info = subprocess.run([path, "info"], capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            why.append(f"{name} info timed out")
            continue
        if info.returncode == 0:
            return path
        last = (info.stderr.strip().splitlines() or ["no reason given"])[-1]
        why.append(f"{name} does not answer ({last})")
    pytest.skip("no usable container engine: " + "; ".join(why))


def test_the_image_builds_runs_as_a_user_and_answers_in_the_console():
    engine = container_engine()
    tag = f"diplomacy-bot-test:{uuid.uuid4().hex[:12]}"
    build = subprocess.run([engine, "build", "--quiet", "-t", tag, str(ROOT)], capture_output=True, text=True,
                           timeout=1800)
    assert build.returncode == 0, build.stderr[-4000:]
    try:
        run = subprocess.run([engine, "run", "--rm", "--network=none", tag, "console", "--once", "/status"],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-4000:]
        assert "2 sources" in run.stdout
        user = subprocess.run([engine, "run", "--rm", "--entrypoint", "id", tag, "-u"],
                              capture_output=True, text=True, timeout=120)
        assert user.stdout.strip() not in ("", "0"), "the bot must not run as root"
        volumes = subprocess.run([engine, "image", "inspect", "--format", "{{json .Config.Volumes}}", tag],
                                 capture_output=True, text=True, timeout=60)
        for path in ("/app/seeds", "/app/summaries", "/app/data"):
            assert path in volumes.stdout
    finally:
        subprocess.run([engine, "image", "rm", "-f", tag], capture_output=True, timeout=120)
