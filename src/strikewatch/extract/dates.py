"""The `sw_dates` component: date expressions and what day, month or year they stand for.

Strike reports date events in many ways: "Tuesday, March 26", "on 13 January", "in June
last year", "early Wednesday", "the past 24 hours", "two days ago". This component finds
such expressions with its own regular expressions (fast, and safe against words like "may"
or "Sat" that a general date parser misreads), then reads each one:

* explicit years are taken as written;
* a weekday with a day and month but no year ("Tuesday, March 26") gets the latest year,
  not after the reference date, in which that day falls on that weekday (reference = the
  publication date, else today);
* other year-less dates take their year from dated expressions in the same article (a
  nearby one in the same paragraph, else the publication date, else the latest date the
  article gives), and stay year-less (`--MM-DD`) when there is none: a year is never made up;
* relative expressions ("yesterday", "last week", "on Tuesday") are read against the
  publication date and stay unresolved without one.

`resolve_against()` re-reads a year-less or weekday-only date against another reference
(for instance an incident date learnt from other articles).

`dateparser` is not needed: every expression matched here has a known shape, which the
patterns already split into day, month and year (about 0.3 ms for a 600-word article).
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.document import DateMention, strike_doc
from strikewatch.model import DateValue

__all__ = ["dates", "find_dates", "resolve_against", "today"]

TODAY_ENV = "STRIKEWATCH_TODAY"


def today() -> dt.date:
    """Today's date, overridable with the STRIKEWATCH_TODAY env var (ISO date) so tests are stable."""
    value = os.environ.get(TODAY_ENV)
    if value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    return dt.date.today()


# --- vocabulary -------------------------------------------------------------------------

_MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_FULL_MONTHS = [m for m in _MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_WEEKDAY_ABBR: dict[str, int] = {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_NUMBER_WORDS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-eight": 48,
    "seventy-two": 72,
    "twenty-four": 24,
    "a few": 3,
    "few": 3,
    "several": 4,
    "a couple of": 2,
    "couple of": 2,
}
_APPROX_NUMBERS = {"a few", "few", "several", "a couple of", "couple of"}
# A weekday after these words is a name ("Good Friday", "Super Tuesday"), before these a title.
_WEEKDAY_NAME_BEFORE = {
    "good",
    "black",
    "bloody",
    "ash",
    "palm",
    "holy",
    "super",
    "cyber",
    "maundy",
    "easter",
    "great",
    "blue",
    "casual",
    "man",
}
_WEEKDAY_NAME_AFTER = {
    "times",
    "telegraph",
    "express",
    "mirror",
    "post",
    "herald",
    "mail",
    "independent",
    "people",
    "sport",
    "world",
    "star",
}
# A year followed by one of these is a count or a clock time: "from 2000 troops", "before 2100 hours".
_COUNT_AFTER_YEAR = re.compile(
    r"\s*(?:(?:-|–|to)\s*\d{4}\s*)?(?:hours|hrs|h\b|GMT|UTC|local\s+time|Z\b|troops|soldiers|people|fighters|"
    r"civilians|residents|families|homes|houses|km|kilometres|kilometers|metres|meters|miles|dollars|tons|"
    r"tonnes|men|members|militants|targets|sites|rockets|missiles|shells|drones|strikes\s+on)",
    re.IGNORECASE,
)
# After "on the 5th" these function words are fine ("on the 5th, ..."); any other lower-case word
# makes it an ordinal ("on the 5th floor").
_DOM_OK_AFTER = {
    "of",
    "and",
    "or",
    "at",
    "in",
    "when",
    "after",
    "before",
    "as",
    "but",
    "the",
    "a",
    "while",
    "with",
    "by",
    "to",
    "there",
    "this",
    "that",
    "it",
    "they",
    "he",
    "she",
    "we",
    "around",
}


def _alts(words: list[str] | dict[str, int]) -> str:
    """Title- and upper-case forms of words, longest first, as a regex alternation."""
    forms = {w.title() for w in words} | {w.upper() for w in words}
    return "|".join(sorted(forms, key=lambda w: (-len(w), w)))


_MON = (
    rf"(?<![A-Za-z])(?:(?:{_alts(_FULL_MONTHS)})(?![A-Za-z])"
    rf"|(?:{_alts([m for m in _MONTHS if m not in _FULL_MONTHS])})(?![A-Za-z])\.?)"
)
_MON_FULL = rf"(?<![A-Za-z])(?:{_alts(_FULL_MONTHS)})(?![A-Za-z])"
_WD = rf"(?<![A-Za-z])(?:{_alts(_WEEKDAYS)})(?![A-Za-z])"
_WD_ABBR = rf"(?<![A-Za-z])(?:{_alts(_WEEKDAY_ABBR)})(?![A-Za-z])\.?"
_WD_PREFIX = rf"(?P<wd>{_WD}|{_WD_ABBR}),?\s+"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w:])"
_YEAR = r"(?:19|20)\d\d(?![\w])"
_RANGE_SEP = r"\s*(?:-|–|—|to|through|until|till)\s*"
_MODS = r"(?:early|mid|late|Early|Mid|Late)"
_MAY_PREPS = {"in", "In", "since", "Since", "during", "During", "until", "Until", "till", "by", "By", "last", "this"}
_PREPS = (
    r"(?:in|In|since|Since|during|During|until|Until|till|by|By|from|From|before|Before|after|After|"
    r"through|throughout|Throughout|of|between|Between|around|Around|for|For|last|this)"
)
_NUM = (
    r"(?:\d{1,3}|a\s+few|a\s+couple\s+of|couple\s+of|few|several|a|an|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|fifteen|eighteen|twenty-four|forty-eight|seventy-two|twenty|thirty|forty)"
)

_RX_ISO = re.compile(
    r"(?<![\w-])(?P<y>(?:19|20)\d\d)[-/](?P<m>0[1-9]|1[0-2])[-/](?P<d>0[1-9]|[12]\d|3[01])"
    r"(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?(?![\w-])"
)
_RX_NUMERIC = re.compile(
    r"(?<![\w./-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[01]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\w./-])"
)
# Month expressions are read around each month name: forwards ("March 26, 2024", "June 2021",
# "June last year") and backwards (the "13" of "13 January", "Tuesday, ", "early ", "in ", "last ").
_RX_MON_AT = re.compile(
    rf"(?P<mon>{_MON})(?:\s*(?P<d1>{_DAY})(?:{_RANGE_SEP}(?P<d2>{_DAY}))?)?(?:,?\s+(?:of\s+)?(?P<y>{_YEAR}))?"
    rf"(?:\s+(?:of\s+)?(?P<rel2>last|next|this)\s+year\b)?"
)
# "the Sept. 11 attacks": a named event, always 2001.
_RX_NINE_ELEVEN = re.compile(
    r"(?:-style|\s+(?:terror(?:ist)?\s+)?(?:attacks?|hijack|hijackers|plot|plotters?|"
    r"commission|victims|memorial|anniversary))\b"
)
_RX_BACK_WD = re.compile(rf"(?P<wd>{_WD}|{_WD_ABBR}),?\s+$")
_RX_BACK_DM = re.compile(
    rf"(?:{_WD_PREFIX})?(?:the\s+)?(?<![\w.,/:-])(?P<d1>{_DAY})(?:(?:{_RANGE_SEP}|\s+and\s+)(?P<d2>{_DAY}))?"
    rf"\s*(?:of\s+)?$"
)
_RX_BACK_REL = re.compile(rf"(?:(?P<mod>{_MODS})[-\s]+)?\b(?P<rel>last|next|this|Last|Next|This)\s+$")
_RX_BACK_MOD = re.compile(
    rf"(?:\b(?P<prep>{_PREPS})\s+(?:the\s+month\s+of\s+)?)?"
    rf"(?:(?P<mod>{_MODS})[-\s]+|(?P<mod2>the\s+(?:end|beginning|start|middle)\s+of)\s+)?$"
)
_RX_YEAR = re.compile(
    rf"(?:\b(?P<prep>in|In|since|Since|during|During|until|Until|till|by|By|from|From|before|Before|after|After|"
    rf"through|throughout|Throughout|between|Between)\s+)?"
    rf"(?:(?P<mod>{_MODS})[-\s]+|(?P<season>(?:the\s+)?(?:(?:early|late)\s+)?(?:summer|spring|autumn|fall|winter|"
    rf"end|beginning|start|middle|first\s+half|second\s+half)\s+of)\s+)?(?P<y>(?<![\w.,]){_YEAR})"
)
_RX_YEAR_MORE = re.compile(rf"\s*(?:,|and|or|to|-|–|until|through)\s*(?P<y>{_YEAR})")
_RX_WD_AT = re.compile(
    rf"(?P<wd>{_WD})(?P<post>\s+(?:morning|afternoon|evening|night|(?P<wrel>last|this|next)\s+week)\b)?"
)
_RX_WD_BACK = re.compile(
    r"(?:(?:in\s+)?the\s+(?:early|small|late)\s+hours\s+of|\b(?:[Ee]arly|[Ll]ate)(?:\s+on)?|\b[Oo]vernight"
    r"|\b(?:[Ee]arlier|[Ll]ater)\s+on|\b(?P<rel>last|next|this|Last|Next|This|past))\s+$"
)
_RX_MON_AHEAD = re.compile(rf"\s+(?:of\s+)?{_MON}")
_RX_DOM_RANGE = re.compile(r"\s*(?:-|–|to|and|until|till|through)\s+(?:the\s+)?\d")
_RX_DOM = re.compile(rf"\b(?:on|On|since|Since|by|until|from|From)\s+(?P<the>the\s+(?P<d>{_DAY}))")
_RX_HOLIDAY = re.compile(
    r"(?:\b(?P<rel>this|last|next)\s+)?(?P<h>Thanksgiving(?:\s+Day)?|Christmas(?:\s+(?:Day|Eve))?"
    r"|New\s+Year['’]s(?:\s+(?:Day|Eve))?|Eid\s+(?:al|ul|el)-(?:Fitr|Adha)|Ramadan|Nowruz|Ashura)(?![\w-])"
)
_RX_TIME = re.compile(
    r"\b(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:a\.m\.?|p\.m\.?|[ap]m\b|[AP]M\b)"
    r"|(?<![\w:.])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\w:])(?:\s*(?:GMT|UTC|local\s+time))?"
    r"|(?<![\w:.])(?:[01]\d|2[0-3])[0-5]\d\s*(?:GMT|UTC|hours|hrs|local\s+time|Z)\b"
)

# Relative phrases: (lower-case pattern, kind), matched against the lower-cased text. The
# handlers are in `_read_relative` and `_read_chain`.
_RELATIVE: list[tuple[str, str]] = [
    (r"\bthe\s+day\s+before\s+yesterday\b", "before_yesterday"),
    (r"\b(?:yesterday|last\s+night)(?:\s+(?:morning|afternoon|evening|night))?\b", "yesterday"),
    (r"\b(?:(?:earlier|later)\s+)?(?:today|tonight)\b|\bthis\s+(?:morning|afternoon|evening)\b", "today"),
    (r"\btomorrow\b", "tomorrow"),
    (rf"\b(?P<n>{_NUM.lower()})\s+(?P<u>day|week|month|year)s?\s+(?P<w>ago|later|earlier)\b", "ago"),
    (
        r"\b(?:(?P<mod>earlier|later|early|mid|late)[-\s]+)?(?P<rel>this|last|next|past)\s+"
        r"(?P<u>week|weekend|month|year)(?!\w)",
        "unit",
    ),
    (
        rf"\b(?:the\s+)?(?:past|last|previous|preceding)\s+(?P<n>{_NUM.lower()})(?:[-\s]?plus)?\s+"
        r"(?P<u>hour|day|week|month|year)s?\b",
        "past_n",
    ),
    (r"\brecent\s+(?P<u>day|week|month)s\b", "recent"),
    (r"\b(?:over|at|during)\s+the\s+weekend\b", "weekend"),
    (r"\bthe\s+(?P<w>following|next|previous|same)\s+(?:day|morning|night|evening)\b", "chain"),
    (r"\bthe\s+day\s+(?P<w>before|after)\b(?!\s+(?:yesterday|tomorrow))", "chain"),
    (r"\b(?:later|earlier)\s+(?:in|that)\s+(?:the\s+)?(?:day|night|evening|morning)\b", "chain"),
    (
        r"\b(?:(?:at|before|after|around|until|by|just\s+(?:before|after)|shortly\s+(?:before|after))\s+"
        r"(?:dawn|dusk|daybreak|sunrise|sunset|midnight|noon|midday|first\s+light|nightfall)"
        r"|at\s+night|late\s+at\s+night|during\s+the\s+night"
        r"|(?:in\s+)?the\s+(?:early|small|wee)\s+hours(?:\s+of\s+the\s+morning)?"
        r"|in\s+the\s+(?:early\s+|late\s+)?(?:morning|afternoon|evening)"
        r"|(?:early|late)\s+(?:morning|afternoon|evening))\b",
        "time",
    ),
    (r"\bovernight\b", "overnight"),
]
# All relative patterns in one regex (one pass per window); group `k<i>` tells which matched.
_REL_SOURCE = "|".join(
    f"(?P<k{i}>" + re.sub(r"\(\?P<(\w+)>", rf"(?P<\1_{i}>", p) + ")" for i, (p, _) in enumerate(_RELATIVE)
)
_RX_RELATIVE = re.compile(_REL_SOURCE)
_RX_RELATIVE_I = re.compile(_REL_SOURCE, re.IGNORECASE)  # for texts whose lower-casing changes length
_REL_GROUPS: list[dict[str, str]] = [
    {name: f"{name}_{i}" for name in re.findall(r"\(\?P<(\w+)>", p)} for i, (p, _) in enumerate(_RELATIVE)
]

# --- candidates -------------------------------------------------------------------------


@dataclass
class _Cand:
    """One date expression found in the text, before it is read."""

    start: int
    end: int
    kind: str  # abs, weekday, rel, chain, time, holiday, dom
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None
    weekday: int | None = None
    mod: str | None = None  # early / mid / late
    rel: str | None = None  # last / next / this / past, or the relative kind
    unit: str | None = None
    n: float | None = None
    approx: bool = False
    holiday: str | None = None
    bounds: tuple[dt.date, dt.date] | None = None  # numeric dates that can be read two ways
    anchor: bool = True  # False for named events ("the Sept. 11 attacks") that say nothing of the article's time


def _month_of(word: str) -> int:
    return _MONTHS[word.rstrip(".").lower()]


def _weekday_of(word: str) -> int:
    w = word.rstrip(".").lower()
    return _WEEKDAYS[w] if w in _WEEKDAYS else _WEEKDAY_ABBR[w]


def _day_of(word: str) -> int:
    return int(re.match(r"\d+", word).group())  # type: ignore[union-attr]


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if day is None:
        return True
    return day <= calendar.monthrange(year or 2000, month)[1]


def _norm_mod(mod: str | None, mod2: str | None) -> str | None:
    if mod:
        return mod.lower()
    if mod2:
        word = mod2.split()[1].lower()
        return {"end": "late", "beginning": "early", "start": "early", "middle": "mid"}[word]
    return None


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z]+)\W*$", text[max(0, start - 20) : start])
    return m.group(1) if m else ""


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\W*([A-Za-z]+)", text[end : end + 20])
    return m.group(1) if m else ""


def _number(word: str) -> float | None:
    w = re.sub(r"\s+", " ", word.lower())
    if w.isdigit():
        return float(w)
    return _NUMBER_WORDS.get(w)


# Words that every date expression contains, found by fast scans (literal alternations the regex
# engine skips through in C, and str.find). The full patterns then run only in short windows
# around these words: running all of them over the whole text costs ~20x more.
_TRIGGER_MON = re.compile(_alts(_MONTHS))
_TRIGGER_WD = re.compile(_alts(_WEEKDAYS))
_TRIGGERS: dict[str, re.Pattern[str]] = {
    "num": re.compile(r"[0-9](?:[0-9][0-9][0-9]|st|nd|rd|th|[:.][0-5][0-9]|\s?[apAP]\.?[mM])"),
}
# Only at the start of a word ("day" but not "Tuesday"), or after the listed prefixes ("today").
_REL_WORDS: dict[str, tuple[str, ...]] = {
    "day": ("to", "yester", "mid"),
    "night": ("to", "over", "mid"),
    "noon": ("after",),
    "week": (),
    "month": (),
    "year": (),
    "hour": (),
    "morning": (),
    "evening": (),
    "dawn": (),
    "dusk": (),
    "sunrise": (),
    "sunset": (),
    "first light": (),
    "recent": (),
    "ago": (),
    "tomorrow": (),
}
_HOLIDAY_WORDS: dict[str, tuple[str, ...]] = dict.fromkeys(
    ("Thanksgiving", "Christmas", "New Year", "Eid ", "Ramadan", "Nowruz", "Ashura"), ()
)
# How far an expression can reach before and after its trigger word, per kind of trigger.
_MARGINS: dict[str, tuple[int, int]] = {"num": (30, 26), "rel": (26, 3), "hol": (8, 3)}


def _find_all(text: str, words: dict[str, tuple[str, ...]]) -> list[tuple[int, int]]:
    """Where the words occur at the start of a word, or right after one of their prefixes."""
    hits = []
    for w, prefixes in words.items():
        i = text.find(w)
        while i >= 0:
            if not (i and text[i - 1].isalpha()) or (prefixes and text[max(0, i - 6) : i].endswith(prefixes)):
                hits.append((i, i + len(w)))
            i = text.find(w, i + 1)
    hits.sort()
    return hits


def _windows(text: str, lower: str) -> dict[str, list[tuple[int, int]]]:
    """Merged [start, end) windows around trigger words, per kind of trigger."""
    n = len(text)
    hits = {kind: [m.span() for m in rx.finditer(text)] for kind, rx in _TRIGGERS.items()}
    hits["rel"] = _find_all(lower if len(lower) == len(text) else text, _REL_WORDS)
    hits["hol"] = _find_all(text, _HOLIDAY_WORDS)
    out: dict[str, list[tuple[int, int]]] = {}
    for kind, found in hits.items():
        spans: list[tuple[int, int]] = []
        before, after = _MARGINS[kind]
        for s, e in found:
            a, b = max(0, s - before), min(n, e + after)
            while b < n and not text[b].isspace():  # never cut a word: patterns check what follows
                b += 1
            if spans and a <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
            else:
                spans.append((a, b))
        if spans:
            out[kind] = spans
    return out


def _candidates(text: str) -> list[_Cand]:
    """Every date expression the patterns find, overlapping ones included."""
    out: list[_Cand] = []
    lower = text.lower()
    for m in _TRIGGER_MON.finditer(text):
        _month_at(text, m.start(), out)
    for m in _TRIGGER_WD.finditer(text):
        _weekday_at(text, m.start(), out)
    for kind, spans in _windows(text, lower).items():
        finder = _FINDERS[kind]
        for a, b in spans:
            finder(text, lower, a, b, out)
    return out


def _number_cands(text: str, lower: str, a: int, b: int, out: list[_Cand]) -> None:
    """ISO and numeric dates, years after a preposition, "the 5th", clock times."""
    add = out.append
    for m in _RX_ISO.finditer(text, a, b):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if _valid(y, mo, d):
            add(_Cand(m.start(), m.end(), "abs", year=y, month=mo, day=d))
    for m in _RX_NUMERIC.finditer(text, a, b):
        x, z, y = int(m["a"]), int(m["b"]), int(m["y"])
        readings = [(y, mo, d) for d, mo in ((x, z), (z, x)) if 1 <= mo <= 12 and d >= 1 and _valid(y, mo, d)]
        if not readings:
            continue
        dates = sorted({dt.date(*r) for r in readings})
        if len(dates) == 1:
            add(_Cand(m.start(), m.end(), "abs", year=y, month=dates[0].month, day=dates[0].day))
        else:  # 03/04/2024: day-first or month-first, we cannot tell
            add(_Cand(m.start(), m.end(), "abs", year=y, bounds=(dates[0], dates[-1])))
    for m in _RX_YEAR.finditer(text, a, b):
        if not (m["prep"] or m["mod"] or m["season"]):
            continue
        if _COUNT_AFTER_YEAR.match(text, m.end()):
            continue
        mod = _norm_mod(m["mod"], None)
        if m["season"]:
            words = m["season"].lower().split()
            word = words[-2] if len(words) >= 2 else words[0]
            mod = {"end": "late", "beginning": "early", "start": "early", "middle": "mid"}.get(word, f"season:{word}")
            if "first" in words:
                mod = "h1"
            elif "second" in words:
                mod = "h2"
        start = m.start("mod") if m["mod"] else m.start("season") if m["season"] else m.start("y")
        add(_Cand(start, m.end(), "abs", year=int(m["y"]), mod=mod))
        pos = m.end()
        while more := _RX_YEAR_MORE.match(text, pos):  # "in 2017 and 2019"
            if _COUNT_AFTER_YEAR.match(text, more.end()):
                break
            add(_Cand(more.start("y"), more.end(), "abs", year=int(more["y"])))
            pos = more.end()
    for m in _RX_DOM.finditer(text, a, b):
        nxt = re.match(r"\s+([a-z]+)", text[m.end() : m.end() + 20])
        if nxt and nxt.group(1) not in _DOM_OK_AFTER:
            continue  # "on the 5th floor"
        if re.match(r"\s+[A-Z]", text[m.end() : m.end() + 3]) and not _RX_MON_AHEAD.match(text, m.end()):
            continue  # "the 30th Brigade", "the 5th Division": a unit, not a day
        if _RX_MON_AHEAD.match(text, m.end()):
            continue  # "the 5th of May" is read by the day-month pattern
        if _RX_DOM_RANGE.match(text, m.end()):
            continue  # "from the 1st to the 5th of May": the month comes later
        if not re.search(r"(?:st|nd|rd|th)$", m["d"]):
            continue
        add(_Cand(m.start("the"), m.end(), "dom", day=_day_of(m["d"])))
    for m in _RX_TIME.finditer(text, a, b):
        add(_Cand(m.start(), m.end(), "time", rel="time"))


def _month_at(text: str, pos: int, out: list[_Cand]) -> None:
    """The expression built on the month name at `pos`: "March 26", "13 January", "June 2021", "in June"..."""
    if pos and text[pos - 1].isalpha():
        return
    m = _RX_MON_AT.match(text, pos)
    if not m:
        return
    word = m["mon"]
    mo = _month_of(word)
    full = word.rstrip(".").lower() in _FULL_MONTHS
    y = int(m["y"]) if m["y"] else None
    rel = {"last": "year-1", "this": "year0", "next": "year+1"}[m["rel2"]] if m["rel2"] and y is None else None
    end = m.end() if rel else m.end("y") if y else -1
    back = _RX_BACK_DM.search(text, max(0, pos - 40), pos)
    if back or m["d1"]:
        src = back or m
        d1 = _day_of(src["d1"])
        d2 = _day_of(src["d2"]) if src["d2"] else None
        if back:
            start, end = back.start(), max(end, m.end("mon"))
            wd_word = back["wd"]
        else:
            wd = _RX_BACK_WD.search(text, max(0, pos - 16), pos)
            start, end = (wd.start() if wd else pos), max(end, m.end("d2") if d2 else m.end("d1"))
            if word == "May" and not wd and not y and _may_is_verb(text, pos):
                return
            wd_word = wd["wd"] if wd else None
        if not _valid(y, mo, d1) or (d2 is not None and (d2 <= d1 or not _valid(y, mo, d2))):
            return
        wday = _weekday_of(wd_word) if wd_word else None
        named = mo == 9 and d1 == 11 and y is None and d2 is None and bool(_RX_NINE_ELEVEN.match(text, end))
        out.append(
            _Cand(
                start,
                end,
                "abs",
                year=2001 if named else y,
                month=mo,
                day=d1,
                day2=d2,
                weekday=wday,
                rel=rel,
                anchor=not named,
            )
        )
        return
    if not full and y is None:
        return  # "Dec" or "Mar" alone: too likely a name
    if y is None and not rel:
        last = _RX_BACK_REL.search(text, max(0, pos - 16), pos)
        if last:
            out.append(
                _Cand(
                    last.start(),
                    m.end("mon"),
                    "abs",
                    month=mo,
                    mod=_norm_mod(last["mod"], None),
                    rel=last["rel"].lower(),
                )
            )
            return
    mod = _RX_BACK_MOD.search(text, max(0, pos - 40), pos)
    if mod and not (mod["prep"] or mod["mod"] or mod["mod2"]):
        mod = None
    if y is None and not rel and not mod:
        return  # a bare "March" or "May" is too often a verb or a name
    if word == "May" and y is None and not rel and not (mod["mod"] or mod["mod2"]) and mod["prep"] not in _MAY_PREPS:
        return  # "waiting for May", "the cabinet of May": the politician, not the month
    start = pos
    if mod and (mod["mod"] or mod["mod2"]):
        start = mod.start("mod") if mod["mod"] else mod.start("mod2")
    out.append(
        _Cand(
            start,
            max(end, m.end("mon")),
            "abs",
            year=y,
            month=mo,
            mod=_norm_mod(mod["mod"], mod["mod2"]) if mod else None,
            rel=rel,
        )
    )


def _weekday_at(text: str, pos: int, out: list[_Cand]) -> None:
    """'Tuesday', 'early Wednesday', 'Tuesday night', 'last Friday', 'Monday last week'."""
    if pos and text[pos - 1].isalpha():
        return
    m = _RX_WD_AT.match(text, pos)
    if not m or _prev_word(text, pos).lower() in _WEEKDAY_NAME_BEFORE:
        return
    if _next_word(text, m.end("wd")).lower() in _WEEKDAY_NAME_AFTER:
        return
    back = _RX_WD_BACK.search(text, max(0, pos - 26), pos)
    rel = back["rel"].lower() if back and back["rel"] else None
    if m["wrel"]:
        rel = f"{m['wrel']}-week"
    out.append(_Cand(back.start() if back else pos, m.end(), "weekday", weekday=_weekday_of(m["wd"]), rel=rel))


def _holiday_cands(text: str, lower: str, a: int, b: int, out: list[_Cand]) -> None:
    for m in _RX_HOLIDAY.finditer(text, a, b):
        name = re.sub(r"\s+", " ", m["h"]).replace("’", "'")
        if name in ("Ramadan", "Ashura", "Nowruz") and re.match(r"\s+[A-Z][a-z]", text[m.end() : m.end() + 3]):
            continue  # a person's name: "Ramadan Abdullah"
        out.append(_Cand(m.start(), m.end(), "holiday", holiday=name, rel=m["rel"]))


def _relative_cands(text: str, lower: str, a: int, b: int, out: list[_Cand]) -> None:
    """'yesterday', 'last week', 'two days ago', 'the past 24 hours', 'the following day', 'at dawn'."""
    rx = _RX_RELATIVE if len(lower) == len(text) else _RX_RELATIVE_I
    for m in rx.finditer(lower if rx is _RX_RELATIVE else text, a, b):
        i = int((m.lastgroup or "k0")[1:])
        kind = _RELATIVE[i][1]
        groups = {k: m.group(g) for k, g in _REL_GROUPS[i].items()}
        c = _Cand(m.start(), m.end(), "rel", rel=kind)
        if groups.get("u"):
            c.unit = groups["u"].lower()
        if groups.get("n"):
            c.n = _number(groups["n"])
            c.approx = re.sub(r"\s+", " ", groups["n"].lower()) in _APPROX_NUMBERS
            if c.n is None:
                continue
        if groups.get("mod"):
            c.mod = groups["mod"].lower()
        if groups.get("rel"):
            c.unit = f"{groups['rel'].lower()}:{c.unit}"
        if groups.get("w"):
            c.mod = groups["w"].lower()
        if kind == "ago" and c.mod != "ago":
            if c.unit not in ("day", "week"):
                continue
            kind = c.rel = "chain_n"
        if kind in ("time", "overnight"):
            c.kind = "time"
        elif kind.startswith("chain"):
            c.kind = "chain"
        out.append(c)


_FINDERS: dict[str, Callable[[str, str, int, int, list[_Cand]], None]] = {
    "num": _number_cands,
    "hol": _holiday_cands,
    "rel": _relative_cands,
}


def _may_is_verb(text: str, pos: int) -> bool:
    """'May 15' is a date, but 'they May 5...' in a title-case headline is not worth the risk."""
    prev = _prev_word(text, pos)
    return bool(prev) and prev.lower() in {
        "it",
        "they",
        "we",
        "you",
        "he",
        "she",
        "who",
        "which",
        "that",
        "forces",
        "troops",
        "and",
        "or",
        "i",
    }


def _select(cands: list[_Cand]) -> list[_Cand]:
    """The longest expressions that do not overlap, in text order."""
    chosen: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if all(c.end <= o.start or o.end <= c.start for o in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


# --- reading ----------------------------------------------------------------------------


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    """The first day of the month n months from d's month."""
    k = d.year * 12 + d.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def _range_value(lo: dt.date, hi: dt.date, text: str) -> DateValue:
    """A value at the finest precision that holds both bounds (same day, month or year)."""
    if lo == hi:
        return DateValue(value=_iso(lo), precision="day", earliest=_iso(lo), latest=_iso(lo), text=text)
    if (lo.year, lo.month) == (hi.year, hi.month):
        return DateValue(
            value=f"{lo.year:04d}-{lo.month:02d}", precision="month", earliest=_iso(lo), latest=_iso(hi), text=text
        )
    if lo.year == hi.year:
        return DateValue(value=f"{lo.year:04d}", precision="year", earliest=_iso(lo), latest=_iso(hi), text=text)
    return DateValue(value=None, precision="unknown", earliest=_iso(lo), latest=_iso(hi), text=text)


_MOD_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_MOD_MONTHS = {
    "early": (1, 4),
    "mid": (5, 8),
    "late": (9, 12),
    "h1": (1, 6),
    "h2": (7, 12),
    "season:spring": (3, 5),
    "season:summer": (6, 8),
    "season:autumn": (9, 11),
    "season:fall": (9, 11),
    "season:winter": (1, 2),
}


def _month_value(year: int | None, month: int, mod: str | None, text: str) -> DateValue:
    if year is None:
        return DateValue(value=f"--{month:02d}", precision="month", text=text)
    lo, hi = dt.date(year, month, 1), _month_end(year, month)
    if mod in _MOD_DAYS:
        a, b = _MOD_DAYS[mod]
        lo, hi = dt.date(year, month, a), dt.date(year, month, min(b, hi.day))
    return DateValue(value=f"{year:04d}-{month:02d}", precision="month", earliest=_iso(lo), latest=_iso(hi), text=text)


def _year_value(year: int, mod: str | None, text: str) -> DateValue:
    a, b = _MOD_MONTHS.get(mod or "", (1, 12))
    return DateValue(
        value=f"{year:04d}",
        precision="year",
        earliest=_iso(dt.date(year, a, 1)),
        latest=_iso(_month_end(year, b)),
        text=text,
    )


def _day_value(year: int | None, month: int, day: int, day2: int | None, text: str) -> DateValue:
    if year is None:
        if day2 is not None:
            return DateValue(value=f"--{month:02d}", precision="month", text=text)
        return DateValue(value=f"--{month:02d}-{day:02d}", precision="day", text=text)
    if day2 is not None:
        return _range_value(dt.date(year, month, day), dt.date(year, month, day2), text)
    d = dt.date(year, month, day)
    return DateValue(value=_iso(d), precision="day", earliest=_iso(d), latest=_iso(d), text=text)


def _weekday_on_or_before(ref: dt.date, weekday: int, strictly: bool = False) -> dt.date:
    back = (ref.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def _year_for_weekday(month: int, day: int, weekday: int, ref: dt.date) -> int | None:
    """The latest year not after `ref` in which day/month falls on `weekday`."""
    for year in range(ref.year, 1899, -1):
        if not _valid(year, month, day):
            continue
        d = dt.date(year, month, day)
        if d <= ref and d.weekday() == weekday:
            return year
    return None


def _latest_year_not_after(month: int, day: int | None, anchor: dt.date) -> int:
    """The year putting month/day on or before `anchor`, as late as possible."""
    year = anchor.year
    if (month, day or 1) > (anchor.month, anchor.day):
        year -= 1
    while day is not None and not _valid(year, month, day):  # 29 February
        year -= 1
    return year


def _closest_year(month: int, day: int | None, anchor: dt.date) -> int:
    """The year putting month/day closest to `anchor` (for a date given next to a dated one)."""
    best = anchor.year
    best_gap: int | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if not _valid(year, month, day):
            continue
        gap = abs((dt.date(year, month, day or 15) - anchor).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def _thanksgiving(year: int) -> dt.date:
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


_FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "Christmas": (12, 25),
    "Christmas Day": (12, 25),
    "Christmas Eve": (12, 24),
    "New Year's": (1, 1),
    "New Year's Day": (1, 1),
    "New Year's Eve": (12, 31),
}


@dataclass
class _Context:
    text: str
    published: dt.date | None
    anchors: list[tuple[int, dt.date]]  # (position, date) of dated expressions in the article
    weekday_dates: list[tuple[int, dt.date]]  # dates given with their weekday ("Tuesday, August 23")


def _infer_year(c: _Cand, ctx: _Context) -> int | None:
    """A year for a year-less date from the article: a nearby date, the publication date, the latest date."""
    month = c.month or 1
    para_start = ctx.text.rfind("\n", 0, c.start) + 1
    para_end = ctx.text.find("\n", c.end)
    para_end = len(ctx.text) if para_end < 0 else para_end
    near = [
        (abs(pos - c.start) + (0 if pos < c.start else 50), d)
        for pos, d in ctx.anchors
        if para_start <= pos < para_end and abs(pos - c.start) <= 300
    ]
    if near:
        return _closest_year(month, c.day, min(near)[1])
    if ctx.published:
        return _latest_year_not_after(month, c.day, ctx.published)
    if ctx.anchors:
        return _latest_year_not_after(month, c.day, max(d for _, d in ctx.anchors))
    return None


def _read_abs(c: _Cand, ctx: _Context, text: str) -> tuple[DateValue, bool]:
    """Value of a calendar expression, and whether it was read against the reference."""
    if c.bounds:
        return _range_value(c.bounds[0], c.bounds[1], text), False
    if c.month is None:
        return _year_value(c.year or 0, c.mod, text), False
    year, relative = c.year, False
    if c.rel:  # "June last year", "last December"
        relative = True
        ref = ctx.published
        if ref is None:
            year = None
        elif c.rel.startswith("year"):
            year = ref.year + int(c.rel[4:])
        elif c.rel == "last":
            year = ref.year if c.month < ref.month else ref.year - 1
        elif c.rel == "next":
            year = ref.year if c.month > ref.month else ref.year + 1
        else:
            year = ref.year
    elif year is None and c.weekday is not None and c.day is not None:
        year = _year_for_weekday(c.month, c.day, c.weekday, ctx.published or today())
    elif year is None:
        year = _infer_year(c, ctx)
    if c.day is None:
        return _month_value(year, c.month, c.mod, text), relative
    return _day_value(year, c.month, c.day, c.day2, text), relative


def _read_weekday(c: _Cand, ctx: _Context, text: str) -> tuple[DateValue, bool]:
    """Value of "on Tuesday", "last Friday", "early Wednesday"; weekday_only when nothing anchors it."""
    weekday = c.weekday or 0
    ref = ctx.published
    if ref is None:
        same = [(abs(pos - c.start), d) for pos, d in ctx.weekday_dates if d.weekday() == weekday]
        if same and c.rel is None:
            d = min(same, key=lambda p: p[0])[1]
            return _range_value(d, d, text), False
        return DateValue(value=None, precision="unknown", text=text), True
    if c.rel == "last":
        d = _weekday_on_or_before(ref, weekday, strictly=True)
    elif c.rel == "next":
        d = ref + dt.timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    elif c.rel and c.rel.endswith("-week"):
        monday = ref - dt.timedelta(days=ref.weekday())
        shift = {"last-week": -7, "this-week": 0, "next-week": 7}[c.rel]
        d = monday + dt.timedelta(days=shift + weekday)
    else:
        d = _weekday_on_or_before(ref, weekday)
    return _range_value(d, d, text), False


def _read_relative(c: _Cand, ref: dt.date, text: str) -> DateValue | None:
    """Value of "yesterday", "last week", "two days ago", "the past 24 hours" against `ref`."""
    day = dt.timedelta(days=1)
    kind, unit, n = c.rel, c.unit or "", c.n or 1
    if kind == "before_yesterday":
        return _range_value(ref - 2 * day, ref - 2 * day, text)
    if kind == "yesterday":
        if "night" in text.lower() and "yesterday" not in text.lower():
            return _range_value(ref - day, ref, text)
        return _range_value(ref - day, ref - day, text)
    if kind == "today":
        return _range_value(ref, ref, text)
    if kind == "tomorrow":
        return _range_value(ref + day, ref + day, text)
    if kind == "ago":
        k = int(n)
        if unit == "day":
            if c.approx:
                return _range_value(ref - (k + 2) * day, ref - max(1, k - 1) * day, text)
            return _range_value(ref - k * day, ref - k * day, text)
        if unit == "week":
            return _range_value(ref - (7 * k + 3) * day, ref - max(1, 7 * k - 3) * day, text)
        if unit == "month":
            m = _add_months(ref, -k)
            return _month_value(m.year, m.month, None, text)
        return _year_value(ref.year - k, None, text)
    if kind == "unit":
        rel, _, u = unit.partition(":")
        return _read_unit(rel, u, c.mod, ref, text)
    if kind == "past_n":
        k = max(1, int(n))
        if unit == "hour":
            return _range_value(ref - max(1, -(-k // 24)) * day, ref, text)
        if unit == "day":
            return _range_value(ref - k * day, ref, text)
        if unit == "week":
            return _range_value(ref - 7 * k * day, ref, text)
        if unit == "month":
            return _range_value(_add_months(ref, -k).replace(day=min(ref.day, 28)), ref, text)
        return _range_value(dt.date(ref.year - k, ref.month, min(ref.day, 28)), ref, text)
    if kind == "recent":
        span = {"day": 7, "week": 30, "month": 180}.get(unit, 30)
        return _range_value(ref - span * day, ref, text)
    if kind == "weekend":
        sunday = _weekday_on_or_before(ref, 6)
        return _range_value(sunday - day, sunday, text)
    if kind == "overnight":
        return _range_value(ref - day, ref, text)
    return None


def _read_unit(rel: str, unit: str, mod: str | None, ref: dt.date, text: str) -> DateValue:
    """'this week', 'last month', 'earlier this month', 'early next year', 'the past year'..."""
    day = dt.timedelta(days=1)
    if unit in ("week", "weekend"):
        monday = ref - ref.weekday() * day
        if rel == "past":
            return _range_value(ref - 7 * day, ref, text)
        shift = {"last": -7, "this": 0, "next": 7}[rel]
        lo, hi = monday + shift * day, monday + (shift + 6) * day
        if unit == "weekend":
            lo = hi - day
        if rel == "this" and mod == "earlier":
            hi = max(lo, ref - day)
        elif rel == "this" and mod == "later":
            lo = ref
        return _range_value(lo, hi, text)
    if unit == "month":
        if rel == "past":
            return _range_value(_add_months(ref, -1).replace(day=min(ref.day, 28)), ref, text)
        first = _add_months(ref, {"last": -1, "this": 0, "next": 1}[rel])
        value = _month_value(first.year, first.month, mod if mod in _MOD_DAYS else None, text)
        if rel == "this" and mod == "earlier":
            value.earliest, value.latest = _iso(first), _iso(ref)
        elif rel == "this" and mod == "later":
            value.earliest = _iso(ref)
        return value
    if rel == "past":
        return _range_value(dt.date(ref.year - 1, ref.month, min(ref.day, 28)), ref, text)
    year = ref.year + {"last": -1, "this": 0, "next": 1}[rel]
    value = _year_value(year, mod if mod in _MOD_MONTHS else None, text)
    if rel == "this" and mod == "earlier":
        value.latest = _iso(ref)
    return value


def _read_holiday(c: _Cand, ctx: _Context, text: str) -> tuple[DateValue, bool]:
    name = c.holiday or ""
    ref = ctx.published
    thanks = name.startswith("Thanksgiving")
    fixed = _FIXED_HOLIDAYS.get(name)
    if not thanks and not fixed:  # lunar feasts move every year: no day without a calendar table
        return DateValue(value=None, precision="unknown", text=text), bool(c.rel)
    month, dom = (11, None) if thanks else fixed  # type: ignore[misc]
    year: int | None = None
    if c.rel and ref:
        year = ref.year + {"last": -1, "this": 0, "next": 1}[c.rel]
    elif not c.rel:
        year = _infer_year(_Cand(c.start, c.end, "abs", month=month, day=dom or 24), ctx)
    if year is None:
        if thanks:
            return DateValue(value="--11", precision="month", text=text), bool(c.rel)
        return _day_value(None, month, dom or 1, None, text), bool(c.rel)
    d = _thanksgiving(year) if thanks else dt.date(year, month, dom or 1)
    if not c.rel and ref and d > ref and (thanks or (month, dom) > (ref.month, ref.day)):
        year -= 1
        d = _thanksgiving(year) if thanks else dt.date(year, month, dom or 1)
    return _range_value(d, d, text), bool(c.rel)


def _sane(d: dt.date, limit: dt.date) -> bool:
    """Years before 1900 or more than a year after the reference are not used to date other expressions."""
    return 1900 <= d.year and d <= limit + dt.timedelta(days=366)


def find_dates(
    text: str, published: dt.date | None = None, skip: Callable[[int, int], bool] | None = None
) -> list[DateMention]:
    """Every date expression in `text`, read against `published` (see the module docstring)."""
    cands = [c for c in _select(_candidates(text)) if not (skip and skip(c.start, c.end))]
    ctx = _Context(text=text, published=published, anchors=[], weekday_dates=[])
    limit = published or today()
    results: dict[int, tuple[DateValue, bool, bool]] = {}

    # 1. Dates with a year of their own, or one the weekday gives: these anchor the others.
    for i, c in enumerate(cands):
        if c.kind == "abs" and (c.year is not None or c.bounds or (c.weekday is not None and c.day)) and not c.rel:
            value, relative = _read_abs(c, ctx, text[c.start : c.end])
            results[i] = (value, relative, False)
            if value.precision in ("day", "month") and value.earliest and value.value and c.anchor:
                d = dt.date.fromisoformat(value.earliest)
                if _sane(d, limit):
                    ctx.anchors.append((c.start, d))
                    if c.weekday is not None and value.precision == "day":
                        ctx.weekday_dates.append((c.start, d))
    # 2. Everything else, in text order (chains need the previous date).
    prev_day: tuple[int, dt.date] | None = None
    mentions: list[DateMention] = []
    for i, c in enumerate(cands):
        text_ = text[c.start : c.end]
        weekday_only = False
        if i in results:
            value, relative, weekday_only = results[i]
        elif c.kind == "abs":
            value, relative = _read_abs(c, ctx, text_)
        elif c.kind == "weekday":
            value, weekday_only = _read_weekday(c, ctx, text_)
            relative = True
        elif c.kind == "holiday":
            value, relative = _read_holiday(c, ctx, text_)
        elif c.kind == "dom":
            relative = True
            if published and c.day:
                d = published
                while d.day != c.day:
                    d -= dt.timedelta(days=1)
                value = _range_value(d, d, text_)
            else:
                value = DateValue(value=None, precision="unknown", text=text_)
        elif c.kind == "chain":
            relative = True
            value = _read_chain(c, prev_day, text_) or DateValue(value=None, precision="unknown", text=text_)
        elif c.kind == "time" and c.rel != "overnight":
            relative = False
            value = DateValue(value=None, precision="unknown", text=text_)
        else:  # relative phrases and "overnight"
            relative = True
            read = _read_relative(c, published, text_) if published else None
            value = read or DateValue(value=None, precision="unknown", text=text_)
        if value.precision == "day" and value.value and not value.value.startswith("--"):
            prev_day = (c.end, dt.date.fromisoformat(value.value))
        mentions.append(
            DateMention(start=c.start, end=c.end, text=text_, date=value, relative=relative, weekday_only=weekday_only)
        )
    return mentions


def _read_chain(c: _Cand, prev: tuple[int, dt.date] | None, text: str) -> DateValue | None:
    """'the following day', 'two days later', 'later in the day': from the date just before, if close."""
    if prev is None or c.start - prev[0] > 600:
        return None
    base = prev[1]
    step = 1
    if c.rel == "chain_n":
        step = int(c.n or 1) * (7 if c.unit == "week" else 1)
    offsets = {
        "following": step,
        "next": step,
        "after": step,
        "later": step,
        "previous": -step,
        "before": -step,
        "earlier": -step,
        "same": 0,
        None: 0,
    }
    d = base + dt.timedelta(days=offsets.get(c.mod, 0))
    return _range_value(d, d, text)


@Language.component("sw_dates")
def dates(doc: Doc) -> Doc:
    """Append a `DateMention` to `doc._.sw.dates` for each date expression outside page noise."""
    sw = strike_doc(doc)
    # doc.text rebuilds the string from the tokens on every call: keep it for the components after us.
    text = doc.user_data.get("sw_text")
    if text is None:
        text = doc.user_data["sw_text"] = doc.text
    sw.dates.extend(find_dates(text, sw.published, skip=sw.in_noise if sw.noise else None))
    return doc


def resolve_against(mention: DateMention | DateValue, reference: dt.date) -> DateValue:
    """Re-read a year-less ("--08-15") or weekday-only ("Tuesday") date against another reference.

    Used by resolution when an incident's date is known from other articles: "August 15"
    next to 2022-08-23 becomes 2022-08-15, "on Tuesday" next to 2022-08-24 becomes 2022-08-23.
    Dates that already have a year come back unchanged.
    """
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    value = mention.date if isinstance(mention, DateMention) else mention
    text = value.text or (mention.text if isinstance(mention, DateMention) else None)
    if value.value and not value.value.startswith("--"):
        return value.model_copy()
    if text:
        found = find_dates(text, reference)
        if found:
            best = max(found, key=lambda m: m.end - m.start).date
            if best.value and not best.value.startswith("--"):
                return best.model_copy(update={"text": text})
    if value.value and value.value.startswith("--"):
        parts = value.value[2:].split("-")
        month = int(parts[0])
        day = int(parts[1]) if len(parts) > 1 else None
        year = _latest_year_not_after(month, day, reference)
        if day is None:
            return _month_value(year, month, None, text or value.value)
        return _day_value(year, month, day, None, text or value.value)
    return value.model_copy()
