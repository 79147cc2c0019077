"""BM25 over every sentence of every source, held in a few numpy arrays.

A briefing of 10,000 sources has about 400,000 sentences. A Counter per sentence and a list
of ints per term took 400 MB and 13 s to build; here the postings are one sorted array of
(term, sentence) pairs with their counts: tens of MB, built in a few seconds.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np

from bot.engine.models import SourceSentences
from bot.engine.sentencelist import SentenceList
from bot.engine.text import JOINED, WORDS, fold, words

_SEP = "\x00"  # never a word character: joined texts are split back on it


class _Vocabulary(dict):
    """word → word id, for every word ever indexed in this process (append-only)."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def __missing__(self, word: str) -> int:
        self.words.append(word)
        self[word] = wid = len(self.words) - 1
        return wid


_VOCABULARY = _Vocabulary()
_VOCABULARY_LOCK = threading.Lock()


def _words_each(texts: list[str]) -> list[list[str]]:
    """words() of each text, computed on all of them at once."""
    joined = JOINED.sub("", fold(_SEP.join(texts))).replace("’", "'").replace("'", "")
    parts = joined.split(_SEP)
    if len(parts) != len(texts):  # a text held the separator itself
        return [list(words(t)) for t in texts]
    return [WORDS.findall(p) for p in parts]


class _Tokens(NamedTuple):
    """One source's sentences as word ids."""

    sentences: SentenceList
    wids: np.ndarray  # int32, every word of every sentence in order
    lengths: np.ndarray  # int32, words per sentence


def _tokens(sentences: SentenceList) -> _Tokens:
    per = _words_each([sentences.text(i) for i in range(len(sentences))])
    vocabulary = _VOCABULARY
    with _VOCABULARY_LOCK:  # a reload's worker thread and a question may index at once
        wids = array("i", [vocabulary[w] for ws in per for w in ws])
    lengths = array("i", map(len, per))
    return _Tokens(sentences, np.frombuffer(wids, dtype=np.int32), np.frombuffer(lengths, dtype=np.int32))


class _Pairs:
    """(term, sentence, count) triples, counted a chunk at a time to bound the memory used."""

    CHUNK = 1 << 20

    def __init__(self) -> None:
        self.terms: list[np.ndarray] = []
        self.docs: list[np.ndarray] = []
        self.size = 0
        self.done: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, terms: np.ndarray, docs: np.ndarray) -> None:
        self.terms.append(terms)
        self.docs.append(docs)
        self.size += len(terms)
        if self.size >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.terms:
            return
        terms, docs = np.concatenate(self.terms), np.concatenate(self.docs)
        keep = terms >= 0
        pairs, tf = np.unique((terms[keep].astype(np.int64) << 32) | docs[keep], return_counts=True)
        self.done.append(((pairs >> 32).astype(np.int32), (pairs & 0xFFFFFFFF).astype(np.int32), tf.astype(np.int32)))
        self.terms, self.docs, self.size = [], [], 0

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sorted by term, then sentence (chunks hold increasing sentence numbers)."""
        self.flush()
        if not self.done:
            return (np.zeros(0, dtype=np.int32),) * 3
        terms, docs, tf = (np.concatenate([c[k] for c in self.done]) for k in range(3))
        self.done = []
        order = np.argsort(terms, kind="stable")
        return terms[order], docs[order], tf[order]


class SentenceIndex:
    def __init__(
        self,
        entries: Iterable[SourceSentences],
        norm: Callable[[str], str | None],
        *,
        norm_key: object = None,
        previous: SentenceIndex | None = None,
    ) -> None:
        """`norm`: a word's search term, or None for one no query ever asks for.

        With `previous` (the last briefing's index), the sources it had are not read again;
        with an equal `norm_key` (what `norm` depends on), neither are the words it knew.
        """
        self.entries = list(entries)
        self.norm_key = norm_key
        same = previous if previous is not None and norm_key is not None and previous.norm_key == norm_key else None
        # Each entry's words per sentence: the previous index's when it had the same sentences.
        lengths_of = same.lengths_of if same is not None else {}
        self.lengths_of: dict[int, tuple[SentenceList, np.ndarray]] = {}
        tokens: dict[int, _Tokens] = {}
        for entry in self.entries:
            key = id(entry.sentences)
            known = lengths_of.get(key)
            if known is None or known[0] is not entry.sentences:
                tokens[key] = _tokens(entry.sentences)
                known = (entry.sentences, tokens[key].lengths)
            self.lengths_of[key] = known
        self.terms, self.term_of = self._terms(norm, same)
        lengths = [self.lengths_of[id(entry.sentences)][1] for entry in self.entries]
        self.first = np.concatenate([[0], np.cumsum([len(x) for x in lengths])]).astype(np.int64)  # per entry
        self.n = d = int(self.first[-1])
        self.length = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int32)
        self.avg = (int(self.length.sum()) / d) if d else 1.0
        postings = self._updated(same, tokens) if same is not None else None
        if postings is None:
            pairs = _Pairs()
            for i, entry in enumerate(self.entries):
                t = tokens.get(id(entry.sentences)) or _tokens(entry.sentences)
                pairs.add(self.term_of[t.wids], self._docs(i, t))
            postings = pairs.arrays()
        terms, self.post_docs, tf = postings
        # a word's count in one sentence: two bytes are plenty (and 7 MB less at 10,000 sources)
        self.post_tf = tf.astype(np.uint16) if len(tf) and int(tf.max()) <= 0xFFFF else tf
        self.term_ptr = np.searchsorted(terms, np.arange(len(self.terms) + 1)).astype(np.int64)

    def _docs(self, i: int, tokens: _Tokens) -> np.ndarray:
        """The sentence number of each word of entry i."""
        start = int(self.first[i])
        return np.repeat(np.arange(start, start + len(tokens.lengths), dtype=np.int32), tokens.lengths)

    def _updated(self, previous: SentenceIndex, tokens: dict[int, _Tokens]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The previous postings with the sentences of sources gone or changed taken out, the
        others renumbered, and the new ones put in; None when that does not apply (the same
        sentences twice, or in another order): then everything is counted again."""
        old_at = {id(e.sentences): j for j, e in enumerate(previous.entries)}
        if len(old_at) != len(previous.entries) or len({id(e.sentences) for e in self.entries}) != len(self.entries):
            return None
        shift = np.zeros(len(previous.entries), dtype=np.int64)  # old → new first sentence
        kept_entry = np.zeros(len(previous.entries), dtype=bool)
        fresh: list[int] = []
        last = -1
        for i, entry in enumerate(self.entries):
            j = old_at.get(id(entry.sentences))
            if j is None:
                fresh.append(i)
                continue
            if j < last:
                return None
            last = j
            shift[j] = self.first[i] - previous.first[j]
            kept_entry[j] = True
        old_sizes = np.diff(previous.first)
        doc_shift = np.repeat(shift, old_sizes)
        doc_kept = np.repeat(kept_entry, old_sizes)
        keep = doc_kept[previous.post_docs]
        old_terms = np.repeat(np.arange(len(previous.term_ptr) - 1, dtype=np.int64), np.diff(previous.term_ptr))
        keys = (old_terms[keep] << 32) | (previous.post_docs[keep] + doc_shift[previous.post_docs[keep]])
        tf = previous.post_tf[keep]
        if fresh:
            pairs = _Pairs()
            for i in fresh:
                t = tokens.get(id(self.entries[i].sentences)) or _tokens(self.entries[i].sentences)
                pairs.add(self.term_of[t.wids], self._docs(i, t))
            new_terms, new_docs, new_tf = pairs.arrays()
            new_keys = (new_terms.astype(np.int64) << 32) | new_docs
            order = np.argsort(new_keys, kind="stable")
            new_keys, new_tf = new_keys[order], new_tf[order]
            at = np.searchsorted(keys, new_keys)
            keys, tf = np.insert(keys, at, new_keys), np.insert(tf.astype(np.int32), at, new_tf)
        return (keys >> 32).astype(np.int32), (keys & 0xFFFFFFFF).astype(np.int32), tf.astype(np.int32)

    @staticmethod
    def _terms(norm: Callable[[str], str | None], same: SentenceIndex | None) -> tuple[dict[str, int], np.ndarray]:
        """term → term id, and each word id's term id (-1: never searched)."""
        with _VOCABULARY_LOCK:
            words = _VOCABULARY.words[len(same.term_of) if same is not None else 0:]
        terms = dict(same.terms) if same is not None else {}
        new = array("i", [-1 if (t := norm(w)) is None else terms.setdefault(t, len(terms)) for w in words])
        extra = np.frombuffer(new, dtype=np.int32)
        return terms, (np.concatenate([same.term_of, extra]) if same is not None else extra.copy())

    def has(self, term: str) -> bool:
        """Some sentence has it (`terms` also holds words of sources no longer served)."""
        tid = self.terms.get(term)
        return tid is not None and self.term_ptr[tid + 1] > self.term_ptr[tid]

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
            tid = self.terms.get(t)
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
