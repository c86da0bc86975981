"""`sw_casualties`: casualty figures, each with its claimant, victims and evidence.

A number counts only when tied to a casualty word: "seven members … were killed", "killing
three soldiers", "one death and injured 14 others", "the death of Behrouz Wahidi" (a named
person is one). Counts of raids, targets, troops or drones never are. Qualifiers set the
range: "at least six" is min 6 with no max, "about ten" is 10–10 approximate, "dozens" is
approximate with no exact number.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from strikewatch.extract.document import (
    CasualtyMention,
    sentence_at_char,
    sentence_texts,
    sentences_of,
    strike_doc,
    text_of,
    token_lowers,
)
from strikewatch.extract.lexicon import load_data
from strikewatch.extract.speakers import outlet_party
from strikewatch.model import Figure

_AUX = {
    "were",
    "was",
    "have",
    "has",
    "been",
    "had",
    "are",
    "is",
    "reportedly",
    "also",
    "all",
    "being",
    "be",
    "later",
    "allegedly",
    "subsequently",
    "initially",
    "eventually",
}
_STOP_BACK = {"and", "or", "but", "while", "which", "who", "that", "after", "as", "when"}
_AFTER_KEYWORDS = {
    "bodies",
    "martyring",
    "killed",
    "killing",
    "kills",
    "kill",
    "wounding",
    "injuring",
    "injured",
    "wounded",
    "left",
    "leaving",
    "death",
    "deaths",
    "injury",
    "injuries",
    "claimed",
    "toll",
}
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
_RECOVERED = {"recovered", "retrieved", "pulled", "found", "removed", "collected", "recover", "retrieve"}
_SINGULAR_VICTIMS = {
    "rider",
    "driver",
    "passenger",
    "occupant",
    "shepherd",
    "farmer",
    "fisherman",
    "man",
    "woman",
    "child",
    "boy",
    "girl",
    "son",
    "daughter",
    "owner",
    "guard",
    "commander",
    "soldier",
    "civilian",
}
_SKIP_AFTER = {
    "of",
    "to",
    "the",
    "at",
    "least",
    "rose",
    "reached",
    "climbed",
    "stands",
    "stood",
    "risen",
    "is",
    "was",
    # qualifiers, read back by `_qualified`: "killed around nine", "killed at least 12"
    "around",
    "about",
    "some",
    "nearly",
    "more",
    "than",
    "up",
    "over",
    "estimated",
    "approximately",
    "almost",
    "roughly",
    "an",
    "no",
    "fewer",
    "less",
    "as",
    "many",
    "close",
}


class CasualtyFinder:
    def __init__(self, nlp: Language) -> None:
        data = load_data("casualties.json")
        self.killed = {w for w in data["killed_words"] if " " not in w}
        self.injured = {w for w in data["injured_words"] if " " not in w}
        self.keywords = self.killed | self.injured | {"lost"}
        self.cumulative = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in data["cumulative_cues"]) + r")\b", re.I)
        self.max_single = int(data["max_single_incident"])
        self.numbers: dict[str, int] = data["number_words"]
        self.vague: dict[str, list] = data["vague_numbers"]
        self.at_least = [p.split() for p in data["at_least"]]
        self.at_most = [p.split() for p in data["at_most"]]
        self.approx = [p.split() for p in data["approximately"]]
        self.not_casualties = set(data["not_casualties"])
        self.victim_words = {w: group for group, ws in data["victims"].items() for w in ws}

    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        speakers = doc.user_data.get("sw_speakers") or [None] * len(sentences_of(doc))
        found: list[CasualtyMention] = []
        for si, sent in enumerate(sentences_of(doc)):
            if sw.in_noise(sent.start_char, sent.start_char + 1):
                continue
            figures = self._figures(doc, sent)
            if not figures:
                continue
            speaker = speakers[si] if si < len(speakers) else None
            claimant = speaker.party if speaker else outlet_party(sw.outlet)
            merged: list[CasualtyMention] = []
            for kind, figure, start, end, victims in figures:
                target = next((m for m in merged if getattr(m, kind) is None), None)
                if target is None:
                    target = CasualtyMention(
                        start=start, end=end, text="", claimant=claimant, victims=victims, sentence=si
                    )
                    merged.append(target)
                setattr(target, kind, figure)
                target.start, target.end = min(target.start, start), max(target.end, end)
                if target.victims == "unspecified":
                    target.victims = victims
            for m in merged:
                m.text = text_of(doc)[m.start : m.end]
                found.append(m)
        sw.casualties = found
        return doc

    def _kind(self, token) -> str | None:  # noqa: ANN001 - spaCy Token
        low = token.lower_
        if low in self.killed:
            return "killed"
        if low == "lost":
            doc = token.doc
            nxt = " ".join(t.lower_ for t in doc[token.i + 1 : token.i + 3])
            if nxt in ("their lives", "his life", "her life", "their life"):
                return "killed"  # "three civilians lost their lives"
        if low in self.injured:
            return "injured"
        return None

    def _figures(self, doc: Doc, sent: Span) -> list[tuple[str, Figure, int, int, str]]:
        out = []
        used: set[int] = set()
        lowers = token_lowers(doc)
        if self.cumulative.search(sentence_texts(doc)[sentence_at_char(doc, sent.start_char)]):
            return out  # "killed more than 4,000 people since October": a war's toll, not an incident's
        for i in range(sent.start, sent.end):
            if lowers[i] not in self.keywords:
                continue
            tok = doc[i]
            if lowers[i] == "bodies" and not any(lowers[x] in _RECOVERED for x in range(max(sent.start, i - 4), i)):
                continue  # "mourners carry the bodies of three men": a funeral, not a toll
            kind = self._kind(tok)
            # "The strike killed nine people" reads forward; "nine people were killed" backward.
            passive = tok.i > sent.start and lowers[tok.i - 1] in _AUX
            hit = None
            if tok.lower_ in _AFTER_KEYWORDS and not passive:
                hit = self._number_after(doc, tok.i, sent, used)
            if hit is None:
                hit = self._number_before(doc, tok.i, sent, used)
            if hit is None and tok.lower_ in _AFTER_KEYWORDS and passive:
                hit = self._number_after(doc, tok.i, sent, used)
            if hit is None:
                continue
            figure, lo, hi = hit
            used.update(range(lo, hi))
            if max(figure.min or 0, figure.max or 0) >= self.max_single:
                continue  # thousands: a cumulative toll, whatever the wording
            victims = self._victims(doc[lo:hi])
            out.append((kind, figure, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text), victims))
        return out

    def _number_before(self, doc: Doc, k: int, sent: Span, used: set[int]) -> tuple[Figure, int, int] | None:
        j = k - 1
        steps = 0
        while j >= sent.start and steps < 9:
            t = doc[j]
            low = t.lower_
            if (
                low in ("and", "or")
                and j + 1 < k
                and j - 1 >= sent.start
                and doc[j - 1].is_alpha
                and not self._kind(doc[j - 1])
                and self._number_at(doc, j - 1) is None
            ):
                j -= 1  # "six Syrian and foreign militants"
                steps += 1
                continue
            if low == "," and j + 1 < k and steps == 0 or low == "," and doc[j + 1].lower_ in _AUX | {"lost"}:
                opener = next((x for x in range(j - 1, max(sent.start, j - 12) - 1, -1) if doc[x].text == ","), None)
                if opener is not None:
                    j = opener - 1  # "three civilians, a herder and his two sons, lost their lives"
                    steps += 1
                    continue
            if low == ")":
                opener = next((x for x in range(j - 1, max(sent.start, j - 10) - 1, -1) if doc[x].text == "("), None)
                if opener is not None:
                    j = opener - 1  # "One fighter of Iraq's Popular Mobilisation Forces (PMF) was killed"
                    steps += 1
                    continue
            if j in used or (t.is_punct and low not in ("-",)) or low in _STOP_BACK or self._kind(t):
                return None
            one_person = low in ("a", "an") and j + 1 < k and doc[j + 1].lower_ in self.victim_words
            value = self._number_at(doc, j) if low not in ("a", "an") or one_person else None
            if (
                value is not None
                and j + 2 < k
                and doc[j + 1].lower_ == "of"
                and doc[j + 2].lower_ in ("the", "those", "them", "whom")
            ):
                return None  # "two of the injured were in critical condition"
            if value is not None:
                nouns = {x.lower_ for x in doc[j + 1 : k]}
                if nouns & self.not_casualties:
                    return None
                figure, lo = self._qualified(doc, j, value, sent)
                return figure, lo, k + 1
            if low not in _AUX and not t.is_alpha and low not in ("-", "'s", "’s"):
                return None
            j -= 1
            steps += 1
        return None

    def _number_after(self, doc: Doc, k: int, sent: Span, used: set[int]) -> tuple[Figure, int, int] | None:
        j = k + 1
        while j < sent.end and j < k + 5:
            t = doc[j]
            low = t.lower_
            if j in used:
                return None
            value = self._number_at(doc, j)
            if (
                value is not None
                and j + 2 < sent.end
                and doc[j + 1].lower_ == "of"
                and doc[j + 2].lower_ in ("the", "those", "them", "whom")
            ):
                return None  # "two of the injured": part of a figure already given
            if value is not None:
                end = self._noun_phrase_end(doc, j + 1, sent)
                nouns = {x.lower_ for x in doc[j + 1 : end]}
                if nouns & self.not_casualties:
                    return None
                if low in ("a", "an") and not (nouns & set(self.victim_words)) and not doc[j + 1 : end].text.istitle():
                    return None
                figure, _ = self._qualified(doc, j, value, sent)
                return figure, k, max(end, j + 1)
            if low in ("its", "his", "her", "the") and j + 1 < sent.end and doc[j + 1].lower_ in _SINGULAR_VICTIMS:
                return Figure(min=1, max=1), k, j + 2  # "killing its rider", "wounding the driver"
            if t.is_title and not t.is_sent_start and low not in self.numbers and doc[k].lower_ in ("death", "killing"):
                end = self._noun_phrase_end(doc, j, sent)
                return Figure(min=1, max=1), k, end  # "the death of Behrouz Wahidi"
            if low not in _SKIP_AFTER and not (t.is_alpha and low in ("severe", "serious", "minor", "critical")):
                return None
            j += 1
        return None

    @staticmethod
    def _noun_phrase_end(doc: Doc, j: int, sent: Span) -> int:
        end = j
        while (
            end < sent.end
            and end < j + 5
            and (doc[end].is_alpha or doc[end].text in ("-",))
            and doc[end].lower_ not in ("in", "on", "at", "and", "were", "was", "who", "after", "by", "during", "when")
        ):
            end += 1
        return end

    def _number_at(self, doc: Doc, j: int) -> tuple[int | None, int | None, bool] | None:
        """(min, max, approximate) for a count word or digits, else None."""
        t = doc[j]
        text = t.text.replace(",", "")
        if text.isdigit() and len(text) <= 7:
            n = int(text)
            if 1900 <= n <= 2100 and (
                (j + 1 < len(doc) and not doc[j + 1].is_alpha) or (j > 0 and doc[j - 1].lower_.rstrip(".") in _MONTHS)
            ):
                return None  # a year: "in 2019,", "1 January 1900"
            return (n, n, False)
        low = t.lower_
        if low in self.vague:
            lo, hi = self.vague[low]
            return (lo, hi, True)
        if low in self.numbers:
            if low in ("a", "an") and j + 1 < len(doc) and doc[j + 1].lower_ in ("few", "number", "dozen"):
                return None
            n = self.numbers[low]
            return (n, n, False)
        return None

    def _qualified(self, doc: Doc, j: int, value: tuple, sent: Span) -> tuple[Figure, int]:
        lo_val, hi_val, approx = value
        start = j
        lowers = token_lowers(doc)
        for phrases, mode in ((self.at_least, "min"), (self.at_most, "max"), (self.approx, "approx")):
            for p in phrases:
                n = len(p)
                if j - n >= sent.start and lowers[j - n : j] == p:
                    start = j - n
                    if mode == "min":
                        strict = p[0] in ("more", "over", "upwards")
                        return Figure(
                            min=(lo_val + 1 if strict and lo_val is not None else lo_val), max=None, approximate=approx
                        ), start
                    if mode == "max":
                        return Figure(min=None, max=hi_val, approximate=approx), start
                    return Figure(min=lo_val, max=hi_val, approximate=True), start
        return Figure(min=lo_val, max=hi_val, approximate=approx), start

    def _victims(self, span: Span) -> str:
        groups = {self.victim_words[t.lower_] for t in span if t.lower_ in self.victim_words}
        if not groups:
            return "unspecified"
        if len(groups) > 1:
            return "children" if groups == {"civilians", "children"} else "mixed"
        return groups.pop()


@Language.factory("sw_casualties")
def make_casualties(nlp: Language, name: str) -> CasualtyFinder:
    return CasualtyFinder(nlp)
