"""BM25 over every sentence of every source, held in a few numpy arrays.

A briefing of 10,000 sources has about 400,000 sentences. A Counter per sentence and a list
of ints per term took 400 MB and 13 s to build; here the postings are one sorted array of
(term, sentence) pairs with their counts: tens of MB, built in a few seconds.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable
from itertools import repeat

import numpy as np

from bot.engine.models import SourceSentences
from bot.engine.text import JOINED, WORDS, fold, words

_SEP = "\x00"  # never a word character: joined texts are split back on it


class _TermIds(dict):
    """word → term id, normalizing each distinct word once; -1 for a term never searched."""

    def __init__(self, norm: Callable[[str], str | None]) -> None:
        super().__init__()
        self.norm = norm
        self.terms: dict[str, int] = {}

    def __missing__(self, word: str) -> int:
        term = self.norm(word)
        tid = -1 if term is None else self.terms.setdefault(term, len(self.terms))
        self[word] = tid
        return tid


def _words_each(texts: list[str]) -> list[list[str]]:
    """words() of each text, computed on all of them at once."""
    joined = JOINED.sub("", fold(_SEP.join(texts))).replace("’", "'").replace("'", "")
    parts = joined.split(_SEP)
    if len(parts) != len(texts):  # a text held the separator itself
        return [list(words(t)) for t in texts]
    return [WORDS.findall(p) for p in parts]


class _Pairs:
    """(term, sentence, count) triples, counted a chunk at a time to bound the memory used."""

    CHUNK = 1 << 20

    def __init__(self) -> None:
        self.terms, self.docs = array("i"), array("i")
        self.done: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, d: int, ids: Iterable[int], n: int) -> None:
        self.terms.extend(ids)
        self.docs.extend(repeat(d, n))
        if len(self.terms) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        terms = np.frombuffer(self.terms, dtype=np.int32)
        docs = np.frombuffer(self.docs, dtype=np.int32)
        keep = terms >= 0
        pairs, tf = np.unique((terms[keep].astype(np.int64) << 32) | docs[keep], return_counts=True)
        self.done.append(((pairs >> 32).astype(np.int32), (pairs & 0xFFFFFFFF).astype(np.int32), tf.astype(np.int32)))
        self.terms, self.docs = array("i"), array("i")

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sorted by term, then sentence (chunks hold increasing sentence numbers)."""
        self.flush()
        terms, docs, tf = (np.concatenate([c[k] for c in self.done]) for k in range(3))
        self.done = []
        order = np.argsort(terms, kind="stable")
        return terms[order], docs[order], tf[order]


class SentenceIndex:
    def __init__(self, entries: Iterable[SourceSentences], norm: Callable[[str], str | None]) -> None:
        """`norm`: a word's search term, or None for one no query ever asks for."""
        self.entries = list(entries)
        self.ids = _TermIds(norm)
        starts = [0]
        lengths = array("i")  # words per sentence, searched or not
        pairs = _Pairs()
        d = 0
        for entry in self.entries:
            sentences = entry.sentences
            for ws in _words_each([sentences.text(i) for i in range(len(sentences))]):
                pairs.add(d, map(self.ids.__getitem__, ws), len(ws))
                lengths.append(len(ws))
                d += 1
            starts.append(d)
        self.first = np.array(starts, dtype=np.int64)  # first sentence number of each entry
        self.n = d
        self.length = np.frombuffer(lengths, dtype=np.int32).copy()
        self.avg = (int(self.length.sum()) / d) if d else 1.0
        terms, self.post_docs, self.post_tf = pairs.arrays()
        self.term_ptr = np.searchsorted(terms, np.arange(len(self.ids.terms) + 1)).astype(np.int64)

    def has(self, term: str) -> bool:
        return term in self.ids.terms

    def doc(self, d: int) -> tuple[str, str, int]:
        """(source, sentence, start) of sentence number d."""
        e = int(np.searchsorted(self.first, d, side="right")) - 1
        entry = self.entries[e]
        start, _end, text = entry.sentences.row(d - int(self.first[e]))
        return entry.source, text, start

    def search(self, query: list[str], limit: int = 8) -> list[tuple[float, int]]:
        """The best sentences by BM25, as (score, sentence number), best first."""
        scores: np.ndarray | None = None
        hit = np.zeros(self.n, dtype=bool)
        for t in sorted(set(query)):
            tid = self.ids.terms.get(t)
            if tid is None:
                continue
            lo, hi = int(self.term_ptr[tid]), int(self.term_ptr[tid + 1])
            docs, tf = self.post_docs[lo:hi], self.post_tf[lo:hi].astype(np.float64)
            idf = math.log(1 + (self.n - (hi - lo) + 0.5) / ((hi - lo) + 0.5))
            part = idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * self.length[docs] / self.avg))
            if scores is None:
                scores = np.zeros(self.n)
            scores[docs] += part
            hit[docs] = True
        if scores is None:
            return []
        found = np.flatnonzero(hit)
        order = np.lexsort((found, -scores[found]))[:limit]
        return [(float(scores[found[k]]), int(found[k])) for k in order]
