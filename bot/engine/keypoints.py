"""Key points: bullet lists the outlet wrote, and the most central sentences by LexRank."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from bot.engine.events import content_words


def lexrank(sentences: list[str], threshold: float = 0.1, damping: float = 0.85) -> list[float]:
    """Centrality of each sentence in the graph of TF-IDF cosine similarities."""
    n = len(sentences)
    if n == 0:
        return []
    if n == 1:
        return [1.0]
    bags = [Counter(content_words(s)) for s in sentences]
    df = Counter(w for bag in bags for w in bag)
    vocab = {w: i for i, w in enumerate(sorted(df))}
    if not vocab:
        return [1.0 / n] * n
    matrix = np.zeros((n, len(vocab)))
    for row, bag in enumerate(bags):
        for w, tf in bag.items():
            matrix[row, vocab[w]] = tf * math.log((1 + n) / (1 + df[w]) + 1)
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    sim = unit @ unit.T
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
    return [round(float(s / top), 4) for s in scores]
