"""What ingest yields besides articles: a record of each input it could not read, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skipped:
    """An input (a file, a JSONL line, a record, a feed entry) that was not turned into an article.

    `reason` is a sentence meant for the user; with `source` and `line` it says what to fix.
    """

    source: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason}"
