"""Word segmentation through ``jieba`` (offline dictionary, loaded once, quiet)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)
# Union words jieba's dictionary cuts apart (疗|休养, 在|档): kept whole, with their part
# of speech, so a counted thing or a name is not cut in the middle (四批|疗休养,
# 在档困难职工家庭|218户).
# 需求 and 诉求 are what a union collects and counts (收集问题诉求186条), nouns, though
# jieba's dictionary tags them as verbs.
UNION_WORDS = (("疗休养", "vn"), ("在档", "b"), ("需求", "n"), ("诉求", "n"))
for _word, _tag in UNION_WORDS:
    jieba.add_word(_word, tag=_tag)


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((w.word, w.flag) for w in jieba.posseg.cut(text))


def posseg(text: str) -> Iterator[tuple[str, str]]:
    """``(word, part-of-speech flag)`` pairs of ``text`` (jieba's ICTCLAS flags:
    ``n`` noun, ``ns`` place, ``v`` verb, ...)."""
    yield from _cut(text)


def tokens(text: str) -> list[tuple[str, str, int]]:
    """``(word, flag, start offset)`` of each word of ``text``, left to right (the
    words joined give ``text`` back)."""
    out: list[tuple[str, str, int]] = []
    pos = 0
    for word, flag in _cut(text):
        out.append((word, flag, pos))
        pos += len(word)
    return out
