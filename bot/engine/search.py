"""BM25 over every sentence of every source, held in a few numpy arrays.

A briefing of 10,000 sources has about 400,000 sentences. A Counter per sentence and a list
of ints per term took 400 MB and 13 s to build; here the postings are one sorted array of
(term, sentence) pairs with their counts: tens of MB, built in a few seconds.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from array import array
from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np

from bot.engine.models import SourceSentences
from bot.engine.sentencelist import SentenceList
from bot.engine.text import JOINED, WORDS, fold

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


# "1,000" is one number; a compound ("Elmendorf-Richardson", "cease-fire") is found whole
# ("elmendorfrichardson", as text.words reads it) and by its parts ("elmendorf", "richardson").
# The comma first, then what is around it: the search skips ahead to commas (as text.JOINED does).
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3})")
# From a word's start only (the lookbehind): from every letter, a search would read each word again.
_COMPOUND = re.compile(r"(?<![a-z0-9])[a-z0-9]+(?:[-‐‑–][a-z0-9]+)+")
_PARTS = re.compile(r"[a-z0-9]+")
_DASH = re.compile(r"[-‐‑–]")


def search_prepared(text: str) -> str:
    """Folded, numbers whole, apostrophes dropped: what search words are read from."""
    return _THOUSANDS.sub("", fold(text)).replace("’", "'").replace("'", "")


def _parts(prepared: str) -> list[str]:
    if not _DASH.search(prepared):
        return []
    return [p for m in _COMPOUND.findall(prepared) for p in _PARTS.findall(m)]


def search_words(text: str) -> list[str]:
    """The words a sentence is searched by: text.words, numbers whole, and compounds' parts."""
    prepared = search_prepared(text)
    return WORDS.findall(JOINED.sub("", prepared)) + _parts(prepared)


def _words_each(texts: list[str]) -> list[list[str]]:
    """search_words() of each text, computed on all of them at once."""
    prepared = search_prepared(_SEP.join(texts))
    parts = JOINED.sub("", prepared).split(_SEP)
    if len(parts) != len(texts):  # a text held the separator itself
        return [search_words(t) for t in texts]
    out = [WORDS.findall(p) for p in parts]
    if _DASH.search(prepared):
        for i, p in enumerate(prepared.split(_SEP)):
            extra = _parts(p)
            if extra:
                out[i] += extra
    return out


class _Tokens(NamedTuple):
    """One source's sentences as word ids."""

    wids: np.ndarray  # int32, every word of every sentence in order
    lengths: np.ndarray  # int32, words per sentence


def _tokens(sentences: SentenceList) -> _Tokens:
    per = _words_each([sentences.text(i) for i in range(len(sentences))])
    vocabulary = _VOCABULARY
    with _VOCABULARY_LOCK:  # a reload's worker thread and a question may index at once
        wids = array("i", [vocabulary[w] for ws in per for w in ws])
    lengths = array("i", map(len, per))
    return _Tokens(np.frombuffer(wids, dtype=np.int32), np.frombuffer(lengths, dtype=np.int32))


def _docs(start: int, lengths: np.ndarray) -> np.ndarray:
    """The sentence number of each word, for sentences numbered from `start`."""
    return np.repeat(np.arange(start, start + len(lengths), dtype=np.int32), lengths)


class _Pairs:
    """(term, sentence, count) triples, counted a chunk at a time to bound the memory used.

    Words arrive as word ids and become term ids when a chunk is counted (`term_ids`), so no
    source's words are kept once they are added. The postings are laid out by counting: one
    pass for each term's size, one to put every chunk's pairs in place (chunks hold increasing
    sentence numbers), with no sort of them all (which took three times their size again).
    """

    CHUNK = 1 << 20

    def __init__(self, term_ids: Callable[[np.ndarray], np.ndarray], terms: dict[str, int]) -> None:
        self.term_ids = term_ids  # adds the terms of words it has not seen to `terms`
        self.terms = terms
        self.words: list[np.ndarray] = []
        self.docs: list[np.ndarray] = []
        self.size = 0
        self.done: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, wids: np.ndarray, docs: np.ndarray) -> None:
        self.words.append(wids)
        self.docs.append(docs)
        self.size += len(wids)
        if self.size >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.words:
            return
        terms, docs = self.term_ids(np.concatenate(self.words)), np.concatenate(self.docs)
        self.words, self.docs, self.size = [], [], 0
        keep = terms >= 0
        pairs, tf = np.unique((terms[keep].astype(np.int64) << 32) | docs[keep], return_counts=True)
        self.done.append(((pairs >> 32).astype(np.int32), (pairs & 0xFFFFFFFF).astype(np.int32), tf.astype(np.int32)))

    def postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(term_ptr, docs, tf): term t's sentences are docs[term_ptr[t]:term_ptr[t + 1]], in order."""
        self.flush()
        n_terms = len(self.terms)
        counts = np.zeros(n_terms, dtype=np.int64)
        top = 0
        for terms, _docs, tf in self.done:
            counts += np.bincount(terms, minlength=n_terms)
            top = max(top, int(tf.max()) if len(tf) else 0)
        ptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        docs_out = np.empty(int(ptr[-1]), dtype=np.int32)
        tf_out = np.empty(int(ptr[-1]), dtype=_tf_type(top))
        fill = ptr[:-1].copy()
        while self.done:
            terms, docs, tf = self.done.pop(0)
            firsts = np.flatnonzero(np.diff(terms, prepend=-1))  # terms are sorted within a chunk
            counts = np.diff(np.append(firsts, len(terms)))
            uniq = terms[firsts]
            at = np.repeat(fill[uniq] - firsts, counts) + np.arange(len(terms))
            docs_out[at], tf_out[at] = docs, tf
            fill[uniq] += counts
        return ptr, docs_out, tf_out


def _tf_type(top: int) -> type:
    """A word's count in one sentence: two bytes are plenty (7 MB less at 10,000 sources)."""
    return np.uint16 if top <= 0xFFFF else np.int32


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
        self._by_source = {e.source: j for j, e in enumerate(self.entries)}
        self.norm_key = norm_key
        same = previous if previous is not None and norm_key is not None and previous.norm_key == norm_key else None
        self.terms: dict[str, int] = dict(same.terms) if same is not None else {}
        self.term_of = same.term_of if same is not None else np.zeros(0, dtype=np.int32)  # word id → term id
        postings = self._count(norm, same)
        if same is not None:
            postings = self._updated(same, postings)
            if postings is None:  # the previous index did not apply: count every source's words
                postings = self._count(norm, None)
        self.term_ptr, self.post_docs, self.post_tf = postings

    def _count(self, norm: Callable[[str], str | None], same: SentenceIndex | None) -> tuple[np.ndarray, ...]:
        """Sets each sentence's length and number; returns the postings of the sources `same`
        does not have (all of them without it). In one pass: each source's words are counted
        as they are read, then let go."""
        known = same._positions() if same is not None else {}
        pairs = _Pairs(functools.partial(self._term_ids, norm), self.terms)
        lengths: list[np.ndarray] = []
        first = [0]
        for entry in self.entries:
            at = known.get(id(entry.sentences))
            if same is not None and at is not None and at[0] is entry.sentences:  # same has its words
                lengths.append(same.length[same.first[at[1]] : same.first[at[1] + 1]])
            else:
                t = _tokens(entry.sentences)
                lengths.append(t.lengths)
                pairs.add(t.wids, _docs(first[-1], t.lengths))
            first.append(first[-1] + len(lengths[-1]))
        self.first = np.array(first, dtype=np.int64)  # per entry
        self.n = d = first[-1]
        self.length = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int32)
        del lengths
        self.avg = (int(self.length.sum()) / d) if d else 1.0
        return pairs.postings()

    def _positions(self) -> dict[int, tuple[SentenceList, int]]:
        """id of each entry's sentences → (the sentences, the entry's number)."""
        return {id(e.sentences): (e.sentences, j) for j, e in enumerate(self.entries)}

    def _term_ids(self, norm: Callable[[str], str | None], wids: np.ndarray) -> np.ndarray:
        """Each word id's term id (-1: never searched), with the words new since the last call."""
        with _VOCABULARY_LOCK:
            new = _VOCABULARY.words[len(self.term_of) :]
        if new:
            terms = self.terms
            ids = array("i", [-1 if (t := norm(w)) is None else terms.setdefault(t, len(terms)) for w in new])
            self.term_of = np.concatenate([self.term_of, np.frombuffer(ids, dtype=np.int32)])
        return self.term_of[wids]

    def _updated(
        self, previous: SentenceIndex, fresh: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The previous postings with the sentences of sources gone or changed taken out, the
        others renumbered, and the `fresh` ones (the new sources') put in; None when that does
        not apply (the same sentences twice, or in another order): then everything is counted again."""
        old_at = previous._positions()
        if len(old_at) != len(previous.entries) or len({id(e.sentences) for e in self.entries}) != len(self.entries):
            return None
        shift = np.zeros(len(previous.entries), dtype=np.int64)  # old → new first sentence
        kept_entry = np.zeros(len(previous.entries), dtype=bool)
        last = -1
        for i, entry in enumerate(self.entries):
            at = old_at.get(id(entry.sentences))
            if at is None or at[0] is not entry.sentences:
                continue
            if at[1] < last:
                return None
            last = j = at[1]
            shift[j] = self.first[i] - previous.first[j]
            kept_entry[j] = True
        old_sizes = np.diff(previous.first)
        doc_shift = np.repeat(shift, old_sizes)
        doc_kept = np.repeat(kept_entry, old_sizes)
        keep = doc_kept[previous.post_docs]
        old_terms = np.repeat(np.arange(len(previous.term_ptr) - 1, dtype=np.int64), np.diff(previous.term_ptr))
        keys = (old_terms[keep] << 32) | (previous.post_docs[keep] + doc_shift[previous.post_docs[keep]])
        tf = previous.post_tf[keep].astype(np.int32)
        ptr, new_docs, new_tf = fresh
        if len(new_docs):
            new_terms = np.repeat(np.arange(len(ptr) - 1, dtype=np.int64), np.diff(ptr))
            new_keys = (new_terms << 32) | new_docs  # sorted: by term, then sentence
            at = np.searchsorted(keys, new_keys)
            keys, tf = np.insert(keys, at, new_keys), np.insert(tf, at, new_tf)
        terms = keys >> 32
        ptr = np.searchsorted(terms, np.arange(len(self.terms) + 1)).astype(np.int64)
        return ptr, (keys & 0xFFFFFFFF).astype(np.int32), tf.astype(_tf_type(int(tf.max()) if len(tf) else 0))

    def has(self, term: str) -> bool:
        """Some sentence has it (`terms` also holds words of sources no longer served)."""
        tid = self.terms.get(term)
        return tid is not None and self.term_ptr[tid + 1] > self.term_ptr[tid]

    def df(self, term: str) -> int:
        """How many sentences have the term."""
        tid = self.terms.get(term)
        return 0 if tid is None else int(self.term_ptr[tid + 1] - self.term_ptr[tid])

    def idf(self, term: str) -> float:
        df = self.df(term)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def entry_of(self, d: int) -> int:
        return int(np.searchsorted(self.first, d, side="right")) - 1

    def doc_at(self, source: str, start: int) -> int | None:
        """The number of the sentence of `source` that holds offset `start`."""
        j = self._by_source.get(source)
        if j is None:
            return None
        i = self.entries[j].sentences.at(start)
        return int(self.first[j]) + i if i >= 0 else None

    def neighbours(self, d: int, k: int = 1) -> list[int]:
        """The sentences up to k before and after d in its source."""
        e = self.entry_of(d)
        lo, hi = int(self.first[e]), int(self.first[e + 1])
        return [x for x in range(d - k, d + k + 1) if x != d and lo <= x < hi]

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
