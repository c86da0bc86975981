"""The extraction pipeline: a blank English spaCy pipeline of small components.

Each component adds one kind of annotation to `doc._.sw` (see `document.py`); the last
one, `sw_incidents`, assembles them into `IncidentMention`s. Components are registered
with spaCy by importing their modules, so `build_pipeline()` is the one place that knows
their order.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.document import strike_doc
from strikewatch.extract.pagedate import url_date
from strikewatch.model import Annotation, Article, ArticleResult, RawArticle

# Order matters: later components read what earlier ones wrote.
COMPONENTS: tuple[str, ...] = (
    "sw_sentences",
    "sw_noise",
    "sw_outlet",
    "sw_places",
    "sw_dates",
    "sw_actors",
    "sw_events",
    "sw_weapon_events",
    "sw_claims",
    "sw_casualties",
    "sw_targets",
    "sw_incidents",
)


_ABBREVIATIONS = frozenset(
    "col gen lt maj capt cpt sgt mr mrs ms dr brig adm cmdr cdr rep sen gov pres st jr sr no vs lt.col maj.gen "
    "brig.gen gen. corp inc co jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


@Language.component("sw_sentences")
def sentences(doc: Doc) -> Doc:
    """Sentence boundaries at sentence-final punctuation and at line breaks (paragraphs, headlines, and
    ';' which in headlines joins separate claims), but not after a title or an initial ("Col. Joe
    Buccino", "J. Smith"). The sentences are kept as spans on the doc (see `sentences_of`)."""
    starts = [0]
    n = len(doc)
    ends_here = False
    for i in range(n):
        token = doc[i]
        text = token.text
        if ends_here and not token.is_space:
            starts.append(i)
            ends_here = False
        if "\n" in text or text == ";":
            ends_here = True
        elif text in _FINAL or text.endswith(_FINAL_QUOTED):
            before = doc[i - 1] if i > 0 else None
            after = doc[i + 1] if i + 1 < n else None
            abbreviation = (
                text == "."
                and before is not None
                and not before.whitespace_
                and (before.lower_ in _ABBREVIATIONS or (len(before.text) == 1 and before.is_upper))
            )
            ends_here = not abbreviation and not (after is not None and after.is_lower and text == ".")
    starts.append(n)
    doc.user_data["sw_sents"] = [doc[a:b] for a, b in zip(starts, starts[1:], strict=False) if b > a]
    return doc


_FINAL = frozenset({".", "!", "?", "..", "...", "…"})
_FINAL_QUOTED = (".”", '."', "?”", '?"')


def _register_components() -> None:
    # Importing the modules registers their factories with spaCy.
    from strikewatch.extract import (  # noqa: F401
        actors,
        casualties,
        claims,
        dates,
        events,
        incidents,
        noise,
        outlet,
        places,
        targets,
        weapon_events,
    )


def build_pipeline(until: str | None = None) -> Language:
    """A fresh pipeline with every component, or only those up to and including `until`."""
    _register_components()
    nlp = spacy.blank("en")
    nlp.max_length = 60_000_000
    for name in COMPONENTS:
        nlp.add_pipe(name)
        if name == until:
            break
    return nlp


@lru_cache(maxsize=4)
def shared_pipeline(until: str | None = None) -> Language:
    """The pipeline built once per process (building loads the gazetteer)."""
    return build_pipeline(until)


def _published_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def annotate(
    text: str,
    *,
    article_id: str = "",
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    nlp: Language | None = None,
) -> Doc:
    """Run the pipeline over one text and return the annotated doc."""
    nlp = nlp or shared_pipeline()
    doc = nlp.make_doc(text)
    doc.user_data["sw_text"] = text
    sw = strike_doc(doc)
    sw.article_id = article_id
    sw.published = _published_date(published) or url_date(url)
    sw.title = title
    sw.outlet = outlet
    sw.url = url
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def extract_article(raw: RawArticle, nlp: Language | None = None) -> ArticleResult:
    """Everything extraction finds in one article: its incident mentions and labelled spans."""
    doc = annotate(
        raw.text, article_id=raw.id, published=raw.published, title=raw.title, outlet=raw.outlet, url=raw.url, nlp=nlp
    )
    sw = doc._.sw
    article = Article(
        id=raw.id,
        title=sw.title or raw.title,
        outlet=sw.outlet,
        published=raw.published,
        url=raw.url,
        language=raw.language or "en",
    )
    return ArticleResult(
        article=article,
        text=raw.text,
        content_hash=raw.content_hash,
        mentions=list(doc.user_data.get("sw_mentions", [])),
        annotations=annotations_of(doc),
    )


def annotations_of(doc: Doc) -> list[Annotation]:
    """Every labelled span, for the article page and the API."""
    sw = doc._.sw
    out: list[Annotation] = []
    for n in sw.noise:
        out.append(Annotation(label="noise", start=n.start, end=n.end, text=n.text, detail=n.reason))
    if sw.outlet_span:
        s = sw.outlet_span
        out.append(Annotation(label="outlet", start=s.start, end=s.end, text=s.text, detail=sw.outlet))
    for p in sw.places:
        detail = p.location.canonical_name if p.location else None
        out.append(Annotation(label="place", start=p.start, end=p.end, text=p.text, detail=detail))
    for d in sw.dates:
        out.append(Annotation(label="date", start=d.start, end=d.end, text=d.text, detail=d.date.value))
    for a in sw.actors:
        out.append(
            Annotation(
                label="actor",
                start=a.start,
                end=a.end,
                text=a.text,
                detail=a.actor or (a.party.id if a.party else None),
            )
        )
    for e in sw.events:
        out.append(Annotation(label="event", start=e.start, end=e.end, text=e.text, detail=e.event_type))
    for c in sw.claims:
        out.append(Annotation(label="claim", start=c.start, end=c.end, text=c.text, detail=f"{c.stance} {c.actor}"))
    for c in sw.casualties:
        out.append(Annotation(label="casualty", start=c.start, end=c.end, text=c.text, detail=c.victims))
    for t in sw.targets:
        out.append(Annotation(label="target", start=t.start, end=t.end, text=t.text, detail=t.kind))
    out.sort(key=lambda a: (a.start, a.end))
    return out
