"""`python -m benchmarks.quality`: how the development set is scored (not the engine's figures)."""

from __future__ import annotations

import json

from benchmarks.quality import Article, Scorer, answer_right, main, names_match, summarize

GOLD = {
    "quotes": [
        {"text": "We agreed to meet again within a month.", "speaker": "Anna Berg", "partial": False},
        {"text": "constructive", "speaker": "Anna Berg", "partial": True},
        {"text": "a fair deal", "speaker": "Piet Kral", "partial": True},
    ],
    "events": [
        {"evidence": "met in Valletta on Monday", "date": "2025-06-09", "precision": "day", "event_key": "valletta"},
        {"evidence": "will meet again on 1 July", "date": "2025-07-01", "precision": "day", "status": "planned"},
    ],
    "noise": ["John Smith", {"text": "Photo:"}],
}


def _prov(source, sentence):
    return [{"source": source, "start": 0, "end": len(sentence), "sentence": sentence}]


def _doc():
    met = "Envoys met in Valletta on Monday and will meet again on 1 July."
    return {
        "actors": [
            {"id": "anna-berg", "name": "Anna Berg", "aliases": ["Berg"], "role": None, "kind": "person"},
            {"id": "john-smith", "name": "John Smith", "aliases": [], "role": None, "kind": "person"},
        ],
        "quotes": [
            {"id": "q1", "speaker": "anna-berg", "speaker_name": "Anna Berg",
             "text": "We agreed to meet again within a month,", "sources": ["a", "b"]},
            {"id": "q2", "speaker": "john-smith", "speaker_name": "John Smith", "text": "a fair deal", "sources": ["a"]},
            {"id": "q3", "speaker": None, "speaker_name": None, "text": "Talks", "sources": ["a"]},
        ],
        # One event folds the two actions of the sentence; page b tells the meeting too.
        "events": [
            {"id": "e1", "date": "2025-06-09", "date_precision": "day", "summary": met, "actors": ["john-smith"],
             "host": None, "status": "occurred", "sources": ["a", "b"],
             "provenance": _prov("a", met) + _prov("b", "The envoys met in Valletta on Monday.")},
        ],
        "key_points": [{"text": "Photo: John Smith", "score": 1.0, "sources": ["a"]}],
    }


def test_quotes_events_merges_and_noise_are_scored_one_to_one():
    scorer, art = Scorer(_doc()), Article("a")
    scorer.quotes(art, GOLD)
    scorer.events(art, GOLD)
    scorer.noise(art, GOLD)
    other = Article("b")
    scorer.events(other, {"events": [GOLD["events"][0] | {"evidence": "The envoys met in Valletta on Monday"}]})
    merges, _ = scorer.merges()
    result = summarize([art], merges, [], [])["metrics"]
    assert (result["quote_precision"], result["quote_recall"]) == (2 / 3, 1.0)
    assert result["partial_recall"] == 0.5 and result["speaker_accuracy"] == 0.5
    assert result["event_recall"] == 0.5 and result["date_precision"] == 1.0
    assert (result["merges"], result["merge_pairs"]) == (1.0, 1)
    assert result["noise"] == 2
    assert "missed event 2025-07-01 'will meet again on 1 July'" in art.errors
    assert any(e.startswith("wrong speaker 'John Smith'") for e in art.errors)


def test_speaker_names_and_answer_keys():
    assert names_match("Volodymyr Zelensky", "Zelenskyy")
    assert names_match("Abdullah bin Zayed Al Nahyan", "H.H. Sheikh Abdullah")
    assert not names_match("Kremlin", "Kremlin aide Yury Ushakov")
    assert not names_match("Donald Trump", "Donald Tusk")
    assert names_match(None, None) and not names_match(None, "Anna Berg")
    assert answer_right({"date": "2025-05-16"}, "On Friday 16 May 2025 (2025-05-16)")
    assert answer_right({"answer": [["270", "120"]]}, "They swapped 270 soldiers and 120 civilians.")
    assert not answer_right({"answer": [["270", "120"]]}, "They swapped 270 soldiers.")
    assert not answer_right({"answer": ["two parts"], "forbid": ["Putin said"]}, "It has two parts. Putin said no.")


ARTICLE = """---
title: Envoys meet in Valletta
source: Test Wire
published: 2025-06-10
---
Envoys of Ruritania and Freedonia met in Valletta on Monday, June 9, the foreign ministry said.
"We agreed to meet again within a month," said Ruritanian envoy Anna Berg.
"""

ARTICLE_GOLD = """id: valletta
published: 2025-06-10
quotes:
  - {text: "We agreed to meet again within a month,", speaker: Anna Berg, partial: false}
events:
  - {evidence: "met in Valletta on Monday, June 9", date: 2025-06-09, precision: day, status: occurred}
questions:
  - {q: "What did Anna Berg say?", answer: [meet again]}
  - {q: "What did the Secretary-General of the United Nations say about the Valletta talks?", unanswerable: true}
noise: [Test Wire]
"""


def test_the_command_runs_the_engine_and_prints_json(tmp_path, capsys):
    pages, gold = tmp_path / "pages", tmp_path / "gold"
    pages.mkdir(), gold.mkdir()
    (pages / "valletta.md").write_text(ARTICLE, encoding="utf-8")
    (gold / "valletta.yaml").write_text(ARTICLE_GOLD, encoding="utf-8")
    assert main(["--pages", str(pages), "--gold", str(gold), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    row = result["articles"][0]
    assert row["id"] == "valletta" and row["quotes_gold"] == 1
    assert row["ask"][1] == 2 and result["metrics"]["questions"] == 2 and result["metrics"]["unanswerable"] == 1
    assert row["recall_full"] == [1, 1], row["errors"]
