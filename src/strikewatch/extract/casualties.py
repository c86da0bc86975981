"""`sw_casualties`: casualty figures, each with its claimant, victims and evidence.

A number counts only when tied to a casualty word: "seven members … were killed", "killing
three soldiers", "one death and injured 14 others", "the death of Behrouz Wahidi" (a named
person is one). Counts of raids, targets, troops or drones never are. Qualifiers set the
range: "at least six" and "more than six" are min 6 with no max (the figure the source gave),
"about ten" is 10–10 approximate, "dozens" is approximate with no exact number.

Victims listed together add up ("killed two children, three women and a man" is six, "his
deputy" and "another fighter" are one each), and so do coordinated verbs of one kind ("wounded
another and hurt four soldiers" is five); an aside ("including a child", "two of them
children") is a part, never added. A figure may stand far from its verb: before a relative
clause ("6 terrorists who were … were neutralized") or after a toll's verb ("the death toll
from … has risen to 13"). Days, ages, unit and list numbers name rather than count. Each
sentence's figures stay separate, so two sources' tolls are never merged.
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
from strikewatch.extract.speakers import SpeakerFinder, carried_speaker, outlet_party, speaker_clause
from strikewatch.model import Figure, Party

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
    "reported",
    "confirmed",
    "now",
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
    "martyred",
    "neutralized",
    "neutralised",
    "eliminated",
    "martyrdom",
    "hurt",
    "hurting",
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
_RECOVERED = {
    "recovered",
    "retrieved",
    "pulled",
    "found",
    "removed",
    "collected",
    "recover",
    "retrieve",
    "identified",
}
_QUOTES = {'"', "'", "\u201c", "\u201d", "\u2018", "\u2019"}
_POSSESSIVES = {"his", "her", "their", "its", "our"}
_RELATIVE = {"who", "which", "that"}
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_SUPERLATIVES = {"deadliest", "worst", "bloodiest", "biggest", "largest", "heaviest"}
# "two of the injured", "four of them": a part of a figure already given, not a figure of its own
_PART_OF = {"them", "those", "whom", "these"}
_TOLL_NOUNS = {"victims", "casualties", "dead"}
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
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
    "husband",
    "wife",
    "father",
    "mother",
    "brother",
    "sister",
    "companion",
    "deputy",
    "bodyguard",
    "official",
    "leader",
    "fighter",
    "officer",
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
    "rises",
    "reaches",
    "climbs",
    "has",
    "had",
    "now",
    "further",
    "increased",
    "jumped",
    "grew",
    "hit",
    "hits",
    "put",
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


_PERFECT = re.compile(r"\b(?:have|has) (?:now )?(?:been killed|been wounded|died|killed)\b", re.I)
_RANKS = {
    "sgt",
    "staff",
    "sergeant",
    "cpl",
    "corporal",
    "pvt",
    "private",
    "lt",
    "lieutenant",
    "capt",
    "captain",
    "maj",
    "major",
    "col",
    "colonel",
    "gen",
    "general",
    "cmdr",
    "commander",
    "brig",
    "brigadier",
}
_SPEECH = {"said", "says", "say", "told", "tells", "added", "stated", "announced", "according", "noted", "wrote"}
# singular roles that name one victim without a number: "killed commander A and his deputy B"
_ACTIVE_HARM = {"killed", "killing", "kills", "kill", "wounded", "wounding", "injured", "injuring", "martyring"}
_NAME_ENDS = {",", ".", "and", "in", "on", "at", "near", "when", "as", "while", "during", "after"}
_ROLES = {"commander", "leader", "deputy", "chief", "official", "officer", "spokesman", "journalist", "guard"}


def _add(a: Figure | None, b: Figure) -> Figure:
    """Two counts of one list or one predicate chain add up; an open bound stays open."""
    if a is None:
        return b
    lo = (a.min or 0) + (b.min or 0) if a.min is not None or b.min is not None else None
    hi = a.max + b.max if a.max is not None and b.max is not None else None
    return Figure(min=lo, max=hi, approximate=a.approximate or b.approximate)


def units_of(numbers: dict[str, int]) -> set[str]:
    return {w for w, n in numbers.items() if 1 <= n <= 9 and w not in ("a", "an", "single", "another", "both")}


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
        self.persons = set(self.victim_words) | set(data["persons"]) | _SINGULAR_VICTIMS
        self.rise_verbs = set(data["rise_verbs"])
        self.unit_words = set(data["unit_words"])
        self.breakdown = set(data["breakdown_cues"])
        nouns = "|".join(re.escape(n) for n in sorted(data["since_this_attack"], key=len, reverse=True))
        self.since_this = re.compile(r"since\s+(?:the|this|that|\w+['’]s)\s+(?:\w+\s+)?(?:" + nouns + r")\b", re.I)
        self.speakers = SpeakerFinder()

    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        speakers = doc.user_data.get("sw_speakers") or [None] * len(sentences_of(doc))
        found: list[CasualtyMention] = []
        framed = False
        for si, sent in enumerate(sentences_of(doc)):
            if sw.in_noise(sent.start_char, sent.start_char + 1):
                continue
            text = sentence_texts(doc)[sentence_at_char(doc, sent.start_char)]
            # "Since 8 October, the two sides have traded fire. More than 220 people have been killed …": the
            # running total goes on in the present perfect of the next sentence
            carried = framed and _PERFECT.search(text) is not None
            framed = self._cumulative(text) and self.cumulative.match(text.strip()) is not None
            if carried:
                continue
            figures = self._figures(doc, sent)
            if not figures:
                continue
            found.extend(self._sentence_claims(doc, sw, sent, si, speakers, figures))
        sw.casualties = found
        return doc

    def _sentence_claims(
        self, doc: Doc, sw, sent: Span, si: int, speakers: list, figures: list
    ) -> list[CasualtyMention]:  # noqa: ANN001
        """One sentence's figures as casualty claims: a killed and an injured figure of one source and one
        strike make one claim; each source and each strike keeps its own."""
        speaker = speakers[si] if si < len(speakers) else None
        clause = speaker_clause(doc, sent, speaker)
        speaker = speaker or carried_speaker(doc, speakers, si)
        sentence_claimant = speaker.party if speaker else outlet_party(sw.outlet)
        merged: list[CasualtyMention] = []
        last: dict[str, tuple[CasualtyMention, int]] = {}
        prev_hi = -1
        for kind, figure, start, end, victims, lo, hi in figures:
            claimant = self._claimant_at(doc, sent, sw.actors, start, sentence_claimant)
            if clause and lo >= 0 and lo not in clause:
                claimant = outlet_party(sw.outlet)  # "…, which the army said wounded two, and a strike that killed"
            joined = last.get(kind)
            if joined and self._coordinated(doc, prev_hi, lo) and joined[1] == prev_hi:
                # "wounded another and hurt four soldiers": one predicate chain, one figure of five
                m = joined[0]
                setattr(m, kind, _add(getattr(m, kind), figure))
                m.start, m.end = min(m.start, start), max(m.end, end)
                last[kind] = (m, hi)
                prev_hi = hi
                continue
            open_claims = (m for m in merged if getattr(m, kind) is None and m.claimant is claimant)
            target = next((m for m in open_claims if not self._strike_between(sw, m, start)), None)
            if target is None:
                target = CasualtyMention(start=start, end=end, text="", claimant=claimant, victims=victims, sentence=si)
                merged.append(target)
            setattr(target, kind, figure)
            target.start, target.end = min(target.start, start), max(target.end, end)
            if target.victims == "unspecified":
                target.victims = victims
            last[kind] = (target, hi)
            prev_hi = hi
        for m in merged:
            m.text = text_of(doc)[m.start : m.end]
        return merged

    @staticmethod
    def _strike_between(sw, m: CasualtyMention, start: int) -> bool:  # noqa: ANN001 - StrikeDoc
        """A strike word between a figure and the next ("a barrage that wounded two, and an Israeli strike
        that killed seven"): each strike's toll is its own."""
        lo, hi = min(m.end, start), max(m.end, start)
        return any(lo <= e.start < hi and not e.aggregate for e in sw.events if e.sentence == m.sentence)

    def _claimant_at(self, doc: Doc, sent: Span, actors: list, start: int, claimant: Party) -> Party:
        """Whose figure the one at char `start` is: the source of a later reporting clause before it
        (", while one rescuer said …"), else the sentence's claimant."""
        at = next((t.i for t in sent if t.idx >= start), sent.end)
        speaker = self.speakers.clause_speaker(doc, sent, actors, at)
        return speaker.party if speaker else claimant

    def _coordinated(self, doc: Doc, hi: int, lo: int) -> bool:
        """Only "and" or a comma between two figures of one kind: the same victims' count, split by verb."""
        if hi < 0 or lo < hi:
            return False
        gap = [t.lower_ for t in doc[hi:lo]]
        return bool(gap) and all(g in (",", "and") for g in gap) and "and" in gap

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

    def _figures(self, doc: Doc, sent: Span) -> list[tuple[str, Figure, int, int, str, int, int]]:
        out: list[tuple[str, Figure, int, int, str, int, int]] = []
        used: set[int] = set()
        lowers = token_lowers(doc)
        if self._cumulative(sentence_texts(doc)[sentence_at_char(doc, sent.start_char)]):
            return out  # "killed more than 4,000 people since October": a war's toll, not an incident's
        toll_at = -1
        for i in range(sent.start, sent.end):
            if lowers[i] not in self.keywords:
                continue
            tok = doc[i]
            if lowers[i] == "bodies" and not self._recovered(lowers, i, sent):
                continue  # "mourners carry the bodies of three men": a funeral, not a toll
            kind = self._kind(tok)
            if kind is None:
                continue  # "lost" without "their lives"
            if self._among_the(lowers, i, sent):
                continue  # "another child was among the dead": one of a toll given elsewhere
            # "The strike killed nine people" reads forward; "nine people were killed" backward.
            passive = tok.i > sent.start and lowers[tok.i - 1] in _AUX
            hit = None
            sides: list[tuple[int, int, int]] = []
            if tok.lower_ in _AFTER_KEYWORDS and not passive:
                hit = self._number_after(doc, tok.i, sent, used, sides)
            if hit is None and self._the_dead_are(lowers, i, sent):
                hit = self._number_after(doc, i + 1, sent, used, sides)  # "the dead are nine civilians and four …"
                hit = hit and (hit[0], i, hit[2])
            if hit is None:
                hit = self._number_before(doc, tok.i, sent, used, sides)
            if hit is None and tok.lower_ in _AFTER_KEYWORDS and passive:
                hit = self._number_after(doc, tok.i, sent, used, sides)
            if hit is None and self._toll_head(lowers, i, sent):
                hit = self._risen_to(doc, i, sent, used)
            if hit is None:
                continue
            figure, lo, hi = hit
            if 0 <= toll_at < lo and lo > sent.start and lowers[lo - 1] in ("after", "when", "as"):
                continue  # "the toll has risen to 19 after a man died in hospital": he is one of the 19
            if self._toll_head(lowers, i, sent):
                toll_at = hi
            used.update(range(lo, hi))
            if max(figure.min or 0, figure.max or 0) >= self.max_single:
                continue  # thousands: a cumulative toll, whatever the wording
            victims = self._victims(doc[lo:hi])
            out.append((kind, figure, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text), victims, lo, hi))
            for n, s, e in self._toll_series(doc, hi, sent, used):
                # "two dead on Saturday evening, 12 on Sunday, 16 on Monday": each a toll of its day, never summed
                used.update(range(s, e))
                start, stop = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
                out.append((kind, Figure(min=n, max=n), start, stop, victims, -1, e))
            for n, s, e in sides:
                # "14 Houthi fighters and five soldiers were killed": each side's dead are a figure of their own
                used.update(range(s, e))
                side = Figure(min=n, max=n)
                value = self._number_at(doc, s)
                if value is not None and value[0] == n:
                    side, s = self._qualified(doc, s, value, sent)  # "at least 14 Houthi fighters"
                # a token start of -1: never joined to the figure before it as one predicate chain
                out.append(
                    (kind, side, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), self._victims(doc[s:e]), -1, e)
                )
        return out

    def _toll_series(self, doc: Doc, hi: int, sent: Span, used: set[int]) -> list[tuple[int, int, int]]:
        """A toll's later values listed after it, each dated: "two dead on Saturday evening, 12 on Sunday, 16
        on Monday, and 17 and then 18 on Tuesday". Only when the first figure is itself dated ("on …")."""
        lowers = token_lowers(doc)
        if hi >= sent.end or lowers[hi] not in ("on", "by"):
            return []
        out: list[tuple[int, int, int]] = []
        p = hi
        while p < sent.end:
            while p < sent.end and lowers[p] not in (",", "and", ";"):
                p += 1  # the rest of the date: "on Saturday evening"
            q = p
            while q < sent.end and lowers[q] in (",", "and", "then"):
                q += 1
            if q >= sent.end or q in used or q == p:
                break
            value = self._number_at(doc, q)
            if value is None or value[0] is None or lowers[q] in ("a", "an") or self._not_a_count(doc, q):
                break
            nxt = lowers[q + 1] if q + 1 < sent.end else ""
            if nxt not in ("on", "by", ",", "and"):
                break  # "16 on Monday", "17 and then 18": a bare count in the list, nothing counted after it
            out.append((value[0], q, q + 1))
            p = q + 1
        return out

    def _opposed(self, doc: Doc, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Fighters and the soldiers they fought are two tolls, not one list's parts."""
        return {self._victims(doc[a[0] : a[1]]), self._victims(doc[b[0] : b[1]])} == {"militants", "soldiers"}

    def _cumulative(self, text: str) -> bool:
        """A war-long cue ("since", "so far") makes the sentence a running total, unless it only bounds a
        superlative: "the deadliest attack in the conflict so far" still reports one attack's toll."""
        for m in self.cumulative.finditer(text):
            if self.since_this.match(text, m.start()):
                continue  # "the toll has risen steadily since the attack": this attack's toll, updated
            if not set(re.findall(r"[a-z]+", text[: m.start()].lower())) & _SUPERLATIVES:
                return True
        return False

    @staticmethod
    def _recovered(lowers: list[str], i: int, sent: Span) -> bool:
        """Bodies count when recovered, before or after: "recovered the bodies of", "bodies … were collected"."""
        window = range(max(sent.start, i - 4), min(sent.end, i + 12))
        return any(lowers[x] in _RECOVERED for x in window)

    @staticmethod
    def _among_the(lowers: list[str], i: int, sent: Span) -> bool:
        """ "among the dead", "among the wounded": the victim is part of a toll, not a toll of their own."""
        return i - 2 >= sent.start and lowers[i - 2] == "among" and lowers[i - 1] == "the"

    @staticmethod
    def _the_dead_are(lowers: list[str], i: int, sent: Span) -> bool:
        """ "The dead are/were …": the list after the copula is the toll."""
        return (
            lowers[i] == "dead"
            and i > sent.start
            and lowers[i - 1] == "the"
            and i + 1 < sent.end
            and lowers[i + 1] in ("are", "were", "include", "included")
        )

    def _toll_head(self, lowers: list[str], i: int, sent: Span) -> bool:
        """A toll that is given later in the sentence: "the death toll … has risen to 13", "the number of
        people killed in … reached 19"."""
        if lowers[i] in ("toll", "tally"):
            return True
        return "number" in lowers[max(sent.start, i - 8) : i]

    def _risen_to(self, doc: Doc, i: int, sent: Span, used: set[int]) -> tuple[Figure, int, int] | None:
        """The figure after the toll's verb, however long the phrase between ("… on Sunday, June 25, has
        risen to 13"): the verb, then "to"/"at", then the count."""
        lowers = token_lowers(doc)
        for v in range(i + 1, min(sent.end, i + 30)):
            if lowers[v] == ";" or (v != i and lowers[v] in self.keywords and lowers[v] not in ("dead", "toll")):
                return None
            if lowers[v] not in self.rise_verbs:
                continue
            for j in range(v + 1, min(sent.end, v + 5)):
                if j in used:
                    return None
                value = self._number_at(doc, j)
                if value is not None and lowers[j] not in ("a", "an"):
                    j, value = self._compound(doc, j, value)
                    figure, _ = self._qualified(doc, j, value, sent)
                    return figure, i, j + 1
                if lowers[j] not in _SKIP_AFTER:
                    break
        return None

    def _part_of(self, lowers: list[str], j: int, end: int) -> bool:
        """ "two of them", "four of the injured": a breakdown of a figure already given, not a new one.
        "four of the terrorists" is a count of its own."""
        if j + 2 >= end or lowers[j + 1] != "of":
            return False
        after = lowers[j + 2]
        if after in _PART_OF:
            return True
        return after == "the" and j + 3 < len(lowers) and lowers[j + 3] in self.keywords | _TOLL_NOUNS

    def _singular_person(self, low: str) -> bool:
        return low in _SINGULAR_VICTIMS or (low in self.persons and not low.endswith("s"))

    def _conjunct_at(self, doc: Doc, p: int, sent: Span) -> tuple[int, int] | None:
        """One more victim group in a list: "three women", "a man", "his deputy", "her two children",
        "another fighter", "civilian driver". Returns (count, end) or None when p starts no such group."""
        lowers = token_lowers(doc)
        if p >= sent.end:
            return None
        low = lowers[p]
        n: int | None = None
        if low in _POSSESSIVES:
            q = p + 1
            value = self._number_at(doc, q) if q < sent.end else None
            if value is not None and lowers[q] not in ("a", "an", "another"):
                n, end = value[0], self._noun_phrase_end(doc, q + 1, sent)
            else:
                end = self._noun_phrase_end(doc, q, sent)
                # "his deputy", "her husband Ali": one person; "their children" gives no count
                n = 1 if any(self._singular_person(lowers[x]) for x in range(q, end)) else None
        elif low in _SINGULAR_VICTIMS:
            n, end = 1, self._noun_phrase_end(doc, p, sent)
        else:
            value = self._number_at(doc, p)
            if value is None or value[0] is None or self._part_of(lowers, p, sent.end):
                return None
            q = p + 1 if not (low == "another" and p + 1 < sent.end and self._number_at(doc, p + 1)) else p + 2
            n = value[0] if q == p + 1 else (self._number_at(doc, p + 1) or (None,))[0]
            end = self._noun_phrase_end(doc, q, sent)
            if not any(lowers[x] in self.persons for x in range(q, end)):
                return None
        if n is None:
            return None
        span = {lowers[x] for x in range(p, min(sent.end, end + 1))}
        next_clause = end < sent.end and (lowers[end] in _AUX or lowers[end] in self.keywords)
        if span & (self.not_casualties | _SPEECH) or next_clause:
            return None  # "… and a civilian was wounded": the subject of the next clause, not ours
        return n, end

    def _conjuncts_after(
        self, doc: Doc, first: tuple[int, int], sent: Span, sides: list[tuple[int, int, int]]
    ) -> tuple[int, int]:
        """Victims listed after the first ("killed two children, three women and a man"): their sum and the
        list's end. An aside ("including a child", "two of them children") is skipped, never added."""
        lowers = token_lowers(doc)
        end = first[1]
        total, pending, p, last = 0, 0, end, end
        while p < sent.end:
            q, tail = p, 0
            while (
                q < sent.end
                and tail < 8
                and lowers[q] not in (",", "and")
                and (doc[q].is_alpha or lowers[q] in ("'s", "\u2019s", "-"))
                and lowers[q] not in self.keywords | _AUX | _STOP_BACK | _SPEECH
                and (lowers[q] in ("a", "an") or self._number_at(doc, q) is None)
            ):
                q, tail = q + 1, tail + 1  # "a commander of the group's Radwan force, his deputy"
            if q >= sent.end or lowers[q] not in (",", "and"):
                break
            closed = lowers[q] == "and"
            q += 1
            if q < sent.end and lowers[q] == "and":
                q, closed = q + 1, True
            name_end = self._apposed_name(doc, q, sent)
            if name_end is not None:
                p = name_end  # "killed a Syrian woman, Rawaa al-Mohammed, and her two sons": the name is hers
                continue
            if q < sent.end and (lowers[q] in self.breakdown or self._part_of(lowers, q, sent.end)):
                nxt = next((x for x in range(q, min(sent.end, q + 10)) if lowers[x] == ","), None)
                if nxt is None:
                    break
                p = nxt
                continue
            if not closed and doc[p - 1].is_title and lowers[q] in ("a", "an", "the"):
                # "killed Ali Hassan, a local commander, and his driver": who the named man was, not one more
                nxt = next((x for x in range(q, min(sent.end, q + 8)) if lowers[x] == ","), None)
                if nxt is None:
                    break
                p = nxt
                continue
            c = self._conjunct_at(doc, q, sent)
            if c is None:
                break
            p = c[1]
            if self._opposed(doc, first, (q, p)):
                sides.append((c[0], q, p))
                last = p
                continue
            if closed:  # "X, Y and Z" is a list; "its rider, a young man" without the "and" is one person
                total, pending, last = total + pending + c[0], 0, p
            else:
                pending += c[0]
        return total, last

    @staticmethod
    def _apposed_name(doc: Doc, q: int, sent: Span) -> int | None:
        """The closing comma of a name set off by commas ("…, Hassan Ali Najm, and …"), else None."""
        if q >= sent.end or not doc[q].is_title:
            return None
        for x in range(q + 1, min(sent.end, q + 6)):
            t = doc[x]
            if t.text == ",":
                return x
            if not (t.is_title or t.lower_ in ("al", "el", "bin", "ibn", "abu", "-")):
                return None
        return None

    def _conjuncts_before(
        self, doc: Doc, first: tuple[int, int], sent: Span, sides: list[tuple[int, int, int]]
    ) -> tuple[int, int]:
        """Victims listed before the one nearest a passive verb ("two of our comrades and a civilian were
        martyred"): their sum and where the list starts."""
        lowers = token_lowers(doc)
        lo = first[0]
        total, cur = 0, lo
        while cur - 1 >= sent.start and lowers[cur - 1] in (",", "and"):
            q = cur - 1
            if lowers[q] == "," and cur == lo:
                break  # the list must end in "and": "the driver, a young man, was killed" is one
            if lowers[q] == "and" and q - 1 >= sent.start and lowers[q - 1] == ",":
                q -= 1
            found = None
            for s in range(q - 1, max(sent.start, q - 7) - 1, -1):
                if lowers[s] in self.keywords or doc[s].is_punct:
                    break
                c = self._conjunct_at(doc, s, sent)
                if c is not None and c[1] == q:
                    found = (s, c[0])
                    break
            if found is None:
                break
            if self._opposed(doc, first, (found[0], q)):
                sides.append((found[1], found[0], q))
                break
            cur, total = found[0], total + found[1]
        return total, cur

    def _number_before(
        self, doc: Doc, k: int, sent: Span, used: set[int], sides: list[tuple[int, int, int]]
    ) -> tuple[Figure, int, int] | None:
        hit = self._number_before_near(doc, k, sent, used)
        if hit is None and k > sent.start and doc[k - 1].lower_ in _AUX:
            hit = self._across_relative(doc, k, sent, used) or self._named_before(doc, k, sent, used)
        if hit is None:
            return None
        figure, lo, hi = hit
        extra, lo2 = self._conjuncts_before(doc, (lo, k), sent, sides)
        sides[:] = [x for x in sides if not used.intersection(range(x[1], x[2]))]
        if extra and not used.intersection(range(lo2, lo)):
            figure, lo = _add(figure, Figure(min=extra, max=extra)), lo2
        return figure, lo, hi

    def _across_relative(self, doc: Doc, k: int, sent: Span, used: set[int]) -> tuple[Figure, int, int] | None:
        """ "6 terrorists who were detected while preparing an attack … were neutralized": the subject's count
        stands before a relative clause, however long; the clause itself holds no casualty word."""
        lowers = token_lowers(doc)
        for r in range(k - 2, max(sent.start, k - 30) - 1, -1):
            low = lowers[r]
            if low in self.keywords or (doc[r].is_punct and low not in ("-", "/", ",")):
                return None
            if low not in _RELATIVE:
                continue
            # "Four fishermen, who had set out from Tyre before dawn, were killed": the clause set off by commas
            head = r - 1 if r - 1 >= sent.start and lowers[r - 1] == "," else r
            for j in range(head - 1, max(sent.start, head - 5) - 1, -1):
                if j in used or not (doc[j].is_alpha or lowers[j] in ("/", "-") or doc[j].like_num):
                    return None
                value = self._number_at(doc, j)
                if value is not None and lowers[j] not in ("a", "an"):
                    if {lowers[x] for x in range(j + 1, r)} & self.not_casualties:
                        return None
                    figure, lo = self._qualified(doc, j, value, sent)
                    return figure, lo, k + 1
            return None
        return None

    @staticmethod
    def _named_before(doc: Doc, k: int, sent: Span, used: set[int]) -> tuple[Figure, int, int] | None:
        """ "Staff Sgt. Omer Benjo, 20, was killed": a person named after a rank or role is one victim; the
        age set off by commas is not a count."""
        j = k - 1
        while j > sent.start and doc[j].lower_ in _AUX:
            j -= 1
        if doc[j].text == "," and j - 2 > sent.start and doc[j - 1].like_num and doc[j - 2].text == ",":
            j -= 3
        end = j + 1
        names = 0
        while j > sent.start and doc[j].is_title and doc[j].lower_.rstrip(".") not in _RANKS and j not in used:
            j, names = j - 1, names + 1
        if doc[j].text == "." and j > sent.start:
            j -= 1  # "Sgt." split from its period
        if names >= 2 and (doc[j].lower_.rstrip(".") in _RANKS or doc[j].lower_ in _ROLES):
            return Figure(min=1, max=1), j, max(end, k + 1)
        return None

    def _number_before_near(self, doc: Doc, k: int, sent: Span, used: set[int]) -> tuple[Figure, int, int] | None:
        j = k - 1
        steps = 0
        lowers = token_lowers(doc)
        while j >= sent.start and steps < 11:
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
            if low in _QUOTES:
                j -= 1  # 'claiming that 12 "terrorists" had been eliminated'
                continue
            if j in used or (t.is_punct and low not in ("-",)) or low in _STOP_BACK or self._kind(t):
                return None
            if self._age_at(lowers, j):
                j -= 1  # "three civilians including a 7-year-old died": an age, not a count
                continue
            if low in self.breakdown and j + 1 < k:
                j -= 1  # "… including a child": the part named after it is not the figure
                steps += 1
                continue
            one_person = (
                low in ("a", "an") and j + 1 < k and (doc[j + 1].lower_ in self.persons or self._age_at(lowers, j + 1))
            )
            value = self._number_at(doc, j) if low not in ("a", "an") or one_person else None
            if value is not None and self._part_of(lowers, j, k):
                return None  # "two of the injured were in critical condition"
            if value is not None and lowers[k] == "bodies" and j > sent.start and lowers[j - 1] == "the":
                return None  # "the three unidentified bodies were found": bodies already counted
            if value is not None and lowers[j - 1 if j > sent.start else j] in self.breakdown:
                value = None  # "including a child": skip the part, keep looking for the whole
            if value is not None:
                nouns = {x.lower_ for x in doc[j + 1 : k]}
                if any(self._age_at(lowers, x) for x in range(j, k)):
                    nouns -= {"year", "month", "week", "day"}
                if nouns & self.not_casualties:
                    return None
                j, value = self._compound(doc, j, value)
                figure, lo = self._qualified(doc, j, value, sent)
                return figure, lo, k + 1
            if low not in _AUX and not t.is_alpha and low not in ("-", "'s", "’s") and not _ORDINAL.match(low):
                return None  # but "two soldiers of the 93rd Brigade were wounded": the unit's number names it
            j -= 1
            steps += 1
        return None

    def _number_after(
        self, doc: Doc, k: int, sent: Span, used: set[int], sides: list[tuple[int, int, int]]
    ) -> tuple[Figure, int, int] | None:
        hit = self._number_after_near(doc, k, sent, used)
        if hit is None:
            return None
        figure, lo, hi = hit
        if figure.min is not None or figure.max is not None:
            extra, end = self._conjuncts_after(doc, (k + 1, hi), sent, sides)
            if extra:
                figure, hi = _add(figure, Figure(min=extra, max=extra)), end
        return figure, lo, hi

    def _number_after_near(self, doc: Doc, k: int, sent: Span, used: set[int]) -> tuple[Figure, int, int] | None:
        j = k + 1
        lowers = token_lowers(doc)
        names = 0
        while j < sent.end and j < k + 5 + names:
            t = doc[j]
            low = t.lower_
            if j in used:
                return None
            if low in _QUOTES:
                j += 1  # 'had "neutralized" six members'
                names += 1
                continue
            if low in ("a", "an") and j + 1 < sent.end and lowers[j + 1] in ("dozen", "hundred"):
                j += 1  # "wounding more than a dozen people": the count is "dozen"
                continue
            if low in ("a", "an") and self._age_at(lowers, j + 1):
                end = self._noun_phrase_end(doc, j + 6, sent)
                return Figure(min=1, max=1), k, max(end, j + 6)  # "killing a 7-year-old child", "killed a 14-year-old"
            if self._age_at(lowers, j):
                return None
            value = self._number_at(doc, j)
            if value is not None and self._part_of(lowers, j, sent.end):
                return None  # "two of the injured": part of a figure already given
            if value is not None:
                j, value = self._compound(doc, j, value)
                end = self._noun_phrase_end(doc, j + 1, sent)
                nouns = {x.lower_ for x in doc[j + 1 : end]}
                if nouns & self.not_casualties:
                    return None
                if low in ("a", "an") and not (nouns & self.persons) and not doc[j + 1 : end].text.istitle():
                    return None
                figure, _ = self._qualified(doc, j, value, sent)
                return figure, k, max(end, j + 1)
            if low in ("its", "his", "her", "the") and j + 1 < sent.end and doc[j + 1].lower_ in _SINGULAR_VICTIMS:
                return Figure(min=1, max=1), k, j + 2  # "killing its rider", "wounding the driver"
            if t.is_title and not t.is_sent_start and low not in self.numbers and doc[k].lower_ in ("death", "killing"):
                end = self._noun_phrase_end(doc, j, sent)
                return Figure(min=1, max=1), k, end  # "the death of Behrouz Wahidi"
            plural_next = j + 1 < sent.end and lowers[j + 1] in self.persons and lowers[j + 1].endswith("s")
            if low in _ROLES and not plural_next:
                end = self._noun_phrase_end(doc, j + 1, sent)
                return Figure(min=1, max=1), k, end  # "killed Hamas deputy leader Saleh al-Arouri": one, named
            stamp = t.like_num and self._not_a_count(doc, j)  # "as of 12 August", "Brigade 47 commander"
            rank = low in ("senior", "top", "field", "deputy")
            if (t.is_title and not t.is_sent_start or stamp or rank) and names < 3:
                j += 1  # a name or rank before the role word
                names += 1
                continue
            if self._named_victim(doc, k, j, names):
                return Figure(min=1, max=1), k, j  # "killed Ali Hassan, a local commander": one, named
            if low not in _SKIP_AFTER and not (t.is_alpha and low in ("severe", "serious", "minor", "critical")):
                return None
            j += 1
        return None

    @staticmethod
    def _named_victim(doc: Doc, k: int, j: int, names: int) -> bool:
        """A person's name (two or more capitalised words) right after an active killing or wounding verb,
        ended at `j` by a comma, a conjunction or a preposition: one named victim."""
        if names < 2 or doc[k].lower_ not in _ACTIVE_HARM or not all(doc[x].is_title for x in range(k + 1, j)):
            return False
        return doc[j].lower_ in _NAME_ENDS

    @staticmethod
    def _age_at(lowers: list[str], j: int) -> bool:
        """ "7-year-old", "five-month-old": an age read as one adjective."""
        return (
            j + 4 < len(lowers)
            and lowers[j + 1] == "-"
            and lowers[j + 2] in ("year", "month", "week", "day")
            and lowers[j + 3] == "-"
            and lowers[j + 4] == "old"
        )

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

    def _compound(self, doc: Doc, j: int, value: tuple) -> tuple[int, tuple]:
        """ "Forty-three" is one count, tokenized as three tokens: the value read from either end, and the
        index of its last token."""
        lowers = token_lowers(doc)
        if lowers[j] in _TENS and j + 2 < len(doc) and lowers[j + 1] == "-" and lowers[j + 2] in units_of(self.numbers):
            n = self.numbers[lowers[j]] + self.numbers[lowers[j + 2]]
            return j + 2, (n, n, value[2])
        return j, value

    def _number_at(self, doc: Doc, j: int) -> tuple[int | None, int | None, bool] | None:
        """(min, max, approximate) for a count word or digits, else None."""
        t = doc[j]
        text = t.text.replace(",", "")
        lowers = token_lowers(doc)
        if text.isdigit() and len(text) <= 7:
            n = int(text)
            if 1900 <= n <= 2100 and (
                (j + 1 < len(doc) and not doc[j + 1].is_alpha) or (j > 0 and doc[j - 1].lower_.rstrip(".") in _MONTHS)
            ):
                return None  # a year: "in 2019,", "1 January 1900"
            if self._not_a_count(doc, j):
                return None
            return (n, n, False)
        low = t.lower_
        if low in self.vague:
            lo, hi = self.vague[low]
            return (lo, hi, True)
        if low in self.numbers:
            if low in ("a", "an") and j + 1 < len(doc) and doc[j + 1].lower_ in ("few", "number", "dozen", "hundred"):
                return None
            if low == "another" and j + 1 < len(doc) and (doc[j + 1].like_num or lowers[j + 1] in self.numbers):
                return None  # "another five people": the five is the count
            if low in units_of(self.numbers) and j >= 2 and lowers[j - 1] == "-" and lowers[j - 2] in _TENS:
                return None  # the "three" of "forty-three": read from "forty"
            if low == "one" and j >= 1 and lowers[j - 1] in ("no", "not"):
                return None  # "no one was hurt", "not one of them died": nobody, not one person
            n = self.numbers[low]
            return (n, n, False)
        return None

    def _not_a_count(self, doc: Doc, j: int) -> bool:
        """Digits that name rather than count: a day ("14 August", "August 14"), a unit or road ("Brigade
        47", "Route 6"), a list item ("3. Two killed")."""
        lowers = token_lowers(doc)
        prev = lowers[j - 1].rstrip(".") if j > 0 else ""
        nxt = lowers[j + 1].rstrip(".") if j + 1 < len(doc) else ""
        if nxt in _MONTHS or prev in _MONTHS:
            return True
        if j > 0 and prev in self.unit_words and (doc[j - 1].is_title or prev == "no"):
            return True
        line_start = j == 0 or "\n" in doc[j - 1].text or doc[j - 1].text in ("-", "•", "*", "#")
        return line_start and nxt in (".", ")")

    def _qualified(self, doc: Doc, j: int, value: tuple, sent: Span) -> tuple[Figure, int]:
        lo_val, hi_val, approx = value
        start = j
        lowers = token_lowers(doc)
        base = j
        if base >= 2 and lowers[base - 1] == "-" and lowers[base - 2] in _TENS:
            base -= 2  # "at least forty-three"
        if base >= 1 and lowers[base - 1] in ("a", "an") and lowers[j] in ("dozen", "hundred"):
            base -= 1  # "more than a dozen"
        for phrases, mode in ((self.at_least, "min"), (self.at_most, "max"), (self.approx, "approx")):
            for p in phrases:
                n = len(p)
                if base - n >= sent.start and lowers[base - n : base] == p:
                    start = base - n
                    if mode == "min":
                        # "more than 30" keeps 30: the reported figure, which is what every source repeats
                        return Figure(min=lo_val, max=None, approximate=approx), start
                    if mode == "max":
                        return Figure(min=None, max=hi_val, approximate=approx), start
                    return Figure(min=lo_val, max=hi_val, approximate=True), start
        return Figure(min=lo_val, max=hi_val, approximate=approx), min(start, base)

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
