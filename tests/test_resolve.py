"""Resolution: linking mentions across articles into incidents, on the synthetic corpus in resolve_corpus.py."""

from __future__ import annotations

import random

import pytest

from resolve_corpus import WIRE_TEXT, Corpus, build_corpus, day, gold_pairs, weekday
from strikewatch.model import AttributionClaim, Evidence, Location, Party
from strikewatch.resolve import ResolveResult, find_duplicates, resolve
from strikewatch.resolve.aggregate import attribution_status


def run(corpus: Corpus, **kw: object) -> ResolveResult:
    return resolve(corpus.mentions, duplicates=find_duplicates(sorted(corpus.texts.items())), **kw)


def incident_of(result: ResolveResult, mention_id: str) -> str:
    return result.assignment()[mention_id]


def get(result: ResolveResult, mention_id: str):
    iid = incident_of(result, mention_id)
    return next(i for i in result.incidents if i.id == iid)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus()


@pytest.fixture(scope="module")
def result(corpus: Corpus) -> ResolveResult:
    return run(corpus)


# --- linking quality --------------------------------------------------------------------------------


def test_pairwise_precision_and_recall(corpus: Corpus, result: ResolveResult) -> None:
    predicted, gold = gold_pairs(result.assignment()), gold_pairs(corpus.gold)
    tp = len(predicted & gold)
    assert tp / len(predicted) >= 0.95, sorted(predicted - gold)
    assert tp / len(gold) >= 0.95, sorted(gold - predicted)
    assert len(result.incidents) == len(set(corpus.gold.values()))


def test_same_day_same_province_different_towns_stay_apart(result: ResolveResult) -> None:
    assert incident_of(result, "a02#0") != incident_of(result, "a05#0")  # al-Bukamal vs Deir ez-Zor city
    assert incident_of(result, "a23#0") != incident_of(result, "a25#0")  # Aleppo vs Manbij
    assert incident_of(result, "a12#0") != incident_of(result, "a08#1")  # Jisr al-Shughur vs Idlib


def test_same_day_same_province_different_targets_stay_apart(result: ResolveResult) -> None:
    assert incident_of(result, "a31#0") == incident_of(result, "a32#0")
    assert incident_of(result, "a33#0") == incident_of(result, "a34#0")
    assert incident_of(result, "a31#0") != incident_of(result, "a33#0")


def test_same_town_on_consecutive_days_stays_two_incidents(result: ResolveResult) -> None:
    assert incident_of(result, "a08#1") == incident_of(result, "a09#0")
    assert incident_of(result, "a10#0") == incident_of(result, "a11#0")
    assert incident_of(result, "a08#1") != incident_of(result, "a10#0")


def test_overnight_strike_dated_a_day_apart_is_one_incident(result: ResolveResult) -> None:
    inc = get(result, "a15#0")
    assert incident_of(result, "a16#0") == inc.id
    assert inc.date.value == "2023-11-12" and inc.date.latest == "2023-11-13"


def test_undated_background_mentions_link_only_on_a_shared_key(result: ResolveResult) -> None:
    assert incident_of(result, "a01#1") == incident_of(result, "a05#1")  # both name Tower 22
    assert incident_of(result, "a06#1") != incident_of(result, "a08#0")  # same country, nothing specific


def test_two_mentions_of_one_article_never_link(result: ResolveResult) -> None:
    for inc in result.incidents:
        arts = [m.article_id for m in inc.mentions]
        assert len(arts) == len(set(arts))
    assert incident_of(result, "a09#0") != incident_of(result, "a09#1")


def test_undated_main_joins_through_shared_article_context(result: ResolveResult) -> None:
    # a18 and a19 both recall the August 15 drone attack; a18's own report has no date
    assert incident_of(result, "a18#0") == incident_of(result, "a19#0") == incident_of(result, "a20#0")


def test_incidents_in_date_then_id_order(result: ResolveResult) -> None:
    dated = [i for i in result.incidents if i.date.value and i.date.value[0].isdigit()]
    assert [(i.date.value, i.id) for i in dated] == sorted((i.date.value, i.id) for i in dated)
    assert result.incidents[: len(dated)] == dated


def test_result_does_not_depend_on_input_order(corpus: Corpus, result: ResolveResult) -> None:
    shuffled = list(corpus.mentions)
    random.Random(3).shuffle(shuffled)
    again = resolve(shuffled, duplicates=find_duplicates(sorted(corpus.texts.items())))
    assert again.assignment() == result.assignment()
    assert [i.model_dump() for i in again.incidents] == [i.model_dump() for i in result.incidents]


# --- aggregation --------------------------------------------------------------------------------------


def test_type_vote_and_primary_place(result: ResolveResult) -> None:
    inc = get(result, "a12#0")
    assert inc.event_type == "airstrike"  # 3 airstrike reports outvote 1 drone strike
    assert inc.locations[0].name == "Jisr al-Shughur"
    inc = get(result, "a05#0")
    assert inc.locations[0].name == "Deir ez-Zor"  # the agreed city, not the province


def test_casualties_kept_per_source_with_range(result: ResolveResult) -> None:
    inc = get(result, "a29#0")
    assert sorted(c.claimant.name for c in inc.casualties) == ["CENTCOM", "residents"]
    assert (inc.casualty_range.killed_min, inc.casualty_range.killed_max) == (1, 3)


# --- attribution status ---------------------------------------------------------------------------------


def test_status_declared_when_the_perpetrator_announces(result: ResolveResult) -> None:
    inc = get(result, "a21#0")  # Turkish ministry says it struck; the SDF blames Turkey too
    assert (inc.attribution.status, inc.attribution.perpetrator) == ("declared", "TR")
    assert get(result, "a27#0").attribution.status == "declared"  # the IRGC speaks for itself


def test_status_claimed_when_others_assert(result: ResolveResult) -> None:
    inc = get(result, "a08#1")
    assert (inc.attribution.status, inc.attribution.perpetrator) == ("claimed", "SY")


def test_status_suspected_when_only_hedged(result: ResolveResult) -> None:
    inc = get(result, "a23#0")
    assert (inc.attribution.status, inc.attribution.perpetrator) == ("suspected", "IL")


def test_status_contested_when_the_accused_denies(result: ResolveResult) -> None:
    inc = get(result, "a02#0")
    assert (inc.attribution.status, inc.attribution.perpetrator) == ("contested", "US")


def test_status_contested_when_different_perpetrators_are_asserted(result: ResolveResult) -> None:
    inc = get(result, "a29#0")
    assert (inc.attribution.status, inc.attribution.perpetrator) == ("contested", "US")


def test_status_unknown_without_claims_or_with_only_denials(result: ResolveResult) -> None:
    assert (get(result, "a25#0").attribution.status, get(result, "a25#0").attribution.perpetrator) == (
        "unknown",
        None,
    )
    denied = get(result, "a06#1")
    assert denied.attribution.claims and denied.attribution.status == "unknown"


def _claim(actor: str, stance: str, party: str, pid: str | None, kind: str = "unknown") -> AttributionClaim:
    e = Evidence(article_id="x", start=0, end=1, text="x")
    return AttributionClaim(actor=actor, actor_name=actor, claimant=Party(name=party, id=pid, kind=kind),
                            stance=stance, article_id="x", evidence=e)


def test_status_rule_table() -> None:
    assert attribution_status([_claim("US", "asserts", "Pentagon", "pentagon")]) == ("declared", "US")
    assert attribution_status([_claim("COALITION", "asserts", "CJTF-OIR", "cjtf-oir")]) == ("declared", "COALITION")
    assert attribution_status([_claim("US", "asserts", "SOHR", "sohr")]) == ("claimed", "US")
    israel = _claim("IL", "asserts", "the Israeli army", None, "military")
    israel.actor_name = "Israel"
    assert attribution_status([israel]) == ("declared", "IL")
    assert attribution_status([_claim("IL", "suspects", "SOHR", "sohr")]) == ("suspected", "IL")
    assert attribution_status([_claim("IL", "suspects", "SOHR", "sohr"), _claim("IL", "denies", "IDF", "idf")])[
        0
    ] == "contested"
    assert attribution_status([_claim("US", "denies", "CENTCOM", "centcom")]) == ("unknown", None)
    assert attribution_status([]) == ("unknown", None)


# --- filling date gaps -----------------------------------------------------------------------------


def test_bare_weekday_takes_the_incident_date(result: ResolveResult) -> None:
    link = next(k for k in result.links if k.mention_id == "a07#0")  # "Tuesday night", undated article
    assert link.explanation["date_filled"]["value"] == "2024-03-26"
    assert link.explanation["date_inferred_from"]
    mention = next(m for m in result.mentions if m.id == "a07#0")
    assert mention.date.value == "2024-03-26" and mention.date_inferred_from


def test_year_less_date_takes_the_incident_year(result: ResolveResult) -> None:
    mention = next(m for m in result.mentions if m.id == "a03#0")
    assert mention.date.value == "2024-03-26"
    assert get(result, "a36#0").date.value == "2023-07-20"


def test_incident_date_is_the_majority_day(corpus: Corpus) -> None:
    c = Corpus()
    c.add("b1", "X", "main", "airstrike", day("2024-05-02"), ["Idlib"])
    c.add("b2", "X", "main", "airstrike", day("2024-05-01", "late on May 1"), ["Idlib"])  # one night, told a day off
    c.add("b3", "X", "main", "airstrike", day("2024-05-02"), ["Idlib"])
    c.add("b4", "X", "main", "airstrike", weekday("Thursday"), ["Idlib"], published="2024-05-03")
    r = resolve(c.mentions)
    assert len(r.incidents) == 1 and r.incidents[0].date.value == "2024-05-02"


def test_bare_weekday_of_an_undated_article_needs_more_than_the_province() -> None:
    c = Corpus()
    c.add("b1", "X", "main", "airstrike", day("2024-05-02"), ["Idlib province"], published="2024-05-02",
          keys=("grain silo",))
    c.add("b2", "Y", "main", "airstrike", weekday("on Thursday"), ["Idlib province"])  # which Thursday? unknown
    c.add("b3", "X", "main", "airstrike", weekday("on Thursday"), ["Idlib province"], keys=("grain silo",))
    c.add("b4", "X", "main", "airstrike", day("2024-05-02"), ["Idlib province"], keys=("grain silo",))
    r = resolve(c.mentions)
    assert incident_of(r, "b1#0") == incident_of(r, "b3#0") == incident_of(r, "b4#0") != incident_of(r, "b2#0")


def test_bare_weekday_links_a_strike_on_the_same_town_and_day_of_week() -> None:
    c = Corpus()
    c.add("w1", "X", "main", "airstrike", day("2024-05-02"), ["Idlib"], published="2024-05-02")
    c.add("w2", "X", "main", "airstrike", weekday("on Thursday"), ["Idlib"])
    c.add("w3", "Y", "main", "airstrike", weekday("on Friday"), ["Idlib"])  # another day of the week
    c.add("w4", "Z", "main", "airstrike", weekday("on Thursday"), ["Jisr al-Shughur"])  # another town
    r = resolve(c.mentions)
    assert incident_of(r, "w1#0") == incident_of(r, "w2#0")
    assert len({incident_of(r, m) for m in ("w1#0", "w3#0", "w4#0")}) == 3


def test_a_recall_without_any_place_is_compared_only_with_what_could_link_it() -> None:
    """'In June 2024, an airstrike on the silo killed...' with no place: a month of reports around it is not
    all compared, yet the report sharing its key and the same-day placeless recall still link."""
    from strikewatch.resolve.core import _with_context
    from strikewatch.resolve.features import profile
    from strikewatch.resolve.link import candidate_pairs

    c = Corpus()
    towns = ["Idlib", "Aleppo", "Palmyra", "Manbij", "Qamishli", "al-Bukamal"]
    for i in range(120):
        c.add(f"p{i:03d}", f"P{i}", "main", "airstrike", day(f"2024-06-{1 + i % 28:02d}"), [towns[i % 6]])
    c.add("k1", "K", "main", "airstrike", day("2024-06-10"), ["Aleppo"], keys=("grain silo",))
    c.add("r1", "K", "background", "airstrike", day("2024-06"), [], keys=("grain silo",))
    c.add("s1", "S", "background", "airstrike", day("2024-06-12"), [])
    c.add("s2", "S", "background", "airstrike", day("2024-06-12"), [])
    r = resolve(c.mentions)
    assert incident_of(r, "r1#0") == incident_of(r, "k1#0")
    assert incident_of(r, "s1#0") == incident_of(r, "s2#0")
    profiles = [profile(i, m, m.article_id) for i, m in enumerate(sorted(c.mentions, key=lambda m: m.id))]
    _with_context(profiles)
    placeless = {p.idx for p in profiles if not p.countries}
    with_placeless = {pair for pair in candidate_pairs(profiles) if placeless & set(pair)}
    assert len(with_placeless) <= 10  # not the ~120 reports of the month for each of them


def test_an_undated_recall_without_place_is_compared_only_with_its_copy_and_shared_keys() -> None:
    """"An earlier strike on the depot..." with neither date nor place: its article's context (the day of the
    main report) is shared by every report of that day, but only its syndicated copy and a report naming
    the same depot could link to it, and only those are compared."""
    from strikewatch.resolve.core import _with_context
    from strikewatch.resolve.features import profile
    from strikewatch.resolve.link import candidate_pairs

    c = Corpus()
    towns = ["Idlib", "Aleppo", "Palmyra", "Manbij", "Qamishli", "al-Bukamal"]
    for i in range(60):
        c.add(f"a{i:02d}", f"A{i % 6}", "main", "airstrike", day("2024-06-12"), [towns[i % 6]])
        c.add(f"a{i:02d}", f"R{i}", "background", "airstrike", weekday("earlier"), [])
    c.add("copy", "A0", "main", "airstrike", day("2024-06-12"), ["Idlib"])
    c.add("copy", "R0", "background", "airstrike", weekday("earlier"), [])
    c.add("a00", "K", "background", "airstrike", weekday("earlier"), [], keys=("fuel depot",))
    c.add("k1", "K", "background", "airstrike", day("2024"), [], keys=("fuel depot",))
    texts = {m.article_id: f"report {m.article_id}" for m in c.mentions}
    texts["copy"] = texts["a00"]
    r = resolve(c.mentions, duplicates={"copy": "a00"})
    assert incident_of(r, "copy#1") == incident_of(r, "a00#1")  # the copy's recall joins the original's
    assert incident_of(r, "k1#0") == incident_of(r, "a00#2")  # the same depot
    assert incident_of(r, "a01#1") != incident_of(r, "a07#1")  # two recalls of nothing in particular
    profiles = [profile(i, m, {"copy": "a00"}.get(m.article_id, m.article_id))
                for i, m in enumerate(sorted(c.mentions, key=lambda m: m.id))]
    _with_context(profiles)
    recalls = {p.idx for p in profiles if p.role == "background"}
    assert all(profiles[i].date.kind in ("none", "year") for i in recalls)
    compared = {pair for pair in candidate_pairs(profiles) if recalls & set(pair)}
    assert len(compared) <= 5  # not the ~60 reports sharing each recall's context


def test_incidents_linked_and_built_elsewhere_are_the_same(corpus: Corpus, result: ResolveResult) -> None:
    """On a cluster, Dask workers score the country blocks' pairs and build the incident records: sent as
    pickles, one batch at a time, they must give exactly the records and explanations made in-process."""
    import pickle

    batches_seen: dict[str, int] = {}

    def remote(fn, batches):  # noqa: ANN001, ANN202 - the mapper signature resolve expects
        for batch in batches:
            batches_seen[fn.__name__] = batches_seen.get(fn.__name__, 0) + len(batch)
            yield pickle.loads(pickle.dumps(fn(pickle.loads(pickle.dumps(batch)))))

    elsewhere = resolve(corpus.mentions, duplicates=find_duplicates(sorted(corpus.texts.items())), map_batches=remote)
    assert batches_seen.keys() == {"score_blocks", "build_incidents"}
    assert batches_seen["build_incidents"] == len(result.incidents)
    assert [i.model_dump() for i in elsewhere.incidents] == [i.model_dump() for i in result.incidents]
    assert elsewhere.links == result.links
    assert [m.model_dump() for m in elsewhere.mentions] == [m.model_dump() for m in result.mentions]


def test_country_blocks_cut_into_runs_give_the_same_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    """A big country's block is scored elsewhere as runs of consecutive dates, each carrying the later mentions
    its date window reaches: month-long dates, mentions of two countries and mentions of none included, the
    edges must be the ones scored in one piece."""
    import pickle

    from resolve_corpus import synthetic_mentions
    from strikewatch.resolve import link
    from strikewatch.resolve.core import _with_context
    from strikewatch.resolve.features import features_json, profile

    mentions, _ = synthetic_mentions(1500)
    border = mentions[40].locations[0].model_copy(update={"country": "IQ", "name": "Border town"})
    mentions[40] = mentions[40].model_copy(update={"locations": [*mentions[40].locations, border]})
    mentions[41] = mentions[41].model_copy(update={"date": day("2015-01")})  # the whole month
    mentions[42] = mentions[42].model_copy(update={"locations": []})
    ordered = sorted(mentions, key=lambda m: m.id)
    profiles = [profile(i, m, m.article_id) for i, m in enumerate(ordered)]
    _with_context(profiles)
    stored = [features_json(m) for m in ordered]
    in_one_piece = link.scored_edges(profiles)

    runs: list[tuple[str, int]] = []

    def remote(fn, batches):  # noqa: ANN001, ANN202 - the mapper signature resolve expects
        for batch in batches:
            runs.extend((task.country, task.outer) for task in batch)
            yield pickle.loads(pickle.dumps(fn(pickle.loads(pickle.dumps(batch)))))

    monkeypatch.setattr(link, "BLOCK_TASK_MENTIONS", 40)
    elsewhere = link.scored_edges(profiles, remote, stored)
    assert len({country for country, _ in runs}) >= 5 and len(runs) > 25  # every country, cut into runs
    assert sum(outer for _, outer in runs) == sum(len(p.countries) for p in profiles if not link.is_floating(p))
    assert len(in_one_piece) > 500
    assert [(t, i, j, s.features) for t, i, j, s in elsewhere] == [(t, i, j, s.features) for t, i, j, s in in_one_piece]


# --- syndicated copies --------------------------------------------------------------------------------


def test_find_duplicates_maps_copies_to_smallest_id() -> None:
    arts = [("z9", WIRE_TEXT + " Extra line."), ("m5", WIRE_TEXT), ("k1", WIRE_TEXT + " Reporting by staff."),
            ("q2", "A different story about shelling in the north, with nothing in common at all.")]
    assert find_duplicates(arts) == {"m5": "k1", "z9": "k1"}
    assert find_duplicates(list(reversed(arts))) == {"m5": "k1", "z9": "k1"}


def test_copy_joins_the_incident_but_its_claims_count_once(result: ResolveResult) -> None:
    inc = get(result, "a02#0")
    assert "a04" in {m.article_id for m in inc.mentions}
    mehr = [c for c in inc.attribution.claims if c.claimant.id == "mehr"]
    assert len(mehr) == 2  # a01's own report and the wire story (a02 + its copy a04 once)
    assert len([c for c in inc.casualties if c.claimant.id == "sohr"]) == 1
    link = next(k for k in result.links if k.mention_id == "a04#0")
    assert link.explanation["duplicate_of"] == "a02"


# --- ids, overrides, explanations -------------------------------------------------------------------


def test_ids_are_stable_on_rerun_and_on_a_fresh_store(corpus: Corpus, result: ResolveResult) -> None:
    again = run(corpus, previous=result.assignment())
    assert again.assignment() == result.assignment()
    fresh = run(corpus)
    assert fresh.assignment() == result.assignment()
    assert all(i.id.startswith("inc-") and len(i.id) == 16 for i in result.incidents)


def test_ids_survive_new_articles(result: ResolveResult) -> None:
    c = build_corpus()
    c.add("a50", "I1", "main", "airstrike", day("2024-03-26"), ["al-Bukamal"], published="2024-03-28")
    c.add("a51", "NEW", "main", "airstrike", day("2024-06-01"), ["Erbil"], published="2024-06-01")
    c.add("a00", "I13", "main", "drone_strike", day("2023-12-25"), ["Qamishli"], published="2023-12-25")
    after = run(c, previous=result.assignment())
    before = result.assignment()
    for mid, iid in before.items():
        assert after.assignment()[mid] == iid
    assert after.assignment()["a50#0"] == before["a02#0"]
    # a00#0 is now the smallest mention id of the Qamishli incident, but the id does not move
    assert after.assignment()["a00#0"] == before["a21#0"]
    assert after.assignment()["a51#0"] not in set(before.values())


def test_merge_override_survives_reruns_and_new_articles(corpus: Corpus, result: ResolveResult) -> None:
    ids = [incident_of(result, "a31#0"), incident_of(result, "a33#0")]
    mids = sorted(k for k, v in result.assignment().items() if v in ids)
    overrides = [{"kind": "merge", "payload": {"incident_ids": ids, "mention_ids": mids}}]
    first = run(corpus, overrides=overrides, previous=result.assignment())
    merged = incident_of(first, "a31#0")
    assert incident_of(first, "a33#0") == merged and merged in ids
    link = next(k for k in first.links if k.mention_id == "a33#0")
    assert link.explanation["override"] == "merge"
    c = build_corpus()
    c.add("a52", "I18", "main", "airstrike", day("2023-09-10"), ["Deir ez-Zor province"],
          keys=("hamdan ammunition depot",), targets=("Hamdan ammunition depot",), published="2023-09-12")
    second = run(c, overrides=overrides, previous=first.assignment())
    assert incident_of(second, "a31#0") == incident_of(second, "a33#0") == incident_of(second, "a52#0") == merged


def test_split_override_survives_reruns(corpus: Corpus, result: ResolveResult) -> None:
    inc = incident_of(result, "a03#0")
    overrides = [{"kind": "split", "payload": {"incident_id": inc, "article_id": "a03", "mention_ids": ["a03#0"]}}]
    first = run(corpus, overrides=overrides, previous=result.assignment())
    assert incident_of(first, "a03#0") != inc
    assert incident_of(first, "a02#0") == inc  # the rest keeps the id
    second = run(corpus, overrides=overrides, previous=first.assignment())
    assert second.assignment() == first.assignment()
    # without mention_ids the split still finds the article's mention in the incident
    loose = [{"kind": "split", "payload": {"incident_id": inc, "article_id": "a03"}}]
    third = run(corpus, overrides=loose, previous=second.assignment())
    assert incident_of(third, "a03#0") == incident_of(second, "a03#0")


def test_every_mention_has_an_explained_link(corpus: Corpus, result: ResolveResult) -> None:
    assert {k.mention_id for k in result.links} == set(corpus.gold)
    sizes = {i.id: len(i.mentions) for i in result.incidents}
    for link in result.links:
        e = link.explanation
        assert "rule" in e and "total" in e
        if sizes[link.incident_id] > 1:
            assert {"type", "date", "place", "distance_km", "keys", "linked_to"} <= set(e)
            assert e["total"] > 0
    near = next(k for k in result.links if k.mention_id == "a06#0").explanation
    assert near["distance_km"] is not None and near["distance_km"] < 5


def test_strikes_on_one_town_a_day_apart_stay_two_incidents() -> None:
    """Shelling of one town on consecutive days, each report dated explicitly, is two strikes."""
    c = Corpus()
    c.add("b1", "X", "main", "shelling", day("2022-03-02", "On 2 March 2022"), ["Idlib"])
    c.add("b2", "Y", "main", "shelling", day("2022-03-03", "On 3 March 2022"), ["Idlib"])
    assert len(resolve(c.mentions).incidents) == 2


def test_two_villages_shelled_the_same_day_stay_two_incidents() -> None:
    """Named villages 5-30 km apart on one day are two strikes (a front line), and so are two villages no
    gazetteer knows, told apart by their names; one village spelled two ways is one strike."""

    def village(name: str, lat: float | None = None, lon: float | None = None) -> Location:
        if lat is None:
            return Location(name=name, country="SY", admin1="Idlib", precision="admin1", resolved=False)
        return Location(name=name, canonical_name=name, country="SY", admin1="Idlib", lat=lat, lon=lon,
                        precision="village", gazetteer_id=f"test:{name}")

    c = Corpus()
    for article, place in [("b1", village("Saraqib", 35.864, 36.800)), ("b2", village("Sarmin", 35.903, 36.725)),
                           ("b3", village("Kafr Zeita")), ("b4", village("Kafr Nabl")),
                           ("b5", village("Maar Shurin")), ("b6", village("Maar Shourin"))]:
        m = c.add(article, article, "main", "shelling", day("2022-02-21"), ["Idlib province"])
        m.locations.insert(0, place)
    r = resolve(c.mentions)
    groups = sorted(sorted({m.article_id for m in i.mentions}) for i in r.incidents)
    assert groups == [["b1"], ["b2"], ["b3"], ["b4"], ["b5", "b6"]], groups


def test_reports_naming_only_the_province_need_more_in_common_than_the_day() -> None:
    """On one day a province sees many strikes: 'an airstrike in Idlib province' twice is not one strike,
    unless the reports share something specific, here a named target."""
    c = Corpus()
    c.add("b1", "X", "main", "airstrike", day("2016-05-02"), ["Idlib province"])
    c.add("b2", "Y", "main", "airstrike", day("2016-05-02"), ["Idlib province"])
    assert len(resolve(c.mentions).incidents) == 2
    c = Corpus()
    c.add("b1", "X", "main", "airstrike", day("2016-05-02"), ["Idlib province"], keys=("al-Salam hospital",))
    c.add("b2", "X", "main", "airstrike", day("2016-05-02"), ["Idlib province"], keys=("al-Salam hospital",))
    assert len(resolve(c.mentions).incidents) == 1


def test_one_outlets_two_reports_of_a_day_on_one_town_need_specifics_to_be_one_strike() -> None:
    """A monitor's two bulletins of one day both on raids in one city are two strikes; the same two reports
    from two outlets, or one outlet's reports naming the same target, are one."""
    c = Corpus()
    c.add("s1", "X", "main", "airstrike", day("2016-05-02"), ["Idlib"], outlet="Monitor")
    c.add("s2", "Y", "main", "airstrike", day("2016-05-02"), ["Idlib"], outlet="Monitor")
    assert len(resolve(c.mentions).incidents) == 2
    c = Corpus()
    c.add("s1", "X", "main", "airstrike", day("2016-05-02"), ["Idlib"], outlet="Monitor")
    c.add("s2", "X", "main", "airstrike", day("2016-05-02"), ["Idlib"], outlet="Wire")
    assert len(resolve(c.mentions).incidents) == 1
    c = Corpus()
    c.add("s1", "X", "main", "airstrike", day("2016-05-02"), ["Idlib"], outlet="Monitor", keys=("al-Salam hospital",))
    c.add("s2", "X", "main", "airstrike", day("2016-05-02"), ["Idlib"], outlet="Monitor", keys=("al-Salam hospital",))
    assert len(resolve(c.mentions).incidents) == 1


def _place(name: str, lat: float, lon: float, precision: str, admin1: str = "Donetsk") -> Location:
    return Location(name=name, canonical_name=name, country="UA", admin1=admin1, lat=lat, lon=lon,
                    precision=precision, gazetteer_id=f"test:{name}")


def test_a_town_and_a_village_near_it_shelled_the_same_day_are_two_strikes() -> None:
    """'Shelled Karlivka' and 'shelled Selydove' (14 km apart) are two strikes on a front line; a report naming
    the city and one naming a camp on its edge are one; so are two reports each listing a wave's places."""
    c = Corpus()
    for article, place in [("k1", _place("Karlivka", 48.111, 37.487, "village")),
                           ("k2", _place("Selydove", 48.147, 37.302, "city"))]:
        m = c.add(article, article, "main", "shelling", day("2022-06-30"), [])
        m.locations.insert(0, place)
    assert len(resolve(c.mentions).incidents) == 2
    c = Corpus()
    for article, place in [("k1", _place("Ayash camp", 35.420, 40.053, "site", "Deir ez-Zor")),
                           ("k2", _place("Deir ez-Zor", 35.336, 40.140, "city", "Deir ez-Zor"))]:
        m = c.add(article, article, "main", "airstrike", day("2022-08-23"), [])
        m.locations.insert(0, place)
    assert len(resolve(c.mentions).incidents) == 1
    c = Corpus()
    for article, places in [("w1", [_place("Nabatieh", 33.378, 35.484, "city", "Nabatieh"),
                                    _place("Adchit", 33.263, 35.500, "village", "Nabatieh")]),
                            ("w2", [_place("Jbaa", 33.463, 35.532, "village", "Nabatieh"),
                                    _place("Kfar Dounine", 33.226, 35.404, "village", "Nabatieh")])]:
        m = c.add(article, article, "main", "airstrike", day("2024-02-14"), [])
        m.locations[:0] = places
    assert len(resolve(c.mentions).incidents) == 1


def test_a_shared_city_far_from_both_villages_does_not_make_them_one_strike() -> None:
    """'Obozne, Luhansk' and 'Donetskyi, Luhansk' both read Luhansk as the city (it is the province): the
    villages, 46 km apart and each far from the city, are two places."""
    c = Corpus()
    city = _place("Luhansk", 48.568, 39.306, "city", "Luhansk")
    for article, place in [("v1", _place("Obozne", 48.732, 39.310, "village", "Luhansk")),
                           ("v2", _place("Donetskyi", 48.700, 38.676, "village", "Luhansk"))]:
        m = c.add(article, article, "main", "shelling", day("2022-02-19"), [])
        m.locations[:0] = [place, city]
    assert len(resolve(c.mentions).incidents) == 2


def test_rocket_fire_on_a_city_told_as_shelling_and_as_a_missile_attack_is_one_strike() -> None:
    """One side reports shelling of the city centre, the other a missile attack: the same day, the same city."""
    c = Corpus()
    for article, etype in [("r1", "shelling"), ("r2", "missile_strike"), ("r3", "rocket_attack")]:
        m = c.add(article, article, "main", etype, day("2023-12-30"), [])
        m.locations.insert(0, _place("Belgorod", 50.596, 36.587, "city", "Belgorod"))
    assert len(resolve(c.mentions).incidents) == 1


def test_a_report_placing_a_strike_only_in_the_country_links_on_the_same_striker() -> None:
    """A country sees many strikes a day: "Russian jets struck Syria" joins the day's Russian strike in Idlib,
    not a Turkish one in Aleppo, and a report with no striker and no specifics joins nothing."""
    c = Corpus()
    may2 = day("2024-05-02")
    c.add("s1", "RU", "main", "airstrike", may2, ["Syria"], claims=(("RU", "asserts", "SOHR", "Russian jets"),))
    c.add("s2", "RU", "main", "airstrike", may2, ["Idlib"], claims=(("RU", "asserts", "SANA", "Russian jets"),))
    c.add("s3", "TR", "main", "airstrike", may2, ["Aleppo"], claims=(("TR", "asserts", "SOHR", "Turkish jets"),))
    c.add("s4", "N", "main", "airstrike", may2, ["Syria"])
    r = resolve(c.mentions)
    assert incident_of(r, "s1#0") == incident_of(r, "s2#0")
    assert len({incident_of(r, m) for m in ("s1#0", "s3#0", "s4#0")}) == 3
