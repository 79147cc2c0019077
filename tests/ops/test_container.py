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


def base_images() -> set[str]:
    return {line.split()[1] for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("FROM ")}


def have_base_images(engine: str) -> None:
    """Pulled when missing; a machine that cannot reach the image registry skips, saying so."""
    for image in base_images():
        present = subprocess.run([engine, "image", "inspect", image], capture_output=True, timeout=60)
        if present.returncode == 0:
            continue
        pull = subprocess.run([engine, "pull", image], capture_output=True, text=True, timeout=900)
        if pull.returncode != 0:
            last = (pull.stderr.strip().splitlines() or ["no reason given"])[-1]
            pytest.skip(f"the base image {image} cannot be pulled: {last}")


def test_the_image_builds_runs_as_a_user_and_answers_in_the_console():
    engine = container_engine()
    have_base_images(engine)
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
