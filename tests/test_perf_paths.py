"""The fast paths give the same answers as the slow ones: deduplication from stored MinHash signatures
groups exactly the articles that hashing every text groups, batched saves behave like one-by-one saves,
and stores written before signatures were kept still deduplicate correctly after the upgrade."""

from __future__ import annotations

import json
import pickle
import zlib
from pathlib import Path

import pytest
from datasketch import MinHash

from strikewatch import runner
from strikewatch.model import Article, ArticleResult, IncidentMention, RawArticle
from strikewatch.resolve import dedup
from strikewatch.resolve.dedup import find_duplicates, find_duplicates_by_signature, shingles, signature
from strikewatch.resolve.features import link_features
from strikewatch.store import PreparedArticle, Store, open_store
from strikewatch.store.migrations import MIGRATIONS
from strikewatch.store.sql import open_sql_store, prepare_article

WIRE = (
    "A drone strike hit a pickup truck on the road between Saraqib and Binnish on Tuesday afternoon, "
    "killing three men, a local rescue group said. The group's volunteers said the vehicle burned for an "
    "hour before they could reach it. No side has said it carried out the strike. Residents said drones had "
    "circled over the road since the morning and that traffic had thinned by noon. The rescue group said its "
    "teams took the bodies to the hospital in the town and that one of the dead was a farmer from a nearby "
    "village. Local officials did not answer calls on Tuesday evening."
)
MONITOR = (
    "The monitor recorded shelling on the eastern edge of Kharkiv overnight. Two houses were damaged and "
    "one woman was hurt, according to the regional administration, which blamed artillery units across "
    "the border. The report could not be independently verified. The administration said repair crews had "
    "restored power to most of the district by the morning and that schools in the area would stay shut for "
    "the rest of the week. Residents described hearing several loud blasts shortly after midnight."
)
OFFICIAL = (
    "The defence ministry said its aircraft struck a weapons depot near Marib on Sunday and destroyed "
    "stored rockets. The statement gave no figure for casualties and said the operation would continue."
)


def _copy(text: str, outlet: str) -> str:
    """A syndicated copy: the same story under another outlet's dateline and credit line."""
    return f"{outlet} - {text} (Staff report.)"


CORPUS = [
    ("wire-1", WIRE),
    ("zz-copy-of-wire", _copy(WIRE, "CAPITAL NEWS")),
    ("b-copy-of-wire", _copy(WIRE, "VALLEY HERALD")),
    ("monitor-1", MONITOR),
    ("monitor-edited", MONITOR.replace("overnight", "at night")),
    ("official-1", OFFICIAL),
    ("official-rewrite", "Officials said jets hit a depot near Marib. " + OFFICIAL[60:120]),
    ("empty", ""),
    ("punctuation-only", "... -- !!"),
    ("short-a", "Strike near Idlib"),
    ("short-b", "strike near IDLIB"),
]


def _datasketch_signature(text: str) -> bytes:
    mh = MinHash(num_perm=dedup.NUM_PERM, seed=1)
    mh.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return mh.hashvalues.astype("<u4").tobytes()


def test_signature_is_datasketch_minhash_of_the_shingle_set() -> None:
    for _, text in CORPUS:
        expected = _datasketch_signature(text) if shingles(text) else b""
        assert signature(text) == expected


def test_long_text_is_signed_word_by_word_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    text = " ".join([WIRE, MONITOR, OFFICIAL] * 40)
    whole = signature(text)
    monkeypatch.setattr(dedup, "_STREAM_CHARS", 100)
    monkeypatch.setattr(dedup, "_HASH_CHUNK", 7)
    assert signature(text) == whole == _datasketch_signature(text)
    six_words = "Strike near Idlib, again and again"
    assert signature(six_words) == _datasketch_signature(six_words)
    assert signature("Two words") == _datasketch_signature("Two words")
    assert signature("?!" * 200) == b""


def test_grouping_from_signatures_equals_grouping_from_texts() -> None:
    by_text = find_duplicates(CORPUS)
    # Copies map to the smallest id of their group; distinct stories stay apart.
    assert by_text["wire-1"] == "b-copy-of-wire" and by_text["zz-copy-of-wire"] == "b-copy-of-wire"
    assert by_text["monitor-edited"] == "monitor-1"
    assert "official-rewrite" not in by_text and "empty" not in by_text and "punctuation-only" not in by_text
    assert by_text["short-b"] == "short-a"  # same words, other case
    signed = [(aid, signature(text)) for aid, text in reversed(CORPUS)]
    assert find_duplicates_by_signature(signed) == by_text
    with pytest.raises(ValueError, match="bytes"):
        find_duplicates_by_signature([("x", b"\x00" * 12)])


def _result(article_id: str, text: str) -> ArticleResult:
    raw = RawArticle(id=article_id, text=text, outlet="Test Wire")
    return ArticleResult(article=Article(id=article_id, outlet="Test Wire"), text=text, content_hash=raw.content_hash)


def _signatures(store: Store) -> dict[str, tuple[bytes | None, str | None]]:
    return {aid: (sig, text) for aid, _h, sig, text in store.iter_article_signatures()}


def test_signatures_are_stored_with_the_article_and_follow_revisions(store: Store) -> None:
    signed = _result("wire-1", WIRE)
    signed.dedup_signature = signature(WIRE)
    assert store.save_articles([(signed, "a.jsonl"), (_result("monitor-1", MONITOR), "a.jsonl")]) == ["new", "new"]
    stored = _signatures(store)
    # A stored signature spares reading the text; an article saved without one gives its text instead.
    assert stored["wire-1"] == (signature(WIRE), None)
    assert stored["monitor-1"] == (None, MONITOR)
    store.set_signatures([("monitor-1", _result("monitor-1", MONITOR).content_hash, signature(MONITOR))])
    assert _signatures(store)["monitor-1"] == (signature(MONITOR), None)
    # A revision replaces the signature; one saved without a signature falls back to its new text.
    assert store.save_article(_result("wire-1", OFFICIAL)) == "revised"
    assert _signatures(store)["wire-1"] == (None, OFFICIAL)
    # A signature of an older text is never used for the current one.
    store.set_signatures([("monitor-1", "0" * 64, signature(OFFICIAL))])
    assert _signatures(store)["monitor-1"] == (None, MONITOR)
    store.set_signatures([("no-such-article", "0" * 64, b"")])  # ignored
    assert set(_signatures(store)) == {"monitor-1", "wire-1"}


def test_a_batch_saves_like_one_article_at_a_time(store: Store) -> None:
    first, second = _result("wire-1", WIRE), _result("wire-1", _copy(WIRE, "CAPITAL NEWS"))
    outcomes = store.save_prepared([prepare_article(first, "a"), prepare_article(second, "a"),
                                    prepare_article(_result("monitor-1", MONITOR), "b"),
                                    prepare_article(first, "a")])
    assert outcomes == ["new", "revised", "new", "revised"]
    assert [r["revision"] for r in store.revisions("wire-1")] == [1, 2, 3]
    assert store.get_article("wire-1").text == WIRE  # type: ignore[union-attr]
    assert store.save_prepared([prepare_article(first, "a"), prepare_article(_result("monitor-1", MONITOR))]) == [
        "unchanged", "unchanged"]
    assert store.save_prepared([]) == []


def test_prepared_records_are_plain_values() -> None:
    """What a Dask worker sends back: no pydantic models, and it survives pickling unchanged."""
    result = _result("wire-1", WIRE)
    result.dedup_signature = signature(WIRE)
    prepared = prepare_article(result, "feed.jsonl")
    assert isinstance(prepared, PreparedArticle)
    assert pickle.loads(pickle.dumps(prepared)) == prepared
    assert prepared.values["text"] == WIRE and prepared.signature == signature(WIRE)
    assert "dedup_signature" not in result.model_dump()  # a cache, never exported


def test_extraction_signs_the_whole_stored_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "MAX_EXTRACT_CHARS", 150)
    raw = RawArticle(id="long", text=WIRE + " " + MONITOR, source="x.txt")
    prepared = runner.extract_prepared(raw)
    assert isinstance(prepared, PreparedArticle)
    assert prepared.values["text"] == raw.text and prepared.signature == signature(raw.text)


def test_store_from_before_signatures_deduplicates_the_same_after_upgrade(store_target: str, tmp_path: Path) -> None:
    """Articles stored by a version without signatures are signed from their text on the next resolution."""
    with open_sql_store(store_target, MIGRATIONS[:2]) as old:
        for aid, text in CORPUS:
            if text:
                old.save_article(_result(aid, text))  # type: ignore[arg-type]
    with open_store(store_target) as store:
        assert {sig for sig, _ in _signatures(store).values()} == {None}
        expected = find_duplicates([(a, t) for a, t in CORPUS if t])
        assert dict(find_duplicates_by_signature(runner.article_signatures(store))) == expected
        # The signatures computed then are kept: later resolutions read no text.
        assert all(text is None for _, text in _signatures(store).values())
        runner.resolve_store(store)
        assert {a.article.id: a.duplicate_of for a in store.iter_articles() if a.duplicate_of} == expected


def _raw(aid: str, text: str) -> RawArticle:
    return RawArticle(id=aid, text=text, outlet="Test Wire", published="2024-05-14")


def test_linking_features_are_stored_with_the_mentions_and_follow_revisions(store: Store) -> None:
    """Each mention's linking features and packed JSON are made with its extraction; resolution then reads
    them instead of the JSON. A revision saved without them falls back to the JSON, never to stale ones."""
    prepared = runner.extract_prepared(_raw("wire-1", WIRE))
    assert isinstance(prepared, PreparedArticle) and prepared.mentions
    assert store.save_prepared([prepared]) == ["new"]
    records = list(store.iter_mention_records())
    assert [r[0] for r in records] == [m.id for m in store.iter_mentions()]
    for (_mid, _aid, payload, features, packed), mention in zip(records, store.iter_mentions(), strict=True):
        assert payload is None
        assert json.loads(features) == link_features(mention)
        assert IncidentMention.model_validate_json(zlib.decompress(packed)) == mention
    revised = runner.extract_safely(_raw("wire-1", WIRE.replace("three men", "four men")))
    assert store.save_article(revised) == "revised"  # the single-article path stores no features
    records = list(store.iter_mention_records())
    assert records and all(r[2] is not None and r[3] is None and r[4] is None for r in records)


def test_resolution_from_stored_features_equals_resolution_from_the_mentions(tmp_path: Path) -> None:
    texts = [(aid, text) for aid, text in CORPUS if len(text) > 100] + [("monitor-2", MONITOR[:200] + " Two died.")]
    with open_store(str(tmp_path / "fast.db")) as fast, open_store(str(tmp_path / "slow.db")) as slow:
        fast.save_prepared([runner.extract_prepared(_raw(aid, text)) for aid, text in texts])  # type: ignore[misc]
        for aid, text in texts:
            slow.save_article(runner.extract_safely(_raw(aid, text)))  # type: ignore[arg-type]
        assert all(r[3] for r in fast.iter_mention_records()) and not any(r[3] for r in slow.iter_mention_records())
        runner.resolve_store(fast)
        runner.resolve_store(slow)
        assert fast.count_incidents() >= 2
        assert list(fast.iter_incidents()) == list(slow.iter_incidents())
        assert fast.previous_assignment() == slow.previous_assignment()
