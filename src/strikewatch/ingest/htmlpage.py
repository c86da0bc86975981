"""HTML pages (`.html`, `.htm`): main text and metadata with trafilatura, offline, lxml as the fallback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from strikewatch.ingest.article import make_article
from strikewatch.ingest.decode import BinaryInput, read_text
from strikewatch.ingest.htmltext import page_text_and_title, tidy
from strikewatch.ingest.meta import short_title
from strikewatch.ingest.textfile import is_blank, read_sidecar
from strikewatch.ingest.types import Skipped
from strikewatch.model import RawArticle

log = logging.getLogger(__name__)


def _trafilatura(markup: str) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata from trafilatura; it is given the string only, so it never fetches."""
    import trafilatura

    # trafilatura logs every page it finds thin; that is expected here, not worth a warning line.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        doc = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura has many internal failure modes on broken pages
        log.debug("trafilatura failed: %s", exc)
        return "", {}
    if doc is None:
        return "", {}
    meta = {
        "title": doc.title,
        "outlet": doc.sitename,
        "published": doc.date,
        "url": doc.url,
        "language": doc.language,
    }
    text = doc.text or ""
    # One line per block element: make each a paragraph, as in the plain-text articles.
    return tidy(text.replace("\n", "\n\n")), meta


def read_html_file(path: Path) -> Iterator[RawArticle | Skipped]:
    """One article per page; the headline is the first line of the stored text."""
    source = str(path)
    try:
        markup = read_text(path, declared=True)
    except BinaryInput as exc:
        yield Skipped(source, None, str(exc))
        return
    if is_blank(markup):
        yield Skipped(source, None, "empty file")
        return
    body, meta = _trafilatura(markup)
    if not body:
        body, title = page_text_and_title(markup)
        meta = {"title": title}
    if not body:
        yield Skipped(source, None, "no article text found in the HTML page")
        return
    side, problems = read_sidecar(path)
    yield from problems
    meta.update(side)
    title = short_title(meta.get("title"))
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    yield make_article(
        id=side.get("id") or path.name,
        text=text,
        source=source,
        title=title,
        outlet=meta.get("outlet"),
        published=meta.get("published"),
        url=meta.get("url"),
        language=meta.get("language"),
    )
