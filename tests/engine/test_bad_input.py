"""Bad files give a clear `file:line: reason`; the other files still load; nothing crashes."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.briefing import build
from bot.engine.problems import SourceError
from bot.engine.sources import parse_source
from bot.engine.store import write_summary
from bot.engine.summarize import summarize
from tests.engine.conftest import SEEDS


@pytest.fixture
def seeds(tmp_path):
    d = tmp_path / "seeds"
    shutil.copytree(SEEDS, d)
    return d


def messages(result):
    return [str(p) for p in result.problems]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("unclosed.md", b"---\ntitle: A\nBody without a closing fence.\n", "unclosed.md:1: front matter opened with '---' is never closed"),
        ("latin1.md", "Line one.\nCaf\u00e9 society.\n".encode("latin-1"), "latin1.md:2: not valid UTF-8 (byte 0xe9"),
        ("empty.md", b"", "empty.md:1: empty file: no article text"),
        ("blank.md", b"   \n\n", "blank.md:1: empty file"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary.md:1: binary file"),
        ("only_front.md", b"---\ntitle: A\n---\n", "only_front.md:4: no article text after the front matter"),
    ],
)
def test_bad_file_is_named_and_others_still_load(seeds, name, data, expected):
    (seeds / name).write_bytes(data)
    result = build(seeds)
    assert any(expected in m for m in messages(result)), messages(result)
    assert all(m.startswith(str(seeds / name)) for m in messages(result) if expected in m)
    assert len(result.briefing.sources) == 2  # both seeds still served
    assert len(result.briefing.quotes) == 8


def test_huge_file_is_refused_without_reading_it(seeds):
    big = seeds / "huge.md"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    result = build(seeds)
    assert any("huge.md:1: file is 52,428,800 bytes; the limit is" in m for m in messages(result))
    assert len(result.briefing.sources) == 2


def test_unbalanced_quotation_mark_is_a_warning_not_a_crash(seeds):
    (seeds / "odd.md").write_text(
        "---\npublished: 2025-05-12\n---\n“This never closes, said Someone.\nAnother line, “fine,” he said.\n",
        encoding="utf-8",
    )
    result = build(seeds)
    warn = [p for p in result.problems if p.file == str(seeds / "odd.md")]
    assert [str(p).split(": ", 1)[1] for p in warn] == ["unbalanced quotation mark; that quotation is skipped"]
    assert warn[0].line == 4 and not warn[0].fatal
    assert len(result.briefing.sources) == 3


def test_summary_that_fails_the_schema(seeds, tmp_path):
    out = tmp_path / "summaries"
    result = build(seeds, out, write=True)
    assert sorted(p.name for p in out.iterdir()) == ["000_353006ad1c53f48c.json", "002_8e5d6f9d2557a0da.json"]
    target = out / "002_8e5d6f9d2557a0da.json"
    target.write_text(target.read_text().replace('"partial": false', '"partial": "maybe"', 1))
    result = build(seeds, out)
    (problem,) = result.fatal
    assert str(problem).startswith(f"{target}:")
    assert "does not match the summary schema: quotes.1.partial" in problem.reason
    assert problem.line > 1
    target.write_text("{ not json")
    (problem,) = build(seeds, out).fatal
    assert "does not match the summary schema" in problem.reason
    assert len(build(seeds, out).briefing.sources) == 1


def test_reviewed_summary_is_never_overwritten(seeds, tmp_path):
    out = tmp_path / "summaries"
    build(seeds, out, write=True)
    path = out / "000_353006ad1c53f48c.json"
    from bot.engine.store import read_summary

    reviewed = read_summary(path).model_copy(update={"reviewed": True, "key_points": ()})
    write_summary(out, reviewed)
    before = path.read_bytes()
    with (seeds / "000_353006ad1c53f48c.md").open("a", encoding="utf-8") as fh:
        fh.write("\nA new closing line was added by the outlet.\n")
    result = build(seeds, out, write=True)
    assert path.read_bytes() == before
    assert result.kept_reviewed == ["000_353006ad1c53f48c"]
    assert any("an editor reviewed this summary" in m for m in messages(result))


def test_unchanged_sources_are_skipped(seeds, tmp_path):
    out = tmp_path / "summaries"
    first = build(seeds, out, write=True)
    assert sorted(first.summarized) == ["000_353006ad1c53f48c", "002_8e5d6f9d2557a0da"]
    second = build(seeds, out, write=True)
    assert second.summarized == [] and len(second.reused) == 2


def test_same_seeds_give_byte_identical_summaries(seeds, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build(seeds, a, write=True)
    build(seeds, b, write=True)
    for f in a.iterdir():
        assert f.read_bytes() == (b / f.name).read_bytes()


def test_bad_actors_file(seeds):
    (seeds / "actors.toml").write_text("[[actor]]\nname = \n", encoding="utf-8")
    result = build(seeds)
    assert any("actors.toml:2: not valid TOML" in m for m in messages(result))
    assert len(result.briefing.quotes) == 8


def test_known_actors_give_ids_and_aliases(seeds):
    (seeds / "actors.toml").write_text(
        '[[actor]]\nid = "recep-tayyip-erdogan"\nname = "Recep Tayyip Erdoğan"\n'
        'aliases = ["Erdogan", "Erdoğan"]\nrole = "President of Turkey"\n',
        encoding="utf-8",
    )
    b = build(seeds).briefing
    actor = b.actor("recep-tayyip-erdogan")
    assert actor is not None and actor.role == "President of Turkey"
    talks = next(e for e in b.events if e.place == "Istanbul")
    assert talks.host == "recep-tayyip-erdogan"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_give_a_summary_or_a_clear_error(data):
    try:
        raw = parse_source(data, "fuzz", "fuzz.md")
    except SourceError as exc:
        assert str(exc).startswith("fuzz.md:")
        return
    summarize(raw)


QUOTE_CHARS = st.sampled_from([*list("“”‘’\"'«» .,:;!?\n-—"), "said", " he ", "Trump", "Monday", "---\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(QUOTE_CHARS, st.text(max_size=8)), max_size=60).map("".join))
def test_any_text_with_marks_never_crashes(text):
    try:
        raw = parse_source(("---\npublished: 2025-05-12\n---\n" + text).encode("utf-8", "replace"), "fuzz", "fuzz.md")
    except SourceError:
        return
    summary = summarize(raw)
    for q in summary.quotes:
        assert q.text and q.provenance[0].start <= q.provenance[0].end
