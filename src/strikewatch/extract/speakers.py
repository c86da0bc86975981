"""Who speaks in a sentence: the claimant behind an attribution or a casualty figure.

Reporting constructions name the source: "SOHR said", ", stated al-Ilam al-Mukawem",
"according to the US Department of Defense", "a resident told …", and quotations carry the
speaker of the sentence that opens or closes them. When no source is named, the figure or
claim is the article's own reporting, and the outlet is the claimant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from strikewatch.extract.document import ActorMention, sentences_of, text_of, token_lowers, token_texts
from strikewatch.extract.lexicon import load_data
from strikewatch.model import Party

_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
_NAME_PARTICLES = {"al", "el", "ez", "az", "ad", "as", "ash", "ar", "at", "an", "bin", "bint", "abu", "ibn", "de", "-"}
_STATE_VOICES = {"official", "government", "military"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "one", "several", "some", "local", "two", "three"}


@dataclass
class Speaker:
    party: Party
    start: int  # char offsets of the name as written
    end: int
    token_end: int = 0


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unknown"


@lru_cache(maxsize=4096)
def outlet_party(outlet: str | None) -> Party:
    """The article's own reporting as a claimant; an issuer we know ("U.S. Central Command") as itself."""
    if outlet:
        low = outlet.lower()
        known = _known_parties().get(low) or next(
            (p for alias, p in _long_aliases() if _names_inside(alias, low)), None
        )
        if known is not None:
            return known.model_copy(update={"name": outlet})  # an issuer: "… MINISTRY OF NATIONAL DEFENCE"
        return Party(name=outlet, id=slug(outlet), kind="media")
    return Party(name="the article", id=None, kind="media")


def _names_inside(alias: str, name: str) -> bool:
    """Does `alias` name the issuer of the header `name`? A multi-word alias may sit inside a longer header
    ("REPUBLIC OF TÜRKİYE MINISTRY OF NATIONAL DEFENCE"), on word boundaries; a one-word alias only
    heads the name ("Hezbollah Media Office"): qualified by another name, "Hauran Observatory for Human
    Rights", it is some other body than the Syrian Observatory."""
    if alias not in name:
        return False  # the cheap test first: this runs over every known alias
    found = re.search(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", name)
    if found is None:
        return False
    if len([w for w in alias.split() if w not in ("the", "a", "an")]) >= 2:
        return True
    return name[: found.start()].strip() in ("", "the")


@lru_cache(maxsize=1)
def _long_aliases() -> list[tuple[str, Party]]:
    """Known names long enough to find inside an issuer's header, longest first."""
    return sorted(((a, p) for a, p in _known_parties().items() if len(a) > 8), key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=1)
def _known_parties() -> dict[str, Party]:
    out: dict[str, Party] = {}
    for entry in load_data("actors.json")["entries"]:
        p = entry.get("party")
        if not p:
            continue
        speaks_for = entry.get("actor") or (entry.get("actors") or [None])[0]
        for alias in entry["aliases"]:
            out.setdefault(alias.lower(), Party(name=alias, id=p["id"], kind=p["kind"], speaks_for=speaks_for))
    return out


_RELATIVE = {"whose", "which", "who", "where"}


def relative_clauses(doc: Doc, sent: Span) -> set[int]:
    """Tokens of parenthetical relative clauses, ", whose drones regularly hit … ,": what they name is not
    the subject of the verb after them ("Turkey's defence ministry, whose … in northern Iraq, denied …")."""
    # Asked for each sentence by the claims and the speakers: found once per sentence (callers only read it).
    found: dict[tuple[int, int], set[int]] = doc.user_data.setdefault("sw_relative_clauses", {})
    out = found.get((sent.start, sent.end))
    if out is not None:
        return out
    out = found[(sent.start, sent.end)] = set()
    texts, lowers = token_texts(doc), token_lowers(doc)
    i = sent.start
    while i < sent.end - 1:
        if texts[i] == "," and lowers[i + 1] in _RELATIVE:
            close = next((k for k in range(i + 2, min(sent.end, i + 25)) if texts[k] == ","), None)
            if close is None:
                break
            out.update(range(i, close + 1))
            i = close
        i += 1
    return out


def speaker_clause(doc: Doc, sent: Span, speaker: Speaker | None) -> set[int]:
    """The relative clause the speaker speaks in (", which the army said wounded two,"), when it does:
    what the rest of the sentence says is the outlet's. Empty when the speaker speaks for all of it."""
    if speaker is None:
        return set()
    inside = relative_clauses(doc, sent)
    at = next((t.i for t in sent if t.idx == speaker.start), None)
    if at is None or at not in inside:
        return set()
    lo = hi = at
    while lo - 1 in inside and doc[lo].text != ",":
        lo -= 1
    while hi + 1 in inside and doc[hi + 1].text != ",":
        hi += 1
    return set(range(lo, hi + 1))


def carried_speaker(doc: Doc, speakers: list[Speaker | None], si: int) -> Speaker | None:
    """The speaker of the sentence before, when it is in the same paragraph: a source named once goes on
    speaking in the next sentence ("…, the governor said. Forty-three people were wounded")."""
    if si <= 0 or si >= len(speakers) or speakers[si] is not None or speakers[si - 1] is None:
        return None
    sents = sentences_of(doc)
    before = text_of(doc)[sents[si - 1].start_char : sents[si].start_char].strip()
    if "\n" in before or "\n" in text_of(doc)[sents[si - 1].end_char - 1 : sents[si].start_char]:
        return None  # a new paragraph, or the sentence before is a headline or a line of its own
    return speakers[si - 1]


class SpeakerFinder:
    def __init__(self) -> None:
        data = load_data("claims.json")
        self.roles: dict[str, str] = data["roles"]
        self.speech_before = set(data["speech_before"])
        self.speech_after = set(data["speech_after"])
        self.sources = [p.split() for p in sorted(data["source_phrases"], key=lambda p: -len(p))]
        self.source_starts = {p[0] for p in self.sources}
        self.interesting = self.speech_before | self.speech_after | self.source_starts

    def speakers(self, doc: Doc, actors: list[ActorMention]) -> list[Speaker | None]:
        """The speaker of each sentence (None when the sentence names none), quotes inheriting theirs."""
        sents = sentences_of(doc)
        parties = [a for a in actors if a.party is not None]
        found = [self._in_sentence(doc, s, parties) for s in sents]
        self._own_statements(found)
        self._definite_roles(found)
        for sp in found:
            if sp is not None:
                self._side_of_role(sp, actors, doc)
        for q_start, q_end in self._quote_regions(text_of(doc)):
            inside = [i for i, s in enumerate(sents) if s.end_char > q_start and s.start_char < q_end]
            owner = next((found[i] for i in inside if found[i] is not None), None)
            if owner is None:
                continue
            for i in inside:
                if found[i] is None:
                    found[i] = owner
        return found

    @staticmethod
    def _own_statements(found: list[Speaker | None]) -> None:
        """ "In its second statement, the group said …": the statement is the last named speaker's."""
        last: Speaker | None = None
        for i, sp in enumerate(found):
            if sp is None:
                continue
            words = sp.party.name.lower().split()
            if sp.party.id is None and words[:1] in (["its"], ["their"], ["the"]) and words[-1].startswith("statement"):
                if last is not None:
                    found[i] = last
                continue
            last = sp

    def _definite_roles(self, found: list[Speaker | None]) -> None:
        """ "The ministry said …" after "the Ministry of Health said …": the same source named again in short,
        so it keeps its full name (and the side it speaks for)."""
        named: dict[str, Party] = {}
        for sp in found:
            if sp is None:
                continue
            words = sp.party.name.lower().split()
            roles = [w for w in words if w in self.roles]
            if sp.party.id is None and len(words) == 2 and words[0] == "the" and roles:
                earlier = named.get(roles[0])
                if earlier is not None:
                    sp.party = earlier
                continue
            for w in roles:
                named[w] = sp.party

    @staticmethod
    def _side_of_role(sp: Speaker, actors: list[ActorMention], doc: Doc) -> None:
        """A role speaker named with a state ("a U.S. official", "Britain's defence ministry", "Iraqi
        officials") speaks for that state: what it says its side did is the state's own claim."""
        party = sp.party
        if party.id is not None or getattr(party, "speaks_for", None) or party.kind not in _STATE_VOICES:
            return
        text = text_of(doc)
        for a in actors:
            if not a.actor or len(a.actor) != 2 and a.actor != "COALITION":
                continue
            within = sp.start <= a.start and a.end <= sp.end
            owns = a.end <= sp.start and sp.start - a.end <= 3 and text[a.end : sp.start].strip() in ("'s", "’s")
            if within or owns:
                sp.party = party.model_copy(update={"speaks_for": a.actor})
                return

    def clause_speaker(self, doc: Doc, sent: Span, actors: list[ActorMention], at: int) -> Speaker | None:
        """The speaker of the last reporting clause that opens before token `at` in the sentence, when it is
        not the sentence's first one: in "Witnesses put the number at 100, while one rescuer said the bodies
        of 53 people …" the 53 is the rescuer's."""
        parties = [p for p in actors if p.party is not None and sent.start <= p.token_start < sent.end]
        lowers = token_lowers(doc)
        verbs = [i for i in range(sent.start, at) if lowers[i] in self.speech_before]
        if len(verbs) < 2:
            return None
        verb = verbs[-1]
        named = self._party_before(doc, verb, parties, sent)
        role = self._role_before(doc, verb, sent, after=max(verbs[-2] + 1, named.token_end if named else 0))
        speaker = role if role and (not named or role.start > named.start) else named
        if speaker is None or speaker.start < doc[verbs[-2]].idx:
            return None
        return speaker

    def _in_sentence(self, doc: Doc, sent: Span, parties: list[ActorMention]) -> Speaker | None:
        in_sent = [p for p in parties if sent.start <= p.token_start < sent.end]
        best: tuple[int, Speaker] | None = None
        lowers = token_lowers(doc)
        for i in range(sent.start, sent.end):
            low = lowers[i]
            if low not in self.interesting:
                continue
            tok = doc[i]
            candidate: Speaker | None = None
            rank = 9
            if low in self.speech_before:
                named = self._party_before(doc, tok.i, in_sent, sent)
                role = self._role_before(doc, tok.i, sent, after=named.token_end if named else sent.start)
                # The nearer of a known name and a role noun ("…from Iraq via the crossing, the newswire
                # explained"), but a role in apposition keeps the name ("Mehr, the Iranian news agency, said").
                # "…, the monitor said" is no apposition: one closes with a comma before the verb
                appositive = (
                    named
                    and role
                    and role.start >= named.end
                    and text_of(doc)[named.end : role.start].lstrip()[:1] in (",", "(", "")
                    and (doc[tok.i - 1].text in (",", ")") or text_of(doc)[named.end : role.start].strip() == "")
                )
                # a role phrase that holds the name is the fuller name: "Eastern Syria Monitoring Centre (ESMC)
                # activists", not "Syria"
                holds = bool(named and role and role.start <= named.start and named.end <= role.end)
                candidate = (
                    role if role and not appositive and (not named or role.start > named.start or holds) else named
                )
                rank = 0
            if candidate is None and low in self.speech_after and tok.i > sent.start:
                prev = doc[tok.i - 1].text
                if prev in (",", "”", '"', "’") or prev in _CLOSE_QUOTES:
                    candidate = self._party_after(tok.i, in_sent, 4)
                    rank = 1
            if candidate is None and low in self.source_starts:
                for phrase in self.sources:
                    n = len(phrase)
                    if lowers[tok.i : tok.i + n] == phrase:
                        named = self._party_after(tok.i + n - 1, in_sent, 6, stop=doc)
                        role = self._role_after(doc, tok.i + n, sent)
                        # "according to the Watch's sources, Russian warplanes …": the nearer source is the speaker
                        candidate = role if role and (not named or role.start < named.start) else named
                        rank = 2
                        break
            if candidate is not None and (best is None or rank < best[0]):
                best = (rank, candidate)
                if rank == 0:
                    break
        return best[1] if best else None

    @staticmethod
    def _party_before(doc: Doc, verb_i: int, parties: list[ActorMention], sent: Span) -> Speaker | None:
        # "Kataib Hezbollah, one of the factions within the PMF, accused ...": the subject stands before
        # the apposition, so look there first.
        texts = token_texts(doc)
        if verb_i - 1 >= sent.start and texts[verb_i - 1] in (",", ")"):
            opener = "," if texts[verb_i - 1] == "," else "("
            for k in range(verb_i - 2, max(sent.start, verb_i - 16) - 1, -1):
                if texts[k] == opener:
                    subject = [p for p in parties if p.token_end == k]
                    if subject:
                        p = subject[0]
                        return Speaker(party=p.party, start=p.start, end=p.end, token_end=p.token_end)  # type: ignore[arg-type]
                    break
        inside = relative_clauses(doc, sent)
        before = [
            p for p in parties if p.token_end <= verb_i and verb_i - p.token_end <= 16 and p.token_start not in inside
        ]
        for p in reversed(before):
            between = range(p.token_end, verb_i)
            if (
                any(texts[k] in (";", "“", '"') for k in between)
                or len(between) - sum(k in inside for k in between) > 12
            ):
                continue
            return Speaker(party=p.party, start=p.start, end=p.end, token_end=p.token_end)  # type: ignore[arg-type]
        return None

    @staticmethod
    def _party_after(i: int, parties: list[ActorMention], window: int, stop: Doc | None = None) -> Speaker | None:
        """The first party named within `window` tokens after `i`; with `stop`, not past a comma."""
        for p in parties:
            if stop is not None and "," in token_texts(stop)[i + 1 : p.token_start]:
                continue
            if 0 < p.token_start - i <= window:
                return Speaker(party=p.party, start=p.start, end=p.end)  # type: ignore[arg-type]
        return None

    def _role_before(self, doc: Doc, verb_i: int, sent: Span, after: int = 0) -> Speaker | None:
        commas = 0
        texts, lowers = token_texts(doc), token_lowers(doc)
        for k in range(verb_i - 1, max(sent.start, verb_i - 16, after) - 1, -1):
            if texts[k] in (";", ":", "“", "”", '"'):
                return None
            commas += texts[k] == ","
            if lowers[k] in self.roles and (verb_i - k <= 8 or commas >= 2):
                # nearby, or before an apposition ("elders from X, on the outskirts of Y, told …")
                return self._role_phrase(doc, k, sent)
        return None

    def _role_after(self, doc: Doc, i: int, sent: Span) -> Speaker | None:
        lowers = token_lowers(doc)
        for k in range(i, min(sent.end, i + 6)):
            if lowers[k] in self.roles:
                return self._role_phrase(doc, k, sent)
        return None

    def _role_phrase(self, doc: Doc, k: int, sent: Span) -> Speaker:
        """'the governor', 'military analyst Ahmad Rahal', 'the governor of Deir Ezzor'."""
        left = k
        while left - 1 >= sent.start and left > k - 4:
            t = doc[left - 1]
            if t.text == "-" and left - 2 >= sent.start and doc[left - 2].is_alpha:
                left -= 2  # "counter-terrorism service"
                continue
            if t.text == ")" and left - 3 >= sent.start and doc[left - 3].text == "(" and doc[left - 2].is_upper:
                left -= 3  # "Eastern Syria Monitoring Centre (ESMC) activists": take the name
                while left - 1 >= sent.start and doc[left - 1].is_title and left > k - 12:
                    left -= 1
                break
            if not t.is_alpha or t.lower_ in self.speech_before:
                break
            left -= 1
            if t.lower_ in _DETERMINERS:
                break
        right = k + 1
        if right < sent.end and doc[right].lower_ == "of" and right + 1 < sent.end and doc[right + 1].is_title:
            right += 2
            while (
                right < sent.end
                and right < k + 8
                and (
                    doc[right].is_title
                    or (doc[right].lower_ in _NAME_PARTICLES or doc[right].text == "-")
                    and any(doc[j].is_title for j in range(right + 1, min(sent.end, right + 3)))
                )
            ):
                right += 1
        else:
            while right < sent.end and right < k + 4 and (doc[right].is_title or doc[right].lower_ in self.roles):
                right += 1
        span = doc[left:right]
        kind = self.roles[doc[k].lower_]
        party = Party(name=span.text, id=None, kind=kind)  # type: ignore[arg-type]
        return Speaker(party=party, start=span.start_char, end=span.end_char)

    @staticmethod
    def _quote_regions(text: str) -> list[tuple[int, int]]:
        """Char ranges of quotations; an unclosed one runs to the end of its paragraph."""
        regions = []
        i = 0
        n = len(text)
        while i < n:
            ch = text[i]
            if ch in _OPEN_QUOTES or ch == '"':
                closers = _CLOSE_QUOTES if ch in _OPEN_QUOTES else '"'
                para_end = text.find("\n\n", i)
                para_end = n if para_end < 0 else para_end
                j = i + 1
                while j < para_end and text[j] not in closers:
                    j += 1
                regions.append((i, min(j + 1, n)))
                i = j + 1
            else:
                i += 1
        return regions
