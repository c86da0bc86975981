"""Curated knowledge loaded from `src/strikewatch/data/` (actors, outlets, cue words).

Components read these once per process; keeping words in data files lets analysts extend
them without touching code.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher


@cache
def load_data(name: str) -> Any:
    """A JSON data file shipped in `strikewatch/data/`."""
    with resources.files("strikewatch.data").joinpath(name).open("r", encoding="utf-8") as fh:
        return json.load(fh)


def phrase_matcher(
    nlp: Language, phrases: dict[str, list[str]], *, case_sensitive: dict[str, list[str]] | None = None
) -> PhraseMatcher:
    """A PhraseMatcher keyed by label: lower-cased matching, plus exact-case phrases (e.g. `US`, `IS`)."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, items in phrases.items():
        docs = [nlp.make_doc(p) for p in sorted(set(items))]
        if docs:
            matcher.add(label, docs)
    if case_sensitive:
        exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for label, items in case_sensitive.items():
            docs = [nlp.make_doc(p) for p in sorted(set(items))]
            if docs:
                exact.add(label, docs)
        return _CombinedMatcher(matcher, exact)  # type: ignore[return-value]
    return matcher


class _CombinedMatcher:
    """Two PhraseMatchers (case-insensitive and exact) answering as one."""

    def __init__(self, lower: PhraseMatcher, exact: PhraseMatcher) -> None:
        self.lower, self.exact = lower, exact

    def __call__(self, doc):  # noqa: ANN001 - same signature as PhraseMatcher
        return sorted(self.lower(doc) + self.exact(doc), key=lambda m: (m[1], -m[2]))


def words(name: str, key: str) -> frozenset[str]:
    """A set of lower-cased words from a list in a data file."""
    return frozenset(w.lower() for w in load_data(name)[key])


def longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop matches overlapping a longer (or earlier equal-length) one, keep document order."""
    chosen: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    for m in sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1])):
        if any(i in taken for i in range(m[1], m[2])):
            continue
        chosen.append(m)
        taken.update(range(m[1], m[2]))
    return sorted(chosen, key=lambda m: m[1])
