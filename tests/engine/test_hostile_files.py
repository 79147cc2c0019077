"""Files made to break the reader: links, wrong types, deep nesting. Each is that file's problem."""

from __future__ import annotations

import os
import shutil

import pytest

from bot.engine import briefing as briefing_module
from bot.engine.briefing import build
from tests.engine.conftest import SEED_A, SEEDS
from tests.engine.test_cli import run

LINK = "a symbolic link; only regular files are read (put the file itself here)"


@pytest.fixture
def seeds(tmp_path):
    d = tmp_path / "seeds"
    shutil.copytree(SEEDS, d)
    return d


def fatal(result) -> list[str]:
    return [str(p) for p in result.fatal]


@pytest.mark.parametrize("target", ["/etc/passwd", "loop.md", "missing.md"])
def test_a_symbolic_link_in_seeds_is_refused_and_the_others_served(seeds, target):
    os.symlink(target, seeds / "loop.md" if target == "loop.md" else seeds / "p.md")
    name = "loop.md" if target == "loop.md" else "p.md"
    result = build(seeds)
    assert fatal(result) == [f"{seeds / name}:1: {LINK}"]
    assert len(result.briefing.sources) == 2
    assert all("root:" not in s.title for s in result.briefing.sources)


def test_links_in_summaries_and_actors_file_are_refused(seeds, tmp_path):
    out = tmp_path / "summaries"
    build(seeds, out, write=True)
    stored = out / f"{SEED_A}.json"
    stored.unlink()
    os.symlink(stored.name, stored)  # a loop
    os.symlink("/etc/hostname", seeds / "actors.toml")
    result = build(seeds, out, write=True)
    assert sorted(fatal(result)) == [f"{seeds / 'actors.toml'}:1: {LINK}", f"{stored}:1: {LINK}"]
    assert os.path.islink(stored)  # never written through, nor replaced
    assert len(result.briefing.sources) == 1


def test_check_reports_a_link_loop_without_a_traceback(seeds, tmp_path):
    os.symlink("loop.md", seeds / "loop.md")
    proc = run("check", "--seeds", str(seeds), "--summaries", str(tmp_path / "none"))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [f"{seeds / 'loop.md'}:1: {LINK}"]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("actor = 5\n", "actors.toml:1: actor: Input should be a valid list"),
        ("[[actor]]\nid = \"x\"\nname = 5\n", "actors.toml:3: actor #1: name: Input should be a valid string"),
        ("[[actor]]\nname = \"Recep Tayyip Erdoğan\"\naliases = \"Erdogan\"\n",
         "actors.toml:3: actor #1: aliases: Input should be a valid list"),
        ("[[actor]]\nname = \"Anna\"\n\n[[actor]]\nname = \"Boris\"\naliases = [\"Bo\", 3]\n",
         "actors.toml:6: actor #2: aliases #2: Input should be a valid string"),
        ("[[actor]]\nname = \"Anna\"\nkind = \"cat\"\n",
         "actors.toml:3: actor #1: kind: Input should be 'person' or 'organization'"),
        ("[[actor]]\nname = \"Anna\"\nnmae = \"B\"\n", "actors.toml:3: actor #1: nmae: Extra inputs are not permitted"),
        ("[[actor]]\nrole = \"x\"\n", "actors.toml:1: actor #1: name: Field required"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "actors.toml:1: not valid TOML: nested too deeply"),
    ],
)
def test_actors_file_is_checked_by_its_model(seeds, toml, expected):
    (seeds / "actors.toml").write_text(toml, encoding="utf-8")
    result = build(seeds)
    assert fatal(result) == [f"{seeds}/{expected}"]
    assert len(result.briefing.sources) == 2
    assert len(result.briefing.quotes) == 8


def test_a_deeply_nested_summary_is_named_with_its_line(seeds, tmp_path):
    out = tmp_path / "summaries"
    build(seeds, out, write=True)
    stored = out / f"{SEED_A}.json"
    stored.write_text('{\n"schema_version": 1,\n"source": ' + "[" * 20000 + "]" * 20000 + "\n}\n")
    result = build(seeds, out)
    (problem,) = result.fatal
    assert problem.file == str(stored) and problem.line == 3
    assert "recursion limit exceeded" in problem.reason
    assert len(result.briefing.sources) == 1


def test_an_error_nobody_foresaw_is_that_files_problem(seeds, monkeypatch):
    real = briefing_module.summarize

    def breaks_on_one(raw, known=()):
        if raw.id == SEED_A:
            raise RecursionError("maximum recursion depth exceeded")
        return real(raw, known)

    monkeypatch.setattr(briefing_module, "summarize", breaks_on_one)
    result = build(seeds)
    assert fatal(result) == [f"{seeds / (SEED_A + '.md')}:1: nested too deeply to read"]
    assert [s.id for s in result.briefing.sources] == ["002_8e5d6f9d2557a0da"]
    assert result.summarized == ["002_8e5d6f9d2557a0da"]


def test_a_seeds_folder_that_cannot_be_listed_is_named(seeds, monkeypatch):
    from bot.engine import sources

    def refused(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(sources.os, "scandir", refused)  # what an unreadable folder gives (tests run as root)
    result = build(seeds)
    assert fatal(result) == [f"{seeds}:1: cannot read folder: Permission denied"]


@pytest.mark.parametrize(("body", "line", "reason"), [
    ('[[actor]]\nname = "Recep Erdogan"\naliases = ["a"]\n', 3,
     "actor #1: aliases: 'a' is not a name (it needs at least two letters)"),
    ('[[actor]]\nname = "!!!"\n', 2, "actor #1: name: '!!!' is not a name (it needs at least two letters)"),
    ('[[actor]]\nname = "Recep Erdogan"\naliases = ["Erdogan", " "]\n', 3,
     "actor #1: aliases: '' is not a name (it needs at least two letters)"),
    ('[[actor]]\nid = "erdogan"\nname = "Recep Erdogan"\n\n[[actor]]\nid = "erdogan"\nname = "Tayyip Erdogan"\n', 6,
     "actor #2: the id 'erdogan' is another actor's too: give each its own id"),
])
def test_actors_toml_entries_that_would_match_nobody_or_twice_are_refused(tmp_path, body, line, reason):
    from bot.engine.actors_file import load_known_actors
    from bot.engine.problems import SourceError

    path = tmp_path / "actors.toml"
    path.write_text(body)
    with pytest.raises(SourceError) as caught:
        load_known_actors(path)
    assert (caught.value.problem.line, caught.value.problem.reason) == (line, reason)
