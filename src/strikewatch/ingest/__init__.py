"""The ingest stage: files and folders in, `RawArticle`s out, and a `Skipped` for everything unreadable.

```python
from strikewatch.ingest import iter_inputs, Skipped
for item in iter_inputs(["reports/", "feed.rss", "batch.jsonl"]):
    if isinstance(item, Skipped):
        print(item)          # "batch.jsonl:7: line 7: invalid JSON (...)"
    else:
        ...                  # a RawArticle
```

Formats: `.txt` (plus an optional `NAME.meta.json` sidecar), `.html`/`.htm`, `.jsonl`,
`.json`, RSS/Atom (`.rss`, `.atom`, `.xml`). Folders are walked recursively in sorted order;
hidden files, sidecars and README files in folders are not inputs. Files are read one at a
time and articles yielded as they are read, so a folder of any size is never held in memory.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from strikewatch.ingest.decode import looks_binary
from strikewatch.ingest.feeds import read_feed_file
from strikewatch.ingest.htmlpage import read_html_file
from strikewatch.ingest.meta import detect_language, normalise_published
from strikewatch.ingest.records import read_json_file, read_jsonl_file
from strikewatch.ingest.textfile import SIDECAR_SUFFIX, read_text_file
from strikewatch.ingest.types import Skipped
from strikewatch.model import RawArticle

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Skipped",
    "count_articles",
    "detect_language",
    "input_files",
    "iter_inputs",
    "normalise_published",
    "read_file",
]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
SUPPORTED_SUFFIXES = tuple(sorted(TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | {".json", ".jsonl"}))

PathArg = str | os.PathLike[str]
log = logging.getLogger(__name__)


def _is_input_name(name: str) -> bool:
    """Names inside a folder that are inputs: not hidden, not a sidecar, not the folder's README, not a backup."""
    lower = name.lower()
    return not (
        name.startswith(".")
        or lower.endswith(SIDECAR_SUFFIX)
        or lower == "readme"
        or lower.startswith("readme.")
        or name.endswith("~")
    )


def _walk_folder(root: Path) -> Iterator[Path]:
    """Files under a folder in a stable order (by path), skipping hidden folders."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        base = Path(dirpath)
        rel = base.relative_to(root).parts
        for name in filenames:
            if _is_input_name(name):
                found.append(((*rel, name), base / name))
    found.sort(key=lambda pair: pair[0])
    for _, path in found:
        yield path


def input_files(paths: Iterable[PathArg] | PathArg) -> Iterator[Path | Skipped]:
    """Every input file the paths name, in order, each once; a Skipped for a path that does not exist."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    seen: set[Path] = set()
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            candidates: Iterable[Path] = _walk_folder(path)
        elif path.is_file():
            candidates = [path]
        elif path.exists():
            yield Skipped(str(path), None, "not a regular file or folder")
            continue
        else:
            yield Skipped(str(path), None, "no such file or folder")
            continue
        for file in candidates:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def count_articles(paths: Iterable[PathArg] | PathArg) -> int:
    """About how many articles and skips `iter_inputs` will yield, counted without parsing: a JSONL file's
    non-blank lines, one for any other file or missing path. A total for a progress bar: one archive file
    may hold the whole corpus, so counting files would leave the bar at 0 of 1 until the end."""
    total = 0
    for item in input_files(paths):
        if isinstance(item, Path) and item.suffix.lower() == ".jsonl":
            try:
                with item.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
                continue
            except OSError:
                pass  # reported when the file is read
        total += 1
    return total


def read_file(path: Path) -> Iterator[RawArticle | Skipped]:
    """Everything one file holds, chosen by its suffix; errors reading it become a Skipped."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if not path.is_file():  # a FIFO or device met in a folder walk would block or never end
            yield Skipped(source, None, "not a regular file")
            return
        if path.stat().st_size == 0:
            yield Skipped(source, None, "empty file")
            return
        if suffix in TEXT_SUFFIXES:
            yield from read_text_file(path)
        elif suffix in HTML_SUFFIXES:
            yield from read_html_file(path)
        elif suffix == ".jsonl":
            yield from read_jsonl_file(path)
        elif suffix == ".json":
            yield from read_json_file(path)
        elif suffix in FEED_SUFFIXES:
            yield from read_feed_file(path)
        else:
            with path.open("rb") as fh:
                head = fh.read(8192)
            if looks_binary(head):
                yield Skipped(source, None, "binary file")
            else:
                known = ", ".join(s for s in SUPPORTED_SUFFIXES if s)
                yield Skipped(source, None, f"unsupported file type '{suffix}' (expected one of {known})")
    except OSError as exc:
        yield Skipped(source, None, f"cannot read file ({exc.strerror or exc})")
    except RecursionError:
        yield Skipped(source, None, "markup too deeply nested to read")
    except Exception as exc:  # noqa: BLE001 - a parser choking on one file must not end the batch
        log.debug("cannot parse %s", source, exc_info=True)
        yield Skipped(source, None, f"cannot parse file ({type(exc).__name__}: {str(exc)[:200]})")


def iter_inputs(paths: Iterable[PathArg] | PathArg) -> Iterator[RawArticle | Skipped]:
    """Articles from files and folders, in a deterministic order, one file in memory at a time.

    An id met twice in one run is reported on its second occurrence rather than silently
    replacing the first article.
    """
    first_seen: dict[str, str] = {}
    for item in input_files(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        for got in read_file(item):
            if isinstance(got, RawArticle):
                where = f"{got.source}:{got.line}" if got.line is not None else str(got.source)
                if got.id in first_seen:
                    reason = f"duplicate id '{got.id}' (first read from {first_seen[got.id]})"
                    yield Skipped(str(got.source), got.line, reason)
                    continue
                first_seen[got.id] = where
            yield got
