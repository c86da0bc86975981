"""The shared document that extraction components annotate.

Like spaCy's own entities, every annotation is a character span into the article text
(`start`, `end`, `text`), so evidence can always be cut from the stored text. The
annotations live on `doc._.sw`, a `StrikeDoc`, which each component extends with one kind
of annotation.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc

from strikewatch.model import DateValue, Evidence, Figure, Location, Party


@dataclass
class TextSpan:
    start: int
    end: int
    text: str

    def evidence(self, article_id: str) -> Evidence:
        return Evidence(article_id=article_id, start=self.start, end=self.end, text=self.text)


@dataclass
class NoiseSpan(TextSpan):
    reason: str = "noise"  # caption, appeal, related, comments, share, link


@dataclass
class PlaceMention(TextSpan):
    """A place named in the text, resolved (or not) against the gazetteer."""

    location: Location | None = None
    # Text of a relative phrase that located it ("west of the city of al-Bukamal"), if any.
    relation: str | None = None


@dataclass
class DateMention(TextSpan):
    date: DateValue = field(default_factory=DateValue)
    # True for expressions read against a reference ("on Tuesday", "last week").
    relative: bool = False
    # Only a weekday ("on Tuesday"): resolution may fill its day from the incident.
    weekday_only: bool = False


@dataclass
class ActorMention(TextSpan):
    """A name of an actor (who strikes or is struck) and/or a party (who speaks)."""

    actor: str | None = None  # actor id: "US", "IL", "irgc", ...
    party: Party | None = None  # when this name can be a claimant
    hedged: bool = False  # "presumably Israeli", "believed to be"
    adjective: bool = False  # "Israeli", "American": an actor only when it modifies a strike or force word
    co_actors: tuple[str, ...] = ()  # "the American-British aggression" names two actors
    token_start: int = 0
    token_end: int = 0


@dataclass
class EventMention(TextSpan):
    """A word or phrase reporting a strike or attack ("airstrikes", "bombed")."""

    event_type: str = "other"
    aggregate: bool = False  # "several air strikes since 2021": not one incident
    sentence: int = 0
    token_start: int = 0
    token_end: int = 0
    strong: bool = True  # a strike word ("airstrike") rather than a generic verb ("targeted")
    beside_strong: bool = False  # a weak word in a sentence that also has a strong one
    typed: bool = False  # a weak word whose type came from words around it ("fighter jets … struck")


@dataclass
class ClaimMention(TextSpan):
    actor: str = ""
    actor_name: str = ""
    claimant: Party | None = None
    stance: str = "asserts"
    sentence: int = 0
    anchor: int = -1  # where the actor is named: the claim belongs to the strike nearest it


@dataclass
class CasualtyMention(TextSpan):
    claimant: Party | None = None
    killed: Figure | None = None
    injured: Figure | None = None
    victims: str = "unspecified"
    sentence: int = 0


@dataclass
class TargetMention(TextSpan):
    actor: str | None = None
    kind: str = "unknown"
    sentence: int = 0


@dataclass
class StrikeDoc:
    """All annotations of one article, filled by the pipeline's components in order."""

    article_id: str = ""
    title: str | None = None
    outlet: str | None = None
    outlet_span: TextSpan | None = None
    # The country an outlet that reports on one country covers (data/outlets.json): context for places.
    outlet_country: str | None = None
    url: str | None = None
    # The issuer's header line of a press release ("U.S. Central Command"), when there is one.
    header: TextSpan | None = None
    published: dt.date | None = None
    # Where `published` came from when it was read off the page (a date line, a dateline), not metadata.
    published_span: TextSpan | None = None
    # (month, day) of a dateline without a year ("HODEIDAH, Dec. 3 (YNN) -"): reads "last night" as --12-02.
    reference_md: tuple[int, int] | None = None
    noise: list[NoiseSpan] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    claims: list[ClaimMention] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    targets: list[TargetMention] = field(default_factory=list)
    _noise_starts: list[int] = field(default_factory=list, repr=False)

    def set_noise(self, spans: list[NoiseSpan]) -> None:
        self.noise = sorted(spans, key=lambda s: s.start)
        self._noise_starts = [s.start for s in self.noise]

    def in_noise(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a noise span (caption, appeal, related links...)."""
        i = bisect.bisect_right(self._noise_starts, start) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self.noise):
                n = self.noise[j]
                if n.start < end and start < n.end:
                    return True
        return False


if not Doc.has_extension("sw"):
    Doc.set_extension("sw", default=None)


def strike_doc(doc: Doc) -> StrikeDoc:
    """The `StrikeDoc` of a spaCy doc, created on first use."""
    if doc._.sw is None:
        doc._.sw = StrikeDoc()
    return doc._.sw


def text_of(doc: Doc) -> str:
    """The doc's text, computed once (spaCy rebuilds `doc.text` from tokens on every access)."""
    text = doc.user_data.get("sw_text")
    if text is None:
        text = doc.user_data["sw_text"] = doc.text
    return text


def sentences_of(doc: Doc) -> list:
    """The doc's sentences (spaCy spans): set by `sw_sentences`, else spaCy's, else the whole doc."""
    sents = doc.user_data.get("sw_sents")
    if sents is None:
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        doc.user_data["sw_sents"] = sents
    return sents


def sentence_of_token(doc: Doc) -> list[int]:
    """For each token index, the index of its sentence."""
    index = doc.user_data.get("sw_sent_index")
    if index is None:
        index = [0] * len(doc)
        for si, sent in enumerate(sentences_of(doc)):
            index[sent.start : sent.end] = [si] * (sent.end - sent.start)
        doc.user_data["sw_sent_index"] = index
    return index


def sentence_at_char(doc: Doc, char: int) -> int:
    """Index of the sentence containing a character offset (the nearest before it for whitespace)."""
    starts = doc.user_data.get("sw_sent_starts")
    if starts is None:
        starts = doc.user_data["sw_sent_starts"] = [s.start_char for s in sentences_of(doc)]
    return max(0, bisect.bisect_right(starts, char) - 1)


def sentence_texts(doc: Doc) -> list[str]:
    """Each sentence's text, sliced once from the cached doc text."""
    texts = doc.user_data.get("sw_sent_texts")
    if texts is None:
        text = text_of(doc)
        texts = doc.user_data["sw_sent_texts"] = [text[s.start_char : s.end_char] for s in sentences_of(doc)]
    return texts


def token_lowers(doc: Doc) -> list[str]:
    """Lower-cased token texts, read once (Token objects are costly to create one by one)."""
    lowers = doc.user_data.get("sw_lowers")
    if lowers is None:
        lowers = doc.user_data["sw_lowers"] = [t.lower_ for t in doc]
    return lowers


def token_texts(doc: Doc) -> list[str]:
    """Token texts, read once (as `token_lowers`: loops over tokens test these rather than make Tokens)."""
    texts = doc.user_data.get("sw_token_texts")
    if texts is None:
        texts = doc.user_data["sw_token_texts"] = [t.text for t in doc]
    return texts
