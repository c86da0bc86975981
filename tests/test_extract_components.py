"""Each extraction component alone, on short sentences in the styles we meet: wire copy, monitor
tolls, official statements, local outlets. Texts are written for these tests."""

from __future__ import annotations

import pytest

from strikewatch.extract.pipeline import annotate, build_pipeline


@pytest.fixture(scope="module")
def upto():
    cache = {}

    def get(name: str):
        if name not in cache:
            cache[name] = build_pipeline(until=name)
        return cache[name]

    return get


def run(upto, name: str, text: str, **kw):
    return annotate(text, nlp=upto(name), **kw)._.sw


# --- noise ------------------------------------------------------------------------------

PAGE = """Drone strike hits truck near Qamishli

Smoke rises over the road outside the town - March 3, 2023 (AFP)

Smoke rises over the road outside the town - March 3, 2023 (AFP)

A drone struck a pickup truck on the road east of Qamishli on Friday, killing two men, local sources said.

The Kurdish-led administration blamed Turkey for the attack.

Read also: Rocket attack on Erbil airport leaves no casualties

Independent journalism needs you. Donate today and make a difference.

Related Articles
Turkish drones hit oil field in Rmeilan
Shelling on Tal Tamr villages
"""


def test_noise_drops_caption_appeal_and_related_links(upto):
    sw = run(upto, "sw_noise", PAGE)
    reasons = {n.text[:20]: n.reason for n in sw.noise}
    assert any(r == "caption" for r in reasons.values())
    noisy = " ".join(n.text for n in sw.noise)
    assert "Donate today" in noisy
    assert "Turkish drones hit oil field" in noisy
    assert "Read also" in noisy
    assert "killing two men" not in noisy
    assert sw.title == "Drone strike hits truck near Qamishli"


def test_a_text_of_headlines_only_keeps_every_line(upto):
    """A monitor's digest is a list of headlines with no prose: its short lines are news, not sub-headings or
    links to other stories (which a page with paragraphs would make them)."""
    digest = "Warplanes bomb the outskirts of Saraqib\nTwo killed in shelling on Kafr Nabl\nRaids target Ariha"
    sw = run(upto, "sw_noise", digest)
    assert sw.noise == []
    page = digest + "\nA drone struck a car near Binnish on Friday, local sources said.\n"
    noisy = " ".join(n.text for n in run(upto, "sw_noise", page).noise)
    assert "Raids target Ariha" in noisy


def test_noise_never_yields_incidents_dates_or_places():
    doc = annotate(PAGE, article_id="p")
    sw = doc._.sw
    for d in sw.dates:
        assert not sw.in_noise(d.start, d.end)
    for m in doc.user_data["sw_mentions"]:
        for ev in m.evidence:
            assert "Rmeilan" not in ev.text and "Erbil airport" not in ev.text
        assert m.date.text != "March 3, 2023"


# --- outlet -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, outlet",
    [
        ("Strike on depot\n\nBAGHDAD (Tigris Wire) — A drone struck a depot.", "Tigris Wire"),
        ("Rockets hit base – Levant Daily\n\nRockets hit a base on Monday.", "Levant Daily"),
        ("Strike in Idlib\n\nValley’s Echo, The shelling hit a market.", "Valley’s Echo"),
        ("Strike in Idlib\n\nOn Monday, The shelling hit a market.", None),
        (
            "Strike in Idlib\n\nThe shelling hit a market.\n\nSupport Cedar Monitor.. Click here to support",
            "Cedar Monitor",
        ),
    ],
)
def test_outlet_from_text(upto, text, outlet):
    sw = run(upto, "sw_outlet", text)
    assert sw.outlet == outlet


def test_outlet_from_metadata_wins(upto):
    sw = run(upto, "sw_outlet", "Title – Some Site\n\nBAGHDAD (Other) — text.", outlet="Given Outlet")
    assert sw.outlet == "Given Outlet"


def test_title_suffix_is_removed_from_title(upto):
    sw = run(upto, "sw_outlet", "Jets pound positions near Palmyra – Levant Daily\n\nJets struck positions.")
    assert sw.title == "Jets pound positions near Palmyra"


# --- actors -----------------------------------------------------------------------------


def test_actor_aliases_are_canonicalised(upto):
    sw = run(
        upto,
        "sw_actors",
        "CENTCOM said U.S. forces struck the site. The Pentagon confirmed it. "
        "SOHR and a war monitor in London reported deaths. SANA blamed the Israeli enemy.",
    )
    got = {(a.text, a.actor, a.party.id if a.party else None) for a in sw.actors}
    assert ("CENTCOM", "US", "centcom") in got
    assert ("U.S. forces", "US", "us-military") in got
    assert ("The Pentagon", "US", "pentagon") in got
    assert ("SOHR", None, "sohr") in got
    assert ("a war monitor", None, "sohr") in got
    assert ("SANA", None, "sana") in got  # state media speak for SY but never strike
    assert ("the Israeli enemy", "IL", "idf") in got


def test_lowercase_us_is_not_the_united_states(upto):
    sw = run(upto, "sw_actors", "Tell us what you saw, residents asked.")
    assert not sw.actors


# --- events -----------------------------------------------------------------------------


def test_events_are_typed(upto):
    sw = run(
        upto,
        "sw_events",
        "Warplanes carried out airstrikes on the town. Artillery shelling hit a school. "
        "A drone attack targeted the base. Rockets landed near the airport. A blast shook the market.",
    )
    types = {e.text.lower(): e.event_type for e in sw.events}
    assert types["airstrikes"] == "airstrike"
    assert types["artillery shelling"] == "shelling"
    assert types["drone attack"] == "drone_attack"
    assert types["rockets landed"] == "rocket_attack"
    assert types["blast"] == "explosion"


def test_aggregates_are_marked(upto):
    sw = run(
        upto,
        "sw_events",
        "The base has been targeted with drones at least five times this year. "
        "Coalition jets struck the bridge on Sunday.",
    )
    by_text = {e.text: e.aggregate for e in sw.events}
    assert by_text["targeted with drones"] is True
    assert by_text["jets struck"] is False


@pytest.mark.parametrize(
    ("text", "aggregate"),
    [
        # One day's bombardment of one city, however many raids it counts, is an incident.
        ("About 120 raids and missile strikes targeted Daraa city on Sunday, the monitor said.", False),
        # A count spread over the country or over weeks is not.
        ("Russian forces carried out more than 150 strikes on towns across Ukraine, officials said.", True),
        ("The Civil Defence counted more than 300 strikes on the province in six weeks.", True),
        # Habitual: a weapon's name with a number in it is no count of strikes.
        ("S-300 missiles have struck the city again and again since the full-scale invasion.", True),
        # A strike ranked against those before it is one strike; a running toll is a sum.
        ("Warplanes carried out the heaviest raids since the start of the truce on Douma, killing 12 people.", False),
        ("For the first time in months, jets struck the western countryside of Aleppo.", False),
        ("Missile strikes hit army posts in the countryside of Quneitra for the second time in 24 hours.", False),
        ("Coalition airstrikes raised the death toll to 300 since the start of the battle for Raqqa.", True),
    ],
)
def test_counted_strikes_are_aggregate_only_when_spread_over_places_or_time(upto, text, aggregate):
    sw = run(upto, "sw_events", text)
    assert sw.events and all(e.aggregate is aggregate for e in sw.events)


def test_hypothetical_attacks_are_not_events(upto):
    sw = run(upto, "sw_events", "The move aims to protect troops from attack by armed groups.")
    assert not sw.events


# --- claims -----------------------------------------------------------------------------


def claims_of(upto, text, **kw):
    return {(c.actor, c.stance, c.claimant.id or c.claimant.name) for c in run(upto, "sw_claims", text, **kw).claims}


def test_self_declared_strike(upto):
    got = claims_of(upto, "US Central Command said it carried out precision airstrikes on a weapons depot.")
    assert ("US", "asserts", "centcom") in got


def test_claim_by_another_party_and_denial(upto):
    got = claims_of(
        upto, "Tasnim reported that an American attack hit the depot. The Pentagon denied carrying out the strike."
    )
    assert ("US", "asserts", "tasnim") in got
    assert ("US", "denies", "pentagon") in got


def test_hedged_attribution_is_suspects(upto):
    got = claims_of(upto, "Jets, believed to be Israeli, bombed a convoy near the border.", outlet="Cedar Monitor")
    assert ("IL", "suspects", "cedar-monitor") in got


def test_target_actor_is_not_blamed(upto):
    got = claims_of(upto, "Airstrikes targeted positions of Iranian militias and Syrian army forces.")
    assert not any(actor in ("IR", "SY", "iran-backed-groups") for actor, _, _ in got)


def test_denial_of_something_else_is_not_an_attribution_denial(upto):
    got = claims_of(upto, "After the airstrikes, Iran denied having any link to the camp.")
    assert not any(stance == "denies" for _, stance, _ in got)


def test_quote_takes_its_speaker(upto):
    got = claims_of(
        upto,
        "Major Ray Dunn said, “Our aircraft struck the launch site. "
        "The US strikes destroyed two launchers.”\n\nMore follows.",
    )
    assert any(actor == "US" for actor, _, _ in got)


# --- casualties ---------------------------------------------------------------------------


def figures(upto, text):
    out = []
    for c in run(upto, "sw_casualties", text).casualties:
        out.append(
            (
                c.claimant.id or c.claimant.name.lower(),
                c.killed and (c.killed.min, c.killed.max, c.killed.approximate),
                c.injured and (c.injured.min, c.injured.max),
            )
        )
    return out


def test_monitor_toll_with_at_least(upto):
    got = figures(upto, "The Syrian Observatory for Human Rights said at least nine fighters were killed.")
    assert got == [("sohr", (9, None, False), None)]


def test_killed_and_injured_in_one_sentence(upto):
    got = figures(upto, "The mayor said the shelling killed three civilians and wounded 12 others.")
    assert got == [("the mayor", (3, 3, False), (12, 12))]


def test_about_is_approximate(upto):
    got = figures(upto, "About ten people died in the blast, according to medics.")
    assert got[0][1] == (10, 10, True)


def test_counts_that_are_not_casualties(upto):
    assert (
        figures(upto, "At least 40 raids hit 85 targets, and 900 troops are deployed; three drones were downed.") == []
    )


def test_named_person_killed_counts_one(upto):
    got = figures(upto, "Fars said the strike led to the death of Karim Nouri, a commander.")
    assert got and got[0][1] == (1, 1, False)


def test_figure_without_source_is_the_outlets(upto):
    sw = run(upto, "sw_casualties", "Two soldiers were wounded in the attack.", outlet="Hawar Post")
    assert sw.casualties[0].claimant.name == "Hawar Post"
    assert sw.casualties[0].victims == "soldiers"


def counts(upto, text):
    """(killed, injured) per mention as (min, max) pairs, for the list-and-clause tests below."""
    out = []
    for c in run(upto, "sw_casualties", text).casualties:
        out.append((c.killed and (c.killed.min, c.killed.max), c.injured and (c.injured.min, c.injured.max)))
    return out


@pytest.mark.parametrize(
    "text, expected",
    [
        # wire: one predicate chain, two verbs for the injured
        (
            "Militants killed a policeman, wounded another and hurt three passengers, the police said.",
            [((1, 1), (4, 4))],
        ),
        # local outlet: two groups before a passive verb
        ("Two of our sons and a neighbour were martyred in the bombardment, the family said.", [((3, 3), None)]),
        # official statement: a list of victims after the verb, an aside inside it
        ("The strike killed two children, three women and a man, the hospital director said.", [((6, 6), None)]),
        ("The dead are eight soldiers, among them two officers, and three civilians.", [((11, 11), None)]),
        # ACLED-style note: an age is not a count, and "his mother" is one more
        (
            "On 3 May 2022, aircraft bombed a market in Kyet Pyin village, killing a 9-year-old boy and his mother "
            "and injuring 6 others.",
            [((2, 2), (6, 6))],
        ),
    ],
)
def test_coordinated_victims_add_up(upto, text, expected):
    assert counts(upto, text) == expected


def test_apposition_is_not_another_victim(upto):
    assert counts(upto, "A drone strike killed its driver, a young father of three, near the bridge.") == [
        ((1, 1), None)
    ]
    got = counts(upto, "The raid killed one man, Salim Haddad, and wounded nine, the agency said.")
    assert got == [((1, 1), (9, 9))]


def test_named_victims_count_without_a_number(upto):
    got = counts(
        upto, "An Israeli drone killed field commander Ali Hamdan and his driver Hussein Saleh, the agency said."
    )
    assert got == [((2, 2), None)]
    assert counts(upto, "Shelling killed Brigade 47 commander Omar Saeed on Monday.") == [((1, 1), None)]
    assert counts(upto, "Staff Sgt. Noa Levi, 21, was killed in the barrage.") == [((1, 1), None)]


def test_more_than_keeps_the_reported_figure(upto):
    got = figures(upto, "More than 40 people were wounded in the market strike, the health ministry said.")
    assert got == [("health-ministry", None, (40, None))]
    assert counts(upto, "The shelling wounded more than a dozen people.") == [(None, (12, None))]


def test_breakdowns_are_parts_not_tolls(upto):
    assert counts(upto, "The monitor said 23 people were killed, 15 of them civilians.") == [((23, 23), None)]
    assert counts(upto, "Two of the injured are in critical condition, doctors said.") == []
    got = counts(upto, "Our fighters repelled the attack and four of the terrorists were killed.")
    assert got == [((4, 4), None)]


def test_stamps_are_not_counts(upto):
    # a day in a date stamp: the toll is 31, not 12
    assert counts(upto, "The monitor put the toll as of 12 August at 31 dead.") == [((31, 31), None)]


def test_figure_across_a_relative_clause(upto):
    text = (
        "Nine gunmen who had crossed the border overnight from the hills near the village were killed, the army said."
    )
    assert counts(upto, text) == [((9, 9), None)]
    text = "The death toll from Sunday's raids on the town, which hit a bakery, has risen to 16, the monitor said."
    assert counts(upto, text) == [((16, 16), None)]


def test_quoted_words_keep_their_count(upto):
    got = counts(upto, 'The ministry said 20 "terrorists" had been "neutralised" in the operation.')
    assert got == [((20, 20), None)]


def test_each_source_keeps_its_own_figure(upto):
    got = counts(upto, "The health ministry said 14 people were killed, while the monitor put the toll at 17.")
    assert got == [((14, 14), None), ((17, 17), None)]


def test_opposing_sides_are_two_tolls(upto):
    text = "A military source said at least 14 Houthi fighters and five soldiers were killed in the clashes."
    assert sorted(counts(upto, text)) == [((5, 5), None), ((14, None), None)]
    got = counts(upto, "Government shelling killed nine rebels and two soldiers, the monitor said.")
    assert sorted(got) == [((2, 2), None), ((9, 9), None)]


def test_dozens_has_no_number(upto):
    assert counts(upto, "Dozens were wounded in the raid.") == [(None, (None, None))]


def test_so_far_after_a_superlative_is_still_one_attack(upto):
    text = "A strike on Tuesday that killed seven civilians was the deadliest single attack in the conflict so far."
    assert counts(upto, text) == [((7, 7), None)]


def test_a_running_total_goes_on_into_the_next_sentence(upto):
    text = "Since October, the two sides have exchanged fire daily. More than 200 people have been killed in Lebanon."
    assert counts(upto, text) == []


def test_a_later_death_inside_a_risen_toll_is_not_a_second_toll(upto):
    text = "The number of people killed in the strike has risen to 19 after a 40-year-old man died in hospital."
    assert counts(upto, text) == [((19, 19), None)]


# --- targets ------------------------------------------------------------------------------


def test_targets_have_kind_and_actor(upto):
    sw = run(upto, "sw_targets", "The airstrikes targeted warehouses used by Hezbollah near the border.")
    assert sw.targets and sw.targets[0].kind == "facility"
    assert sw.targets[0].actor == "hezbollah"


def test_active_verb_reads_forward_and_keeps_both_figures(upto):
    got = figures(upto, "The strike killed around nine people and wounded six others, the Syrian Observatory said.")
    assert got == [("sohr", (9, 9, True), (6, 6))]


def test_partitive_is_not_a_new_figure(upto):
    got = figures(upto, "Four people were wounded, two of the injured critically, medics said.")
    assert [g[2] for g in got] == [(4, 4)]


# --- outlets and page dates seen on real pages ---------------------------------------------


@pytest.mark.parametrize(
    "text, outlet",
    [
        (
            "Jets strike near Hama\n\nBy Orontes Daily staff\n\nJets struck a depot near Hama on Monday.",
            "Orontes Daily",
        ),
        ("Drone hits car\n\nCedar Wire - Tyre - A drone struck a car this morning.", "Cedar Wire"),
        (
            "U.S. Central Command\n\nCENTCOM forces strike targets\n\nTAMPA, Fla. - CENTCOM forces struck sites.",
            "U.S. Central Command",
        ),
        (
            "Airstrike near Kismayo\n\nKISMAYO, Somalia, Feb 5, 2025 (Juba Courier) - An airstrike hit a camp.",
            "Juba Courier",
        ),
        (
            "Raids on port\n\nHODEIDAH, Dec. 3 (SNW) - The Saba News Wire (SNW) said raids hit the port.",
            "Saba News Wire",
        ),
        (
            "Shelling in the north | Orontes Daily\n\nThis story was first published by Levant Wire.\n\n"
            "BEIRUT (Levant Wire) — Shelling hit a village.",
            "Orontes Daily",
        ),
    ],
)
def test_outlet_from_page_marks(upto, text, outlet):
    assert run(upto, "sw_outlet", text).outlet == outlet


def test_page_date_line_sets_the_reference_but_not_article_metadata(upto):
    sw = run(upto, "sw_noise", "Drone strike in the south\n\nWed 12 Mar 2025 at 13:05 | Nabatieh\n\nA drone struck.")
    assert str(sw.published) == "2025-03-12"
    assert any(n.reason == "page-date" for n in sw.noise)


def test_owned_things_and_possessives_are_not_agents(upto):
    got = claims_of(
        upto,
        "Explosions ripped through PMF depots at the base. "
        "The strike aims to degrade al-Shabaab's ability to conduct attacks.",
    )
    assert not got


def test_blamed_on_and_support_from_are_agents(upto):
    got = claims_of(
        upto,
        "Officials blamed the drone strike on Turkey. "
        "CENTCOM forces, with support from the Royal Air Force, conducted strikes on radar sites.",
    )
    assert {a for a, _, _ in got} >= {"TR", "US", "GB"}


def test_cumulative_tolls_are_not_an_incidents_figures(upto):
    assert figures(upto, "Israeli strikes have killed more than 4,000 people in Lebanon since October.") == []
    assert figures(upto, "The war's toll rose to 43,799 dead.") == []
