"""`sw_incidents`: assemble the annotations of one article into incident mentions.

An article reports its main incident and may recall earlier ones. A strike word belongs to
a background incident when its sentence dates it apart from the main incident ("On February
3, …" in a report about 26 March), or when a cue says so ("last week's drone attack", "in
response to drone attacks", "attacks like those on August 15", "in June last year"). Strikes
that follow a cue like "prior to the reported raids" are the main incident and the rest of
that sentence is earlier. Places, claims, casualties and targets go to the incident of the
nearest strike word in their sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.claims import trimmed
from strikewatch.extract.document import (
    DateMention,
    EventMention,
    PlaceMention,
    StrikeDoc,
    sentence_at_char,
    sentence_texts,
    sentences_of,
    strike_doc,
    text_of,
)
from strikewatch.extract.lexicon import load_data
from strikewatch.extract.liveblog import entry_at, live_entries
from strikewatch.geo import haversine_km
from strikewatch.model import (
    EVENT_FAMILY,
    LOCATION_PRECISIONS,
    AttributionClaim,
    CasualtyClaim,
    DateValue,
    Evidence,
    IncidentMention,
    Location,
    Target,
)

_PRECISION_RANK = {p: i for i, p in enumerate(LOCATION_PRECISIONS)}
_QUOTES = set("\"'“”‘’«»")
_DATELINE_PLACE = re.compile(r"^[A-Z][A-Z.'’ -]+,\s*$")  # "ERBIL, " before the region of a dateline
_BASED_IN = re.compile(
    r"(based|headquartered|located)\s+(in|near)\s+$|-based\s*$|\bfrom\s+$"
    r"|\b(loyal|allied|aligned|affiliated|answerable)\s+(to|with)\s+$|\bbacked\s+by\s+$"
    # "sources close to Damascus" names a government; "a strike close to Sulaymaniyah" a place
    r"|\b(sources?|circles|figures|officials?|groups?|militias?|factions?|outlets?|media)\s+close\s+to\s+$"
    r"|\b(solidarity|support|sympathy)\s+(with|for)\s+(the\s+)?(people\s+of\s+)?$|\bwar\s+(in|on)\s+$",
    re.I,
)
# A strike dated this many days before publication is a recalled one, not the report's news.
STALE_DAYS = 21
# "SULAIMANI (ESTA) —": the place an outlet files from, not a place struck.
_DATELINE_AFTER = re.compile(r"^[\s,]*([A-Za-z]+\.? \d{1,2}(, \d{4})?\s*)?(\([^)]{1,40}\)\s*)?[—–-]")
_MAX_EVIDENCE = 12
_ANCHOR_BEFORE = re.compile(
    r"\b(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?(?:north|south|east|west|northeast|northwest|southeast|"
    r"southwest)(?:ern)?\s+of\s+(?:the\s+(?:city|town|village|province|governorate)\s+of\s+)?$",
    re.I,
)
_CLAIMS_LIVES = re.compile(r"claim(?:s|ed)?\s+(?:the\s+)?(?:lives?|life)\b", re.I)
_CLAUSE_BETWEEN = re.compile(r"\b(?:and|while|as|but|amid)\b|[;:]", re.I)
_POSSESSIVE = re.compile(r"['’]s\b")
_TOLLED_STRIKE_WORDS = frozenset({"strike", "strikes", "struck"})
_CONTEXT_KEY = "sw_context_countries"
_SINCE = re.compile(r"\b(?:since|until|till)\b[^.;,]{0,45}$|\bfrom\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.I)
# The rest of a dateline after its place: ", Kurdistan Region - ", ", Somalia, Feb 5, 2025 (Jubba Dispatch) -"
_DATELINE_HEAD = re.compile(r"^(?:[,.]?\s*(?:[A-Z][\w.'’-]*|\d{1,4}|\([^)]{1,40}\))){0,8}\s*[—–-]\s")
_IN_COUNTRY = re.compile(r"\b(in|inside|across|throughout|into)\s+(the\s+)?$", re.I)
# "In the north of Iraq, …", "In Syria's Raqqa province, …": a sentence opened by where it happened
_COUNTRY_OPENER = re.compile(r"^\s*In\s+[^,.;:]{2,45},")
_PROPER_NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+(?:al-|el-|of\s+)?[A-Z][\w’'-]+)+")


@dataclass
class Group:
    role: str
    events: list[EventMention] = field(default_factory=list)
    date: DateMention | None = None
    # Claims told elsewhere in the article that name this strike's side (a live page's other entries)
    borrowed_claims: list = field(default_factory=list)

    @property
    def sentences(self) -> set[int]:
        return {e.sentence for e in self.events}


def _day(value: str | None) -> dt.date | None:
    if value and len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def dates_differ(a: DateValue, b: DateValue, tolerance: int = 1) -> bool:
    """True when two dates cannot be the same incident day (a day apart is tolerated: overnight, time zones)."""
    if not a.value or not b.value:
        return False
    da, db = _day(a.value), _day(b.value)
    if da and db:
        return abs((da - db).days) > tolerance
    ma, mb = a.value.lstrip("-")[-5:], b.value.lstrip("-")[-5:]
    if a.precision == "day" and b.precision == "day" and len(ma) == 5 and len(mb) == 5:
        if ma[:2] != mb[:2]:
            return True
        return abs(int(ma[3:]) - int(mb[3:])) > tolerance
    # month or year precision: compare what both give
    ya = a.value[:4] if a.value[:4].isdigit() else None
    yb = b.value[:4] if b.value[:4].isdigit() else None
    if ya and yb and ya != yb:
        return True
    mona = a.value[5:7] if ya else a.value[2:4]
    monb = b.value[5:7] if yb else b.value[2:4]
    return bool(mona and monb and mona.isdigit() and monb.isdigit() and mona != monb)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_WORD = re.compile(r"\b(" + "|".join(_WEEKDAY_NAMES) + r")\b", re.I)


def weekday_of(d: DateMention) -> int | None:
    """The day of the week a date told by its weekday alone names (0 = Monday)."""
    m = _WEEKDAY_WORD.search(d.date.text or d.text or "") if d.weekday_only else None
    return _WEEKDAY_NAMES.index(m.group(1).lower()) if m else None


def weekday_of_day(d: DateMention) -> int | None:
    """The day of the week of a calendar day written with its year ("15-2-2024"), or of a weekday alone."""
    day = _day(d.date.value) if d.date.precision == "day" and _YEAR.search(d.text) else None
    return day.weekday() if day is not None else weekday_of(d)


def day_before(d: DateMention) -> DateMention:
    """The day before a date: 'on Thursday, a day after the strike' dates the strike on Wednesday (a bare
    weekday stays a bare weekday, told by the day's name)."""
    day = _day(d.date.value)
    if day is not None:
        before = (day - dt.timedelta(days=1)).isoformat()
        value = d.date.model_copy(update={"value": before, "earliest": before, "latest": before})
        value.text = f"{_WEEKDAY_NAMES[day.weekday() - 1].capitalize()}, the day before {d.date.text or d.text}"
        return replace(d, date=value)
    weekday = weekday_of(d)
    if weekday is None or not d.weekday_only:
        return d
    return replace(d, date=d.date.model_copy(update={"text": _WEEKDAY_NAMES[weekday - 1].capitalize()}))


def weekdays_apart(a: DateMention, b: DateMention, tolerance: int = 1) -> bool:
    """Two dates told by their weekdays alone, more than `tolerance` days apart in the week: 'On Sunday a
    drone targeted a car' in an undated report of Thursday's strikes is another strike. (A calendar day whose
    year was guessed says nothing sure of its weekday.)"""
    wa, wb = weekday_of(a), weekday_of(b)
    if (wa is None) != (wb is None) and tolerance == 0:
        wa, wb = weekday_of_day(a), weekday_of_day(b)  # "Yesterday, Wednesday" against "Thursday 15-2-2024"
    if wa is None or wb is None:
        return False
    gap = (wa - wb) % 7
    return min(gap, 7 - gap) > tolerance


def days_apart(a: DateMention, b: DateMention, tolerance: int = 1) -> bool:
    """`dates_differ` for two date mentions, weekdays alone included."""
    return dates_differ(a.date, b.date, tolerance) or weekdays_apart(a, b, tolerance)


_POSSESSIVE_DATE_BEFORE = re.compile(r"^['’]s\s+(?:[\w-]+\s+){0,2}$")


def recalled_by_own_day(text: str, date: DateMention | None, e: EventMention, main_date: DateMention) -> bool:
    """'Wednesday's attack in Ankara' in a report of Thursday's strikes: a strike named by its own day (a
    possessive date right before the strike word) that is not the main strike's day is an earlier one."""
    if date is None or date is main_date or not _POSSESSIVE_DATE_BEFORE.match(text[date.end : e.start]):
        return False
    if date.date.value and main_date.date.value:
        return dates_differ(date.date, main_date.date, tolerance=0)
    return weekdays_apart(date, main_date, tolerance=0)


class IncidentAssembler:
    def __init__(self) -> None:
        data = load_data("events.json")
        cues = data["background_cues"]
        self.before = [c.lower() for c in cues["before_trigger"]]
        self.after = [c.lower() for c in cues["after_trigger"]]
        self.sentence_cues = [c.lower() for c in cues["sentence"]]
        self.reference = [c.lower() for c in cues["reference_follows"]]
        self.continuation = [c.lower() for c in data["continuation_cues"]]
        alt = lambda cues: "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))  # noqa: E731
        self.reference_re = re.compile(r"\b(?:" + alt(self.reference) + r")\b")
        self.sentence_re = re.compile(r"\b(?:" + alt(self.sentence_cues) + r")\b(?!['’]s)")
        # a cue right before the strike word, up to two words between ("in response to drone attacks")
        self.before_re = re.compile(r"(?:\b|^)(?:" + alt(self.before) + r")\s*(?:\w+\s+){0,2}$")
        # "…, hours after gunmen stormed …": up to eight words between the cue and the earlier strike's word
        self.recall_clause_re = re.compile(
            r"\b(?:" + alt(data["recall_clause_cues"]) + r")\b(?!\s+by\b)(?:[^\w.;:]+[\w’'-]+){0,8}[^\w.;:]*$"
        )
        # "on Friday, a day after missiles tore through …": the strike's day is the one before
        self.day_after_re = re.compile(
            r"\b(?:" + alt(data["day_after_cues"]) + r")\b(?:[^\w.;:]+[\w’'-]+){0,8}[^\w.;:]*$"
        )
        # "in addition to artillery shelling": a strike of another kind named beside the lead's own
        self.aside_re = re.compile(r"\b(?:" + alt(data["aside_cues"]) + r")\s+(?:[\w-]+\s+){0,2}$")
        # "a strike on a house in …", "a powerful strike": one strike, not a wave's many
        self.single_strike_re = re.compile(
            r"\b(?:" + alt(data["live_entry_stamp"]["single_strike_before"]) + r")\s+(?:[\w-]+\s+){0,2}$"
        )
        # "air and ground attacks": the modifier coordinated before a strike word, and the family it names
        kind_words = data["coordinated_kind_words"]
        self.kind_word_family = {w: fam for fam, ws in kind_words.items() for w in ws}
        self.coordinated_kind_re = re.compile(
            r"\b(" + alt(list(self.kind_word_family)) + r")(?:\s*,\s*[\w-]+)*\s+(?:and|or)\s+$"
        )
        self.separate_re = re.compile(r"\b(?:" + alt([c.lower() for c in data["separate_cues"]]) + r")\b")
        # "Hours later, a drone strike on …": separate only when a strike word says so
        self.separate_later_re = re.compile(r"\b(?:" + alt(data["separate_cues_strong_only"]) + r")\b")
        self.after_re = re.compile(r"^\W*(?:[\w’'-]+\W+){0,3}?(?:" + alt(self.after) + r")\b")
        # Words after which a date is when something was said or done about a strike, not the strike's own:
        # "said on Saturday", "held Turkey responsible on Saturday for a strike".
        speech = set(load_data("claims.json")["speech_before"])
        self.speech = speech
        verbs = "|".join(sorted(speech | set(data["statement_date_words"]), key=len, reverse=True))
        # Case-sensitive on purpose: "States" in "the United States" is no verb.
        self.statement_date = re.compile(r"\b(" + verbs + r")\s+(on\s+|early\s+|late\s+)?$")
        self.statement_date_after = re.compile(r"^\s*,?\s*(the\s+)?[\w.’' -]{0,40}?\b(" + verbs + r")\b")

    # --- entry ---------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        events = [e for e in sw.events if not e.aggregate]
        doc.user_data["sw_mentions"] = self.assemble(doc, sw, events) if events else []
        return doc

    def _relevant(self, events: list[EventMention], cue: dict[int, str]) -> list[EventMention]:
        """Weak words beside a strong one add nothing, unless a cue makes them an earlier strike."""
        return [e for e in events if not e.beside_strong or cue.get(id(e), "").startswith("bg")]

    def assemble(self, doc: Doc, sw: StrikeDoc, events: list[EventMention]) -> list[IncidentMention]:
        sents = sentences_of(doc)
        cue = self._cues(doc, sw, events)
        events = self._relevant(events, cue)
        attached = self._attached_dates(doc, sw, events)
        main_date = self._main_date(events, cue, attached, sw.published)
        main = Group("main", date=main_date[0] if main_date else None)
        if main.date is not None:
            for e in events:
                if recalled_by_own_day(text_of(doc), attached[id(e)][0], e, main.date):
                    cue[id(e)] = "bg-own"  # "The SDF denies any role in Wednesday's attack" in Thursday's news
        background: list[Group] = []
        dated_apart: set[int] = set()  # sentences that date a strike apart from the main incident
        for e in events:
            date, statement = attached[id(e)]
            if (
                date is not None
                and main.date is not None
                and date is not main.date
                and cue.get(id(e)) != "bg-own"
                and days_apart(date, main.date, tolerance=3 if statement else self._day_tolerance(date, main.date))
            ):
                # A statement dated days away from the main strike is about another one.
                dated_apart.add(e.sentence)
        lead = _lead_sentences(events, cue)
        lead_family = self._lead_families(doc, events, lead)
        lead_strikers = {c.actor for c in sw.claims if c.sentence in lead and c.stance != "denies"}
        lead_places = self._lead_places(doc, sw, lead, [e for e in events if cue.get(id(e), "").startswith("bg")])

        def relative_main_apart(e: EventMention) -> bool:
            date, statement = attached[id(e)]
            return bool(relative_main and date is not None and not statement and date.date.value)

        relative_main = main.date is not None and not main.date.date.value
        separate: dict[tuple[int, str | None], Group] = {}  # by sentence and kind of strike
        for e in events:
            date, statement = attached[id(e)]
            if (
                cue.get(id(e)) == "separate"
                or (any(k[0] == e.sentence for k in separate) and not cue.get(id(e), "").startswith("bg"))
                or self._other_kind_elsewhere(doc, sw, e, lead, lead_family, cue)
                or self._other_striker_elsewhere(doc, sw, e, lead, lead_strikers, cue)
                or self._other_country_item(doc, sw, e, lead, cue)
                or e.sentence not in dated_apart
                and not relative_main_apart(e)
                and self._other_province_elsewhere(doc, sw, e, lead, lead_places, cue)
            ):
                own = date if date is not None and not statement and date.date.value else None
                group = separate.setdefault(
                    _separate_key(e, separate, text_of(doc)), Group("main", date=own or main.date)
                )
                group.events.append(e)  # "In a separate attack, a drone hit a motorcycle in Aitaroun"
                continue
            is_bg = (
                cue.get(id(e), "").startswith("bg")
                or e.sentence in dated_apart
                and (date is None or statement or days_apart(date, main.date, self._day_tolerance(date, main.date)))
                # "early Thursday" leads; "On September 29, strikes on …" further down recalls another day
                or relative_main
                and e.sentence not in lead
                and date is not None
                and not statement
                and date.date.precision == "day"
                and bool(date.date.value)
            )
            if not is_bg:
                main.events.append(e)
                continue
            keep = date if not statement or e.sentence in dated_apart else None
            self._place_in_background(doc, e, keep, background, sents, own=cue.get(id(e)) == "bg-own")
        background = self._merge_background(background, sw, doc)
        day = _day(main.date.date.value) if main.date else None
        if sw.published and day and (sw.published - day).days > STALE_DAYS:
            main.role = "background"  # a follow-up: its only dated strike is weeks old
        kept_background = [g for g in background if any(e.strong for e in g.events) or g.date is not None]
        entries = live_entries(text_of(doc))
        if entries:
            by_entry, owners = self._by_entry(doc, sw, [main, *separate.values()], entries)
            if by_entry:
                return self._mentions(doc, sw, by_entry + kept_background, sents, owners)
        told = main.events and (self._substantial(main) or self._strike_with_toll(main, sw))
        groups = ([main] if told else []) + list(separate.values()) + kept_background
        if not groups:
            return []
        return self._mentions(doc, sw, groups, sents)

    # --- live pages ----------------------------------------------------------------------
    def _by_entry(
        self, doc: Doc, sw: StrikeDoc, groups: list[Group], entries: tuple[tuple[int, int], ...]
    ) -> tuple[list[Group], dict[int, Group]]:
        """A live page's strikes by entry. An entry that only updates a strike already told (the toll rose,
        rescuers reached the building hit) at the same towns joins it; one telling of a single strike ("a strike
        on a house in …") is an incident of its own; one telling of strikes in the plural joins the page's wave
        of the same kind by the same side ("the first wave hit 16 locations"), else starts one. The head's
        strike words (headline, key events) only sum the entries up: they make no incident. Returns the groups
        and which group each entry's sentences belong to."""
        sents = sentences_of(doc)
        in_entry: dict[int, list[tuple[EventMention, Group]]] = defaultdict(list)
        for g in groups:
            for e in g.events:
                in_entry[entry_at(entries, e.start)].append((e, g))
        towns = self._entry_towns(doc, sw, entries)
        tolled = {entry_at(entries, c.start) for c in sw.casualties}
        strikers: dict[int, set[str]] = defaultdict(set)
        for c in sw.claims:
            if c.stance == "asserts":
                strikers[entry_at(entries, c.start)].add(c.actor)
        out: list[Group] = []
        held: dict[int, set[str]] = {}  # id(group) -> its towns
        sides: dict[int, set[str]] = {}  # id(group) -> its strikers
        waves: list[Group] = []
        group_of_entry: dict[int, Group] = {}
        text = text_of(doc)
        single_of = {
            k: any(self.single_strike_re.search(text[max(0, e.start - 30) : e.start].lower()) for e, _ in evs)
            for k, evs in in_entry.items()
        }
        # Entries of one strike first: a later entry summing the day's strikes up (often above them on the page)
        # must not take their town before they do.
        for k in sorted(range(len(entries)), key=lambda k: not single_of.get(k, False)):
            events = [e for e, _ in in_entry.get(k, [])]
            here = towns.get(k, set())
            target = self._updated_group(out, held, events, here)
            single = single_of.get(k, False)
            if target is None and events and not single:
                target = next((w for w in waves if self._same_wave(w, sides[id(w)], events, strikers[k])), None)
            told = here or k in tolled or self._substantial(Group("main", events))
            if target is None and events and told:
                target = Group("main", date=in_entry[k][0][1].date)
                out.append(target)
                held[id(target)], sides[id(target)] = set(), set()
                if not single:
                    waves.append(target)
            if target is None:
                continue
            target.events.extend(events)
            held[id(target)] |= here
            sides[id(target)] |= strikers[k]
            group_of_entry[k] = target
        self._borrow_sides(sw, entries, out, group_of_entry)
        owners = {
            si: group_of_entry[k]
            for si, sent in enumerate(sents)
            if (k := entry_at(entries, sent.start_char)) in group_of_entry
        }
        return out, owners

    @staticmethod
    def _borrow_sides(
        sw: StrikeDoc, entries: tuple[tuple[int, int], ...], groups: list[Group], group_of_entry: dict[int, Group]
    ) -> None:
        """An entry that names no side for its strike ("a strike on a house in …") takes the side the page's
        other entries name for strikes of that kind, when they name exactly one."""
        asserted: dict[int, list] = defaultdict(list)  # id(group) -> its asserting claims
        for c in sw.claims:
            g = group_of_entry.get(entry_at(entries, c.start))
            if g is not None and c.stance == "asserts":
                asserted[id(g)].append(c)
        by_family: dict[str, list] = defaultdict(list)
        for g in groups:
            for family in {_FAMILY.get(e.event_type) for e in g.events} - {None}:
                by_family[family].extend(asserted[id(g)])
        for g in groups:
            families = {_FAMILY.get(e.event_type) for e in g.events} - {None}
            if asserted[id(g)] or len(families) != 1:
                continue
            claims = by_family[next(iter(families))]
            if len({c.actor for c in claims}) == 1:
                g.borrowed_claims = claims[:1]

    @staticmethod
    def _same_wave(wave: Group, wave_sides: set[str], events: list[EventMention], sides: set[str]) -> bool:
        """Strikes of the wave's kind by its side (or by a side the page does not name)."""
        families = {_FAMILY.get(e.event_type) for e in events if e.strong or e.typed} - {None}
        theirs = {_FAMILY.get(e.event_type) for e in wave.events if e.strong or e.typed} - {None}
        kind_fits = not families or not theirs or bool(families & theirs)
        return kind_fits and (not sides or not wave_sides or bool(sides & wave_sides))

    @staticmethod
    def _updated_group(
        groups: list[Group], held: dict[int, set[str]], events: list[EventMention], towns: set[str]
    ) -> Group | None:
        """The earlier group an entry updates: it names only towns that group holds, and no strike of
        another kind."""
        if not towns:
            return None
        families = {_FAMILY.get(e.event_type) for e in events if e.strong} - {None}
        for g in groups:
            theirs = {_FAMILY.get(e.event_type) for e in g.events if e.strong} - {None}
            if towns <= held[id(g)] and (not families or not theirs or families <= theirs):
                return g
        return None

    def _entry_towns(self, doc: Doc, sw: StrikeDoc, entries: tuple[tuple[int, int], ...]) -> dict[int, set[str]]:
        """The towns each entry names as struck (not datelines, speakers' seats or other countries)."""
        context = self._context_countries(doc, sw)
        out: dict[int, set[str]] = defaultdict(set)
        for p in sw.places:
            loc = p.location
            if loc is None or loc.precision not in _TOWN_PRECISIONS or sw.in_noise(p.start, p.end):
                continue
            if (context and loc.country and loc.country not in context) or self._not_struck(doc, sw, p):
                continue
            out[entry_at(entries, p.start)].add(loc.gazetteer_id or _loose(p.text))
        return out

    # --- cues and dates ------------------------------------------------------------------
    @staticmethod
    def _day_tolerance(date: DateMention, main_date: DateMention) -> int:
        """How many days apart a strike's date may be from the main strike's and still be its day: one (a
        night, a time zone), but none when the main strike has its calendar day and this one is told against
        the report's day ("on Thursday 15-2-2024 … Yesterday, Wednesday, an airstrike …" is another strike)."""
        exact = not main_date.relative and main_date.date.precision == "day" and bool(main_date.date.value)
        told_by_day = date.relative and (date.date.precision == "day" or date.weekday_only)
        return 0 if exact and told_by_day else 1

    def _lead_families(self, doc: Doc, events: list[EventMention], lead: set[int]) -> set[str]:
        """The kinds of strike the lead reports, without those it names only as an aside ("45 drone attacks,
        in addition to artillery shelling on several frontlines": the shelling is not the lead's kind)."""
        text = text_of(doc)
        return {
            _FAMILY.get(e.event_type)
            for e in events
            if e.sentence in lead
            and e.strong
            and not self.aside_re.search(text[max(0, e.start - 40) : e.start].lower())
        } - {None}

    def _other_kind_elsewhere(
        self, doc: Doc, sw: StrikeDoc, e: EventMention, lead: set[int], lead_family: set[str], cue: dict[int, str]
    ) -> bool:
        """'Turkish artillery also shelled villages near Tal Tamr' in a report of a drone strike near Amuda:
        another kind of strike, at another place, further down: another incident."""
        family = _FAMILY.get(e.event_type)
        if not e.strong or e.sentence in lead or cue.get(id(e)) or not lead_family or family in lead_family:
            return False
        if family is None or self._coordinated_with(doc, e, lead_family):
            return False
        return self._places_apart(sw, sentences_of(doc)[e.sentence].start_char, e.start)

    def _coordinated_with(self, doc: Doc, e: EventMention, families: set[str]) -> bool:
        """'escalated their air and ground attacks': the strike word shares its noun with a kind of the lead's."""
        m = self.coordinated_kind_re.search(text_of(doc)[max(0, e.start - 40) : e.start].lower())
        return bool(m) and self.kind_word_family.get(m.group(1)) in families

    def _other_striker_elsewhere(
        self, doc: Doc, sw: StrikeDoc, e: EventMention, lead: set[int], lead_strikers: set[str], cue: dict[int, str]
    ) -> bool:
        """'… the American-British aggression launched two raids on al-Jabanah' in a report led by the Houthis'
        own attack on a ship: another side striking another place further down is another incident."""
        if e.sentence in lead or cue.get(id(e)) or not lead_strikers:
            return False
        here = {c.actor for c in sw.claims if c.sentence == e.sentence and c.stance == "asserts"}
        if not here or here & lead_strikers:
            return False
        return self._places_apart(sw, sentences_of(doc)[e.sentence].start_char, e.start)

    def _other_country_item(
        self, doc: Doc, sw: StrikeDoc, e: EventMention, lead: set[int], cue: dict[int, str]
    ) -> bool:
        """A roundup's item opened by the country it happened in ("In the north of Iraq, 3 militants were
        neutralised …" after "In the north of Syria, 6 …"): another country than the first item's is another
        incident, even within the lead."""
        if not lead or e.sentence == min(lead) or cue.get(id(e)):
            return False
        sents = sentences_of(doc)
        opener = _COUNTRY_OPENER.match(sents[e.sentence].text)
        if opener is None:
            return False
        start = sents[e.sentence].start_char
        # A country named is one; a town read in a country the report is not about ("In the village of
        # al-Sawana," as Savannah, USA) names none.
        context = self._context_countries(doc, sw)
        here = {
            p.location.country
            for p in sw.places
            if p.location
            and p.location.country
            and start <= p.start < start + opener.end()
            and (p.location.precision == "country" or not context or p.location.country in context)
        }
        first = sents[min(lead)]
        there = self._countries_in(sw, first.start_char, first.end_char)
        return bool(here and there and not here & there)

    @staticmethod
    def _countries_in(sw: StrikeDoc, start: int, end: int) -> set[str]:
        return {p.location.country for p in sw.places if p.location and p.location.country and start <= p.start < end}

    def _other_province_elsewhere(
        self, doc: Doc, sw: StrikeDoc, e: EventMention, lead: set[int], lead_places: list, cue: dict[int, str]
    ) -> bool:
        """A roundup's next item: a strike further down whose named towns all lie in other provinces than the
        lead's and far from its places ("In Taiz, shelling killed two children" on a page led by raids on
        Sanaa)."""
        if not e.strong or e.sentence in lead or cue.get(id(e)) or not lead_places:
            return False
        context = self._context_countries(doc, sw)
        here = [
            p.location
            for p in sw.places
            if p.location
            and p.location.lat is not None
            and p.location.precision in ("site", "neighbourhood", "village", "city")
            and sentence_at_char(doc, p.start) == e.sentence
            and (not context or p.location.country in context)
            and not self._not_struck(doc, sw, p)
        ]
        return bool(here) and not any(_same_area(a, b) for a in here for b in lead_places)

    def _lead_places(self, doc: Doc, sw: StrikeDoc, lead: set[int], recalled: list[EventMention]) -> list[Location]:
        """The places the lead says were struck, the headline's only when the lead names none (a roundup's
        headline names all). Strikers' countries ("the United States and Britain struck") and datelines are
        no places struck; a country stands for the lead's area only when it names nothing more precise
        ("a wave of strikes on Syria", then "drone strikes on Qamishli" is the same wave). The place of an
        earlier strike the lead recalls ("hours after gunmen stormed … outside Ankara") is not the lead's."""
        lead_body = (lead - {0}) or lead
        context = self._context_countries(doc, sw)
        struck = [
            p.location
            for p in sw.places
            if p.location
            and p.location.lat is not None
            and sentence_at_char(doc, p.start) in lead_body
            and (not context or not p.location.country or p.location.country in context)
            and not self._not_struck(doc, sw, p)
            and not _placed_by(sw.events, sentence_at_char(doc, p.start), p.start, recalled)
        ]
        precise = _without_stray_regions([loc for loc in struck if loc.precision != "country"], sw)
        return precise or [loc for loc in struck if loc.precision == "country"]

    @staticmethod
    def _places_apart(sw: StrikeDoc, sent_start: int, event_start: int) -> bool:
        """A 'separate' strike names its own place, one the article has not named before this sentence."""
        before = {p.location.gazetteer_id or p.text for p in sw.places if p.location and p.end <= sent_start}
        here = [p for p in sw.places if p.location and sent_start <= p.start and p.start < event_start + 200]
        return any((p.location.gazetteer_id or p.text) not in before for p in here)

    def _retaliation_clause(self, text: str, sentence_events: list[EventMention], e: EventMention) -> bool:
        """'Turkish jets bombed sites …, hours after assailants armed with rifles stormed the headquarters …':
        a strike word in a clause opened by 'hours after' (or 'a day after', 'in the wake of') that comes after another
        strike word of its sentence is the earlier strike the first answers."""
        earlier = [x for x in sentence_events if x.end <= e.start]
        if not earlier:
            return False
        between = text[max(x.end for x in earlier) : e.start].lower()
        return bool(self.recall_clause_re.search(between))

    def _recall_between(self, text: str, d: DateMention, e: EventMention) -> bool:
        """'… bombed sites overnight and through Thursday, hours after assailants stormed …': a date before a
        recall clause dates the strike before it, not the earlier one the clause names."""
        return d.end <= e.start and bool(self.recall_clause_re.search(text[d.end : e.start].lower()))

    def _cues(self, doc: Doc, sw: StrikeDoc, events: list[EventMention]) -> dict[int, str]:
        """For each event: 'bg' (an earlier strike), 'bg-own' (an earlier strike named by its own cue, as in
        'in response to drone attacks': not the strike the rest of its sentence is about), 'ref' (the main
        one, referred to) or nothing."""
        out: dict[int, str] = {}
        by_sent: dict[int, list[EventMention]] = defaultdict(list)
        for e in events:
            by_sent[e.sentence].append(e)
        sents = sentences_of(doc)
        texts = sentence_texts(doc)
        text = text_of(doc)
        for si, evs in by_sent.items():
            sent = sents[si]
            low = texts[si].lower()
            base = sent.start_char
            refs = []
            for m in self.reference_re.finditer(low):
                nxt = next((e for e in evs if 0 <= e.start - (base + m.end()) <= 30), None)
                if nxt is not None:
                    refs.append(nxt)
            cue_at = [base + m.start() for m in self.sentence_re.finditer(low)]
            for e in evs:
                if e in refs:
                    out[id(e)] = "ref"
                    continue
                if refs:
                    out[id(e)] = "bg"
                    continue
                before = text[max(base, e.start - 30) : e.start].lower()
                after = text[e.end : min(sent.end_char, e.end + 45)].lower()
                lead_in = text[base : e.start].lower()
                if (
                    self.separate_re.search(lead_in) or e.strong and self.separate_later_re.search(lead_in)
                ) and self._places_apart(sw, base, e.start):
                    out[id(e)] = "separate"
                elif self.before_re.search(before) or self._retaliation_clause(text, evs, e):
                    out[id(e)] = "bg-own"
                elif self.after_re.match(after):
                    out[id(e)] = "bg-own"
                elif cue_at:
                    out[id(e)] = "bg?"
            # A sentence's time cue ("last week") dates the strike it stands nearest to: in "jets struck on
            # Sunday in response to drone attacks on a base last week", the attacks, not the strikes.
            for e in evs:
                if out.get(id(e)) != "bg?":
                    continue
                nearest = {id(min(evs, key=lambda x: min(abs(c - x.start), abs(c - x.end)))) for c in cue_at}
                own = [x for x in evs if out.get(id(x)) == "bg-own"]
                if own and id(e) not in nearest:
                    del out[id(e)]
                else:
                    out[id(e)] = "bg"
        return out

    def _attached_dates(
        self, doc: Doc, sw: StrikeDoc, events: list[EventMention]
    ) -> dict[int, tuple[DateMention | None, int]]:
        """For each strike word, the date nearest it in its sentence (each date goes to its nearest strike
        word), and whether that date is when something was said rather than when it happened."""
        sents = sentences_of(doc)
        by_sent: dict[int, list[EventMention]] = defaultdict(list)
        for e in events:
            by_sent[e.sentence].append(e)
        found: dict[int, list[tuple[int, int, DateMention]]] = defaultdict(list)
        for si, evs in by_sent.items():
            sent = sents[si]
            for d in sw.dates:
                if not (sent.start_char <= d.start < sent.end_char) or sw.in_noise(d.start, d.end):
                    continue
                if _SINCE.search(text_of(doc)[max(0, d.start - 50) : d.start]) and not _POSSESSIVE.match(
                    text_of(doc), d.end
                ):
                    # "more than 800 raids since January 12": the start of a tally, no strike's date; but "the
                    # toll from Saturday's strike" dates the strike.
                    continue
                reachable = [i for i, e in enumerate(evs) if not self._recall_between(text_of(doc), d, e)]
                reachable = reachable or list(range(len(evs)))
                distance, nearest = min(
                    (min(abs(d.start - evs[i].end), abs(evs[i].start - d.end)), i) for i in reachable
                )
                statement = self._is_statement_date(text_of(doc), d, sent.start_char)
                if d.end <= evs[nearest].start and self.day_after_re.search(text_of(doc)[d.end : evs[nearest].start]):
                    d = day_before(d)  # "walked behind the coffins on Thursday, a day after a warplane destroyed …"
                found[id(evs[nearest])].append((statement, distance, d))
        out: dict[int, tuple[DateMention | None, int]] = {}
        for e in events:
            cands = sorted(
                found.get(id(e), []), key=lambda x: (x[2].date.value is None and not x[2].weekday_only, x[0], x[1])
            )
            out[id(e)] = (cands[0][2], cands[0][0]) if cands else (None, 0)
        return out

    def _is_statement_date(self, text: str, d: DateMention, sent_start: int) -> int:
        """0: not a statement's date; 2: after the statement's verb ("said on Saturday", "held Turkey
        responsible on Saturday"); 1: before a sayer ("killed two on Wednesday, the ministry said"), which
        often dates the strike the sayer reports."""
        before = text[max(sent_start, d.start - 40) : d.start]
        if self.statement_date.search(before):
            return 2
        return 1 if self.statement_date_after.match(text[d.end : d.end + 50]) else 0

    @staticmethod
    def _main_date(
        events: list[EventMention],
        cue: dict[int, str],
        attached: dict[int, tuple[DateMention | None, int]],
        published: dt.date | None = None,
    ) -> tuple[DateMention, int] | None:
        tiers: dict[float, tuple[DateMention, int]] = {}
        lead = _lead_sentences(events, cue)
        strike_days: list[tuple[dt.date, DateMention, int]] = []  # strong strike words' own day dates
        for e in events:
            if cue.get(id(e), "") in ("bg", "bg-own", "separate"):
                continue
            d, statement = attached[id(e)]
            if d is None:
                continue
            # The lead dates the main strike; a date further down only when the lead gives none.
            # A day beats a span told as a month ("over the past 24 hours" across midnight) in the same lead.
            coarse = d.date.precision not in ("day", "unknown")
            tier = (0.5 if coarse else 0) if d.date.value else 2 if d.weekday_only else 4
            tier += bool(statement)
            tier += 0 if e.sentence in lead else 12
            day = _day(d.date.value)
            if published and day and (published - day).days > STALE_DAYS:
                tier += 6  # weeks before publication: the main date only if nothing else is dated
            tiers.setdefault(tier, (d, statement))
            if e.strong and day and not statement:
                strike_days.append((day, d, statement))
        if not tiers:
            return None
        chosen = tiers[min(tiers)]
        said = _day(chosen[0].date.value) if chosen[1] == 2 else None
        if said:
            # "Iraq held Turkey responsible on Saturday for a strike ... the blast went off on Friday": the
            # statement came after the strike; a strike's own date up to three days earlier is the strike's.
            for day, d, statement in strike_days:
                if 1 <= (said - day).days <= 3:
                    return d, statement
        return chosen

    # --- background grouping -------------------------------------------------------------
    def _place_in_background(
        self, doc: Doc, e: EventMention, date: DateMention | None, groups: list[Group], sents: list, own: bool = False
    ) -> None:
        previous = groups[-1] if groups else None
        if (
            previous
            and previous.events
            and not own
            and (e.sentence in previous.sentences or self._continues(doc, e) or self._anaphora(doc, e, previous))
        ):
            if date is not None and previous.date is None:
                previous.date = date
            if date is None or previous.date is None or not dates_differ(date.date, previous.date.date):
                previous.events.append(e)
                return
        if date is not None:
            for g in groups:
                if g.date is not None and g.date.date.value and g.date.date.value == date.date.value:
                    g.events.append(e)
                    return
        groups.append(Group("background", events=[e], date=date))

    def _continues(self, doc: Doc, e: EventMention) -> bool:
        """'The strikes at that time targeted …': a cue before the strike word or right after it (not 'the
        Observatory said at the time' at the end of the sentence, which dates the statement)."""
        sent_start = sentences_of(doc)[e.sentence].start_char
        window = text_of(doc)[sent_start : e.end + 25].lower()
        return any(c in window for c in self.continuation)

    @staticmethod
    def _anaphora(doc: Doc, e: EventMention, group: Group) -> bool:
        """'the blasts' after 'heard six blasts': the same earlier incident again."""
        words = {x.text.lower() for x in group.events}
        prev = text_of(doc)[max(0, e.start - 8) : e.start].lower()
        return e.text.lower() in words and bool(re.search(r"\b(the|these|those)\s+$", prev))

    @staticmethod
    def _merge_background(groups: list[Group], sw: StrikeDoc, doc: Doc) -> list[Group]:
        """Join an undated recall with a dated one of the same kind at the same place."""

        def places(g: Group) -> set[str]:
            sentences = g.sentences
            return {
                p.location.gazetteer_id or p.text.lower()
                for p in sw.places
                if p.location and sentence_at_char(doc, p.start) in sentences
            }

        merged: list[Group] = []
        for g in groups:
            target = None
            for m in merged:
                same_date = g.date and m.date and g.date.date.value and g.date.date.value == m.date.date.value
                undated = not (g.date and g.date.date.value) or not (m.date and m.date.date.value)
                kinds = {e.event_type for e in g.events} | {e.event_type for e in m.events}
                compatible = len(kinds - {"other"}) <= 1
                if same_date or (undated and compatible and places(g) & places(m)):
                    target = m
                    break
            if target is None:
                merged.append(g)
            else:
                target.events.extend(g.events)
                if not (target.date and target.date.date.value):
                    target.date = g.date or target.date
        return merged

    @staticmethod
    def _substantial(group: Group) -> bool:
        return any(e.strong for e in group.events) or len(group.events) >= 2

    @staticmethod
    def _strike_with_toll(group: Group, sw: StrikeDoc) -> bool:
        """"The strike on the market in Idlib on Monday killed 40 people": a lone "strike" that a toll in its own
        sentence follows reports one (not a lone "attack", which riots and shootings share)."""
        tolled = {c.sentence for c in sw.casualties if c.killed or c.injured}
        return any(e.text.lower() in _TOLLED_STRIKE_WORDS and e.sentence in tolled for e in group.events)

    # --- building mentions ---------------------------------------------------------------
    def _mentions(
        self, doc: Doc, sw: StrikeDoc, groups: list[Group], sents: list, owners: dict[int, Group] | None = None
    ) -> list[IncidentMention]:
        """One mention per group. `owners` (a live page's entries) says which group each sentence without a
        strike word belongs to; a sentence in no group's entry then gives its tolls and places to none."""
        owner_of_sentence = owners if owners is not None else self._sentence_owners(groups, len(sents), sw)
        aid = sw.article_id

        def owner(si: int, char: int) -> Group | None:
            candidates = [(g, e) for g in groups for e in g.events if e.sentence == si]
            if candidates:
                before = [c for c in candidates if c[1].start <= char]
                pick = max(before, key=lambda c: c[1].start) if before else min(candidates, key=lambda c: c[1].start)
                return pick[0]
            return owner_of_sentence.get(si)

        claims: dict[int, list] = defaultdict(list)
        casualties: dict[int, list] = defaultdict(list)
        targets: dict[int, list] = defaultdict(list)
        places: dict[int, list[PlaceMention]] = defaultdict(list)
        extra_sentences: dict[int, set[int]] = defaultdict(set)
        for c in sw.claims:
            g = owner(c.sentence, c.anchor if c.anchor >= 0 else c.start)
            if g is not None:
                claims[id(g)].append(c)
        main_group = next((g for g in groups if g.role == "main"), None) if owners is None else None
        for g in groups:
            claims[id(g)].extend(g.borrowed_claims)
        for c in sw.casualties:
            # A toll far from any strike word ("the minister said the operation had killed six") is the main
            # incident's; cumulative tolls were dropped by the casualty component.
            g = owner(c.sentence, c.start) or main_group
            if g is not None:
                casualties[id(g)].append(c)
                extra_sentences[id(g)].add(c.sentence)
        for t in sw.targets:
            g = owner(t.sentence, t.start)
            if g is not None:
                targets[id(g)].append(t)
        context = self._context_countries(doc, sw)
        unowned_places: list[tuple[int, PlaceMention]] = []  # in sentences that tell of no other incident
        for p in sw.places:
            if p.location is None or sw.in_noise(p.start, p.end) or self._not_struck(doc, sw, p):
                continue
            if context and p.location.country and p.location.country not in context:
                continue  # "Koya" read as a town in Guinea in a report on Iraqi Kurdistan
            si = sentence_at_char(doc, p.start)
            g = owner(si, p.start)
            if g is not None and (si in g.sentences or si in extra_sentences[id(g)]):
                places[id(g)].append(p)
            elif g is None or g is main_group:
                unowned_places.append((si, p))
        if main_group is not None and not places[id(main_group)]:
            places[id(main_group)] = self._places_of_the_report(unowned_places)

        mentions = []
        for n, g in enumerate(groups):
            evidence_sents = sorted(g.sentences | extra_sentences[id(g)])[:_MAX_EVIDENCE]
            evidence = []
            for si in evidence_sents:
                t = trimmed(sents[si])
                evidence.append(Evidence(article_id=aid, start=t.start, end=t.end, text=t.text))
            event_type = self._vote_type(g.events)
            date = g.date.date.model_copy() if g.date else DateValue()
            if g.role == "main" and not date.value and not (g.date and g.date.weekday_only) and sw.published:
                # Nothing in the report dates the strike: it is news of the day it was written (or the night before).
                day = sw.published
                date = DateValue(
                    value=day.isoformat(),
                    precision="day",
                    earliest=(day - dt.timedelta(days=1)).isoformat(),
                    latest=day.isoformat(),
                    text=date.text,
                    inferred_from="publication date",
                )
            if not date.value and sw.reference_md:
                for d in [g.date] + [d for d in sw.dates if sentence_at_char(doc, d.start) in g.sentences]:
                    read = _from_month_day(d.date.model_copy(update={"text": d.text}), sw.reference_md) if d else None
                    if read is not None:
                        # keep a weekday written beside it ("last night, Monday"): it helps link other reports
                        beside = [w for w in sw.dates if w.weekday_only and 0 <= w.start - d.end <= 3]
                        if beside:
                            read.text = text_of(doc)[d.start : beside[0].end]
                        date = read
                        break
            if g.date and not date.text:
                date.text = g.date.text
            keys = self._keys(sw, targets[id(g)], casualties[id(g)])
            mentions.append(
                IncidentMention(
                    id=f"{aid}#{n}",
                    article_id=aid,
                    role=g.role,
                    event_type=event_type,
                    date=date,
                    date_evidence=g.date.evidence(aid) if g.date else None,
                    date_weekday_only=bool(g.date and g.date.weekday_only),
                    locations=self._locations(places[id(g)], aid),
                    claims=[
                        AttributionClaim(actor=c.actor, actor_name=c.actor_name, stance=c.stance, **_sourced(c, aid))
                        for c in claims[id(g)]
                    ],
                    casualties=[
                        CasualtyClaim(killed=c.killed, injured=c.injured, victims=c.victims, **_sourced(c, aid))
                        for c in casualties[id(g)]
                    ],
                    targets=[self._target(sw, t, aid) for t in targets[id(g)]],
                    evidence=evidence,
                    keys=sorted(set(keys)),
                    outlet=sw.outlet,
                    published=sw.published.isoformat() if sw.published else None,
                )
            )
        return mentions

    def _target(self, sw: StrikeDoc, t, aid: str) -> Target:  # noqa: ANN001 - TargetMention
        target = Target(name=t.text, actor=t.actor, kind=t.kind, evidence=t.evidence(aid))
        names = self._specific_names(sw, t.start, t.text)
        if names:
            target.specific = names[0]  # a proper name tells incidents apart; "military warehouses" does not
        return target

    @staticmethod
    def _places_of_the_report(unowned: list[tuple[int, PlaceMention]]) -> list[PlaceMention]:
        """Where a main strike told without a place happened: the report's own place, from the first sentence
        that names one and tells of no other incident ("Clashes in Manbij ... // 42 killed in air raids")."""
        if not unowned:
            return []
        first = min(si for si, _ in unowned)
        return [p for si, p in unowned if si == first]

    @staticmethod
    def _vote_type(events: list[EventMention]) -> str:
        """The incident's type by vote of its strike words: strong words first, and 'explosion' or 'other'
        only when no word says more ("warplanes struck …; explosions were heard" is an airstrike)."""
        vague = ("explosion", "other")
        strong = [e.event_type for e in events if e.strong or e.typed]
        weak = [e.event_type for e in events if not (e.strong or e.typed)]
        for pool in ([t for t in strong if t not in vague], [t for t in weak if t not in vague], strong, weak):
            if pool:
                return Counter(pool).most_common(1)[0][0]
        return "other"

    @staticmethod
    def _sentence_owners(groups: list[Group], n_sents: int, sw: StrikeDoc) -> dict[int, Group]:
        """Sentences without a strike word belong to the incident of the sentence before (same paragraph)."""
        owners: dict[int, Group] = {}
        last: Group | None = None
        last_si = -10
        first_of = {}
        for g in groups:
            for e in g.events:
                first_of.setdefault(e.sentence, g)
        for si in range(n_sents):
            if si in first_of:
                last, last_si = first_of[si], si
            elif last is not None and si - last_si <= 2:
                owners[si] = last
        return owners

    @staticmethod
    def _struck_country(doc: Doc, sw: StrikeDoc, p: PlaceMention) -> bool:
        """A country is a place struck only as 'strikes … in Iraq', not in 'a province that borders Iraq',
        'While in Iran, the ministry said', 'Iran's Revolutionary Guard' or 'the crossing with Iraq'."""
        if not _IN_COUNTRY.search(text_of(doc)[max(0, p.start - 12) : p.start]):
            return False
        sent = sentence_at_char(doc, p.start)
        sent_start = sentences_of(doc)[sent].start_char
        clause_start = max(sent_start, max(text_of(doc).rfind(c, sent_start, p.start) for c in (",", ";", "—")))
        return any(clause_start <= e.start < p.start and not e.aggregate for e in sw.events)

    def _context_countries(self, doc: Doc, sw: StrikeDoc) -> frozenset[str]:
        """Countries the report is about: named as the country struck ("strikes in Iraq"), or home to two or
        more places. A country named only as a reference ("al-Bokamal, at the border with Iraq") is not.
        Worked out once per document: several cues (some per strike word) ask for it."""
        cached = doc.user_data.get(_CONTEXT_KEY)
        if cached is not None:
            return cached
        counts = Counter(p.location.country for p in sw.places if p.location and p.location.country)
        named = {
            p.location.country
            for p in sw.places
            if p.location
            and p.location.country
            and p.location.precision == "country"
            and self._struck_country(doc, sw, p)
        }
        doc.user_data[_CONTEXT_KEY] = context = frozenset(named | {c for c, n in counts.items() if n >= 2})
        return context

    def _speaks(self, after: str) -> bool:
        m = re.match(r"\s*(?:['’]s\s+\w+\s+)?(?:has\s+|have\s+|had\s+|also\s+)?(\w+)", after)
        if m and _CLAIMS_LIVES.match(after, m.start(1)):
            return False  # "a massacre in Idlib claims the lives of 12": a toll, not a government speaking
        return bool(m and m.group(1) in self.speech)

    def _not_struck(self, doc: Doc, sw: StrikeDoc, p: PlaceMention) -> bool:
        """Places inside a name ('Deir Ezzor 24', 'Iran-backed groups'), saying where a source sits ('based in
        London', a dateline) or where someone comes from ('fighters from Afghanistan')."""
        for a in sw.actors:
            if a.start <= p.start and p.end <= a.end:
                if a.end - a.start > p.end - p.start:
                    return True  # "Deir Ezzor 24" (an outlet), "Iran-backed groups" (an actor)
                if a.party is not None and self._speaks(text_of(doc)[a.end : a.end + 30]):
                    return True  # "Washington denies ...", "Damascus said ..." name a government
        if p.location and p.location.precision == "country" and not self._struck_country(doc, sw, p):
            return True
        before = text_of(doc)[max(0, p.start - 110) : p.start]
        m = _ANCHOR_BEFORE.search(before)
        if m and any(
            q is not p
            and q.location
            and 0 < p.start - q.end <= 110 - m.start() + 40
            and q.end <= p.start - len(m.group(0))
            and not _CLAUSE_BETWEEN.search(text_of(doc)[q.end : p.start - len(m.group(0))])
            for q in sw.places
            if q.start < p.start
        ):
            # "Sarmin, east of Idlib city": Idlib only locates Sarmin; not in "shelling on Homs and raids target
            # east of Daraa", where a new clause strikes east of Daraa
            return True
        text = text_of(doc)
        line_start = text.rfind("\n", 0, p.start) + 1
        head = text[line_start : p.start]
        if (not head.strip() or _DATELINE_PLACE.match(head)) and (
            _DATELINE_AFTER.match(text[p.end : p.end + 60]) or _DATELINE_HEAD.match(text[p.end : p.end + 80])
        ):
            return True  # "ERBIL, Kurdistan Region - …": where the report was filed
        if self._speaks(text[p.end : p.end + 30]):
            return True  # "… that Jerusalem says are needed": a government, not a place struck
        if re.match(r"\s+time\b", text[p.end : p.end + 8]):
            return True  # "(Sanaa time)": a clock, not a place struck
        if text[p.start - 1 : p.start] in _QUOTES and text[p.end : p.end + 1] in _QUOTES:
            return True  # 'a car of the "Rapid" type': a name in quotes
        return bool(_BASED_IN.search(text[max(0, p.start - 25) : p.start]))

    @staticmethod
    def _locations(places: list[PlaceMention], aid: str) -> list[Location]:
        """Deduplicated places, most precise and best supported first;
        countries dropped when a place in them is named."""
        by_key: dict[str, tuple[Location, int, int, PlaceMention]] = {}
        for order, p in enumerate(places):
            loc = p.location
            key = loc.gazetteer_id or (loc.name or "").lower()
            if key in by_key:
                loc0, count, first, pm = by_key[key]
                by_key[key] = (loc0, count + 1, first, pm)
            else:
                by_key[key] = (loc, 1, order, p)
        items = list(by_key.values())
        precise_countries = {loc.country for loc, *_ in items if loc.precision != "country"}
        items = [it for it in items if not (it[0].precision == "country" and it[0].country in precise_countries)]

        def rank(it: tuple) -> tuple:
            loc, count, first, _ = it
            bucket = min(_PRECISION_RANK.get(loc.precision, 6), 3)  # site..city all count as precise
            return (bucket, -count, first)

        out = []
        for loc, _count, _first, pm in sorted(items, key=rank):
            loc = loc.model_copy()
            loc.evidence = Evidence(article_id=aid, start=pm.start, end=pm.end, text=pm.text)
            out.append(loc)
        return out

    @staticmethod
    def _specific_names(sw: StrikeDoc, start: int, text: str) -> list[str]:
        """Proper names in a phrase that are neither actors nor places: 'Ayash Camp', 'Behrouz Wahidi'."""
        names = []
        for m in _PROPER_NAME.finditer(text):
            a, b = start + m.start(), start + m.end()
            if any(x.start < b and a < x.end for x in sw.actors) or any(
                p.start <= a and b <= p.end and p.location and p.location.precision not in ("site", "village")
                for p in sw.places
            ):
                continue
            names.append(m.group(0))
        return names

    def _keys(self, sw: StrikeDoc, targets: list, casualties: list) -> list[str]:
        """Specific names shared by reports of the same incident: named targets and named people."""
        keys = []
        for t in targets:
            keys += [n.lower() for n in self._specific_names(sw, t.start, t.text)]
        for c in casualties:
            keys += [n.lower() for n in self._specific_names(sw, c.start, c.text)]
        return keys


_FAMILY = EVENT_FAMILY


_DAYS_BEFORE = (
    (re.compile(r"\b(today|this (morning|afternoon|evening)|tonight|earlier today)\b", re.I), 0),
    (re.compile(r"\b(yesterday|last night|overnight)\b", re.I), 1),
    (re.compile(r"\btwo days ago\b", re.I), 2),
)


def _from_month_day(date: DateValue, reference: tuple[int, int]) -> DateValue | None:
    """A relative date read against a dateline's month and day when the year is unknown: '--12-02'."""
    for pattern, days in _DAYS_BEFORE:
        if date.text and pattern.search(date.text):
            day = dt.date(2001, *reference) - dt.timedelta(days=days)  # any non-leap year: only month-day kept
            value = f"--{day.month:02d}-{day.day:02d}"
            return date.model_copy(update={"value": value, "precision": "day"})
    return None


def _without_stray_regions(places: list[Location], sw: StrikeDoc) -> list[Location]:
    """Provinces and districts of a country none of the article's towns lies in are misread names ('the Red
    Sea' read as Egypt's Red Sea governorate in a report on Yemen), not the lead's area."""
    towns = {p.location.country for p in sw.places if p.location and p.location.precision in _TOWN_PRECISIONS}
    if not towns:
        return places
    return [loc for loc in places if loc.precision not in ("admin1", "admin2") or loc.country in towns]


_TOWN_PRECISIONS = frozenset({"site", "neighbourhood", "village", "city"})


def _placed_by(events: list[EventMention], sentence: int, char: int, recalled: list[EventMention]) -> bool:
    """True when the strike word nearest before `char` in its sentence is one of `recalled`."""
    before = [e for e in events if e.sentence == sentence and e.start <= char]
    if not before:
        return False
    nearest = max(before, key=lambda e: e.start)
    return any(nearest is r for r in recalled)


def _same_area(a: Location, b: Location, km: float = 15.0) -> bool:
    """Same province (by name, spelled loosely) or close enough to be one wave of strikes; any place in a
    country is in the area of that country."""
    if a.country and b.country and a.country != b.country:
        return False
    if b.precision == "country":
        return bool(a.country)
    if a.admin1 and b.admin1 and _loose(a.admin1) == _loose(b.admin1):
        return True
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= km


def _loose(name: str) -> str:
    return re.sub(r"governorate|province|muhafazat|[^a-z]", "", name.lower())


def _sourced(c, aid: str) -> dict:  # noqa: ANN001 - a claim or casualty mention
    """The fields every sourced value shares: who said it, in which article, and where."""
    return {"claimant": c.claimant, "article_id": aid, "evidence": c.evidence(aid)}


_CLAUSE_BREAK = re.compile(r",\s+(?:and|while|whereas)\b|;")


def _separate_key(e: EventMention, separate: dict[tuple[int, str | None], Group], text: str) -> tuple[int, str | None]:
    """A separate strike's group: its sentence's latest, unless a clause of its own tells another kind ("the
    enemy responded by shelling Kfar Kila, and its warplanes launched a raid on Aitaroun" tells two; "air and
    ground attacks" one)."""
    latest = next((k for k in reversed(separate) if k[0] == e.sentence), None)
    if latest is None:
        return (e.sentence, _FAMILY.get(e.event_type) if e.strong else None)
    family = _FAMILY.get(e.event_type)
    before = separate[latest].events[-1]
    if e.strong and family != latest[1] and _CLAUSE_BREAK.search(text[before.end : e.start]):
        return (e.sentence, family)
    return latest


def _lead_sentences(events: list[EventMention], cue: dict[int, str], n: int = 3) -> set[int]:
    """The first sentences reporting the main strike: the headline and the lead."""
    lead: list[int] = []
    for e in events:
        if cue.get(id(e), "") in ("bg", "bg-own", "separate") or e.sentence in lead:
            continue
        lead.append(e.sentence)
        if len(lead) == n:
            break
    return set(lead)


@Language.factory("sw_incidents")
def make_incidents(nlp: Language, name: str) -> IncidentAssembler:
    return IncidentAssembler()
