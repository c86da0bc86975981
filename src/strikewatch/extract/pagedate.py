"""The page's own date, read off a date line, a footer or a dateline.

Scraped text loses its metadata but keeps lines like "Wednesday, 21 June 2023 | 08:15",
"Published: 14/08/2024 09:20", "Horseed Wire | 5 December 2021" or a dateline "Tehran, May 3,
2023 (Pars Dispatch) -". Such a date is when the report was written: the reference that turns
"late yesterday" or "on Tuesday" into a day, and never an incident's own date.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_TEXTUAL = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+("
    + _MONTH
    + r"),?\s+(\d{4})|("
    + _MONTH
    + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))\b"
)
_NUMERIC = re.compile(r"\b(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}))\b")
# What may stand beside the date on a date line: weekdays, times, separators, "Published:" ...
_FILLER = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b(?:gmt|utc|ast|est|"
    r"published|updated|posted|last|on|at|date|live|updates?|by)\b|[|•·,:()–—-]",
    re.I,
)
_DATELINE_MONTH_DAY = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:,\s*[\w .'’-]{2,30}?)?,\s*((" + _MONTH + r")\s+(\d{1,2}))\s*(?:\(|[—–-])"
)
_DATELINE = re.compile(r"^[A-Z][\w.'’-]+(?:[ ,][\w .'’-]{2,30}?)?,\s*$")
_MAX_OTHER_WORDS = 6


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return d if 1990 <= year <= 2100 else None


def find_date(line: str) -> tuple[dt.date, int, int] | None:
    """The first full date written in `line`, with its offsets: 'March 3, 2024', '3 March 2024', '14/08/2024'
    (day first, as in the region's press, unless that cannot be), '2024-03-14'."""
    best = None
    m = _TEXTUAL.search(line)
    if m:
        if m.group(1):
            d = _day(int(m.group(3)), _MONTHS.get(m.group(2)[:3].lower(), 0), int(m.group(1)))
        else:
            d = _day(int(m.group(6)), _MONTHS.get(m.group(4)[:3].lower(), 0), int(m.group(5)))
        if d:
            best = (d, m.start(), m.end())
    n = _NUMERIC.search(line)
    if n and (best is None or n.start() < best[1]):
        if n.group(1):
            d = _day(int(n.group(1)), int(n.group(2)), int(n.group(3)))
        else:
            a, b, year = int(n.group(4)), int(n.group(5)), int(n.group(6))
            d = _day(year, a, b) if b > 12 >= a else _day(year, b, a)
        if d:
            best = (d, n.start(), n.end())
    return best


def page_date(line: str) -> tuple[dt.date, int, int] | None:
    """The date of a short line that gives little else but a date (and maybe the outlet or place)."""
    if len(line.split()) > 16:
        return None
    found = find_date(line)
    if found is None:
        return None
    _, start, end = found
    rest = _FILLER.sub(" ", line[:start] + " " + line[end:])
    return found if len(rest.split()) <= _MAX_OTHER_WORDS else None


def dateline_date(line: str) -> tuple[dt.date, int, int] | None:
    """'Tehran, May 3, 2023 (Pars Dispatch) - …', 'KISMAYO, Somalia, Feb 5, 2025 (Jubba Dispatch) - …'."""
    found = find_date(line[:80])
    if found is None:
        return None
    _, start, end = found
    after = line[end : end + 60]
    if _DATELINE.match(line[:start]) and re.match(r"^\s*(?:\([^)]{1,40}\)\s*)?[—–-]", after):
        return found
    return None


def dateline_month_day(line: str) -> tuple[int, int, int, int] | None:
    """'HODEIDAH, Dec. 3 (YNN) -': (month, day, start, end) of a dateline's date written without a year."""
    m = _DATELINE_MONTH_DAY.match(line)
    month = _MONTHS.get(m.group(2)[:3].lower()) if m else None
    return (month, int(m.group(3)), m.start(1), m.end(1)) if month else None


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/._-]|$)")
_URL_COMPACT = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/._-])")


def url_date(url: str | None) -> dt.date | None:
    """The day a record's URL path gives ("/2024/03/26/", "/2024-03-26-strikes", "/20240326/"): outlets date
    their paths by publication, so it stands in for a missing published date."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    m = _URL_DATE.search(path) or _URL_COMPACT.search(path)
    return _day(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
