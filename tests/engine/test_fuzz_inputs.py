"""Random bytes and random YAML, JSON and TOML as seeds, summaries and actors.toml, through
`check`, a reload and a start: never an exception, every problem `file:line: reason` naming a
file that is there, and the other sources still served."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.check import check
from bot.runtime import BriefingStore
from tests.engine.conftest import ROOT, SEED_A, SEED_B, SEEDS

PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<reason>.+)$", re.S)

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
           | st.dates(min_value=dt.date(1, 1, 1)))
values = st.recursive(scalars, lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                      max_leaves=12)
keys = st.sampled_from(["title", "source", "outlet", "url", "published", "Title", "author"]) | st.text(max_size=10)
HOSTILE_FRONT = [
    "title: A: B", "published: 2025-02-30", "published: 2025-13-01", "published: " + "7" * 5000,
    "published: " + "[" * 3000 + "]" * 3000, "a: &a [x, x, x]\nb: &b [*a, *a, *a]\npublished: *b",
    "published: !!python/object:os.system ls", "title: |\n  two\n  lines", "- a list", "{", "published: unknown",
]


def yaml_text(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=None)


front_matter = st.one_of(
    st.dictionaries(keys, values, max_size=5).map(yaml_text),
    st.lists(st.sampled_from(HOSTILE_FRONT), min_size=1, max_size=3).map("\n".join),
    st.text(max_size=200),
)
seed_files = st.one_of(
    st.binary(max_size=300),
    st.tuples(front_matter, st.text(max_size=200)).map(lambda fb: f"---\n{fb[0]}\n---\n{fb[1]}".encode("utf-8", "surrogatepass")),
)


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    return json.dumps(str(v))


toml_values = st.recursive(st.booleans() | st.integers() | st.text(max_size=12),
                           lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3),
                           max_leaves=8)
actor_keys = st.sampled_from(["id", "name", "kind", "aliases", "role", "nmae"])
actors_files = st.one_of(
    st.binary(max_size=200),
    st.lists(st.dictionaries(actor_keys, toml_values, max_size=5), max_size=3).map(
        lambda tables: "".join("[[actor]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in t.items()) for t in tables).encode()),
    st.dictionaries(st.sampled_from(["actor", "x"]), toml_values, max_size=2).map(
        lambda t: "".join(f"{k} = {toml_value(v)}\n" for k, v in t.items()).encode()),
)


def mutated_summary(draw_path, value) -> bytes:
    data = json.loads((SUMMARIES / f"{SEED_A}.json").read_text())
    node = data
    for step in draw_path[:-1]:
        nxt = node.get(step) if isinstance(node, dict) else None
        if not isinstance(nxt, dict | list) or (isinstance(nxt, list) and not nxt):
            break
        node = nxt if isinstance(nxt, dict) else nxt[0]
    if isinstance(node, dict):
        node[draw_path[-1]] = value
    return json.dumps(data, default=str).encode()


summary_files = st.one_of(
    st.binary(max_size=200),
    values.map(lambda v: json.dumps(v, default=str).encode()),
    st.tuples(st.lists(st.sampled_from(["source", "quotes", "provenance", "start", "text", "published",
                                        "sentences", "engine", "reviewed"]), min_size=1, max_size=3), values)
    .map(lambda pv: mutated_summary(*pv)),
    st.integers(100, 3000).map(lambda d: b'{"source": ' + b"[" * d + b"]" * d + b"}"),
)

SUMMARIES = ROOT / "summaries"
CASES = st.fixed_dictionaries({}, optional={"seed": seed_files, "summary": summary_files, "actors": actors_files})


def fresh_folders(root: Path) -> tuple[Path, Path]:
    seeds, out = root / "seeds", root / "summaries"
    shutil.copytree(SEEDS, seeds)
    shutil.copytree(SUMMARIES, out)
    return seeds, out


def assert_named(problems, root: Path) -> None:
    for p in problems:
        m = PROBLEM.match(str(p))
        assert m, str(p)
        assert Path(m["file"]).is_relative_to(root), str(p)
        assert int(m["line"]) >= 1, str(p)
        assert len(p.reason) < 400, p.reason  # nothing expanded into the message


def expected_served(case: dict) -> set[str]:
    """The bundled sources that must be served: both, unless seed A's summary was replaced."""
    return {SEED_B} if "summary" in case else {SEED_A, SEED_B}


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    return fresh_folders(tmp_path_factory.mktemp("fuzz"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(case=CASES)
def test_random_files_never_break_check_reload_or_start(folders, case):
    seeds, out = folders
    root = seeds.parent
    good_summary = (SUMMARIES / f"{SEED_A}.json").read_bytes()
    # A reload's full garbage collection and freeze (memory housekeeping, 100 ms in a test
    # process) would make the examples too slow to be many; what is served does not depend on it.
    with patch.object(BriefingStore, "_collect", lambda self: None):
        store = BriefingStore(seeds, out)
        asyncio.run(store.reload())  # the bot serving the bundled sources
        assert {s.id for s in store.current.sources} == {SEED_A, SEED_B}
        try:
            if "seed" in case:
                (seeds / "fuzz.md").write_bytes(case["seed"])
            if "summary" in case:
                (out / f"{SEED_A}.json").write_bytes(case["summary"])
            if "actors" in case:
                (seeds / "actors.toml").write_bytes(case["actors"])
            run_through(case, seeds, out, store, root)
        finally:
            for stale in [seeds / "fuzz.md", out / "fuzz.json", seeds / "actors.toml"]:
                stale.unlink(missing_ok=True)
            (out / f"{SEED_A}.json").write_bytes(good_summary)


def run_through(case: dict, seeds: Path, out: Path, store: BriefingStore, root: Path) -> None:
    problems = check(seeds, out)
    assert_named(problems, root)
    for p in problems:
        assert Path(p.file).name in {"fuzz.md", f"{SEED_A}.json", "actors.toml"}, str(p)

    outcome = asyncio.run(store.reload())  # /reload: the new briefing, or the previous one kept
    assert_named(outcome.problems, root)
    assert sorted(str(p) for p in outcome.problems if p.fatal) == sorted(str(p) for p in problems if p.fatal)
    served = {s.id for s in store.current.sources}
    assert {SEED_A, SEED_B} <= served if not outcome.ok else expected_served(case) <= served

    started = BriefingStore(seeds, out)  # a start keeps going with whatever can be read
    asyncio.run(started.reload(keep_going=True))
    assert expected_served(case) <= {s.id for s in started.current.sources}
    assert ("fuzz" in {s.id for s in started.current.sources}) == (
        "seed" in case and not any(p.fatal and p.file.endswith("fuzz.md") for p in problems))


HOSTILE_SEEDS = {
    "colon.md": b"---\ntitle: A: B\npublished: unknown\n---\nEnvoys met in Geneva.\n",
    "feb30.md": b"---\npublished: 2025-02-30\n---\nEnvoys met in Geneva.\n",
    "digits.md": b"---\npublished: " + b"9" * 5000 + b"\n---\nEnvoys met.\n",
    "deep.md": b"---\npublished: " + b"[" * 20000 + b"]" * 20000 + b"\n---\nEnvoys met.\n",
    "bomb.md": ("---\na: &a [" + ",".join(['"lol"'] * 9) + "]\n"
                + "".join(f"{x}: &{x} [{','.join([f'*{p}'] * 9)}]\n" for p, x in zip("abcdefgh", "bcdefghi", strict=True))
                + "published: *i\n---\nEnvoys met.\n").encode(),
    "binary.md": b"\x00\x01\x02",
}


@pytest.mark.parametrize("command", ["check", "console"])
def test_the_console_starts_and_check_reports_with_every_hostile_file_at_once(tmp_path, command):
    seeds, out = fresh_folders(tmp_path)
    for name, data in HOSTILE_SEEDS.items():
        (seeds / name).write_bytes(data)
    (seeds / "loop.md").symlink_to("loop.md")
    (seeds / "actors.toml").write_text('[[actor]]\nname = "Recep Tayyip Erdoğan"\naliases = "Erdogan"\n')
    (out / f"{SEED_B}.json").write_text('{"source": ' + "[" * 20000 + "]" * 20000 + "}")
    (tmp_path / "config.toml").write_text("")
    args = ["check", "--seeds", str(seeds), "--summaries", str(out)] if command == "check" else [
        "console", "--config", str(tmp_path / "config.toml"), "--seeds", str(seeds), "--summaries", str(out),
        "--once", "/sources"]
    env = {"PATH": "/usr/bin:/bin", "BOT_PATHS__DATA": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)
    assert "Traceback" not in proc.stderr + proc.stdout
    if command == "check":
        assert proc.returncode == 1
        lines = proc.stdout.splitlines()
        assert all(PROBLEM.match(line) for line in lines), lines
        named = {Path(PROBLEM.match(line)["file"]).name for line in lines}
        assert named == {*HOSTILE_SEEDS, "loop.md", "actors.toml", f"{SEED_B}.json"}
    else:
        assert proc.returncode == 0, proc.stderr
        assert f"`{SEED_A}`" in proc.stdout and "`colon`" in proc.stdout and "`feb30`" in proc.stdout
        assert "actors.toml:3: actor #1: aliases: Input should be a valid list" in proc.stderr
