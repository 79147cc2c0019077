"""A source's sentences held compactly: one string and an array of offsets, not one model each.

A summary file lists every sentence of its source, and a briefing of 10,000 sources keeps
them all for `ask`. As pydantic models they cost about 600 bytes apiece and most of the
loading time; here a sentence costs its characters plus 24 bytes. Reading it gives the same
`Sentence` models, made on access; the JSON and the JSON Schema are those of
`tuple[Sentence, ...]`, so summary files do not change.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate
from operator import itemgetter
from typing import Any, overload

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema as cs

from bot.engine import models  # Sentence; models imports this module first

_SCHEMA_KEY = "sentencelist_schema"
_ROW = itemgetter("start", "end", "text")


def _offsets(values: Iterable[int]) -> array:
    """Unsigned 32-bit when every value fits, else signed 64-bit (OverflowError past that)."""
    values = values if isinstance(values, tuple) else tuple(values)
    try:
        return array("I", values)
    except OverflowError:
        return array("q", values)


class SentenceList(Sequence):  # of models.Sentence
    """Immutable; equal to another SentenceList (or tuple of Sentence) with the same sentences."""

    __slots__ = ("_bounds", "_ends", "_starts", "_text")

    def __init__(self, items: Iterable[models.Sentence | Mapping[str, Any]] = ()) -> None:
        items = items if isinstance(items, tuple | list) else list(items)
        if all(type(x) is dict for x in items):  # from JSON: rows checked by the schema below
            rows = list(map(_ROW, items))
        else:
            rows = [
                (x.start, x.end, x.text) if isinstance(x, models.Sentence) else _ROW(x)
                for x in items
            ]
        starts, ends, texts = zip(*rows, strict=True) if rows else ((), (), ())
        try:  # 4 bytes an offset when they fit (the same sentences always get the same type)
            self._starts, self._ends = _offsets(starts), _offsets(ends)
        except OverflowError as exc:
            raise ValueError("sentence offsets must fit in 64 bits") from exc
        self._text = "".join(texts)
        self._bounds = _offsets(accumulate(map(len, texts), initial=0))  # of each text in _text

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, i: int) -> models.Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[models.Sentence, ...]: ...
    def __getitem__(self, i: int | slice) -> models.Sentence | tuple[models.Sentence, ...]:
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(len(self))))
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("sentence index out of range")
        return models.Sentence.model_construct(start=self._starts[i], end=self._ends[i], text=self.text(i))

    def row(self, i: int) -> tuple[int, int, str]:
        """(start, end, text) of sentence i (not negative), without making a model."""
        return self._starts[i], self._ends[i], self.text(i)

    def at(self, offset: int) -> int:
        """The number of the sentence that starts at or last before `offset` (-1: none)."""
        return bisect.bisect_right(self._starts, offset) - 1

    def text(self, i: int) -> str:
        return self._text[self._bounds[i] : self._bounds[i + 1]]

    def rows(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, text) of each sentence, without making models."""
        return zip(self._starts, self._ends, map(self.text, range(len(self))), strict=True)

    def __iter__(self) -> Iterator[models.Sentence]:
        for start, end, text in self.rows():
            yield models.Sentence.model_construct(start=start, end=end, text=text)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SentenceList):
            return (self._text, self._bounds, self._starts, self._ends) == (
                other._text, other._bounds, other._starts, other._ends
            )
        if isinstance(other, tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._text, self._bounds.tobytes(), self._starts.tobytes(), self._ends.tobytes()))

    def __repr__(self) -> str:
        return f"SentenceList({list(self.rows())!r})"

    def __reduce__(self):
        return (SentenceList, (self.to_dicts(),))

    def to_dicts(self) -> tuple[dict[str, Any], ...]:
        return tuple({"start": s, "end": e, "text": t} for s, e, t in self.rows())

    # -- pydantic -----------------------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> cs.CoreSchema:
        # From JSON, plain dicts with Sentence's rules (no model per sentence); from Python,
        # Sentence models or dicts through the model itself, or a SentenceList as it is.
        row = cs.typed_dict_schema(
            {
                "start": cs.typed_dict_field(cs.int_schema()),
                "end": cs.typed_dict_field(cs.int_schema()),
                "text": cs.typed_dict_field(cs.str_schema()),
            },
            extra_behavior="forbid",
        )
        as_models = handler.generate_schema(tuple[models.Sentence, ...])
        return cs.json_or_python_schema(
            json_schema=cs.no_info_after_validator_function(cls, cs.tuple_variable_schema(row)),
            python_schema=cs.union_schema(
                [cs.is_instance_schema(cls), cs.no_info_after_validator_function(cls, as_models)]
            ),
            serialization=cs.plain_serializer_function_ser_schema(
                cls.to_dicts, return_schema=cs.tuple_variable_schema(row)
            ),
            metadata={_SCHEMA_KEY: as_models},
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: cs.CoreSchema, handler: GetJsonSchemaHandler) -> dict:
        return handler(schema["metadata"][_SCHEMA_KEY])
