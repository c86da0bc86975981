"""Assemble the spec's export document from a store."""

from __future__ import annotations

from strikewatch.model import Article, Export
from strikewatch.store.base import Store

# Store bookkeeping that stays out of the export (duplicate_of stays: readers need it).
_INTERNAL_ARTICLE_FIELDS = {"revision"}


def export_model(store: Store) -> Export:
    """Articles sorted by id (each with `duplicate_of`), incidents in the store's order (date, then id)."""
    articles: list[Article] = []
    for stored in store.iter_articles():
        data = stored.article.model_dump(mode="json", exclude=_INTERNAL_ARTICLE_FIELDS)
        data["duplicate_of"] = stored.duplicate_of
        articles.append(Article.model_validate(data))
    articles.sort(key=lambda a: a.id)
    return Export(articles=articles, incidents=list(store.iter_incidents()))


def build_export(store: Store) -> dict:
    """The export as plain JSON data: {"schema": "strikewatch.incidents/1", "articles": [...], "incidents": [...]}."""
    return export_model(store).to_json_dict()
