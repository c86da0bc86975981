"""RSS and Atom feeds: each entry becomes an article (feedparser is given bytes, so it never fetches)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from strikewatch.ingest.article import make_article
from strikewatch.ingest.decode import looks_binary
from strikewatch.ingest.htmltext import html_to_text
from strikewatch.ingest.meta import short_title
from strikewatch.ingest.types import Skipped
from strikewatch.model import RawArticle

_FEED_ROOT = re.compile(rb"<(?:[A-Za-z0-9_-]+:)?(rss|feed|RDF)[\s>]")


def is_feed(head: bytes) -> bool:
    """True when an XML document's root element is an RSS, Atom or RDF feed."""
    return _FEED_ROOT.search(head[:4096]) is not None


def _entry_text(entry: Any) -> str:
    """The fullest body an entry has: its content, else its summary, with the HTML removed."""
    bodies = [c.get("value") or "" for c in entry.get("content") or []]
    bodies.append(entry.get("summary") or entry.get("description") or "")
    best = max(bodies, key=len)
    return html_to_text(best)


def read_feed_file(path: Path) -> Iterator[RawArticle | Skipped]:
    """One article per entry; the entry's title is the first line of the stored text."""
    import feedparser

    source = str(path)
    data = path.read_bytes()
    if not data or data.isspace():
        yield Skipped(source, None, "empty file")
        return
    if looks_binary(data[:8192]):
        yield Skipped(source, None, "binary file")
        return
    if not is_feed(data):
        yield Skipped(source, None, "not an RSS or Atom feed")
        return
    parsed = feedparser.parse(data)  # bytes, never a URL: nothing is fetched
    del data
    if not parsed.entries:
        why = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield Skipped(source, None, f"feed has no entries{why}")
        return
    outlet = parsed.feed.get("title")
    feed_language = parsed.feed.get("language")
    for n, entry in enumerate(parsed.entries, 1):
        ident = (entry.get("id") or entry.get("link") or "").strip()
        if not ident:
            yield Skipped(source, None, f"entry {n}: no id or link to identify it")
            continue
        title = short_title(html_to_text(entry.get("title") or ""))
        body = _entry_text(entry)
        if not body and not title:
            yield Skipped(source, None, f"entry {n}: no text")
            continue
        text = body if not title or body.startswith(title) else f"{title}\n\n{body}".strip()
        yield make_article(
            id=ident,
            text=text,
            source=source,
            title=title,
            outlet=outlet,
            published=entry.get("published") or entry.get("updated") or entry.get("created"),
            url=entry.get("link"),
            language=entry.get("language") or feed_language,
        )
