"""`sw_weapon_events`: strikes reported by construction, typed by the weapon.

Reports often name no strike word: "Russian forces fired artillery at houses in Bezruky", "Warplanes kill 21
people", "Tens of missiles target the Eastern Ghouta", "helicopters dropped barrel bombs on", "a massacre by
warplanes", "casualties in the fall of shells on the city". Seven constructions, over each sentence:
- a weapon or platform as the subject of an attack verb ("warplanes bomb", "missiles hit", "shells fell on"),
  its owner between them ("Rocket of the regime forces kills");
- an actor that fires, launches or drops a weapon at, on or toward something ("fired Grad missiles at");
- an armed force that fires at or on a place with no weapon named ("Russian forces fired on Bilohiria"), not at
  protesters or crowds;
- an armed force that shells, bombs or pounds a place ("the regime forces shell Daraa city");
- a weapon as the agent after "by" of a strike or its toll ("killed by shells", "a massacre committed by
  warplanes"), or "the fall of shells";
- a strike verb whose weapon follows "with" ("the regime forces target with 25 missiles areas east of Damascus");
- an armed force, its weapon and a target with the verb left out, as terse notes do ("Russian forces artillery at").
The weapon gives the type (artillery, mortars, Grad, MLRS → shelling; warplanes, helicopters → airstrike; drones →
drone strike; ballistic or cruise missiles → missile strike), a drone or aircraft in the same phrase winning over
what it dropped. Tear gas, bullets and the like are not weapons here, so riot reports stay incident-free. Words and
limits are in data/weapons.json. A construction overlapping a strong strike word `sw_events` found adds nothing; one
overlapping a weak word ("attacks", "strikes") replaces it.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.document import EventMention, sentences_of, strike_doc, text_of, token_lowers
from strikewatch.extract.events import is_aggregate_sentence
from strikewatch.extract.lexicon import load_data

_PLATFORM_FIRST = ("drone_strike", "airstrike")
_DEFINITE_RE = re.compile(r"(?i)\b(?:the|this|that|these|those)\s+$")


def _first_words(phrases: list[str]) -> frozenset[str]:
    """The tokens a phrase can start with, as spaCy splits them ("bm-21 grad" -> "bm-21", "bm")."""
    heads = {p.lower().split()[0] for p in phrases}
    return frozenset(heads | {h.split("-")[0] for h in heads})


def _alternation(words: list[str]) -> str:
    """Longest first, each word's spaces and hyphens loose ("BM-21 Grad", "bm 21 grad")."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        parts.append(r"[\s-]+".join(re.escape(x) for x in re.split(r"[\s-]+", w)))
    return "|".join(parts)


class WeaponEventFinder:
    def __init__(self) -> None:
        data = load_data("weapons.json")
        self.type_of: dict[str, str] = {}
        self.armed_default = "shelling"  # an armed force firing at a place, no weapon named
        for etype, ws in data["weapons"].items():
            for w in ws:
                self.type_of.setdefault(self._key(w), etype)
        all_weapons = [w for ws in data["weapons"].values() for w in ws]
        weapon = r"(?P<w>" + _alternation(all_weapons) + r")"
        not_after = r"(?![\s-]+(?:" + _alternation(data["not_weapons_after"]) + r")\b)"
        sv = _alternation(data["subject_verbs"])
        lv = _alternation(data["launch_verbs"])
        lt = _alternation(data["launch_targets"])
        by = _alternation(data["nominal_before_by"])
        k, g = data["subject_max_gap_words"], data["launch_max_gap_words"]
        stops = _alternation(data["subject_gap_stops"])
        active = "".join(rf"(?<!\b{re.escape(w)})" for w in data["passive_auxiliaries"])
        # A sentence can match only if one of its tokens starts a weapon or is a firing verb.
        self.cue_words = _first_words(all_weapons) | _first_words(
            [*data["fired_on"], *data["armed_strike_verbs"], *data["target_with_verbs"], "fired", "fires", "fire"]
        )
        # "launched two shells from drones on": the platform named in the phrase is how it struck.
        self.platforms = {
            t: re.compile(r"(?i)\b(?:" + _alternation(data["weapons"][t]) + r")\b") for t in _PLATFORM_FIRST
        }
        word = r"[\w'’./-]+"
        owner = rf"(?:\s+of\s+(?:the\s+)?{word}(?:\s+{word}){{0,2}}?)?"  # whose weapon: "of the regime forces"
        # Each construction needs one of each of its word sets (a verb, an armed force, "by", "with", "on"): one
        # entry per pattern below.
        armed = _first_words(data["armed_subjects"])
        self.needs: list[tuple[frozenset[str], ...]] = [
            (_first_words(data["subject_verbs"]),),
            (_first_words(data["launch_verbs"]),),
            (armed,),
            (armed,),
            (frozenset({"by", "fall"}),),
            (_first_words(data["target_with_verbs"]), frozenset({"with"})),
            (armed, frozenset({"on"})),
        ]
        self.patterns = [
            # "Warplanes kill 21 people", "two mortar shells fell on", "Russian jets and helicopters bombed"
            # ("Rocket of the regime forces kills 5", "Warplanes of the Coalition carry out a massacre")
            # Not a weapon used for something ("a drone for visual targeting") nor one struck ("Bayraktar TB2
            # were destroyed"): no gap word of purpose, no passive auxiliary before the verb.
            re.compile(
                rf"(?i)\b{weapon}\b{not_after}[”\"]?{owner}(?:\s+(?!(?:{stops})\b){word}){{0,{k}}}?{active}\s+(?:{sv})\b"
            ),
            # "fired 120mm and 82mm mortars at", "dropped barrel bombs on", "launched two shells from drones on"
            re.compile(rf"(?i)\b(?:{lv})\s+(?:{word},?\s+){{0,{g}}}?{weapon}\b{not_after}(?:\s+{word}){{0,3}}?\s+(?:{lt})\b"),
            # "Russian forces fired on the Ukrainian forces in Bilohiria": an armed force firing, no weapon named
            re.compile(
                rf"(?i)\b(?P<w>{_alternation(data['armed_subjects'])})\s+(?:{word}\s+){{0,1}}?(?:{_alternation(data['fired_on'])})"
                rf"\b(?!\s+(?:the\s+|a\s+|some\s+)?(?:{_alternation(data['not_fired_on'])})\b)"
            ),
            # "the regime forces shell Daraa city", "government forces bombarded the village"
            re.compile(
                rf"(?i)\b(?P<w>{_alternation(data['armed_subjects'])})\s+(?:and\s+{word}\s+|{word}\s+)?"
                rf"(?:{_alternation(data['armed_strike_verbs'])})\b"
            ),
            # "a massacre by warplanes", "killed by Russian shells", "the fall of shells on"
            re.compile(rf"(?i)\b(?:(?:{by})\s+(?:(?:carried\s+out|committed|perpetrated)\s+)?by(?:\s+{word}){{0,4}}?\s+|fall\s+of\s+(?:\w+\s+)?){weapon}\b{not_after}"),
            # "the regime forces target with more than 25 missiles areas east of the capital", "targeted the
            # convoy with two drones": the weapon after "with"
            re.compile(
                rf"(?i)\b(?:{_alternation(data['target_with_verbs'])})\s+(?:{word}\s+){{0,6}}?(?:with|by)\s+"
                rf"(?:{word}\s+){{0,4}}?{weapon}\b{not_after}"
            ),
            # "Russian forces artillery at Dobrianka": a terse note that leaves out the firing verb
            # (a note's first clause, after its date: "On 12 June, Russian forces artillery at X")
            re.compile(
                rf"(?i)^on\s+[^,]{{3,30}},\s+(?:the\s+)?(?:{word}\s+){{0,2}}?"
                rf"(?P<lead>(?:{_alternation(data['armed_subjects'])})\s+(?:{word}\s+)?{weapon}\b{not_after}"
                rf"\s+(?:at|toward|towards)\b)"
            ),
        ]

    @staticmethod
    def _key(w: str) -> str:
        return re.sub(r"[\s-]+", " ", w.lower())

    def _type(self, match: re.Match) -> str:
        etype = self.type_of.get(self._key(match.group("w")), self.armed_default)
        if etype in _PLATFORM_FIRST:
            return etype
        phrase = match.group(0)
        return next((p for p in _PLATFORM_FIRST if self.platforms[p].search(phrase)), etype)

    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        text = text_of(doc)
        found: list[EventMention] = []
        replaced: list[EventMention] = []
        lowers = token_lowers(doc)
        for si, sent in enumerate(sentences_of(doc)):
            # Most sentences name no weapon and no firing: a set test on their words skips them.
            words = set(lowers[sent.start : sent.end])
            if not words & self.cue_words:
                continue
            s_text = text[sent.start_char : sent.end_char]
            aggregate = None
            for pattern, needs in zip(self.patterns, self.needs, strict=True):
                if not all(words & need for need in needs):
                    continue
                for m in pattern.finditer(s_text):
                    first = m.start("lead") if "lead" in pattern.groupindex else m.start()
                    start, end = sent.start_char + first, sent.start_char + m.end()
                    if sw.in_noise(start, end) or any(e.start < end and start < e.end for e in found):
                        continue
                    # A strike word inside the construction: a strong one says it all; a weak one ("helicopters
                    # carried out attacks") gives way to the construction, which tells the weapon.
                    inside = [e for e in sw.events if e.start < end and start < e.end]
                    if any(e.strong for e in inside):
                        continue
                    replaced.extend(inside)
                    span = doc.char_span(start, end, alignment_mode="expand")
                    if span is None:
                        continue
                    # "The drone fired two missiles at the vehicle": a definite weapon is one already told of, a
                    # reference to its strike rather than a new one (not in a headline, which tells of none).
                    if aggregate is None:
                        aggregate = is_aggregate_sentence(s_text)
                    definite = si > 0 and bool(_DEFINITE_RE.search(s_text, max(0, m.start("w") - 12), m.start("w")))
                    found.append(
                        EventMention(
                            start=start,
                            end=end,
                            text=text[start:end],
                            event_type=self._type(m),
                            aggregate=aggregate,
                            sentence=si,
                            token_start=span.start,
                            token_end=span.end,
                            strong=not definite,
                            typed=definite,
                        )
                    )
        if found:
            kept = [e for e in sw.events if not any(e is r for r in replaced)]
            sw.events = sorted([*kept, *found], key=lambda e: e.start)
        return doc


@Language.factory("sw_weapon_events")
def make_weapon_events(nlp: Language, name: str) -> WeaponEventFinder:
    return WeaponEventFinder()
