"""Engine quality on the real-news development set: quotes, speakers, dated events, merges, /ask, noise.

    python -m benchmarks.quality [--pages DIR] [--gold DIR] [--errors] [--json]
    python /abs/path/benchmarks/quality.py --pages DIR --gold DIR      (from any worktree)

The engine runs exactly as users and the evaluation run it, as subprocesses of the current
Python in the current directory: `python -m bot export --seeds DIR` once, then
`python -m bot ask --seeds DIR --json Q…` with every question. So from another worktree this
scores that worktree's engine. Gold is benchmarks/devset/gold/<page id>.yaml (see its README).

Scoring (matching is on normalized text: case, accents, quotation marks, dashes, spacing):
- quotes: a gold quote is found when an engine quote of that page scores rapidfuzz ratio >= 90
  (one to one, best first). Precision = engine quotes matching a gold quote (full or partial) /
  engine quotes; recall and F1 over gold full quotes; partial recall over gold partial quotes.
- speaker accuracy: found quotes whose engine speaker is the gold speaker (name, alias or surname).
- events: a gold event is found when an engine event of that page was read from the sentence
  holding the gold `evidence` (one engine event per gold event: folded events lose recall).
  Date precision: found events whose date is the gold date at the gold precision.
- merges: pairs of pages telling one real event (same `event_key`) found as one engine event.
- /ask: right = an answerable question answered with its key (and none of its `forbid` words),
  or an unanswerable one answered "The sources do not say.".
- noise: gold noise strings seen as an actor, a speaker, a quote, an event or a key point.
Not part of `make test`: the pages are third-party text outside git.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

HERE = Path(__file__).resolve().parent
PAGES = HERE / "devset" / "pages"
GOLD = HERE / "devset" / "gold"
NO_ANSWER = "The sources do not say."
QUOTE_MATCH = 90
MONTHS = (
    "January February March April May June July August September October November December".split()
)
_MARKS = str.maketrans(
    dict.fromkeys("“”„‟«»‹›″", '"') | dict.fromkeys("‘’‚‛′`", "'") | dict.fromkeys("–—‑−", "-")
)
_UPCOMING = {"planned", "proposed"}


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", (text or "").translate(_MARKS))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[\"'.,;:!?…\-()\[\]]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_TITLES = frozenset("h his her highness excellency sheikh mr mrs ms dr president the".split())


def _name_words(name: str) -> list[str]:
    return [w for w in norm(name).split() if w not in _TITLES]


def names_match(gold: str | list[str] | None, name: str | None, aliases: list[str] = ()) -> bool:
    """The engine's speaker is the gold one: same name, an alias, part of the name, or the same
    surname spelled differently (Zelensky, Zelenskyy). Honorifics do not count."""
    golds = [gold] if isinstance(gold, str) else list(gold or [])
    if not golds:
        return not name
    cands = [_name_words(n) for n in (name, *aliases) if n]
    for gw in map(_name_words, golds):
        for cw in cands:
            if not gw or not cw:
                continue
            # A part of the gold name (Putin, Sheikh Abdullah), or the whole of a longer one.
            if (
                set(cw) <= set(gw)
                or (len(gw) > 1 and set(gw) <= set(cw))
                or fuzz.ratio(" ".join(gw), " ".join(cw)) >= 90
            ):
                return True
            if fuzz.ratio(gw[-1], cw[-1]) >= 85 and (
                len(cw) == 1 or len(gw) == 1 or cw[0][0] == gw[0][0]
            ):
                return True
    return False


def date_forms(value: str, precision: str = "day") -> list[str]:
    d = dt.date.fromisoformat(str(value))
    month = MONTHS[d.month - 1]
    if precision == "year":
        return [str(d.year)]
    if precision == "month":
        return [f"{month} {d.year}", f"{month.lower()} {d.year}"]
    return [
        d.isoformat(),
        f"{d.day} {month}",
        f"{month} {d.day}",
        f"{month[:3]} {d.day}",
        f"{d.day} {month[:3]}",
    ]


def same_date(gold: dict, event: dict) -> bool:
    if not gold.get("date"):
        return event.get("date") is None
    if not event.get("date"):
        return False
    g, e = dt.date.fromisoformat(str(gold["date"])), dt.date.fromisoformat(event["date"])
    precision = gold.get("precision", "day")
    if precision == "year":
        return g.year == e.year
    if precision == "month":
        return (g.year, g.month) == (e.year, e.month)
    if precision == "week":
        return g.isocalendar()[:2] == e.isocalendar()[:2]
    return g == e and event.get("date_precision") == "day"


@dataclass
class Tally:
    n: int = 0
    ok: int = 0

    def add(self, good: bool) -> None:
        self.n += 1
        self.ok += bool(good)

    @property
    def rate(self) -> float | None:
        return self.ok / self.n if self.n else None


@dataclass
class Article:
    id: str
    quotes_gold: int = 0
    quotes_engine: int = 0
    counts: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[str] = field(default_factory=list)


def run_bot(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=os.getcwd(),
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def load_gold(gold_dir: Path) -> dict[str, dict]:
    gold = {}
    for path in sorted(gold_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        gold[data.get("id") or path.stem] = data
    return gold


class Scorer:
    def __init__(self, doc: dict) -> None:
        self.doc = doc
        self.actors = {a["id"]: a for a in doc["actors"]}
        self.by_source: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for kind in ("quotes", "events", "key_points"):
            for item in doc[kind]:
                for s in item["sources"]:
                    self.by_source[s][kind].append(item)
        # event_key -> (page, engine event id or None when the page's event was not found)
        self.event_hits: dict[str, list[tuple[str, str | None]]] = defaultdict(list)

    def actor_names(self, actor_id: str | None) -> list[str]:
        a = self.actors.get(actor_id or "")
        return [a["name"], *a.get("aliases", [])] if a else []

    def quotes(self, art: Article, gold: dict) -> None:
        engine = self.by_source[art.id]["quotes"]
        art.quotes_engine = len(engine)
        pairs = sorted(
            (
                (fuzz.ratio(norm(g["text"]), norm(e["text"])), gi, ei)
                for gi, g in enumerate(gold.get("quotes") or [])
                for ei, e in enumerate(engine)
            ),
            reverse=True,
        )
        used_g, used_e, match = set(), set(), {}
        for score, gi, ei in pairs:
            if score < QUOTE_MATCH:
                break
            if gi not in used_g and ei not in used_e:
                used_g.add(gi), used_e.add(ei)
                match[gi] = engine[ei]
        for gi, g in enumerate(gold.get("quotes") or []):
            if g.get("optional"):  # e.g. inside an embedded post: neither required nor spurious
                continue
            kind = "partial" if g.get("partial") else "full"
            e = match.get(gi)
            art.counts[f"recall_{kind}"].add(e is not None)
            if e is None:
                art.errors.append(f"missed {kind} quote ({g.get('speaker')}): {g['text']!r}")
                continue
            ok = names_match(
                g.get("speaker"), e.get("speaker_name"), self.actor_names(e.get("speaker"))
            )
            art.counts["speaker"].add(ok)
            if not ok:
                art.errors.append(
                    f"wrong speaker {e.get('speaker_name')!r} (gold {g.get('speaker')!r}): {g['text']!r}"
                )
        for ei, e in enumerate(engine):
            art.counts["precision"].add(ei in used_e)
            if ei not in used_e:
                art.errors.append(f"spurious quote ({e.get('speaker_name')}): {e['text']!r}")

    def _sentences(self, event: dict, page: str) -> str:
        return " ".join(
            norm(p["sentence"]) for p in event["provenance"] if p["source"] == page
        ) or norm(event["summary"])

    def events(self, art: Article, gold: dict) -> None:
        engine = self.by_source[art.id]["events"]
        used: set[str] = set()
        for g in gold.get("events") or []:
            evidence = [
                norm(x)
                for x in ([g["evidence"]] if isinstance(g["evidence"], str) else g["evidence"])
            ]
            cands = [
                e
                for e in engine
                if e["id"] not in used and any(x in self._sentences(e, art.id) for x in evidence)
            ]
            e = next((c for c in cands if same_date(g, c)), cands[0] if cands else None)
            art.counts["events"].add(e is not None)
            if g.get("event_key"):  # a missed event is not merged either
                self.event_hits[g["event_key"]].append((art.id, e["id"] if e else None))
            label = f"{g.get('date')} {g.get('summary') or g['evidence']!r}"
            if e is None:
                art.errors.append(f"missed event {label}")
                continue
            used.add(e["id"])
            ok = same_date(g, e)
            art.counts["date"].add(ok)
            if not ok:
                art.errors.append(
                    f"wrong date {e.get('date')} ({e.get('date_precision')}) for event {label}"
                )
            status = (
                "planned"
                if e["status"] in _UPCOMING
                else e["status"].replace("background", "occurred")
            )
            art.counts["status"].add(status == g.get("status", "occurred"))
            if g.get("place"):
                art.counts["place"].add(
                    bool(e.get("place")) and norm(g["place"]) in norm(e["place"])
                )

    def noise(self, art: Article, gold: dict) -> None:
        items = self.by_source[art.id]
        names = [
            n
            for q in items["quotes"]
            for n in (q.get("speaker_name"), *self.actor_names(q.get("speaker")))
            if n
        ]
        names += [
            n
            for e in items["events"]
            for a in e["actors"] + [e.get("host")]
            for n in self.actor_names(a)
        ]
        names += [n for a in self.doc["actors"] for n in (a["name"], *a.get("aliases", []))]
        quotes = [q["text"] for q in items["quotes"]]
        texts = (
            quotes
            + [k["text"] for k in items["key_points"]]
            + [e["summary"] for e in items["events"]]
        )
        for item in gold.get("noise") or []:
            # A string is a name that must not be an actor, a speaker or a quote; {text: …} is page
            # chrome that must not be read into a quote, a key point or an event at all.
            if isinstance(item, dict):
                n = norm(item["text"])
                hit = next((x for x in texts if n in norm(x)), None)
            else:
                n = norm(item)
                hit = next(
                    (x for x in names if norm(x) == n or (len(n) > 3 and n in norm(x))), None
                )
                hit = hit or next((x for x in quotes if norm(x) == n), None)
            art.counts["noise"].add(hit is not None)
            if hit:
                art.errors.append(
                    f"noise {item.get('text') if isinstance(item, dict) else item!r} appears as {hit!r}"
                )

    def merges(self) -> tuple[Tally, list[str]]:
        tally, errors = Tally(), []
        for key, hits in sorted(self.event_hits.items()):
            for (pa, ea), (pb, eb) in itertools.combinations(hits, 2):
                if pa == pb:
                    continue
                tally.add(ea is not None and ea == eb)
                if ea is None or eb is None:
                    missed = " and ".join(p for p, e in ((pa, ea), (pb, eb)) if e is None)
                    errors.append(f"{key}: {pa} and {pb} tell one event, not found in {missed}")
                elif ea != eb:
                    errors.append(
                        f"{key}: {pa} and {pb} tell one event, the engine keeps two ({ea}, {eb})"
                    )
        return tally, errors


def answer_right(q: dict, answer: str) -> bool:
    text = norm(answer)
    if any(norm(f) in text for f in q.get("forbid") or []):
        return False
    keys = list(q.get("answer") or [])
    if q.get("date"):
        keys += date_forms(q["date"], q.get("precision", "day"))
    for key in keys:
        parts = key if isinstance(key, list) else [key]
        if all(norm(p) in text for p in parts):
            return True
    return False


def score(pages: Path, gold_dir: Path) -> dict:
    gold = load_gold(gold_dir)
    code, out, err = run_bot("export", "--seeds", str(pages))
    if not out.strip():
        raise SystemExit(f"`python -m bot export` exited {code} with no document:\n{err}")
    doc = json.loads(out)
    sources = {s["id"] for s in doc["sources"]}
    scorer, articles, run_errors = Scorer(doc), [], []
    if code:
        run_errors.append(f"`python -m bot export` exited {code}: {err.strip()[-500:]}")
    for page_id, g in gold.items():
        art = Article(page_id)
        if page_id not in sources:
            run_errors.append(f"{page_id}: gold without a page the engine read")
            continue
        art.quotes_gold = len(g.get("quotes") or [])
        scorer.quotes(art, g)
        scorer.events(art, g)
        scorer.noise(art, g)
        articles.append(art)
    questions = [
        (pid, q) for pid, g in gold.items() if pid in sources for q in g.get("questions") or []
    ]
    if questions:
        code, out, err = run_bot(
            "ask", "--seeds", str(pages), "--json", *[q["q"] for _, q in questions]
        )
        answers = [json.loads(line) for line in out.splitlines() if line.strip()]
        if code or len(answers) != len(questions):
            run_errors.append(
                f"`python -m bot ask` exited {code} with {len(answers)} answers: {err.strip()[-500:]}"
            )
        by_id = {a.id: a for a in articles}
        for (pid, q), a in zip(questions, answers, strict=False):
            abstained = a["answer"].strip() == NO_ANSWER or not a["citations"]
            unanswerable = bool(q.get("unanswerable"))
            right = abstained if unanswerable else (not abstained and answer_right(q, a["answer"]))
            art = by_id[pid]
            art.counts["ask"].add(right)
            art.counts["ask_unanswerable_answered" if unanswerable else "ask_answerable"].add(
                not abstained if unanswerable else right
            )
            if not right:
                art.errors.append(
                    f"/ask {q['q']!r} -> {a['answer'][:200]!r}"
                    + (" (should abstain)" if unanswerable else "")
                )
    merge_tally, merge_errors = scorer.merges()
    return summarize(articles, merge_tally, merge_errors, run_errors)


def _sum(articles: list[Article], key: str) -> Tally:
    t = Tally()
    for a in articles:
        t.n += a.counts[key].n
        t.ok += a.counts[key].ok
    return t


def summarize(
    articles: list[Article], merges: Tally, merge_errors: list[str], run_errors: list[str]
) -> dict:
    p, r = _sum(articles, "precision").rate, _sum(articles, "recall_full").rate
    f1 = 2 * p * r / (p + r) if p is not None and r is not None and p + r else None
    metrics = {
        "quote_precision": p,
        "quote_recall": r,
        "quote_f1": f1,
        "speaker_accuracy": _sum(articles, "speaker").rate,
        "partial_recall": _sum(articles, "recall_partial").rate,
        "event_recall": _sum(articles, "events").rate,
        "date_precision": _sum(articles, "date").rate,
        "event_status_accuracy": _sum(articles, "status").rate,
        "event_place_accuracy": _sum(articles, "place").rate,
        "merges": merges.rate,
        "merge_pairs": merges.n,
        "ask_right": _sum(articles, "ask").rate,
        "questions": _sum(articles, "ask").n,
        "ask_answerable_right": _sum(articles, "ask_answerable").rate,
        "ask_unanswerable_answered": _sum(articles, "ask_unanswerable_answered").rate,
        "unanswerable": _sum(articles, "ask_unanswerable_answered").n,
        "noise": _sum(articles, "noise").ok,
    }
    rows = [
        {
            "id": a.id,
            "quotes_gold": a.quotes_gold,
            "quotes_engine": a.quotes_engine,
            **{k: [t.ok, t.n] for k, t in a.counts.items()},
            "errors": a.errors,
        }
        for a in articles
    ]
    return {
        "metrics": metrics,
        "articles": rows,
        "merge_errors": merge_errors,
        "run_errors": run_errors,
    }


def _cell(row: dict, key: str) -> str:
    ok, n = row.get(key, [0, 0])
    return f"{ok}/{n}" if n else "-"


def print_report(result: dict, errors: bool) -> None:
    cols = [
        ("quotes", "recall_full"),
        ("prec", "precision"),
        ("partial", "recall_partial"),
        ("speaker", "speaker"),
        ("events", "events"),
        ("dates", "date"),
        ("ask", "ask"),
        ("noise", "noise"),
    ]
    width = max([len(r["id"]) for r in result["articles"]] + [7])
    print(f"{'article':<{width}} " + " ".join(f"{c:>8}" for c, _ in cols))
    for row in result["articles"]:
        print(f"{row['id']:<{width}} " + " ".join(f"{_cell(row, k):>8}" for _, k in cols))
    m = result["metrics"]

    def fmt(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.2f}"

    print()
    print(
        f"quote precision {fmt(m['quote_precision'])}  recall {fmt(m['quote_recall'])}  F1 {fmt(m['quote_f1'])}"
    )
    print(
        f"speaker accuracy {fmt(m['speaker_accuracy'])}   partial-quote recall {fmt(m['partial_recall'])}"
    )
    print(
        f"dated-event recall {fmt(m['event_recall'])}   event date precision {fmt(m['date_precision'])}"
        f"   (status {fmt(m['event_status_accuracy'])}, place {fmt(m['event_place_accuracy'])})"
    )
    print(f"cross-outlet merges {fmt(m['merges'])} of {m['merge_pairs']} pairs")
    print(
        f"/ask right {fmt(m['ask_right'])} of {m['questions']} questions "
        f"(answerable right {fmt(m['ask_answerable_right'])}; "
        f"unanswerable answered {fmt(m['ask_unanswerable_answered'])} of {m['unanswerable']})"
    )
    print(f"noise items {m['noise']}")
    for e in result["run_errors"]:
        print(f"error: {e}", file=sys.stderr)
    if errors:
        print("\nerrors:")
        for row in result["articles"]:
            for e in row["errors"]:
                print(f"{row['id']}: {e}")
        for e in result["merge_errors"]:
            print(f"merge: {e}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.quality",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--pages", type=Path, default=PAGES, help="the pages folder (default: %(default)s)"
    )
    parser.add_argument(
        "--gold", type=Path, default=GOLD, help="the gold folder (default: %(default)s)"
    )
    parser.add_argument("--errors", action="store_true", help="list every error")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead")
    args = parser.parse_args(argv)
    if not args.pages.is_dir():
        print(f"{args.pages}: no pages folder; see benchmarks/devset/rebuild.py", file=sys.stderr)
        return 2
    result = score(args.pages.resolve(), args.gold.resolve())
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_report(result, args.errors)
    return 1 if result["run_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
