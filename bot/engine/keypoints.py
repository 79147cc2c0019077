"""Key points: bullet lists the outlet wrote, and the most central sentences by LexRank."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from bot.engine.events import content_words

# Bounds on LexRank's work (see README, "Limits"): the graph is of the first sentences only
# (an article's lead is where its key points are), and the similarities are summed word by
# word, not as a sentences × vocabulary matrix, when that matrix would be large.
MAX_SENTENCES = 400
DENSE_CELLS = 2_000_000


def lexrank(sentences: list[str], threshold: float = 0.1, damping: float = 0.85) -> list[float]:
    """Centrality of each sentence in the graph of TF-IDF cosine similarities; sentences after
    the first MAX_SENTENCES score 0."""
    total = len(sentences)
    sentences = sentences[:MAX_SENTENCES]
    n = len(sentences)
    if n == 0:
        return []
    if n == 1:
        return [1.0] + [0.0] * (total - 1)
    bags = [Counter(content_words(s)) for s in sentences]
    df = Counter(w for bag in bags for w in bag)
    if not df:
        return [1.0 / n] * n + [0.0] * (total - n)
    idf = {w: math.log((1 + n) / (1 + c) + 1) for w, c in df.items()}
    sim = _dense_similarity(bags, df, idf) if n * len(df) <= DENSE_CELLS else _sparse_similarity(bags, df, idf)
    adjacency = (sim > threshold).astype(float)
    degree = adjacency.sum(axis=1)
    degree[degree == 0] = 1.0
    transition = adjacency / degree[:, None]
    scores = np.full(n, 1.0 / n)
    for _ in range(50):
        new = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(new - scores).sum() < 1e-9:
            scores = new
            break
        scores = new
    top = scores.max() or 1.0
    return [round(float(s / top), 4) for s in scores] + [0.0] * (total - n)


def _dense_similarity(bags: list[Counter], df: Counter, idf: dict[str, float]) -> np.ndarray:
    vocab = {w: i for i, w in enumerate(sorted(df))}
    matrix = np.zeros((len(bags), len(vocab)))
    for row, bag in enumerate(bags):
        for w, tf in bag.items():
            matrix[row, vocab[w]] = tf * idf[w]
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    return unit @ unit.T


def _sparse_similarity(bags: list[Counter], df: Counter, idf: dict[str, float]) -> np.ndarray:
    """The same cosines, summed over the words two sentences share: memory n², time the sum
    of each word's sentence count squared (at most n × the words of the sentences)."""
    n = len(bags)
    sim = np.zeros((n, n))
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for row, bag in enumerate(bags):
        weights = {w: tf * idf[w] for w, tf in bag.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        if weights:
            sim[row, row] = sum(v * v for v in weights.values()) / (norm * norm)
        for w, v in weights.items():
            if df[w] > 1:
                rows, vals = postings.setdefault(w, ([], []))
                rows.append(row)
                vals.append(v / norm)
    for rows, vals in postings.values():
        r = np.asarray(rows)
        v = np.asarray(vals)
        outer = np.outer(v, v)
        np.fill_diagonal(outer, 0.0)  # the diagonal is set above
        sim[np.ix_(r, r)] += outer
    return sim
