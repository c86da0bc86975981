"""A live page's time-stamped entries: each is a dispatch of its own, so a strike word in one entry tells of the
strike that entry reports, not of the page's headline or of the entry below."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from strikewatch.extract.lexicon import load_data

MIN_ENTRIES = 3  # fewer stamps are times in an ordinary report ("At 10:30, sirens sounded")


@lru_cache(maxsize=1)
def _stamp_line() -> re.Pattern[str]:
    words = load_data("events.json")["live_entry_stamp"]
    alt = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))  # noqa: E731
    return re.compile(
        r"(?im)^[ \t]*(?:(?:" + alt(words["day_words"]) + r")\.?,?[ \t]+)?"
        r"\d{1,2}[:.]\d{2}(?:[ \t]*(?:" + alt(words["zone_words"]) + r"))*"
        r"(?:[ \t]*\([^)\n]{1,30}\))?[ \t]*$"  # "Sat 04:20 (Sanaa)": the zone's city
    )


@lru_cache(maxsize=8)
def live_entries(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each entry, from its stamp line to the next; empty when the text is no live page."""
    starts = [m.start() for m in _stamp_line().finditer(text)]
    if len(starts) < MIN_ENTRIES:
        return ()
    ends = starts[1:] + [len(text)]
    return tuple(zip(starts, ends, strict=True))


def entry_at(entries: tuple[tuple[int, int], ...], char: int) -> int:
    """Index of the entry holding `char`; -1 for the page's head above the first entry."""
    i = bisect.bisect_right([s for s, _ in entries], char) - 1
    return i
