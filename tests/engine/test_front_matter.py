"""Front matter as people write it: read when it can be read, a warning `file:line: …` otherwise."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from bot.engine.briefing import build
from bot.engine.check import check
from tests.engine.conftest import SEEDS
from tests.engine.test_cli import run

BODY = "Zelensky said on Monday that he was ready to meet Putin in Istanbul.\n"
BOMB = (
    '---\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{x}: &{x} [{','.join([f'*{p}'] * 9)}]\n" for p, x in zip("abcdefgh", "bcdefghi", strict=True))
    + "published: *i\n---\n" + BODY
)


@pytest.fixture
def seeds(tmp_path):
    d = tmp_path / "seeds"
    shutil.copytree(SEEDS, d)
    return d


def served(seeds, name: str, text: str):
    """Build with one more seed; that seed must be served. Returns it and its problems."""
    (seeds / name).write_text(text, encoding="utf-8")
    result = build(seeds)
    mine = [p for p in result.problems if p.file == str(seeds / name)]
    assert not [p for p in mine if p.fatal], mine
    source = next(s for s in result.briefing.sources if s.id == name.removesuffix(".md"))
    assert len(result.briefing.sources) == 3
    return source, [f"{p.line}: {p.reason}" for p in mine]


def test_a_title_with_a_colon_is_read_as_plain_lines_with_a_warning(seeds):
    source, problems = served(
        seeds, "colon.md",
        "---\ntitle: Talks: what we know\nsource: Wire\npublished: 2025-05-12\n---\n" + BODY,
    )
    assert source.title == "Talks: what we know"
    assert source.outlet == "Wire"
    assert source.published == dt.date(2025, 5, 12)
    assert problems == [
        "2: front matter: not valid YAML (mapping values are not allowed in this context); "
        "read as plain key: value lines"
    ]


def test_plain_lines_keep_quoted_values_and_continued_lines(seeds):
    source, problems = served(
        seeds, "plain.md",
        '---\ntitle: "A: B"\n  and more\nurl: \'https://example.org/a\'\nnot a pair\n---\n' + BODY,
    )
    assert source.title == "A: B and more"
    assert source.url == "https://example.org/a"
    assert problems[1:] == ["5: front matter: not a key: value line; ignored"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("unknown", "'unknown'"),
        ("2025-02-30", "'2025-02-30'"),
        ("2025-13-01", "'2025-13-01'"),
        ("9" * 5000, "'" + "9" * 40 + "…'"),
        ("May 5th", "'May 5th'"),
    ],
)
def test_a_published_that_is_not_a_date_is_a_warning_and_the_date_is_unknown(seeds, value, shown):
    source, problems = served(seeds, "date.md", f"---\ntitle: T\npublished: {value}\n---\n" + BODY)
    assert source.published is None
    assert source.title == "T"
    assert problems == [f"3: front matter: published is not a date as YYYY-MM-DD ({shown}); the date is unknown"]


def test_a_timestamp_gives_its_day(seeds):
    source, problems = served(seeds, "stamp.md", "---\npublished: 2025-05-12T09:30:00Z\n---\n" + BODY)
    assert source.published == dt.date(2025, 5, 12)
    assert problems == []


def test_a_deep_list_is_not_walked(seeds):
    depth = 8000  # within the front matter's size limit
    source, problems = served(seeds, "deep.md", "---\npublished: " + "[" * depth + "]" * depth + "\n---\n" + BODY)
    assert source.published is None
    assert problems[0] == "2: front matter: nested more than 4 levels; read as plain key: value lines"
    assert all(len(p) < 200 for p in problems)


def test_front_matter_over_its_size_limit_is_read_as_plain_lines(seeds):
    source, problems = served(seeds, "huge.md", "---\npublished: " + "[" * 20000 + "]" * 20000 + "\n---\n" + BODY)
    assert source.published is None
    assert problems[0] == "2: front matter: 40,012 bytes, more than the 16,384 bytes read as YAML; read as plain key: value lines"
    assert len(problems) == 2 and all(len(p) < 200 for p in problems)


def test_an_alias_bomb_is_never_expanded(seeds):
    source, problems = served(seeds, "bomb.md", BOMB)
    assert source.published is None
    assert problems[0] == "2: front matter: YAML anchors and aliases are not allowed; read as plain key: value lines"
    assert "published is not a date as YYYY-MM-DD ('*i')" in problems[-1]
    assert len(problems) <= 8 and all(len(p) < 200 for p in problems)


def test_unknown_keys_and_lists_are_warnings(seeds):
    source, problems = served(
        seeds, "keys.md", "---\nTitle: T\nauthor: Someone\ntags: [a, b]\nsource: [x]\n---\n" + BODY,
    )
    assert source.title == "T" and source.outlet is None
    assert problems == [
        "5: front matter: 'source' must be text, not a list or mapping; ignored",
        "3: front matter: unknown keys 'author', 'tags' ignored (known: outlet, published, source, title, url)",
    ]


def test_export_exits_0_with_warnings_and_1_when_a_file_cannot_be_read(seeds):
    (seeds / "colon.md").write_text("---\ntitle: A: B\npublished: unknown\n---\n" + BODY)
    proc = run("export", "--seeds", str(seeds))
    assert proc.returncode == 0, proc.stderr
    assert f"warning: {seeds / 'colon.md'}:2: front matter: not valid YAML" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "colon" in [s["id"] for s in json.loads(proc.stdout)["sources"]]
    (seeds / "latin1.md").write_bytes("Caf\u00e9 talks.\n".encode("latin-1"))
    proc = run("export", "--seeds", str(seeds))
    assert proc.returncode == 1
    assert f"error: {seeds / 'latin1.md'}:1: not valid UTF-8" in proc.stderr
    assert len(json.loads(proc.stdout)["sources"]) == 3


def test_check_counts_front_matter_warnings_as_warnings(seeds):
    (seeds / "colon.md").write_text("---\ntitle: A: B\n---\n" + BODY)
    problems = check(seeds, None)
    assert [p.fatal for p in problems] == [False]
    proc = run("check", "--seeds", str(seeds), "--summaries", str(seeds.parent / "summaries"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == "0 problems, 1 warning\n"
