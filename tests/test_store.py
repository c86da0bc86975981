"""The store keeps articles, revisions, mentions and incidents the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from strikewatch.model import (
    Annotation,
    Article,
    ArticleResult,
    Attribution,
    AttributionClaim,
    CasualtyClaim,
    CasualtyRange,
    DateValue,
    Evidence,
    Figure,
    Incident,
    IncidentMention,
    Location,
    Mention,
    Party,
    content_hash,
)
from strikewatch.store import IncidentLink, Store, open_store
from strikewatch.store.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate
from strikewatch.store.schema import schema_version
from strikewatch.store.sql import SqlStore, date_bounds, open_sql_store

MONITOR_TEXT = (
    "Warplanes struck positions of an Iran-backed militia near al-Mayadin in eastern Syria on "
    "Tuesday, killing at least six fighters, a war monitor said. The monitor blamed Israel."
)
MONITOR_TEXT_V2 = MONITOR_TEXT + " The death toll later rose to nine, according to local medics."
OFFICIAL_TEXT = (
    "The ministry of defence said air defences intercepted two drones over Deir ez-Zor on "
    "Wednesday. No casualties were reported."
)


def ev(article_id: str, body: str, phrase: str) -> Evidence:
    start = body.index(phrase)
    return Evidence(article_id=article_id, start=start, end=start + len(phrase), text=phrase)


def mayadin() -> Location:
    return Location(
        name="al-Mayadin",
        canonical_name="Al Mayadin",
        country="SY",
        admin1="Deir ez-Zor",
        lat=35.0208,
        lon=40.4531,
        precision="city",
        gazetteer_id="geonames:166365",
    )


def monitor_result(body: str = MONITOR_TEXT, article_id: str = "monitor-1.txt") -> ArticleResult:
    claimant = Party(name="a war monitor", kind="monitor")
    mention = IncidentMention(
        id=f"{article_id}#0",
        article_id=article_id,
        role="main",
        event_type="airstrike",
        date=DateValue(value="2024-03-26", precision="day", text="Tuesday"),
        date_evidence=ev(article_id, body, "Tuesday"),
        locations=[mayadin()],
        claims=[
            AttributionClaim(
                actor="IL",
                actor_name="Israel",
                claimant=claimant,
                stance="asserts",
                article_id=article_id,
                evidence=ev(article_id, body, "The monitor blamed Israel."),
            )
        ],
        casualties=[
            CasualtyClaim(
                claimant=claimant,
                killed=Figure(min=6, max=None),
                victims="militants",
                article_id=article_id,
                evidence=ev(article_id, body, "killing at least six fighters"),
            )
        ],
        evidence=[ev(article_id, body, "Warplanes struck positions")],
        outlet="Wire",
    )
    return ArticleResult(
        article=Article(id=article_id, title="Strikes hit militia near Mayadin", outlet="Wire", published="2024-03-26"),
        text=body,
        content_hash=content_hash(body),
        mentions=[mention],
        annotations=[
            Annotation(
                label="place",
                start=body.index("al-Mayadin"),
                end=body.index("al-Mayadin") + 10,
                text="al-Mayadin",
                detail="geonames:166365",
            ),
            Annotation(label="date", start=body.index("Tuesday"), end=body.index("Tuesday") + 7, text="Tuesday"),
        ],
    )


def official_result(article_id: str = "official-1.txt") -> ArticleResult:
    body = OFFICIAL_TEXT
    mention = IncidentMention(
        id=f"{article_id}#0",
        article_id=article_id,
        role="main",
        event_type="drone_attack",
        date=DateValue(value="2024-03", precision="month"),
        locations=[
            Location(name="Deir ez-Zor", country="SY", admin1="Deir ez-Zor", lat=35.336, lon=40.141, precision="city")
        ],
        evidence=[ev(article_id, body, "intercepted two drones over Deir ez-Zor")],
    )
    return ArticleResult(
        article=Article(id=article_id, outlet="Ministry of Defence", language="en"),
        text=body,
        content_hash=content_hash(body),
        mentions=[mention],
    )


def incident(
    incident_id: str,
    *,
    day: str | None,
    event_type: str = "airstrike",
    location: Location | None = None,
    perpetrator: str | None = None,
    status: str = "unknown",
    killed: tuple[int | None, int | None] = (None, None),
    article_id: str = "monitor-1.txt",
    passage: str = "Warplanes struck positions",
) -> Incident:
    precision = "day" if day and len(day) == 10 else ("month" if day else "unknown")
    return Incident(
        id=incident_id,
        event_type=event_type,
        date=DateValue(value=day, precision=precision),
        locations=[location] if location else [],
        attribution=Attribution(status=status, perpetrator=perpetrator),
        casualty_range=CasualtyRange(killed_min=killed[0], killed_max=killed[1]),
        mentions=[
            Mention(
                article_id=article_id,
                role="main",
                evidence=[Evidence(article_id=article_id, start=0, end=len(passage), text=passage)],
            )
        ],
    )


# --- articles ---------------------------------------------------------------------------


def test_new_unchanged_revised_keep_history(store: Store) -> None:
    assert store.article_hash("monitor-1.txt") is None
    assert store.save_article(monitor_result(), source="feeds/wire.jsonl") == "new"
    assert store.article_hash("monitor-1.txt") == content_hash(MONITOR_TEXT)

    # Same id, same text: nothing is written, even if extraction now says something else.
    rerun = monitor_result()
    rerun.mentions = []
    assert store.save_article(rerun, source="elsewhere.jsonl") == "unchanged"
    assert [m.id for m in store.iter_mentions()] == ["monitor-1.txt#0"]
    assert len(store.revisions("monitor-1.txt")) == 1

    # Corrected copy of the story: a new revision replaces mentions and annotations.
    revised = monitor_result(MONITOR_TEXT_V2)
    revised.mentions[0].casualties[0].killed = Figure(min=9, max=9)
    revised.annotations = revised.annotations[:1]
    assert store.save_article(revised) == "revised"

    stored = store.get_article("monitor-1.txt")
    assert stored is not None
    assert stored.revision == 2 and stored.text == MONITOR_TEXT_V2
    assert stored.content_hash == content_hash(MONITOR_TEXT_V2)
    assert [a.label for a in stored.annotations] == ["place"]
    mentions = list(store.iter_mentions())
    assert len(mentions) == 1 and mentions[0].casualties[0].killed == Figure(min=9, max=9)

    history = store.revisions("monitor-1.txt")
    assert [h["revision"] for h in history] == [1, 2]
    assert history[0]["text"] == MONITOR_TEXT and history[0]["source"] == "feeds/wire.jsonl"
    assert history[1]["content_hash"] == content_hash(MONITOR_TEXT_V2)
    assert store.count_articles() == 1


def test_article_round_trips_with_evidence(store: Store) -> None:
    original = monitor_result()
    store.save_article(original)
    stored = store.get_article("monitor-1.txt")
    assert stored is not None
    assert stored.article.title == "Strikes hit militia near Mayadin"
    assert stored.article.model_extra == {"duplicate_of": None, "revision": 1}
    assert stored.annotations == original.annotations
    (mention,) = store.iter_mentions()
    assert mention == original.mentions[0]
    # What resolution reads, unparsed: saved without linking features, the mention's JSON.
    ((mid, article_id, payload, features, packed),) = store.iter_mention_records()
    assert (mid, article_id, features, packed) == (mention.id, "monitor-1.txt", None, None)
    assert IncidentMention.model_validate_json(payload) == mention
    cas = mention.casualties[0]
    assert MONITOR_TEXT[cas.evidence.start : cas.evidence.end] == cas.evidence.text
    assert store.get_article("missing.txt") is None


def test_failed_save_writes_nothing(store: Store) -> None:
    bad = monitor_result()
    bad.mentions.append(bad.mentions[0].model_copy())  # two mentions with one id: fails after the article row
    with pytest.raises(IntegrityError):
        store.save_article(bad)
    assert store.article_hash("monitor-1.txt") is None
    assert store.count_articles() == 0
    assert list(store.iter_mentions()) == []
    assert store.revisions("monitor-1.txt") == []

    # A failed revision leaves the previous revision whole.
    assert store.save_article(monitor_result()) == "new"
    bad_revision = monitor_result(MONITOR_TEXT_V2)
    bad_revision.mentions.append(bad_revision.mentions[0].model_copy())
    with pytest.raises(IntegrityError):
        store.save_article(bad_revision)
    stored = store.get_article("monitor-1.txt")
    assert stored is not None and stored.revision == 1 and stored.text == MONITOR_TEXT
    assert len(stored.annotations) == 2
    assert [m.id for m in store.iter_mentions()] == ["monitor-1.txt#0"]
    assert len(store.revisions("monitor-1.txt")) == 1
    assert store.save_article(monitor_result(MONITOR_TEXT_V2)) == "revised"


def test_duplicates_and_article_order(store: Store) -> None:
    store.save_article(official_result())
    store.save_article(monitor_result(article_id="monitor-2.txt"))
    store.save_article(monitor_result())
    store.set_duplicates({"monitor-2.txt": "monitor-1.txt", "not-stored.txt": "monitor-1.txt"})
    arts = list(store.iter_articles())
    assert [a.article.id for a in arts] == ["monitor-1.txt", "monitor-2.txt", "official-1.txt"]
    assert [a.duplicate_of for a in arts] == [None, "monitor-1.txt", None]
    assert arts[1].article.model_extra["duplicate_of"] == "monitor-1.txt"
    store.set_duplicates({"monitor-2.txt": None})
    assert store.get_article("monitor-2.txt").duplicate_of is None  # type: ignore[union-attr]


def test_mentions_in_article_order(store: Store) -> None:
    store.save_article(official_result())
    store.save_article(monitor_result())
    assert [m.id for m in store.iter_mentions()] == ["monitor-1.txt#0", "official-1.txt#0"]


# --- incidents --------------------------------------------------------------------------


def test_replace_incidents_counts_and_links(store: Store) -> None:
    a = incident("inc-a", day="2024-03-26", location=mayadin(), perpetrator="IL", status="claimed", killed=(6, None))
    b = incident("inc-b", day="2024-03-27", event_type="drone_attack", article_id="official-1.txt")
    links = [
        IncidentLink("inc-a", "monitor-1.txt#0", {"reason": "seed", "score": 1.0}),
        IncidentLink("inc-b", "official-1.txt#0", {"reason": "seed"}),
    ]
    assert store.replace_incidents([a, b], links) == (2, 0)
    assert store.replace_incidents([a, b], links) == (0, 0)  # same payloads: nothing changed

    a2 = a.model_copy(update={"casualty_range": CasualtyRange(killed_min=6, killed_max=9)})
    c = incident("inc-c", day=None, event_type="shelling")
    new_links = [
        IncidentLink("inc-a", "monitor-1.txt#0", {"reason": "same place and day", "score": 0.92}),
        IncidentLink("inc-a", "monitor-2.txt#0", {"reason": "syndicated copy"}),
        IncidentLink("inc-c", "official-1.txt#0", {"reason": "split by analyst"}),
    ]
    assert store.replace_incidents([c, a2], new_links) == (1, 1)

    assert [i.id for i in store.iter_incidents()] == ["inc-a", "inc-c"]  # b is gone; undated last
    assert store.get_incident("inc-a") == a2
    assert store.get_incident("inc-b") is None
    assert store.count_incidents() == 2
    assert [(x.mention_id, x.explanation) for x in store.links_of("inc-a")] == [
        ("monitor-1.txt#0", {"reason": "same place and day", "score": 0.92}),
        ("monitor-2.txt#0", {"reason": "syndicated copy"}),
    ]
    assert store.previous_assignment() == {
        "monitor-1.txt#0": "inc-a",
        "monitor-2.txt#0": "inc-a",
        "official-1.txt#0": "inc-c",
    }


def test_incidents_from_resolution_are_stored_as_from_records(store: Store) -> None:
    """Resolution hands the store compact records with their rows made; the store must keep the same
    incidents (and searchable columns) as when given the records themselves."""
    from strikewatch.resolve.core import CompactIncidents

    a = incident("inc-a", day="2024-03-26", location=mayadin(), perpetrator="IL", status="claimed", killed=(6, None))
    b = incident("inc-b", day="2024-03-27", event_type="drone_attack", article_id="official-1.txt")
    compact = CompactIncidents()
    for x in (a, b):
        compact.add(x)
    assert store.replace_incidents(compact, []) == (2, 0)
    assert list(store.iter_incidents()) == [a, b]
    assert store.replace_incidents([a, b], []) == (0, 0)  # the same payloads, written the other way
    assert [i.id for i in store.query_incidents(country="SY", status="claimed")[0]] == ["inc-a"]


def test_incidents_written_in_parts_as_they_are_built(store: Store) -> None:
    """The runner writes incidents a batch at a time while the cluster builds the rest; a write retried
    because the database was busy starts the parts again and stores each incident once."""
    from sqlalchemy.exc import OperationalError

    from strikewatch.store.sql import incident_row

    a = incident("inc-a", day="2024-03-26", location=mayadin(), perpetrator="IL", status="claimed")
    b = incident("inc-b", day="2024-03-27", event_type="drone_attack", article_id="official-1.txt")
    c = incident("inc-c", day=None, event_type="shelling")
    store.replace_incidents([a], [IncidentLink("inc-a", "monitor-1.txt#0", {"rule": "old"})])
    parts = [
        ([incident_row(b)], [IncidentLink("inc-b", "official-1.txt#0", {"rule": "cluster", "total": 0.9})]),
        ([incident_row(c), incident_row(a)], [IncidentLink("inc-a", "monitor-1.txt#0", {"rule": "seed"})]),
    ]
    calls = []

    def make_parts():
        calls.append(1)
        yield parts[0]
        if len(calls) == 1:  # the first attempt fails after writing a part
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        yield parts[1]

    assert store.needs_resolve()
    assert store.replace_incident_parts(make_parts, as_of=store.articles_version()) == (2, 0)
    assert len(calls) == 2
    assert [i.id for i in store.iter_incidents()] == ["inc-a", "inc-b", "inc-c"]
    assert store.previous_assignment() == {"monitor-1.txt#0": "inc-a", "official-1.txt#0": "inc-b"}
    assert [x.explanation for x in store.links_of("inc-b")] == [{"rule": "cluster", "total": 0.9}]
    assert not store.needs_resolve()  # resolved as of the articles stored


def test_replace_incidents_is_all_or_nothing(store: Store) -> None:
    a = incident("inc-a", day="2024-03-26")
    store.replace_incidents([a], [IncidentLink("inc-a", "monitor-1.txt#0", {})])
    with pytest.raises(IntegrityError):  # a link to an incident that is not in the set
        store.replace_incidents([incident("inc-z", day="2024-01-01")], [IncidentLink("inc-q", "m#0", {})])
    assert [i.id for i in store.iter_incidents()] == ["inc-a"]
    assert store.previous_assignment() == {"monitor-1.txt#0": "inc-a"}
    with pytest.raises(ValueError, match="unique"):
        store.replace_incidents([a, a], [])


def test_incident_order_is_date_then_id(store: Store) -> None:
    ids = ["b", "a", "Z", "c-undated", "m-month"]
    days = ["2024-03-26", "2024-03-26", "2024-03-26", None, "2024-03"]
    store.replace_incidents([incident(i, day=d) for i, d in zip(ids, days, strict=True)], [])
    # A month sorts at its first day; ids compare by code point ("Z" < "a") on both backends.
    assert [i.id for i in store.iter_incidents()] == ["m-month", "Z", "a", "b", "c-undated"]


@pytest.fixture
def five_incidents(store: Store) -> Store:
    iraq = Location(name="al-Qa'im", country="IQ", admin1="Anbar", lat=34.37, lon=41.09, precision="city")
    tanf = Location(name="al-Tanf", country="SY", admin1="Homs", lat=33.5, lon=38.65, precision="site")
    nowhere = Location(name="the border area", precision="country")
    store.replace_incidents(
        [
            incident("i1", day="2024-03-26", location=mayadin(), perpetrator="IL", status="claimed", killed=(6, 9)),
            incident(
                "i2",
                day="2024-03-27",
                location=mayadin(),
                perpetrator="US",
                status="declared",
                passage="The US military said it struck a depot used by the IRGC 100% of the time",
            ),
            incident(
                "i3", day="2024-02", location=iraq, event_type="drone_strike", perpetrator="US", status="declared"
            ),
            incident("i4", day="2024-04-02", location=tanf, event_type="drone_attack", status="unknown"),
            incident("i5", day=None, location=nowhere, event_type="shelling"),
        ],
        [],
    )
    return store


def ids(result: tuple[list[Incident], int]) -> tuple[list[str], int]:
    return [i.id for i in result[0]], result[1]


def test_query_filters(five_incidents: Store) -> None:
    s = five_incidents
    assert ids(s.query_incidents()) == (["i3", "i1", "i2", "i4", "i5"], 5)
    assert ids(s.query_incidents(country="sy")) == (["i1", "i2", "i4"], 3)
    assert ids(s.query_incidents(country="SY,IQ", event_type="drone_strike")) == (["i3"], 1)
    assert ids(s.query_incidents(admin1="deir EZ-zor")) == (["i1", "i2"], 2)
    assert ids(s.query_incidents(event_type=["drone_strike", "drone_attack"])) == (["i3", "i4"], 2)
    assert ids(s.query_incidents(perpetrator="US", status="declared")) == (["i3", "i2"], 2)
    assert ids(s.query_incidents(status="contested")) == ([], 0)
    # Date range overlap: a month-precision date overlaps any day in it; undated never matches.
    assert ids(s.query_incidents(start="2024-03-27")) == (["i2", "i4"], 2)
    assert ids(s.query_incidents(end="2024-02-10")) == (["i3"], 1)
    assert ids(s.query_incidents(start="2024-03", end="2024-03")) == (["i1", "i2"], 2)
    # bbox is west,south,east,north on the located place.
    assert ids(s.query_incidents(bbox=(40.0, 34.0, 42.0, 36.0))) == (["i3", "i1", "i2"], 3)
    assert ids(s.query_incidents(bbox="38,33,39,34")) == (["i4"], 1)
    with pytest.raises(ValueError, match="bbox"):
        s.query_incidents(bbox="1,2,3")
    with pytest.raises(ValueError, match="ISO date"):
        s.query_incidents(start="last Tuesday")


def test_query_text_search(five_incidents: Store) -> None:
    s = five_incidents
    assert ids(s.query_incidents(q="MAYADIN")) == (["i1", "i2"], 2)
    assert ids(s.query_incidents(q="mayadin irgc")) == (["i2"], 1)  # every word must match
    assert ids(s.query_incidents(q="qa'im")) == (["i3"], 1)  # quotes are data, not SQL
    assert ids(s.query_incidents(q="100%")) == (["i2"], 1)
    assert ids(s.query_incidents(q="%")) == (["i2"], 1)  # LIKE wildcards are escaped
    assert ids(s.query_incidents(q="m_yadin")) == ([], 0)
    assert ids(s.query_incidents(q="x'); DROP TABLE incidents; --")) == ([], 0)
    assert s.count_incidents() == 5


def test_query_paging(five_incidents: Store) -> None:
    s = five_incidents
    pages = [ids(s.query_incidents(limit=2, offset=o)) for o in (0, 2, 4, 6)]
    assert pages == [(["i3", "i1"], 5), (["i2", "i4"], 5), (["i5"], 5), ([], 5)]
    assert ids(s.query_incidents(country="SY", limit=1, offset=1)) == (["i2"], 3)
    assert ids(s.query_incidents(limit=None)) == (["i3", "i1", "i2", "i4", "i5"], 5)


# --- corrections, persistence, schema --------------------------------------------------


def test_overrides_keep_their_order(store: Store) -> None:
    store.add_override("merge", {"incidents": ["inc-b", "inc-a"], "by": "analyst"})
    store.add_override("split", {"incident": "inc-a", "mentions": ["monitor-2.txt#0"]})
    store.add_override("merge", {"incidents": ["inc-c", "inc-d"], "note": "même frappe"})
    got = store.overrides()
    assert [o["kind"] for o in got] == ["merge", "split", "merge"]
    assert got[0]["payload"] == {"incidents": ["inc-b", "inc-a"], "by": "analyst"}
    assert got[2]["payload"]["note"] == "même frappe"
    assert [o["created_at"] for o in got] == sorted(o["created_at"] for o in got)
    with pytest.raises(ValueError, match="merge"):
        store.add_override("delete", {})  # type: ignore[arg-type]
    assert len(store.overrides()) == 3


def test_reopen_keeps_everything(store_target: str) -> None:
    with open_store(store_target) as s:
        s.save_article(monitor_result())
        s.replace_incidents(
            [incident("inc-a", day="2024-03-26", location=mayadin())],
            [IncidentLink("inc-a", "monitor-1.txt#0", {"reason": "only one"})],
        )
        s.add_override("split", {"incident": "inc-a"})
    with open_store(store_target) as s:
        assert s.save_article(monitor_result()) == "unchanged"
        assert s.get_article("monitor-1.txt").text == MONITOR_TEXT  # type: ignore[union-attr]
        assert [i.locations[0].name for i in s.iter_incidents()] == ["al-Mayadin"]
        assert s.links_of("inc-a")[0].explanation == {"reason": "only one"}
        assert [o["kind"] for o in s.overrides()] == ["split"]
        assert s.schema_version() == LATEST_VERSION


def _version_rows(store: SqlStore) -> list[int]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(schema_version.c.version).order_by(schema_version.c.version)).scalars())


def test_migrations_apply_once_and_in_order(store_target: str) -> None:
    with open_sql_store(store_target) as s:
        assert _version_rows(s) == [m.version for m in MIGRATIONS]
        s.save_article(monitor_result())
    with open_sql_store(store_target) as s:  # reopening migrates nothing
        assert _version_rows(s) == [m.version for m in MIGRATIONS]

    def add_note_column(conn) -> None:  # type: ignore[no-untyped-def]
        conn.execute(text("ALTER TABLE overrides ADD COLUMN note TEXT"))

    later = [*MIGRATIONS, Migration(LATEST_VERSION + 1, "overrides.note", add_note_column)]
    with open_sql_store(store_target, later) as s:
        assert s.schema_version() == LATEST_VERSION + 1
        with s.engine.begin() as conn:
            assert migrate(conn, later) == []  # idempotent: the column is not added twice
        assert s.count_articles() == 1
        s.add_override("merge", {"incidents": ["x", "y"]})
        assert s.overrides()[0]["payload"] == {"incidents": ["x", "y"]}
    with pytest.raises(ValueError, match="increasing"):
        with open_sql_store(store_target) as s:
            migrate_bad = [MIGRATIONS[0], MIGRATIONS[0]]
            with s.engine.begin() as conn:
                migrate(conn, migrate_bad)


def test_two_processes_opening_a_new_store_at_once(store_target: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def opener() -> None:
        try:
            barrier.wait()
            with open_store(store_target) as s:
                s.add_override("merge", {"from": threading.get_ident()})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_sql_store(store_target) as s:
        assert _version_rows(s) == [m.version for m in MIGRATIONS]
        assert len(s.overrides()) == 3
        with s.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(schema_version)).scalar() == len(MIGRATIONS)


def test_date_bounds() -> None:
    assert date_bounds(DateValue(value="2024-03-26", precision="day")) == ("2024-03-26", "2024-03-26")
    assert date_bounds(DateValue(value="2024-02", precision="month")) == ("2024-02-01", "2024-02-29")
    assert date_bounds(DateValue(value="2023", precision="year")) == ("2023-01-01", "2023-12-31")
    assert date_bounds(DateValue(value="--03-26", precision="day")) == (None, None)
    assert date_bounds(DateValue(value=None, earliest="2024-03-24", latest="2024-03-26")) == (
        "2024-03-24",
        "2024-03-26",
    )


def test_sqlite_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with open_sql_store(str(tmp_path / "sub" / "sw.db")) as s:
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 30000
