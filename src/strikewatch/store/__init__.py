"""The store stage: articles, their extraction results, incidents and analysts' corrections.

`open_store(target)` takes an SQLite file path (the embedded default) or a
`postgresql://` URL and returns a `Store` with the same behaviour on both.
"""

from strikewatch.store.base import IncidentLink, PreparedArticle, SaveOutcome, Store, StoredArticle, open_store

__all__ = ["IncidentLink", "PreparedArticle", "SaveOutcome", "Store", "StoredArticle", "open_store"]
