"""Plain-text articles (`.txt`), with optional metadata in a `NAME.meta.json` sidecar."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from strikewatch.ingest.article import make_article
from strikewatch.ingest.decode import BinaryInput, read_text
from strikewatch.ingest.meta import first_line_title
from strikewatch.ingest.types import Skipped
from strikewatch.model import RawArticle

SIDECAR_SUFFIX = ".meta.json"
META_FIELDS = ("id", "title", "url", "outlet", "published", "language")


def sidecar_paths(path: Path) -> tuple[Path, Path]:
    """Where a file's metadata may sit: `a.txt.meta.json`, then `a.meta.json`."""
    return path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> tuple[dict[str, Any], list[Skipped]]:
    """The metadata beside `path` (empty when there is none) and any problem found in it.

    A broken sidecar costs its metadata, never the article.
    """
    for candidate in sidecar_paths(path):
        if candidate.is_file():
            break
    else:
        return {}, []
    src = str(candidate)
    try:
        meta = json.loads(read_text(candidate))
    except json.JSONDecodeError as exc:
        return {}, [Skipped(src, exc.lineno, f"invalid JSON in metadata sidecar ({exc.msg}); metadata ignored")]
    except (OSError, BinaryInput) as exc:
        return {}, [Skipped(src, None, f"unreadable metadata sidecar ({exc}); metadata ignored")]
    if not isinstance(meta, dict):
        return {}, [Skipped(src, None, "metadata sidecar must be a JSON object; metadata ignored")]
    out: dict[str, Any] = {}
    problems: list[Skipped] = []
    for key in META_FIELDS:
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or (key == "id" and not value.strip()):
            problems.append(Skipped(src, None, f"metadata sidecar: '{key}' must be a non-empty string; field ignored"))
            continue
        out[key] = value.strip() if key == "id" else value
    return out, problems


def is_blank(text: str) -> bool:
    """Empty or whitespace only, without copying a large text."""
    return not text or text.isspace()


def read_text_file(path: Path) -> Iterator[RawArticle | Skipped]:
    """One article per file: the title is the first non-empty line, which stays in the text.

    The file is read once and decoded once, in chunks; the text is stored whole.
    """
    source = str(path)
    try:
        text = read_text(path)
    except BinaryInput as exc:
        yield Skipped(source, None, str(exc))
        return
    if is_blank(text):
        yield Skipped(source, None, "empty file")
        return
    meta, problems = read_sidecar(path)
    yield from problems
    yield make_article(
        id=meta.get("id") or path.name,
        text=text,
        source=source,
        title=meta.get("title") or first_line_title(text),
        outlet=meta.get("outlet"),
        published=meta.get("published"),
        url=meta.get("url"),
        language=meta.get("language"),
    )
