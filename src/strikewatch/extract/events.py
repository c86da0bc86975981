"""`sw_events`: words that report a strike or an attack, typed.

Strong phrases ("airstrikes", "drone attack", "shelling") carry their own type. Weak ones
("struck", "the attack", "targeted") take their type from context words in the sentence, else
from the article's strong events; beside a strong phrase they only add detail, unless a cue
makes them an earlier strike ("attacks like those on August 15").
Sentences that sum up many strikes ("at least five times this year", "several air strikes
since 2021") are marked `aggregate`: they report no single incident.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.document import (
    EventMention,
    sentence_of_token,
    sentence_texts,
    strike_doc,
    text_of,
)
from strikewatch.extract.lexicon import load_data, longest_first, phrase_matcher
from strikewatch.extract.liveblog import entry_at, live_entries

_DETERMINERS = {"the", "a", "an", "this", "that", "its", "their", "his", "her"}
_AIR_RAID_WORDS = {"raid", "raids", "raided"}
_WEAPON_AS_TARGET = re.compile(
    r"\b(?:rockets?|missiles?|drones?)[ -](?:launch\w*|cells?|factor\w*|depots?|sites?|units?|workshops?|platforms?|"
    r"production|storage|warehouses?|stockpiles?|squads?|teams?|batter\w*|systems?)\b"
)
_AIR_VERBS = {"strike", "strikes", "struck", "bombed", "pounded", "hit", "hits"}


class EventFinder:
    def __init__(self, nlp: Language) -> None:
        data = load_data("events.json")
        self.strong_matcher = phrase_matcher(nlp, data["strong"])
        self.weak_matcher = phrase_matcher(nlp, {"weak": data["weak"]})
        self.context = {
            t: re.compile(r"\b(?:" + "|".join(re.escape(w.lower()) for w in ws) + r")\b")
            for t, ws in data["context"].items()
        }
        self.hypothetical = re.compile(
            r"\b(?:" + "|".join(re.escape(h.lower()) for h in data["hypothetical_before"]) + r")\s+(\w+\s+)?$"
        )
        self.defended = re.compile(
            r"\b(?:" + "|".join(re.escape(h.lower()) for h in data["defended_before"]) + r")\s+(?:\w+\s+)?$"
        )
        self.not_after = {k: set(v) for k, v in data["not_events_after"].items()}
        self.after_cues = tuple(c.lower() for c in data["background_cues"]["after_trigger"])
        spans = "|".join(re.escape(c.lower()) for c in data["span_of_time_before"])
        self.span_of_time = re.compile(r"(?i)\b(?:" + spans + r")\s+(?:[\w-]+\s+){0,3}$")

    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        sent_of = sentence_of_token(doc)
        texts = sentence_texts(doc)
        # A sentence's aggregate test is run only for sentences with events, once each.
        aggregate = cache(lambda si: is_aggregate_sentence(texts[si]))
        events: list[EventMention] = []
        strong_sents: set[int] = set()
        for match_id, start, end in longest_first(list(self.strong_matcher(doc))):
            span = doc[start:end]
            if sw.in_noise(span.start_char, span.end_char):
                continue
            etype = doc.vocab.strings[match_id]
            si = sent_of[start]
            following = self.not_after.get(span[-1].lower_)
            if following and end < len(doc) and doc[end].lower_ in following:
                continue  # "rocket launchers", "missile depots": things struck, not how
            if self._defended(text_of(doc), span.start_char):
                continue  # "air defences intercepted two projectiles"
            if etype == "missile_strike" and self._has_context(texts[si], "drone_strike"):
                etype = "drone_strike"  # "a drone fired a guided missile at a car"
            if span.text.lower() in _AIR_RAID_WORDS and not self._has_context(texts[si], "airstrike"):
                etype = "airstrike" if self._has_context(text_of(doc)[:20000], "airstrike") else "ground_attack"
            summed = aggregate(si) or self._span_of_time_before(text_of(doc), span.start_char)
            events.append(_event(span, etype, summed, si))
            strong_sents.add(si)
        entries = live_entries(text_of(doc))
        fallback_of = self._fallback_types(events, entries)
        for _, start, end in longest_first(list(self.weak_matcher(doc))):
            span = doc[start:end]
            si = sent_of[start]
            if sw.in_noise(span.start_char, span.end_char) or any(e.token_start <= start < e.token_end for e in events):
                continue
            if start > 0 and doc[start - 1].lower_ in _DETERMINERS and span.text.lower() in ("targeted", "hit"):
                continue  # "the targeted site"
            if self._hypothetical(text_of(doc), span.start_char, span.end_char) or self._defended(
                text_of(doc), span.start_char
            ):
                continue  # "to protect US forces from attack", "possible attacks by the militias"
            # Beside a strong word, a weak one is a different strike ("attacks like those on
            # August 15"): the sentence's context words describe the other one.
            typed = self._type_from_context(texts[si]) if si not in strong_sents else None
            # Without a telling word nearby, "struck"/"bombed" in this domain is most often an airstrike.
            default = "airstrike" if span.text.lower() in _AIR_VERBS else "other"
            fallback = fallback_of.get(entry_at(entries, span.start_char) if entries else 0)
            etype = "other" if si in strong_sents else (typed or fallback or default)
            events.append(
                _event(
                    span,
                    etype,
                    aggregate(si),
                    si,
                    strong=False,
                    beside_strong=si in strong_sents,
                    typed=typed is not None,
                )
            )
        events.sort(key=lambda e: e.start)
        sw.events = events
        return doc

    @staticmethod
    def _fallback_types(events: list[EventMention], entries: tuple[tuple[int, int], ...]) -> dict[int, str]:
        """The type a weak word without telling words takes: the article's commonest strong type, or on a live
        page its own entry's (a rocket barrage in the morning's entry says nothing of the strike at 21:10)."""
        counts: dict[int, Counter] = {}
        for e in events:
            if e.event_type in ("explosion", "other") or e.aggregate:
                continue
            key = entry_at(entries, e.start) if entries else 0
            counts.setdefault(key, Counter())[e.event_type] += 1
        return {key: c.most_common(1)[0][0] for key, c in counts.items()}

    def _defended(self, text: str, start: int) -> bool:
        return bool(self.defended.search(text[max(0, start - 24) : start].lower()))

    def _span_of_time_before(self, text: str, start: int) -> bool:
        """'for weeks of drone and missile attacks on shipping': many strikes over a span of time, not one."""
        return bool(self.span_of_time.search(text[max(0, start - 40) : start]))

    def _hypothetical(self, text: str, start: int, end: int) -> bool:
        after = text[end : end + 20].lower().lstrip()
        if after.startswith(self.after_cues):
            return False  # "against attacks like those on August 15" recalls real ones
        return bool(self.hypothetical.search(text[max(0, start - 20) : start].lower()))

    def _has_context(self, text: str, etype: str) -> bool:
        pattern = self.context.get(etype)
        return bool(pattern and pattern.search(text.lower()))

    def _type_from_context(self, sentence: str) -> str | None:
        low = _WEAPON_AS_TARGET.sub(" ", sentence.lower())  # "a Hezbollah rocket cell" says nothing of how
        for etype in ("airstrike", "drone_strike", "missile_strike", "rocket_attack", "shelling", "explosion"):
            pattern = self.context.get(etype)
            if pattern and pattern.search(low):
                return etype
        return None


def _event(span, event_type: str, aggregate: bool, sentence: int, **flags: bool) -> EventMention:  # noqa: ANN001
    return EventMention(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        event_type=event_type,
        aggregate=aggregate,
        sentence=sentence,
        token_start=span.start,
        token_end=span.end,
        **flags,
    )


def _alternation_of(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" if "[A-Z]" in p else f"(?i:{p})" for p in patterns))


@cache
def _aggregate_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The aggregate cue words and patterns of events.json; one alternation each, so a sentence is read once."""
    data = load_data("events.json")
    cues = sorted((c.lower() for c in data["aggregate_cues"]), key=len, reverse=True)
    return (
        re.compile("|".join(re.escape(c) for c in cues)),
        _alternation_of(data["aggregate_patterns"]),
        _alternation_of(data["single_event_patterns"]),
        _alternation_of(data["running_total_patterns"]),
    )


@lru_cache(maxsize=4096)
def is_aggregate_sentence(sentence: str) -> bool:
    """A sentence that sums up many strikes ("at least five times this year"): it reports no single incident.

    One that ranks a strike against those before it ("the heaviest shelling since the truce", "the first massacre
    since the start of the truce", "for the first time in months") tells of that one strike, unless it sums a
    running toll ("raise the death toll to 290 since the start of the battle").

    Cached: a sentence is asked about by the event and the weapon-event finders, and syndicated copies repeat
    sentences; the answer depends on the text alone."""
    cues, patterns, single, running = _aggregate_res()
    if not (cues.search(sentence.lower()) or patterns.search(sentence)):
        return False
    return not (single.search(sentence) and not running.search(sentence))


@Language.factory("sw_events")
def make_events(nlp: Language, name: str) -> EventFinder:
    return EventFinder(nlp)
