"""Article metadata: publication dates to ISO 8601, language codes, titles.

Metadata comes from sidecars, JSON records, feeds and page headers written by many hands;
anything that cannot be read sensibly becomes None rather than an error.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

_MIN_YEAR = 1900
_EPOCH = dt.date(1970, 1, 1)  # the usual placeholder of a missing date
_TIME = re.compile(r"\d:\d\d")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
_LANG_SAMPLE = 20000
MAX_TITLE = 300


def _plausible(day: dt.date) -> bool:
    latest = dt.date.today().year + 1
    return _MIN_YEAR <= day.year <= latest and day != _EPOCH


def _datetime_iso(value: dt.datetime) -> str | None:
    if not _plausible(value.date()):
        return None
    return value.replace(microsecond=0).isoformat()


def normalise_published(value: Any) -> str | None:
    """A publication time as `YYYY-MM-DD` or a full ISO datetime; None when absent, unreadable or absurd.

    Dates alone stay dates (no invented midnight); times keep their UTC offset when given.
    Relative expressions ("yesterday") are refused: they mean nothing without a reference.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.datetime):
        return _datetime_iso(value)
    if isinstance(value, dt.date):
        return value.isoformat() if _plausible(value) else None
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return day.isoformat() if _plausible(day) else None
    if re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):
        try:
            return _datetime_iso(dt.datetime.fromisoformat(text))
        except ValueError:
            pass
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return _from_timestamp(float(text))
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return _datetime_iso(parsed)
    return _dateparser(text)


def _from_timestamp(seconds: float) -> str | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return _datetime_iso(dt.datetime.fromtimestamp(seconds, tz=dt.UTC))
    except (OverflowError, OSError, ValueError):
        return None


def _dateparser(text: str) -> str | None:
    """Free-form absolute dates ("March 26, 2024", "26 آذار 2024") through dateparser, strictly."""
    if not re.search(r"\d{4}", text):
        return None  # no year: not a usable publication date
    import dateparser

    settings = {
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["absolute-time"],
        "PREFER_DATES_FROM": "past",
    }
    try:
        parsed = dateparser.parse(text, languages=["en", "ar", "fr"], settings=settings)
    except Exception:  # dateparser raises assorted errors on junk; junk is simply no date
        return None
    if parsed is None:
        return None
    if _TIME.search(text):
        return _datetime_iso(parsed)
    day = parsed.date()
    return day.isoformat() if _plausible(day) else None


def normalise_language(value: Any) -> str | None:
    """`en`, `EN-us`, `ar_SY` to an ISO 639 primary code; None when it is not a language tag."""
    if not isinstance(value, str):
        return None
    m = _LANG.match(value.strip())
    return m.group(1).lower() if m else None


def detect_language(text: str) -> str:
    """`ar` when most letters near the top are Arabic script, else `en` (the two languages we handle)."""
    sample = text[:_LANG_SAMPLE]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return "en"
    arabic = len(_ARABIC.findall(sample))
    return "ar" if arabic * 2 > letters else "en"


def first_line_title(text: str) -> str | None:
    """The first non-empty line, trimmed; long run-on lines are cut at a word boundary."""
    pos, size = 0, len(text)
    while pos < size:
        end = text.find("\n", pos)
        if end == -1:
            end = size
        line = text[pos : min(end, pos + 4 * MAX_TITLE)].strip()
        if line:
            return short_title(line)
        pos = end + 1
    return None


def short_title(title: str | None) -> str | None:
    """Collapse whitespace and cap the length of a title; None for an empty one."""
    if not title:
        return None
    title = " ".join(title.split())
    if len(title) > MAX_TITLE:
        cut = title.rfind(" ", 0, MAX_TITLE)
        title = title[: cut if cut > MAX_TITLE // 2 else MAX_TITLE].rstrip()
    return title or None


def clean_field(value: Any) -> str | None:
    """An optional string field: stripped, None when blank."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None
