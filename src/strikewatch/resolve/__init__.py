"""The resolve stage: link incident mentions across articles into incidents.

    dups = find_duplicates([(article_id, text), ...])
    result = resolve(mentions, overrides=store.overrides(), previous=store.previous_assignment(), duplicates=dups)
"""

from strikewatch.resolve.core import ResolveResult, resolve
from strikewatch.resolve.dedup import find_duplicates

__all__ = ["ResolveResult", "find_duplicates", "resolve"]
