"""Build a `RawArticle` from whatever a reader found, applying the metadata rules in one place."""

from __future__ import annotations

from typing import Any

from strikewatch.ingest.meta import (
    clean_field,
    detect_language,
    normalise_language,
    normalise_published,
    short_title,
)
from strikewatch.model import RawArticle


def make_article(
    *,
    id: str,
    text: str,
    source: str,
    title: Any = None,
    outlet: Any = None,
    published: Any = None,
    url: Any = None,
    language: Any = None,
    line: int | None = None,
) -> RawArticle:
    """One article; the language comes from metadata when it is a language tag, else from the script."""
    return RawArticle(
        id=id,
        text=text,
        title=short_title(clean_field(title)),
        outlet=clean_field(outlet),
        published=normalise_published(published),
        url=clean_field(url),
        language=normalise_language(language) or detect_language(text),
        source=source,
        line=line,
    )
