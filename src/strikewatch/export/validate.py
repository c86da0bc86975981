"""Check an export document against the JSON Schema written from the spec, plus cross-references."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

MAX_REPORTED = 20


class ExportValidationError(ValueError):
    """An export that breaks the contract; `errors` lists every problem as "path: message"."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = errors[:MAX_REPORTED]
        more = f"\n  ... and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
        super().__init__(
            f"export does not match strikewatch.incidents/1 ({len(errors)} problem(s)):\n  " + "\n  ".join(shown) + more
        )


@cache
def load_schema() -> dict[str, Any]:
    """`export/schema.json`, shipped as package data."""
    return json.loads(resources.files("strikewatch.export").joinpath("schema.json").read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _path(parts: Any) -> str:
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def _evidence(node: Any, path: str) -> list[tuple[str, dict]]:
    """Every Evidence object under `node`, with its path (an object with article_id/start/end/text)."""
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        if {"article_id", "start", "end", "text"} <= node.keys():
            found.append((path, node))
        for k, v in node.items():
            found += _evidence(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _evidence(v, f"{path}[{i}]")
    return found


def _semantic_errors(doc: dict) -> list[str]:
    """What a schema can't say: unique ids, article references that resolve, start <= end."""
    errors: list[str] = []
    article_ids: set[str] = set()
    for i, art in enumerate(doc.get("articles", [])):
        if art["id"] in article_ids:
            errors.append(f"$.articles[{i}].id: duplicate article id {art['id']!r}")
        article_ids.add(art["id"])
    incident_ids: set[str] = set()
    for i, inc in enumerate(doc.get("incidents", [])):
        base = f"$.incidents[{i}]"
        if inc["id"] in incident_ids:
            errors.append(f"{base}.id: duplicate incident id {inc['id']!r}")
        incident_ids.add(inc["id"])
        for j, mention in enumerate(inc["mentions"]):
            if mention["article_id"] not in article_ids:
                errors.append(f"{base}.mentions[{j}].article_id: unknown article {mention['article_id']!r}")
        for path, ev in _evidence(inc, base):
            if ev["end"] < ev["start"]:
                errors.append(f"{path}: evidence ends ({ev['end']}) before it starts ({ev['start']})")
            if ev["article_id"] not in article_ids:
                errors.append(f"{path}.article_id: unknown article {ev['article_id']!r}")
    return errors


def validate_export(doc: Any) -> None:
    """Raise `ExportValidationError` naming each problem's JSON path when `doc` breaks the export contract."""
    schema_errors = sorted(_validator().iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    errors = [f"{_path(e.absolute_path)}: {e.message}" for e in schema_errors]
    if not errors:
        errors = _semantic_errors(doc)
    if errors:
        raise ExportValidationError(errors)
