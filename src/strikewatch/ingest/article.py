"""Build a `RawArticle` from whatever a reader found, applying the metadata rules in one place."""

from __future__ import annotations

import re
from typing import Any

from strikewatch.ingest.meta import (
    clean_field,
    detect_language,
    normalise_language,
    normalise_published,
    short_title,
)
from strikewatch.model import RawArticle

# Lone UTF-16 surrogates: JSON ("\\ud800") and character references can produce them, but no
# encoder, tokenizer or database accepts them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(value: Any) -> Any:
    """A string that every store and the tokenizer accept: NULs dropped, lone surrogates as U+FFFD."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        value = value.replace("\x00", "")
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


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
    id, text, title, outlet, published, url, language = (
        storable(v) for v in (id, text, title, outlet, published, url, language))
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
