"""`sw_actors`: names of actors and parties, canonicalised through `data/actors.json`.

An alias can name an actor (who strikes or is struck: `US`, `IL`, `irgc`), a party (who
speaks: CENTCOM, SOHR, Mehr), or both. A party that speaks for an actor (CENTCOM for `US`,
SANA for `SY`) carries `speaks_for`, which is how a perpetrator's own announcement is told
apart from others' claims.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.document import ActorMention, strike_doc
from strikewatch.extract.lexicon import load_data, longest_first, phrase_matcher
from strikewatch.model import Party

# Placeholder actors for names whose side depends on where the report is: "government forces" are Yemen's in
# Yemen and Syria's in Syria; "the coalition" is the Saudi-led one in Yemen, the US-led one elsewhere.
STATE_OF_PLACE = "@state"
COALITION_OF_PLACE = "@coalition"
CONTEXTUAL = {"state": STATE_OF_PLACE, "coalition": COALITION_OF_PLACE}
COALITION_BY_COUNTRY = {"YE": "SA", "SA": "SA"}


class ActorRecogniser:
    def __init__(self, nlp: Language) -> None:
        self.entries = load_data("actors.json")["entries"]
        lower: dict[str, list[str]] = {}
        exact: dict[str, list[str]] = {}
        for i, entry in enumerate(self.entries):
            exact_aliases = set(entry.get("case_sensitive", []))
            aliases = [a for a in entry["aliases"] if a not in exact_aliases]
            lower[str(i)] = aliases + [a.replace("'", "’") for a in aliases if "'" in a]
            exact[str(i)] = sorted(exact_aliases)
        self.matcher = phrase_matcher(nlp, lower, case_sensitive=exact)

    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        found: list[ActorMention] = []
        for match_id, start, end in longest_first(list(self.matcher(doc))):
            span = doc[start:end]
            if sw.in_noise(span.start_char, span.end_char) or self._inside_other_name(doc, start, end):
                continue
            entry = self.entries[int(doc.vocab.strings[match_id])]
            found.append(self._mention(span, entry))
        sw.actors = found
        return doc

    @staticmethod
    def _inside_other_name(doc: Doc, start: int, end: int) -> bool:
        """A one-word alias that is one word of a longer proper name: "Observatory" in "Hauran Observatory
        for Human Rights" (a title-case word before it, "for/of" + a title-case word after) names another body."""
        if end - start != 1 or not doc[start].is_title or start == 0 or end + 1 >= len(doc):
            return False
        before, after, then = doc[start - 1], doc[end], doc[end + 1]
        return before.is_title and not before.is_sent_start and after.lower_ in ("for", "of") and then.is_title

    @staticmethod
    def _mention(span, entry: dict) -> ActorMention:  # noqa: ANN001 - spaCy Span
        party = None
        # "government forces", "the army": whose depends on where the article is (resolved by sw_claims).
        actors = entry.get("actors") or []
        contextual = entry.get("contextual")
        speaks_for = CONTEXTUAL[contextual] if contextual else entry.get("actor") or (actors[0] if actors else None)
        if "party" in entry:
            p = entry["party"]
            party = Party(name=span.text, id=p["id"], kind=p["kind"], canonical=p["name"], speaks_for=speaks_for)
        # News agencies and state media speak for a side but never strike.
        perpetrator = None if entry.get("media_only") or entry.get("speaks_for_actor") else speaks_for
        return ActorMention(
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            actor=perpetrator,
            party=party,
            adjective=bool(entry.get("adjective")),
            co_actors=tuple(actors[1:]),
            token_start=span.start,
            token_end=span.end,
        )


@Language.factory("sw_actors")
def make_actors(nlp: Language, name: str) -> ActorRecogniser:
    return ActorRecogniser(nlp)
