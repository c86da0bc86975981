"""Article text with its evidence spans highlighted, built as escaped HTML in Python.

Article text is untrusted: every text piece goes through `markupsafe.escape` (via `Markup.format`), so the
template can print the result without `|safe`. Overlapping spans are handled by cutting the text at every
span boundary and marking each piece with all the annotations that cover it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from strikewatch.model import Annotation

# Labels with their own colour in app.css; anything else is drawn as "other".
KNOWN_LABELS = ("place", "date", "actor", "claim", "casualty", "event", "noise", "target", "outlet", "claimant")
_SAFE_CLASS = re.compile(r"[^a-z0-9_-]")


def label_class(label: str) -> str:
    """A CSS class suffix for a label (never derived from free text beyond [a-z0-9_-])."""
    slug = _SAFE_CLASS.sub("", label.lower())
    return slug if slug in KNOWN_LABELS else "other"


def anchor_id(start: int, end: int) -> str:
    """Fragment id of the first piece of a span, so evidence links can jump to it."""
    return f"ev-{start}-{end}"


@dataclass
class _Span:
    index: int
    label: str
    start: int
    end: int
    detail: str | None


def _valid_spans(text: str, annotations: Sequence[Annotation]) -> list[_Span]:
    """Annotations clamped to the text; empty or inverted spans are dropped."""
    spans = []
    n = len(text)
    for i, ann in enumerate(annotations):
        start, end = max(0, min(ann.start, n)), max(0, min(ann.end, n))
        if end > start:
            spans.append(_Span(i, ann.label, start, end, ann.detail))
    return spans


def _title(spans: list[_Span]) -> str:
    parts = []
    for s in spans:
        parts.append(f"{s.label}: {s.detail}" if s.detail else s.label)
    return "; ".join(parts)


def highlight(text: str, annotations: Sequence[Annotation]) -> Markup:
    """HTML for `text` with each annotation wrapped in <mark> and tagged with its label at its end."""
    spans = _valid_spans(text, annotations)
    if not spans:
        return Markup("{}").format(text)
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[Markup] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b]
        covering = [s for s in spans if s.start <= a and s.end >= b]
        for s in spans:
            if s.start == a:
                out.append(Markup('<span class="ev-anchor" id="{}"></span>').format(anchor_id(s.start, s.end)))
        if not covering:
            out.append(Markup("{}").format(piece))
        else:
            # The innermost (shortest) span decides the colour; more than one gets an underline.
            inner = min(covering, key=lambda s: (s.end - s.start, s.index))
            classes = f"ev ev-{label_class(inner.label)}" + (" ev-multi" if len(covering) > 1 else "")
            labels = " ".join(dict.fromkeys(s.label for s in covering))
            out.append(
                Markup('<mark class="{}" data-labels="{}" title="{}">{}</mark>').format(
                    classes, labels, _title(covering), piece
                )
            )
        for s in sorted((s for s in spans if s.end == b), key=lambda s: -s.start):
            out.append(
                Markup('<span class="ev-tag ev-tag-{}" data-label="{}" aria-label="{}"></span>').format(
                    label_class(s.label), s.label, s.label
                )
            )
    return Markup("").join(out)
