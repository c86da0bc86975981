"""JSON records: `.jsonl` (one per line, streamed) and `.json` (a list, `{"articles": [...]}` or one record).

Each record needs a string `id` and `text`; `title`, `url`, `outlet`, `published` and
`language` are optional strings. A bad line or record is reported with where it is, and
the rest of the file goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from strikewatch.ingest.article import make_article
from strikewatch.ingest.decode import BinaryInput, clean_text, looks_binary, read_text, unescape_entities
from strikewatch.ingest.textfile import is_blank
from strikewatch.ingest.types import Skipped
from strikewatch.model import RawArticle

OPTIONAL = ("title", "url", "outlet", "published", "language")


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def record_article(record: Any, *, source: str, where: str, line: int | None) -> RawArticle | Skipped:
    """A record to an article, or a Skipped saying which field is wrong (`where` is "line 7" or "record 3")."""
    if not isinstance(record, dict):
        return Skipped(source, line, f"{where}: expected a JSON object, got {_type_name(record)}")
    for key in ("id", "text"):
        if key not in record:
            why = " (every article needs a stable id)" if key == "id" else ""
            return Skipped(source, line, f"{where}: missing '{key}'{why}")
        if not isinstance(record[key], str):
            return Skipped(source, line, f"{where}: '{key}' must be a string, got {_type_name(record[key])}")
    for key in OPTIONAL:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return Skipped(source, line, f"{where}: '{key}' must be a string or null, got {_type_name(value)}")
    ident = record["id"].strip()
    if not ident:
        return Skipped(source, line, f"{where}: 'id' is empty")
    text = unescape_entities(clean_text(record["text"]))
    if is_blank(text):
        return Skipped(source, line, f"{where}: 'text' is empty")
    return make_article(
        id=ident,
        text=text,
        source=source,
        line=line,
        **{key: record.get(key) for key in OPTIONAL if key != "title"},
        title=unescape_entities(record["title"]) if record.get("title") else record.get("title"),
    )


def read_jsonl_file(path: Path) -> Iterator[RawArticle | Skipped]:
    """Stream a JSONL file line by line; blank lines are ignored."""
    source = str(path)
    seen = 0
    with path.open("rb") as fh:
        if looks_binary(fh.read(8192)):
            yield Skipped(source, None, "binary file")
            return
        fh.seek(0)
        for lineno, raw in enumerate(fh, 1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen += 1
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Skipped(source, lineno, f"line {lineno}: not valid UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Skipped(source, lineno, f"line {lineno}: invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            yield record_article(record, source=source, where=f"line {lineno}", line=lineno)
    if not seen:
        yield Skipped(source, None, "empty file")


def read_json_file(path: Path) -> Iterator[RawArticle | Skipped]:
    """A JSON document holding articles; the whole document is parsed at once (use JSONL for big sets)."""
    source = str(path)
    try:
        text = read_text(path)
    except BinaryInput as exc:
        yield Skipped(source, None, str(exc))
        return
    if is_blank(text):
        yield Skipped(source, None, "empty file")
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Skipped(source, exc.lineno, f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
        return
    del text
    if isinstance(doc, dict) and "articles" in doc:
        doc = doc["articles"]
        if not isinstance(doc, list):
            yield Skipped(source, None, f"'articles' must be a list, got {_type_name(doc)}")
            return
    if isinstance(doc, dict):
        if "id" not in doc and "text" not in doc:
            yield Skipped(
                source,
                None,
                "no articles found (expected a list of records, an object with "
                "'articles', or a single record with 'id' and 'text')",
            )
            return
        yield record_article(doc, source=source, where="record 1", line=None)
        return
    if not isinstance(doc, list):
        yield Skipped(source, None, f"no articles found (the document is {_type_name(doc)})")
        return
    if not doc:
        yield Skipped(source, None, "no articles in the list")
        return
    for n, record in enumerate(doc, 1):
        yield record_article(record, source=source, where=f"record {n}", line=None)
