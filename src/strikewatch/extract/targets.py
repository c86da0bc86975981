"""`sw_targets`: what was struck ("key positions of Iran-backed militias", "the Ayash Camp run by
the Fatimiyoun group"), with a kind from its head word and an actor from the names inside it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.document import TargetMention, sentence_of_token, strike_doc, token_lowers
from strikewatch.extract.lexicon import load_data

_TARGET_VERBS = {
    "targeted",
    "targeting",
    "targets",
    "target",
    "hit",
    "struck",
    "bombed",
    "raided",
    "on",
    "against",
    "shelled",
    "pounded",
}
_STOP = {
    "in",
    "at",
    "near",
    "across",
    "with",
    "from",
    "after",
    "during",
    "since",
    "while",
    "before",
    "as",
    "and",
    "which",
    "that",
    "who",
    "killing",
    "injuring",
    "leading",
    "resulting",
    "causing",
    "on",
    "according",
    "by",
    "to",
    "for",
    "inside",
    "into",
    "west",
    "east",
    "north",
    "south",
    "under",
    "amid",
}
_KEEP_AFTER = {"of", "used", "run", "belonging", "affiliated", "linked", "by", "to", "with", "loyal", "allied"}


class TargetFinder:
    def __init__(self) -> None:
        self.kinds: dict[str, str] = {
            w: kind for kind, ws in load_data("targets.json")["head_words"].items() for w in ws
        }

    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        sent_of = sentence_of_token(doc)
        event_sents = {e.sentence for e in sw.events if not e.aggregate}
        found: list[TargetMention] = []
        lowers = token_lowers(doc)
        for i, low in enumerate(lowers):
            if low not in _TARGET_VERBS or sent_of[i] not in event_sents:
                continue
            tok = doc[i]
            if tok.lower_ in ("on", "against") and not any(e.token_end == tok.i for e in sw.events):
                continue  # "on" only right after a strike word: "strikes on a depot"
            span = self._phrase(doc, tok.i + 1)
            if span is None or sw.in_noise(span.start_char, span.end_char):
                continue
            kind = next((self.kinds[t.lower_] for t in span if t.lower_ in self.kinds), None)
            if kind is None:
                continue
            actor = next((a.actor for a in sw.actors if span.start_char <= a.start < span.end_char and a.actor), None)
            found.append(
                TargetMention(
                    start=span.start_char,
                    end=span.end_char,
                    text=span.text,
                    actor=actor,
                    kind=kind,
                    sentence=sent_of[tok.i],
                )
            )
        sw.targets = found
        return doc

    @staticmethod
    def _phrase(doc: Doc, i: int):  # noqa: ANN205 - spaCy Span | None
        end = i
        limit = min(len(doc), i + 14)
        while end < limit:
            t = doc[end]
            if t.is_punct and t.text not in ("-", "’", "'", "“", "”", '"') or t.is_space:
                break
            if t.lower_ in _STOP and not (end > i and doc[end - 1].lower_ in _KEEP_AFTER):
                if t.lower_ not in _KEEP_AFTER:
                    break
            end += 1
        while end > i and (doc[end - 1].is_punct or doc[end - 1].lower_ in _KEEP_AFTER):
            end -= 1
        return doc[i:end] if end > i else None


@Language.factory("sw_targets")
def make_targets(nlp: Language, name: str) -> TargetFinder:
    return TargetFinder()
