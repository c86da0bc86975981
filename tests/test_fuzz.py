"""Property-based tests of extraction: no component raises on arbitrary Unicode, every annotation and every
piece of evidence points at exactly its text, and run time grows about linearly with the input."""

from __future__ import annotations

import os
import time
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from strikewatch.extract.pipeline import COMPONENTS, annotate, annotations_of, build_pipeline, extract_article
from strikewatch.model import Evidence, IncidentMention, RawArticle
from torture import SENTENCES, small_articles

FRAGMENTS = (
    "A drone struck", "an airstrike hit", "shelling killed", "at least 12", "about ten", "three children",
    "were wounded", "on Tuesday", "last Friday", "on 3 March 2024", "in 1900", "in 2100", "near Sarmin",
    "in al-Qaim", "Deir ez-Zor", "north of Idlib", "Hodeidah port", "the ministry said", "a monitor said",
    "denied any role", "blamed the coalition", "Israel", "the United States", "Russian warplanes", "Houthi",
    "the IDF said", "Col. Joe Smith", "Dr. Amal", "1,000,000,000,000", "٣ قتلى", "غارة جوية", "ירושלים",
    "Харків", "\u200f", "\u202e", "\ufeff", "e\u0301", "🚀", "\x00", "\t", "U.S.", "St.", "No.", "—", "…",
)
GLUE = st.sampled_from([" ", " ", " ", ", ", ". ", "; ", "\n", "\n\n", " \"", "\" ", "“", "”", "'", "’", " (",
                        ") ", ": ", " - ", "!", "?", "...", "\r\n", "  "])
NEWSLIKE = st.lists(st.tuples(st.sampled_from(FRAGMENTS + SENTENCES), GLUE), max_size=30).map(
    lambda parts: "".join(f + g for f, g in parts))
ANY_TEXT = st.text(max_size=400)
TEXTS = st.one_of(ANY_TEXT, NEWSLIKE, st.tuples(NEWSLIKE, ANY_TEXT, NEWSLIKE).map("".join))

# Modest by default so the suite stays fast; STRIKEWATCH_FUZZ_EXAMPLES=500 for a deeper local search.
EXAMPLES = int(os.environ.get("STRIKEWATCH_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def pipeline_until(name: str) -> Language:
    return build_pipeline(until=name)


def evidence_of(mention: IncidentMention) -> list[Evidence]:
    """Every Evidence a mention carries, wherever it sits."""
    out = list(mention.evidence)
    if mention.date_evidence is not None:
        out.append(mention.date_evidence)
    out += [c.evidence for c in mention.claims]
    out += [c.evidence for c in mention.casualties]
    out += [t.evidence for t in mention.targets if t.evidence is not None]
    return out


def check_offsets(text: str, doc_or_mentions: object) -> None:
    for a in annotations_of(doc_or_mentions):  # type: ignore[arg-type]
        assert 0 <= a.start <= a.end <= len(text), a
        assert text[a.start:a.end] == a.text, a


@pytest.mark.parametrize("name", COMPONENTS)
@FUZZ
@given(text=TEXTS)
def test_every_component_survives_any_text_and_keeps_offsets(name: str, text: str) -> None:
    nlp = pipeline_until(name)
    doc = annotate(text, article_id="fuzz", published="2024-03-05", nlp=nlp)
    check_offsets(text, doc)
    for mention in doc.user_data.get("sw_mentions", []):
        for ev in evidence_of(mention):
            assert 0 <= ev.start <= ev.end <= len(text) and text[ev.start:ev.end] == ev.text, ev


@settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, published=st.one_of(st.none(), st.sampled_from(["2024-03-05", "1900-01-01", "2100-12-31",
                                                                   "2024-02-30", "garbage"])))
def test_whole_pipeline_evidence_matches_text(text: str, published: str | None) -> None:
    if not text.strip():
        text = text + "x"
    result = extract_article(RawArticle(id="fuzz-1", text=text, published=published))
    for a in result.annotations:
        assert 0 <= a.start <= a.end <= len(text) and text[a.start:a.end] == a.text, a
    for mention in result.mentions:
        assert mention.article_id == "fuzz-1"
        for ev in evidence_of(mention):
            assert ev.article_id == "fuzz-1"
            assert 0 <= ev.start <= ev.end <= len(text) and text[ev.start:ev.end] == ev.text, ev
        for c in mention.casualties:
            for fig in (c.killed, c.injured):
                if fig is not None and fig.min is not None and fig.max is not None:
                    assert fig.min <= fig.max, c


def _best_time(text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        annotate(text)
        best = min(best, time.perf_counter() - started)
    return best


def test_run_time_grows_about_linearly() -> None:
    """Not a speed test: the same reports eight times over must not cost quadratically more."""
    base = "\n\n".join(r["text"] for r in small_articles(12, seed=3))
    annotate(base)  # warm up (gazetteer, caches)
    ratio = _best_time("\n\n".join([base] * 8)) / max(_best_time(base), 1e-4)
    assert ratio < 8 * 4, f"8x the text took {ratio:.1f}x the time"
