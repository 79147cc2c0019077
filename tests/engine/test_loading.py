"""Loading many summaries: compact sentences, streamed assembly, unchanged sources not re-parsed."""

from __future__ import annotations

import json
import random

import pytest

from bot.engine import briefing as briefing_module
from bot.engine.briefing import assemble, build
from bot.engine.models import Sentence, SourceSummary
from bot.engine.sentencelist import SentenceList
from bot.engine.store import dump_summary, read_summary
from tests.engine.conftest import ROOT, SEEDS, article

COMMITTED = sorted((ROOT / "summaries").glob("0*.json"))


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.stem)
def test_a_summary_reads_back_to_the_same_bytes(path):
    summary = read_summary(path)
    assert isinstance(summary.sentences, SentenceList)
    assert dump_summary(summary) == path.read_text(encoding="utf-8")
    assert SourceSummary.model_validate(json.loads(path.read_bytes())) == summary


def test_sentence_list_is_a_sequence_of_sentences():
    rows = [Sentence(start=0, end=5, text="One."), Sentence(start=6, end=16, text="Two… three")]
    sentences = SentenceList(rows)
    assert list(sentences) == rows and sentences[-1] == rows[1] and sentences[:1] == (rows[0],)
    assert sentences == tuple(rows) and sentences == SentenceList([r.model_dump() for r in rows])
    assert hash(sentences) == hash(SentenceList(rows)) and len(SentenceList()) == 0
    with pytest.raises(IndexError):
        sentences[2]


def test_bad_sentences_name_the_field():
    doc = json.loads(COMMITTED[0].read_bytes())
    doc["sentences"][3] = {"start": 1, "end": 2}
    with pytest.raises(Exception, match=r"sentences\.3\.text"):
        SourceSummary.model_validate_json(json.dumps(doc))


def test_streamed_assembly_in_any_order_gives_the_same_briefing():
    names = ["attribution_after.md", "variants_a.md", "variants_b.md", "dates_weekdays.md", "continuation.md"]
    summaries = [article(n) for n in names]
    expected = assemble(summaries)
    shuffled = summaries[:]
    random.Random(1).shuffle(shuffled)
    assert assemble(iter(shuffled)) == expected
    assert [e.source for e in expected.sentences] == sorted(s.source.id for s in summaries)


def test_an_unchanged_source_is_not_parsed_again(tmp_path, monkeypatch):
    out = tmp_path / "summaries"
    first = build(SEEDS, out, write=True)
    assert len(first.summarized) == 2

    def parse(*args, **kwargs):
        raise AssertionError("parsed an unchanged source")

    monkeypatch.setattr(briefing_module, "parse_source", parse)
    again = build(SEEDS, out)
    assert len(again.reused) == 2 and again.briefing.quotes == first.briefing.quotes
