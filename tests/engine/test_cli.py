"""The public commands: names, flags, JSON fields and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.engine.conftest import ROOT, SEED_A, SEED_B, SEEDS


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_export_document_shape():
    proc = run("export", "--seeds", str(SEEDS))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [s["id"] for s in doc["sources"]] == [SEED_A, SEED_B]
    assert doc["sources"][0]["published"] == "2025-05-12"
    assert set(doc["quotes"][0]) >= {"id", "speaker", "speaker_name", "text", "partial", "said_on", "sources"}
    assert set(doc["events"][0]) >= {"id", "date", "date_precision", "place", "summary", "actors", "status", "sources"}
    assert set(doc["actors"][0]) >= {"id", "name", "aliases", "role"}
    actor_ids = {a["id"] for a in doc["actors"]}
    assert all(q["speaker"] in actor_ids for q in doc["quotes"])
    talks = [e for e in doc["events"] if e["date"] == "2025-05-15"]
    assert talks[0]["place"] == "Istanbul" and talks[0]["status"] == "planned"


def test_ask_json_answers_with_citations_or_says_so():
    proc = run(
        "ask", "--seeds", str(SEEDS), "--json",
        "Where will the talks take place?", "When will Zelensky meet Putin?",
        "Who will host the talks?", "Who won the football World Cup?",
    )
    assert proc.returncode == 0, proc.stderr
    where, when, who, none = (json.loads(line) for line in proc.stdout.splitlines())
    assert where["answer"] == "Istanbul" and where["citations"]
    assert all("Istanbul" in c["text"] for c in where["citations"])
    assert "2025-05-15" in when["answer"] and when["citations"]
    assert who["answer"].startswith("Erdogan") and "would host the talks" in who["citations"][0]["text"]
    assert none == {"question": "Who won the football World Cup?", "answer": "The sources do not say.", "citations": []}


def test_ask_bridges_spellings_and_synonyms():
    proc = run("ask", "--seeds", str(SEEDS), "--json", "Where will the cease-fire talks be held?", "When will Zelenskyy travel?")
    held, travel = (json.loads(line) for line in proc.stdout.splitlines())
    assert held["answer"] == "Istanbul"
    assert "2025-05-15" in travel["answer"]


def test_summarize_then_check(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    out = tmp_path / "summaries"
    first = run("summarize", "--seeds", str(seeds), "--out", str(out))
    assert first.returncode == 0 and "2 summarized, 0 unchanged" in first.stdout
    second = run("summarize", "--seeds", str(seeds), "--out", str(out))
    assert "0 summarized, 2 unchanged" in second.stdout
    ok = run("check", "--seeds", str(seeds), "--summaries", str(out))
    assert ok.returncode == 0 and ok.stdout == ""
    (seeds / "broken.md").write_bytes(b"---\ntitle: [x\nText.\n")
    bad = run("check", "--seeds", str(seeds), "--summaries", str(out))
    assert bad.returncode == 1
    assert bad.stdout.startswith(f"{seeds / 'broken.md'}:1: front matter opened with '---' is never closed")


def test_committed_schema_matches_the_models():
    from bot.engine.store import schema_json

    assert (ROOT / "summaries" / "summary.schema.json").read_text() == schema_json()


def test_committed_summaries_are_current(tmp_path):
    out = tmp_path / "fresh"
    assert run("summarize", "--seeds", str(SEEDS), "--out", str(out)).returncode == 0
    for fresh in out.glob("*.json"):
        assert (ROOT / "summaries" / fresh.name).read_bytes() == fresh.read_bytes(), fresh.name
