"""`sw_claims`: attribution claims, who says which actor struck, asserting, suspecting or denying.

In each sentence that reports a strike, an actor is a claimed perpetrator when it is the
agent of the strike ("the US Air Force carried out airstrikes", "an American attack",
"strikes by Israeli jets", "aircraft presumably affiliated with the Israeli Air Force",
"which was said to be American"), not when it is the target ("positions of Iranian
militias", "targeting US forces"). Hedges make the claim `suspects`; a denial of the strike
by the accused ("did not carry out any attack", "denies responsibility") is `denies`, but a
denial of something else ("denied any link to the site") is not an attribution.
The claimant is the sentence's speaker (see `speakers.py`), else the outlet.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from strikewatch.extract.actors import COALITION_BY_COUNTRY, COALITION_OF_PLACE, STATE_OF_PLACE
from strikewatch.extract.document import (
    ActorMention,
    ClaimMention,
    TextSpan,
    sentence_at_char,
    sentence_of_token,
    sentence_texts,
    sentences_of,
    strike_doc,
    text_of,
    token_lowers,
)
from strikewatch.extract.lexicon import load_data
from strikewatch.extract.speakers import SpeakerFinder, outlet_party, relative_clauses, speaker_clause

_DETERMINERS = {"the", "a", "an", "its", "their", "this", "that", "these", "those"}
_FORCE_WORDS = {
    "warplanes",
    "jets",
    "aircraft",
    "forces",
    "drones",
    "drone",
    "air",
    "army",
    "military",
    "planes",
    "fighter",
    "helicopters",
    "helicopter",
    "navy",
    "enemy",
    "artillery",
    "troops",
    "missile",
    "missiles",
    "rockets",
    "bombers",
    "occupation",
}
_AIRCRAFT = {
    "aircraft",
    "warplanes",
    "warplane",
    "jets",
    "jet",
    "planes",
    "drones",
    "drone",
    "helicopters",
    "bombers",
    "fighter",
}
_OWNERSHIP = {"affiliated", "belonging", "operated", "owned", "flown", "linked"}
_NOT_AGENT_BEFORE_BY = {
    "run",
    "used",
    "operated",
    "controlled",
    "owned",
    "held",
    "manned",
    "backed",
    "supported",
    "claims",
    "claim",
    "statement",
    "reported",
    "led",
    "founded",
    "commanded",
    "funded",
    "armed",
}
_NEGATIONS = {"not", "n't", "never", "no"}
_STATE_VOICES = {"military", "government", "official"}
_PASSIVE_AUX = {"was", "were", "been", "being", "is", "are"}
_STRONG_PARTICIPLES = {"hit", "struck", "shot"}
_PREDICATE = {
    "were",
    "was",
    "are",
    "is",
    "presumably",
    "believed",
    "thought",
    "likely",
    "probably",
    "possibly",
    "to",
    "be",
    "apparently",
    "reportedly",
    "said",
    "suspected",
    ",",
}
_CLAUSE_STOPS = {"if", "unless", "when", "while", "but", "which", "who", "whose", "because", "whether"}
_MODIFIER_SUFFIXES = {
    "backed",
    "aligned",
    "supported",
    "linked",
    "allied",
    "affiliated",
    "led",
    "run",
    "based",
    "sponsored",
    "funded",
    "controlled",
    "held",
}
_SELF = {"it", "they", "we", "its"}
# "Houthi military spokesman Yahya Saree said the group had struck …": the speaker's own side, by its kind.
_SELF_NOUNS = {"group", "movement", "militia", "organisation", "organization"}
# Heads that a striker's name can follow with "of": "the mujahideen of the Islamic Resistance targeted".
_FORCES_OF = {
    "mujahideen",
    "warplanes",
    "jets",
    "aircraft",
    "drones",
    "planes",
    "helicopters",
    "units",
    "artillery",
    "group",
    "cell",
}
_COORDINATORS = {"and", "or", ",", "&"}
_IN_ANSWER_TO = {"in response to", "in retaliation for", "in revenge for", "in reply to", "in answer to"}
_STRIKE_NOUNS = {"strike", "strikes", "airstrike", "airstrikes", "raid", "raids", "bombing", "bombardment", "shelling"}
_BARE_FORCES = {"military", "army"}
_DATELINE = {",", "(", "-", "–", "—"}
# Words that make a region of a country's name: "across south Lebanon" is still a place, not a striker.
_REGION_WORDS = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "rural",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "occupied",
    "neighbouring",
    "neighboring",
}
_SUFFERED = {"killed", "martyred", "wounded", "injured", "died", "dead", "martyrs", "killing"}
_DEFENDED = {"intercepted", "intercept", "downed", "repelled", "confronted", "thwarted", "foiled"}
_NEGATED = re.compile(r"\b(?:not|never|no|n't|denied|denies)\b", re.I)
# The striker's own words for its targets, quoted by the outlet: "targeting what it called legitimate targets".
_OWN_WORDS = re.compile(r"^[^.;]{0,80}\bwhat (?:it|they) (?:called|calls|described as|describes as|termed)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:our|we|us)\b", re.I)
_OWN_AIRCRAFT = re.compile(
    r"\b(?:an?|the)\s+[\"“']?(?:aircraft|jet|fighter jet|drone|warplane|helicopter)\s+(?:struck|hit|targeted)\b", re.I
)
# A speaker's own forces: "its fighters", "our air defences", "claimed responsibility", "the carrying out of".
_SELF_REFERENCE = re.compile(
    r"\b(?:its|their|our)\s+(?:own\s+)?(?:fighters|forces|aircraft|jets|warplanes|drones|air\s+force|units?|artillery|"
    r"troops|naval\s+forces|missile\s+force|men|mujahideen|heroes)\b|\bwe\s+(?:struck|targeted|carried|launched|hit)\b"
    r"|\bclaimed\s+responsibility\b|\bthe\s+carrying\s+out\s+of\b",
    re.I,
)
# "three of its fighters were killed by a drone": the side's own men as victims, not as strikers
_OWN_SIDE_STRUCK = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|hurt|hit|targeted|struck|martyred)\b",
    re.I,
)


def _origin_of(doc: Doc, prev: int | None) -> bool:
    """'rockets from Lebanon killed a soldier': where the fire came from, not who fired it."""
    return prev is not None and doc[prev].lower_ == "from"


def names_own_strikers(sentence: str) -> bool:
    """A side speaks of its own strike ('Hezbollah said its fighters targeted …'), not of its own losses
    ('the SDF said three of its fighters were killed by a drone')."""
    return any(not _OWN_SIDE_STRUCK.match(sentence, m.end()) for m in _SELF_REFERENCE.finditer(sentence))


_NEEDS_OBJECT = {
    "carried",
    "carry",
    "carries",
    "conducted",
    "conduct",
    "conducts",
    "launched",
    "launch",
    "launches",
    "performed",
    "executed",
    "fired",
    "fire",
}
_PARTNER = {
    "support from",
    "supported by",
    "assisted by",
    "alongside",
    "together with",
    "jointly with",
    "participation of",
    "help from",
    "backing from",
}
_BLAMED = {"blamed on", "attributed to", "pinned on", "blame on"}
_OWNED = {
    "depot",
    "depots",
    "position",
    "positions",
    "site",
    "sites",
    "base",
    "bases",
    "headquarters",
    "warehouse",
    "warehouses",
    "facility",
    "facilities",
    "infrastructure",
    "post",
    "posts",
    "camp",
    "camps",
    "compound",
    "compounds",
    "convoy",
    "convoys",
    "vehicle",
    "vehicles",
    "target",
    "targets",
    "member",
    "members",
    "operative",
    "operatives",
    "commander",
    "commanders",
    "official",
    "officials",
    "leader",
    "leaders",
    "office",
    "offices",
    "stronghold",
    "strongholds",
    "hideout",
    "hideouts",
    "personnel",
    "fighters",
    "militants",
    "weapons",
    "arsenal",
    "stockpile",
    "stockpiles",
}
# Acronyms and command names speak for themselves: "CENTCOM forces conducted strikes".
_ORGAN = re.compile(r"^(?:the\s+)?(?:[A-Z]{3,}|U\.?S\.? [A-Z][a-z]+ Command|[A-Z][a-z]+ Command)$")


def _speakers_side(c: ClaimMention) -> str | None:
    """The state a claim's official or military claimant speaks for, when it is a known one."""
    party = c.claimant
    side = getattr(party, "speaks_for", None) if party is not None else None
    if party is None or party.kind not in _STATE_VOICES or not side or side in (STATE_OF_PLACE, COALITION_OF_PLACE):
        return None
    return side if len(side) == 2 and side.isupper() else None


def trimmed(sent: Span) -> TextSpan:
    """The sentence as evidence, without surrounding whitespace."""
    texts = sentence_texts(sent.doc)
    text = texts[sentence_at_char(sent.doc, sent.start_char)] if texts else sent.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    return TextSpan(sent.start_char + lead, sent.start_char + lead + len(body), body)


class ClaimFinder:
    def __init__(self, nlp: Language) -> None:
        data = load_data("events.json")
        self.action = set(data["action_verbs"])
        self.target_preps = set(data["target_preps"])
        self.hedges = re.compile(r"\b(?:" + "|".join(re.escape(h.lower()) for h in data["hedges"]) + r")\b")
        self.speech = set(load_data("claims.json")["speech_before"])
        self.denial_cues = re.compile(r"\b(" + "|".join(re.escape(c) for c in data["denial_cues"]) + r")\b", re.I)
        self.denial_objects = re.compile(r"\b(" + "|".join(re.escape(c) for c in data["denial_objects"]) + r")\b", re.I)
        self.speakers = SpeakerFinder()
        cdata = load_data("claims.json")
        self.reactions = set(cdata["reaction_verbs"])
        self.fighter_nouns = set(cdata["fighter_nouns"])
        self.joint_cues = set(cdata["joint_cues"])
        # "said it had eliminated …", "said its forces had neutralised …": a side telling of its own action
        self.own_action = re.compile(
            r"\b(?:it|they|we|(?:its|their|our)\s+(?:forces|troops|jets|aircraft|drones|warplanes|fighters|units))"
            r"\s+(?:had\s+|has\s+|have\s+)?[\"“']?(?:" + "|".join(cdata["own_action_verbs"]) + r")\b",
            re.I,
        )
        self._actor_ends: dict[int, ActorMention] = {}
        self._actor_starts: dict[int, ActorMention] = {}

    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        sents = sentences_of(doc)
        speakers = self.speakers.speakers(doc, sw.actors)
        doc.user_data["sw_speakers"] = speakers
        event_tokens: dict[int, set[int]] = {}
        for e in sw.events:
            event_tokens.setdefault(e.sentence, set()).update(range(e.token_start, e.token_end))
        actors_by_sent: dict[int, list[ActorMention]] = {}
        for a in sw.actors:
            actors_by_sent.setdefault(sentence_of_token(doc)[a.token_start], []).append(a)
        state = self._state_of_places(sw)
        self._own_state = self._possessed_contextual(doc, sw)
        self.outlet = outlet_party(sw.outlet)
        texts = sentence_texts(doc)
        self._actor_ends = {a.token_end: a for a in sw.actors}
        self._actor_starts = {a.token_start: a for a in sw.actors}
        claims: list[ClaimMention] = []
        for si, sent in enumerate(sents):
            evs = [e for e in sw.events if e.sentence == si and not e.aggregate]
            speaker = speakers[si]
            if not evs:
                # no strike named here, but a side can still deny one ("… also denied any link") or tell of its
                # own ("The Israeli military said it had eliminated a terrorist …")
                extra = self._eventless(doc, sent, actors_by_sent.get(si, []), speaker, texts[si], si)
                claims.extend(extra)
                continue
            claimant = speaker.party if speaker else self.outlet
            evidence = trimmed(sent)
            actors = actors_by_sent.get(si, [])
            denied = self._denial(doc, sent, actors, speaker)
            if denied is not None:
                accused = denied.actor or (denied.party.speaks_for if denied.party else None)  # type: ignore[union-attr]
                denier = speaker.party if speaker else (denied.party or claimant)
                if accused:
                    claims.append(self._claim(evidence, accused, denied.text, denier, "denies", si))
            clause = speaker_clause(doc, sent, speaker)
            for a in actors:
                if a is denied or not a.actor or not self._is_agent(doc, a, sent, event_tokens.get(si, set())):
                    continue
                stance = "suspects" if self._hedged(doc, a, sent) else "asserts"
                says = claimant
                if clause and a.token_start not in clause:
                    says = self.outlet  # "…, which the Israeli military said wounded two, and an Israeli strike …"
                if speaker is None and a.party is not None and _ORGAN.match(a.text):
                    says = a.party  # "CENTCOM forces conducted strikes": the command's own account
                elif (
                    speaker is None and a.party is not None and _OWN_WORDS.search(texts[si][a.end - sent.start_char :])
                ):
                    says = a.party  # "… carried out raids, targeting what it called military targets": its account
                for actor in (a.actor, *a.co_actors):
                    claims.append(self._claim(evidence, actor, a.text, says, stance, si, anchor=a.start))
            claims.extend(
                self._pronoun_strikers(doc, sent, [c for c in claims if c.sentence == si], event_tokens.get(si, set()))
            )
            claims.extend(self._joint_strikers(doc, sent, claims, event_tokens.get(si, set()), claimant, si))
            own = self._own_account(sw, speaker.party if speaker else None, texts[si])
            # "a group of Daesh … attacked one of our posts": a striker named before the self-reference struck,
            # and "our" names the victims; "its jets struck …, a response to Hezbollah's attacks" stays its own
            mine = _SELF_REFERENCE.search(texts[si]) or _FIRST_PERSON.search(texts[si])
            mine_at = sent.start_char + (mine.start() if mine else 0)
            if (
                own is not None
                and not any(
                    c.sentence == si and c.stance != "denies" and c.actor != own[0] and 0 <= c.anchor < mine_at
                    for c in claims
                )
                and not any(c.sentence == si and c.actor == own[0] for c in claims)
            ):
                claims.append(self._claim(evidence, own[0], own[1], own[2], "asserts", si))
        for c in claims:
            owner = self._own_state.get(c.actor_name)
            if owner and c.actor in (STATE_OF_PLACE, COALITION_OF_PLACE):
                c.actor = owner  # "Turkey's defence ministry said its forces …"
            speaker_owner = self._own_state.get(c.claimant.name) if c.claimant is not None else None
            if speaker_owner and getattr(c.claimant, "speaks_for", None) in (STATE_OF_PLACE, COALITION_OF_PLACE):
                c.claimant = c.claimant.model_copy(update={"speaks_for": speaker_owner})
        striker = self._foreign_striker(claims, state)
        coalition = self._coalition_of(claims, state)
        sw.claims = [c for c in (self._with_state(c, state, striker, coalition) for c in claims) if c is not None]
        return doc

    def _eventless(self, doc: Doc, sent: Span, actors: list[ActorMention], speaker, text: str, si: int) -> list:  # noqa: ANN001
        """Claims in a sentence with no strike word: a side's denial, or its own account of an action."""
        evidence = trimmed(sent)
        out = []
        denied = self._denial(doc, sent, actors, speaker)
        if denied is not None:
            accused = denied.actor or (denied.party.speaks_for if denied.party else None)  # type: ignore[union-attr]
            if accused:
                denier = speaker.party if speaker else (denied.party or self.outlet)
                out.append(self._claim(evidence, accused, denied.text, denier, "denies", si))
        elif speaker is not None and self.own_action.search(text) and not _NEGATED.search(text):
            side = getattr(speaker.party, "speaks_for", None)
            if side and speaker.party.kind in ("military", "government", "armed_group", "official"):
                out.append(self._claim(evidence, side, speaker.party.name, speaker.party, "asserts", si))
        return out

    @staticmethod
    def _possessed_contextual(doc: Doc, sw) -> dict[str, str]:  # noqa: ANN001 - StrikeDoc
        """'Turkey's defence ministry', 'Moscow's army': whose a contextual name is when a state owns it."""
        out: dict[str, str] = {}
        by_end = {a.token_end: a for a in sw.actors if a.actor and len(a.actor) == 2}
        for a in sw.actors:
            owner = by_end.get(a.token_start - 1)
            if owner is not None and doc[a.token_start - 1].lower_ in ("'s", "’s"):
                out[a.text] = owner.actor
        return out

    @staticmethod
    def _state_of_places(sw) -> str | None:  # noqa: ANN001 - StrikeDoc
        """The country most places in the article are in: whose 'government forces' these are."""
        counts = Counter(p.location.country for p in sw.places if p.location and p.location.country)
        return counts.most_common(1)[0][0] if counts else None

    @staticmethod
    def _foreign_striker(claims: list[ClaimMention], state: str | None) -> str | None:
        """The state named as striker in the report when it is not the country struck, and that country's own
        forces are never named as striking: then a bare "the military said its jets hit …" is that striker's."""
        named = Counter(c.actor for c in claims if c.stance == "asserts" and len(c.actor) == 2)
        if not named or state is None or state in named:
            return None
        return named.most_common(1)[0][0]

    @staticmethod
    def _coalition_of(claims: list[ClaimMention], state: str | None) -> str:
        """Whose "the coalition" is: the Saudi-led one in Yemen, unless the report names only other states
        striking there ("RAF Typhoons join US strikes … the coalition partners"), then the US-led one."""
        local = COALITION_BY_COUNTRY.get(state or "")
        named = {c.actor for c in claims if c.stance == "asserts" and len(c.actor) == 2}
        if local is None or local in named or not named - {state}:
            return local or "COALITION"
        return "COALITION"

    @staticmethod
    def _with_state(
        c: ClaimMention, state: str | None, striker: str | None = None, coalition: str | None = None
    ) -> ClaimMention | None:
        """Resolve 'government forces' and 'the coalition' by the country the report is about; a bare "the
        military" / "the army" in a report of a foreign state's strikes by that state (`_foreign_striker`)."""
        own_side = _speakers_side(c)
        if c.actor == STATE_OF_PLACE and own_side:
            c.actor = own_side  # "Israel's military spokesman said the air force struck …": his side's air force
            return c
        bare = c.actor == STATE_OF_PLACE and c.actor_name.lower().removeprefix("the ").strip() in _BARE_FORCES
        resolved = {
            STATE_OF_PLACE: striker if bare and striker else state,
            COALITION_OF_PLACE: coalition or COALITION_BY_COUNTRY.get(state or "", "COALITION"),
        }
        if c.actor in resolved:
            if resolved[c.actor] is None:
                return None
            c.actor = resolved[c.actor]
        speaks_for = getattr(c.claimant, "speaks_for", None) if c.claimant is not None else None
        if speaks_for in resolved:
            c.claimant = c.claimant.model_copy(update={"speaks_for": resolved[speaks_for]})
        return c

    @staticmethod
    def _claim(
        evidence: TextSpan,
        actor: str,
        name: str,
        claimant,
        stance: str,
        si: int,  # noqa: ANN001
        anchor: int = -1,
    ) -> ClaimMention:
        return ClaimMention(
            start=evidence.start,
            end=evidence.end,
            text=evidence.text,
            actor=actor,
            actor_name=name,
            claimant=claimant,
            stance=stance,
            sentence=si,
            anchor=anchor,
        )

    def _denial(self, doc: Doc, sent: Span, actors: list[ActorMention], speaker=None) -> ActorMention | None:  # noqa: ANN001
        """The accused actor's mention when the sentence denies a strike, else None.

        The accused stands before the cue ("Iran denied carrying out …"), not after it ("denied that X had
        any link": about X, but no denial by it), nor in a relative clause about something else
        ("Turkey's ministry, whose drones hit … in northern Iraq, also denied any link": Turkey's denial),
        nor after "neither/nor" ("Neither Moscow nor Damascus acknowledged the attack")."""
        text = text_of(doc)[sent.start_char : sent.end_char]  # = sent.text, which spaCy rebuilds from tokens
        for m in self.denial_cues.finditer(text):
            tail = text[m.start() : m.end() + 60]
            if not self.denial_objects.search(tail):
                continue
            inside = relative_clauses(doc, sent)
            cue_char = sent.start_char + m.start()
            before = [
                a
                for a in actors
                if a.end <= cue_char
                and a.token_start not in inside
                and (a.actor or (a.party and a.party.speaks_for))
                and not self._after_neither(doc, a, sent)
            ]
            if before:
                return before[-1]
        return None

    @staticmethod
    def _after_neither(doc: Doc, a: ActorMention, sent: Span) -> bool:
        j = a.token_start - 1
        while j >= sent.start and doc[j].lower_ in _DETERMINERS:
            j -= 1
        return j >= sent.start and doc[j].lower_ in ("neither", "nor")

    def _is_agent(self, doc: Doc, a: ActorMention, sent: Span, events: set[int]) -> bool:
        i0, i1 = a.token_start, a.token_end
        if i0 == sent.start and a.text.isupper() and len(a.text) > 3 and i1 < sent.end and doc[i1].text in _DATELINE:
            return False  # "BEIRUT (Levant Wire) –", "ERBIL, Iraq, April 8": the dateline's place
        prev = self._previous_word(doc, i0, sent)
        if (
            prev is not None
            and prev - 2 >= sent.start
            and " ".join(token_lowers(doc)[prev - 2 : prev + 1]) in _IN_ANSWER_TO
        ):
            # a statement's formula for what it answers ("in response to the American-British aggression"):
            # a grievance, not a strike this report tells of
            return False
        if a.adjective and self._coordinated_striker(doc, a, sent, events):
            return True  # "American and British air strikes": both strike
        if a.adjective and self._modifies_strike(doc, i1, sent, events):
            return True  # "killed in an Israeli drone strike", "after Turkish air strikes": whose strike
        if not a.adjective and any(j in events for j in range(i0, i1)) and not _origin_of(doc, prev):
            # the name is the strike ("martyred in an occupation strike on a house"), unless it is denied: "Russian
            # aircraft had not struck the hospital"
            return not any(doc[j].lower_ in _NEGATIONS for j in range(i1, min(sent.end, i1 + 3)))
        if prev is not None:
            word = doc[prev].lower_
            if word in ("neither", "nor"):
                return False  # "Neither Moscow nor Damascus commented": no one's claim about either
            first = self._first_conjunct(doc, prev, sent)
            if first is not None:
                lead = self._previous_word(doc, first.token_start, sent)
                if lead is not None and doc[lead].lower_ in self.target_preps | {"neither", "nor"}:
                    return False  # "targets in Iraq and Syria", "strikes against Hezbollah and Hamas"
            # "the mujahideen of the Islamic Resistance targeted", "a group of Daesh remnants … attacked": read on
            forces_of = word == "of" and prev - 1 >= sent.start and doc[prev - 1].lower_ in _FORCES_OF
            if word == "by":
                before = doc[prev - 1].lower_ if prev - 1 >= sent.start else ""
                # "strikes by Israeli jets", "bullets fired by the occupation forces during a raid"
                window = [*range(max(sent.start, prev - 5), prev), *range(i1, min(sent.end, i1 + 4))]
                if before in _NOT_AGENT_BEFORE_BY:
                    return False
                # "the attack on the convoy was believed to be carried out by Israel": the strike verb's agent
                return any(j in events for j in window) or bool(events) and self._strike_verb_before_by(doc, prev)
            if word == "be" and prev - 1 >= sent.start and doc[prev - 1].lower_ == "to":
                return True  # "said to be American", "believed to be Israeli"
            two = " ".join(token_lowers(doc)[max(sent.start, prev - 1) : prev + 1])
            if two in _PARTNER or two in _BLAMED or (word in ("on", "to") and self._blamed_before(doc, prev, sent)):
                return True  # "with support from the RAF", "blamed on Turkey", "attributed to Israel"
            if word in ("with", "to", "by") and prev - 1 >= sent.start and doc[prev - 1].lower_ in _OWNERSHIP:
                lo = max(sent.start, prev - 7)
                return any(doc[j].lower_ in _AIRCRAFT for j in range(lo, prev))
            # "Iran-backed Houthi terrorists launched": the name after a sponsor's "-backed" is read on
            sponsored = word in _MODIFIER_SUFFIXES and prev - 1 >= sent.start and doc[prev - 1].text == "-"
            if (
                not forces_of
                and not sponsored
                and (word in self.target_preps or (word == "-" and not doc[prev].whitespace_))
            ):
                return False  # "targeting Iran", "pro-Iranian" (not a dateline's " - ")
        if i1 + 1 < sent.end and doc[i1].text == "-" and doc[i1 + 1].lower_ in _MODIFIER_SUFFIXES:
            return False  # "Iran-backed fighters", "Turkish-led forces": names someone else
        if i1 < sent.end and doc[i1].lower_ in _OWNED and not a.adjective:
            return False  # "PMF depots exploded", "Hezbollah positions were hit": whose, not who
        if a.adjective:
            before = range(max(sent.start, i0 - 4), i0)
            if any(doc[j].lower_ in _AIRCRAFT for j in before) and all(
                doc[j].lower_ in _PREDICATE or doc[j].lower_ in _AIRCRAFT for j in range(max(sent.start, i0 - 3), i0)
            ):
                return True  # "aircraft presumably Israeli", "the jets were believed to be Russian"
            if i1 < sent.end and i1 in events:
                return True
            if i1 < sent.end and (doc[i1].lower_ in _FORCE_WORDS or doc[i1].lower_ in self.fighter_nouns):
                # "Israeli jets struck", "Houthi terrorists launched two missiles"; not "Russian aircraft had not
                # struck the hospital"
                for j in range(i1 + 1, min(sent.end, i1 + 4)):
                    if doc[j].lower_ in _NEGATIONS:
                        return False
                    if j in events or doc[j].lower_ in self.action:
                        return True
                return False
            return False
        j = i1
        limit = min(sent.end, i1 + 8)
        skipped_apposition = False
        while j < limit:
            t = doc[j]
            low = t.lower_
            if t.text == "," and not skipped_apposition:
                close = next((k for k in range(j + 1, min(sent.end, j + 14)) if doc[k].text == ","), None)
                resumes = close is not None and any(
                    k in events or doc[k].lower_ in self.action for k in range(close + 1, min(sent.end, close + 3))
                )
                if resumes and not any(doc[k].lower_ in self.speech for k in range(j + 1, close)):
                    skipped_apposition = True
                    limit = min(sent.end, limit + close - j + 1)
                    j = close + 1
                    continue  # "CENTCOM forces, with support from the RAF, conducted strikes"
            if t.text == "(":
                close = next((k for k in range(j + 1, min(sent.end, j + 8)) if doc[k].text == ")"), None)
                if close is not None:
                    limit = min(sent.end, limit + close - j + 1)
                    j = close + 1
                    continue  # "U.S. Central Command (CENTCOM) forces conducted"
            if (
                low in ("'s", "’s")
                and j + 1 < sent.end
                and j + 1 not in events
                and doc[j + 1].lower_ not in _FORCE_WORDS
            ):
                return False  # "al-Shabaab's ability to conduct attacks": whose, not who
            if t.is_punct and low not in ("'s", "’s", "’", "-"):
                return False
            if low in _NEGATIONS or low in _CLAUSE_STOPS or low in _SUFFERED or low in self.reactions:
                return False  # "PMF heroes martyred repelling an attack"; "Iraq demands an apology after the strike"
            if low in _PASSIVE_AUX and self._struck_passive(doc, j, sent):
                return False  # "US Navy vessels were deliberately targeted": the struck, not the striker
            if j in events:
                return True
            if (
                low in ("responded", "retaliated", "replied")
                and j + 1 < sent.end
                and doc[j + 1].lower_ in ("by", "with")
            ):
                return any(k in events for k in range(j + 2, min(sent.end, j + 5)))  # "responded by shelling"
            if low == "behind" and j > i1 and doc[j - 1].lower_ in ("was", "were", "is", "are", "be", "been"):
                return True  # "Israel was behind the strike"
            if low in self.action:
                # "carried out patrols" is no strike: verbs that take a strike as object need one
                return low not in _NEEDS_OBJECT or any(k in events for k in range(j + 1, min(sent.end, j + 7)))
            if low in self.speech:
                return self._self_claim(doc, j + 1, sent, events)
            j += 1
        return False

    def _struck_passive(self, doc: Doc, aux: int, sent: Span) -> bool:
        """A strike verb's participle after the auxiliary `aux` ("were attacked", "was reportedly hit"):
        the name before it is what was struck."""
        k = aux + 1
        while k < sent.end and (doc[k].lower_.endswith("ly") or doc[k].lower_ in ("also", "again", "then")):
            k += 1
        if k >= sent.end:
            return False
        low = doc[k].lower_
        return low in self.action and (low.endswith("ed") or low in _STRONG_PARTICIPLES)

    def _strike_verb_before_by(self, doc: Doc, by: int) -> bool:
        """ "carried out by", "launched by", "fired by": a strike verb's participle right before "by"."""
        k = by - 1
        if k >= 0 and doc[k].lower_ == "out":
            k -= 1  # "carried out by"
        return k >= 0 and doc[k].lower_ in self.action and doc[k].lower_.endswith("ed")

    def _coordinated_striker(self, doc: Doc, a: ActorMention, sent: Span, events: set[int]) -> bool:
        """An adjective coordinated with the next one before a strike noun ("American and British air strikes",
        "US, British and Israeli jets struck")."""
        nxt = self._actor_starts.get(a.token_end + 1)
        while nxt is not None and nxt.adjective and doc[nxt.token_start - 1].lower_ in _COORDINATORS:
            if self._modifies_strike(doc, nxt.token_end, sent, events):
                return True
            nxt = self._actor_starts.get(nxt.token_end + 1)
        return False

    def _joint_strikers(
        self,
        doc: Doc,
        sent: Span,
        claims: list[ClaimMention],
        events: set[int],
        claimant,  # noqa: ANN001 - Party
        si: int,
    ) -> list[ClaimMention]:
        """ "Further rounds of joint strikes followed on January 22" after "the U.S. and British air strikes":
        unnamed joint strikes are the partners last named striking together."""
        lowers = token_lowers(doc)
        at = next(
            (i for i in range(sent.start, sent.end - 1) if lowers[i] in self.joint_cues and i + 1 in events), None
        )
        if at is None or any(c.sentence == si and abs(c.anchor - doc[at].idx) < 30 for c in claims):
            return []  # "joint US-British strikes" names its partners
        together: dict[int, list[ClaimMention]] = {}
        for c in claims:
            if c.sentence < si and c.stance == "asserts":
                together.setdefault(c.start, []).append(c)
        partners = next((g for _, g in sorted(together.items(), reverse=True) if len({c.actor for c in g}) > 1), None)
        if partners is None:
            return []
        evidence = trimmed(sent)
        actors = dict.fromkeys(c.actor for c in partners)
        return [self._claim(evidence, a, doc[at].text, claimant, "asserts", si, anchor=doc[at + 1].idx) for a in actors]

    def _pronoun_strikers(
        self, doc: Doc, sent: Span, claims: list[ClaimMention], events: set[int]
    ) -> list[ClaimMention]:
        """ "The Israeli enemy responded by shelling …, and its warplanes launched a raid on …": the side
        named before "its"/"their" forces strikes again, a claim of its own for that second strike."""
        out: list[ClaimMention] = []
        lowers = token_lowers(doc)
        for i in range(sent.start, sent.end - 2):
            if lowers[i] not in ("its", "their") or lowers[i + 1] not in _FORCE_WORDS:
                continue
            ahead = range(i + 2, min(sent.end, i + 6))
            strike = next((j for j in ahead if j in events), None)
            if strike is None:
                continue
            before = [c for c in claims if c.stance != "denies" and 0 <= c.anchor < doc[i].idx]
            if before:
                c = before[-1]
                out.append(
                    self._claim(
                        TextSpan(c.start, c.end, c.text),
                        c.actor,
                        c.actor_name,
                        c.claimant,
                        c.stance,
                        c.sentence,
                        anchor=doc[strike].idx,  # the second strike's own word, for its incident
                    )
                )
        return out

    def _first_conjunct(self, doc: Doc, prev: int, sent: Span) -> ActorMention | None:
        """The first of coordinated names ("Iraq" in "Iraq and Syria", "US" in "US, Israel and Turkey") when
        `prev` is the coordinator before a later one, so the later ones share its preposition."""
        first = None
        while prev >= sent.start and doc[prev].lower_ in _COORDINATORS:
            before = self._actor_ends.get(prev)
            if before is None or before.token_start < sent.start:
                break
            first = before
            prev = before.token_start - 1
        return first

    @staticmethod
    def _modifies_strike(doc: Doc, i: int, sent: Span, events: set[int]) -> bool:
        """The adjective stands right before a strike noun ("Israeli strike", "Israeli drone strike")."""
        for k in (i, i + 1):
            if k >= sent.end or k not in events:
                return False
            if doc[k].lower_ in _STRIKE_NOUNS:
                return True
            if doc[k].lower_ not in _AIRCRAFT and doc[k].lower_ != "air":
                return False
        return False

    def _own_account(self, sw, speaker, sentence: str) -> tuple[str, str, object] | None:  # noqa: ANN001
        """A side's account of its own strike with no name for the striker: 'Hezbollah said its fighters
        targeted …', 'the group claimed responsibility for the attack', or a press release's agentless
        sentences ('6 terrorists were neutralized in an air-supported operation') under its issuer's header."""
        candidates = []
        if speaker is not None and (
            names_own_strikers(sentence) or speaker.kind == "military" and _OWN_AIRCRAFT.search(sentence)
        ):
            # the second: "The Israeli army said an aircraft struck a cell": whose aircraft but its own?
            candidates.append(speaker)
        if speaker is None and sw.header is not None and _FIRST_PERSON.search(sentence):
            candidates.append(self.outlet)  # "… neutralized by an air-supported operation of our commandos"
        for party in candidates:
            side = getattr(party, "speaks_for", None)
            if side and party.kind in ("military", "government", "armed_group"):
                return side, party.name, party
        return None

    @staticmethod
    def _blamed_before(doc: Doc, prev: int, sent: Span) -> bool:
        """'blamed the attack on X', 'attributed the strikes to X'."""
        return any(
            doc[k].lower_ in ("blamed", "blames", "blaming", "attributed", "attributes", "pinned")
            for k in range(max(sent.start, prev - 5), prev)
        )

    def _self_claim(self, doc: Doc, i: int, sent: Span, events: set[int]) -> bool:
        """'CENTCOM said it carried out strikes': the speaker is the agent (not when it only intercepted)."""
        if any(doc[k].lower_ in _DEFENDED for k in range(i, min(sent.end, i + 12))):
            return False
        for j in range(i, min(sent.end, i + 10)):
            low = doc[j].lower_
            own = low in _SELF or (low == "the" and j + 1 < sent.end and doc[j + 1].lower_ in _SELF_NOUNS)
            # the subject of the reported clause: near the verb ("said on Tuesday it had attacked") or after
            # "that", not "confirmed that a convoy with American personnel in it had been targeted"
            if own and (j - i <= 3 or doc[j - 1].lower_ in ("that", ",") or doc[j - 1].lower_ in self.speech):
                if _OWN_SIDE_STRUCK.match(doc.text, doc[j].idx + len(doc[j].text)):
                    return False  # "announced that three of its fighters were killed by a drone": its losses
                first = j + 2 if low == "the" else j + 1
                return any(k in events or doc[k].lower_ in self.action for k in range(first, min(sent.end, first + 3)))
        return False

    @staticmethod
    def _previous_word(doc: Doc, i0: int, sent: Span) -> int | None:
        j = i0 - 1
        while j >= sent.start and (
            doc[j].lower_ in _DETERMINERS or doc[j].lower_ in _REGION_WORDS or doc[j].is_space or doc[j].is_quote
        ):
            j -= 1
        return j if j >= sent.start else None

    def _hedged(self, doc: Doc, a: ActorMention, sent: Span) -> bool:
        lo = max(sent.start, a.token_start - 9)  # "believed to have been carried out by Israel"
        hi = min(sent.end, a.token_end + 4)
        window = doc[lo : a.token_start].text.lower() + " | " + doc[a.token_end : hi].text.lower()
        return self.hedges.search(window) is not None


@Language.factory("sw_claims")
def make_claims(nlp: Language, name: str) -> ClaimFinder:
    return ClaimFinder(nlp)
