"""Dates as linking features: absolute day/month/year intervals, year-less days and bare weekdays.

Resolution compares dates of very different precision ("Tuesday", "--08-23", "2022-08", "2022-08-23"),
so each mention's `DateValue` is turned into a `DateKey` once, and compared with `date_score`.
Re-reading a relative date against a reference uses `strikewatch.extract.dates.resolve_against` when the
date module provides it, else the small local fallback below (same contract).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from strikewatch.model import DateValue, IncidentMention

WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_FULL_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_YEARLESS_RE = re.compile(r"^--(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True)
class DateKey:
    """A comparable date.

    kind: "day" | "month" | "year" (absolute, with lo/hi ordinals), "md" (year-less day), "m" (year-less
    month), "wd" (bare weekday) or "none". `month`/`day`/`weekday` are filled when known.
    """

    kind: str
    lo: int | None = None
    hi: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None

    @property
    def absolute(self) -> bool:
        return self.lo is not None


NONE_KEY = DateKey("none")


def parse_iso_day(value: str | None) -> dt.date | None:
    """`YYYY-MM-DD` (or a datetime string) -> date, None otherwise."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def weekday_of_text(text: str | None) -> int | None:
    """Weekday index (Monday=0) named in a date expression, if any."""
    if not text:
        return None
    m = _WEEKDAY_RE.search(text)
    return WEEKDAYS[m.group(1).lower()] if m else None


def date_key(date: DateValue) -> DateKey:
    """Turn a DateValue into a DateKey (absolute interval when the year is known)."""
    value = (date.value or "").strip()
    wd = weekday_of_text(date.text)
    m = _FULL_RE.match(value)
    if m:
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        try:
            if day:
                d = dt.date(year, int(month), int(day))
                return DateKey("day", d.toordinal(), d.toordinal(), d.month, d.day, d.weekday())
            if month:
                mo = int(month)
                last = calendar.monthrange(year, mo)[1]
                return DateKey("month", dt.date(year, mo, 1).toordinal(), dt.date(year, mo, last).toordinal(), mo)
            return DateKey("year", dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal())
        except ValueError:
            return NONE_KEY
    m = _YEARLESS_RE.match(value)
    if m:
        mo = int(m.group(1))
        if not 1 <= mo <= 12:
            return NONE_KEY
        if m.group(2):
            return DateKey("md", month=mo, day=int(m.group(2)), weekday=wd)
        return DateKey("m", month=mo)
    # No usable value: earliest/latest may still bound it.
    lo, hi = parse_iso_day(date.earliest), parse_iso_day(date.latest)
    if lo and hi and 0 <= (hi - lo).days <= 31:
        return DateKey("month" if lo != hi else "day", lo.toordinal(), hi.toordinal(), lo.month)
    if wd is not None:
        return DateKey("wd", weekday=wd)
    return NONE_KEY


def _md_ordinal_near(month: int, day: int, ref: int) -> int | None:
    """Ordinal of month/day in the year of `ref` or an adjacent year, the one closest to `ref`."""
    year = dt.date.fromordinal(ref).year
    best: int | None = None
    for y in (year - 1, year, year + 1):
        try:
            o = dt.date(y, month, day).toordinal()
        except ValueError:
            continue
        if best is None or abs(o - ref) < abs(best - ref):
            best = o
    return best


def _md_gap(a: DateKey, b: DateKey) -> int | None:
    """Days between two year-less days (shortest way round the year, using a leap year)."""
    try:
        oa = dt.date(2000, a.month or 1, a.day or 1).toordinal()
        ob = dt.date(2000, b.month or 1, b.day or 1).toordinal()
    except ValueError:
        return None
    gap = abs(oa - ob)
    return min(gap, 366 - gap)


def date_score(a: DateKey, b: DateKey) -> tuple[float | None, str]:
    """How well two dates agree: (score, how) with score None when they exclude each other; 0 when unknown."""
    if a.kind == "none" or b.kind == "none":
        return 0.0, "unknown"
    if a.kind in ("md", "m", "wd") and b.absolute:
        a, b = b, a
    if a.absolute and b.absolute:
        assert a.lo is not None and a.hi is not None and b.lo is not None and b.hi is not None
        if a.kind == "day" and b.kind == "day":
            gap = abs(a.lo - b.lo)
            return ({0: 1.0, 1: 0.7}.get(gap), f"day±{gap}")
        if a.lo <= b.hi + 1 and b.lo <= a.hi + 1:  # overlapping intervals
            if "year" in (a.kind, b.kind):
                return 0.1, "within year"
            return (0.5 if a.kind == b.kind == "month" else 0.4), "within month"
        return None, "disjoint"
    if a.absolute:  # b relative
        assert a.lo is not None and a.hi is not None
        if b.kind == "md":
            if a.kind != "day":
                inside = a.lo <= (_md_ordinal_near(b.month or 1, b.day or 1, a.lo) or -10) <= a.hi
                return (0.3 if inside else None), "year-less day in interval"
            o = _md_ordinal_near(b.month or 1, b.day or 1, a.lo)
            gap = abs(o - a.lo) if o is not None else 99
            return ({0: 0.9, 1: 0.6}.get(gap), f"year-less day±{gap}")
        if b.kind == "m":
            if a.kind == "year":
                return 0.1, "year-less month in year"
            return (0.4 if dt.date.fromordinal(a.lo).month == b.month else None), "year-less month"
        if b.kind == "wd":
            if a.kind != "day":
                return 0.0, "weekday vs interval"
            wd_a = dt.date.fromordinal(a.lo).weekday()
            diff = min((wd_a - (b.weekday or 0)) % 7, ((b.weekday or 0) - wd_a) % 7)
            # a bare weekday fits a full date but cannot link on place alone (every week has a Tuesday)
            return ({0: 0.25, 1: 0.15}.get(diff), f"weekday±{diff}")
    # both relative
    kinds = {a.kind, b.kind}
    if kinds == {"md"}:
        gap = _md_gap(a, b)
        return ({0: 0.9, 1: 0.6}.get(gap if gap is not None else 99), f"year-less day±{gap}")
    if kinds == {"m"}:
        return (0.4 if a.month == b.month else None), "year-less month"
    if kinds == {"md", "m"}:
        return (0.3 if a.month == b.month else None), "year-less month"
    if kinds == {"wd"}:
        diff = min(((a.weekday or 0) - (b.weekday or 0)) % 7, ((b.weekday or 0) - (a.weekday or 0)) % 7)
        return ({0: 0.2, 1: 0.1}.get(diff), f"weekday±{diff}")  # too loose to link on place alone
    if kinds == {"wd", "md"}:
        md = a if a.kind == "md" else b
        wd = b if md is a else a
        if md.weekday is not None and wd.weekday is not None:
            diff = min((md.weekday - wd.weekday) % 7, (wd.weekday - md.weekday) % 7)
            return ({0: 0.5, 1: 0.3}.get(diff), f"weekday±{diff}")
        return 0.1, "weekday vs year-less day"
    return 0.0, "not comparable"


# --- re-reading a relative date against a reference -------------------------------------------


def _local_resolve_against(date: DateValue, reference: dt.date) -> DateValue:
    """Fallback for `extract.dates.resolve_against`: a year-less day or bare weekday -> the nearest full date.

    A year-less day takes the year that puts it closest to the reference (an incident date, or a
    publication date, for which only the past is allowed); a bare weekday takes the nearest such day
    on or before the reference (within a week).
    """
    key = date_key(date)
    if key.kind == "md" and key.month and key.day:
        o = _md_ordinal_near(key.month, key.day, reference.toordinal())
        if o is None:
            return date
        d = dt.date.fromordinal(o)
        return DateValue(value=d.isoformat(), precision="day", earliest=d.isoformat(), latest=d.isoformat(),
                         text=date.text)
    if key.kind == "m" and key.month:
        year = reference.year if key.month <= reference.month else reference.year - 1
        last = calendar.monthrange(year, key.month)[1]
        return DateValue(value=f"{year:04d}-{key.month:02d}", precision="month",
                         earliest=f"{year:04d}-{key.month:02d}-01", latest=f"{year:04d}-{key.month:02d}-{last:02d}",
                         text=date.text)
    if key.kind == "wd" and key.weekday is not None:
        back = (reference.weekday() - key.weekday) % 7
        d = reference - dt.timedelta(days=back)
        return DateValue(value=d.isoformat(), precision="day", earliest=d.isoformat(), latest=d.isoformat(),
                         text=date.text)
    return date


def resolve_against(date: DateValue, reference: dt.date) -> DateValue:
    """Re-read `date` against `reference`, with the date module when it provides `resolve_against`."""
    try:
        from strikewatch.extract import dates as dates_module

        fn = getattr(dates_module, "resolve_against", None)
    except Exception:  # noqa: BLE001 - the date module is optional here
        fn = None
    if fn is not None:
        for ref in (reference, reference.isoformat()):
            try:
                out = fn(date, ref)
            except Exception:  # noqa: BLE001 - fall back on a signature mismatch
                continue
            if isinstance(out, DateValue) and date_key(out).kind != "none":
                return out
    return _local_resolve_against(date, reference)


def anchored_key(mention: IncidentMention, key: DateKey) -> tuple[DateKey, bool]:
    """A relative date re-read against the mention's own publication date, when known: (key, anchored?).

    A bare weekday or year-less day reported by a dated article is nearly always the most recent such
    day; only when the article has no publication date does the date stay relative.
    """
    if key.kind not in ("md", "wd"):
        return key, False
    pub = parse_iso_day(mention.published)
    if pub is None:
        return key, False
    out = date_key(resolve_against(mention.date, pub))
    if out.kind != "day" or out.lo is None or out.lo > pub.toordinal() + 1:
        # a year-less day after publication is last year's
        if key.kind == "md" and key.month and key.day:
            for year in (pub.year, pub.year - 1):
                try:
                    d = dt.date(year, key.month, key.day)
                except ValueError:
                    continue
                if d <= pub:
                    return DateKey("day", d.toordinal(), d.toordinal(), d.month, d.day, d.weekday()), True
        return key, False
    return out, True
