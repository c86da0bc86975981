"""Who struck, according to whom: agents versus places and targets, speakers who speak for a state,
denials, and outlets as claimants. Short reports written for these tests in the styles we meet: wire copy,
monitor bulletins, official statements, local outlets and ACLED-style notes."""

from __future__ import annotations

import pytest

from strikewatch.extract.pipeline import annotate, build_pipeline, extract_article
from strikewatch.extract.speakers import outlet_party
from strikewatch.model import RawArticle
from strikewatch.resolve.aggregate import attribution_status


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(until="sw_claims")


def claims_of(nlp, text: str, **kw) -> set[tuple[str, str]]:
    return {(c.actor, c.stance) for c in annotate(text, nlp=nlp, **kw)._.sw.claims}


def status_of(text: str, outlet: str = "Test Wire") -> tuple[str, str | None]:
    """The attribution of the report's main incident, from its own claims."""
    result = extract_article(RawArticle(id="t1", text=text, outlet=outlet, published="2024-03-02"))
    main = next(m for m in result.mentions if m.role == "main")
    return attribution_status(main.claims)


# --- agents, not places or targets ----------------------------------------------------------


def test_countries_after_a_place_preposition_share_it(nlp):
    # wire headline: both names are where the strikes fell
    got = claims_of(nlp, "Ankara strikes dozens of targets in Iraq and Syria after bombing in the capital")
    assert not {a for a, _ in got} & {"IQ", "SY"}


def test_region_words_keep_a_country_a_place(nlp):
    got = claims_of(nlp, "Israeli strikes kill four across south Lebanon after rocket fire")
    assert ("IL", "asserts") in got and not any(a == "LB" for a, _ in got)


def test_neither_nor_is_no_ones_claim(nlp):
    # local outlet: no comment from either side is not an attribution
    got = claims_of(
        nlp, "Russian jets bombed a bakery in Ariha on Monday. Neither Moscow nor Damascus commented on the strike."
    )
    assert ("RU", "asserts") in got and not any(a == "SY" for a, _ in got)


def test_a_reaction_is_not_the_strike(nlp):
    got = claims_of(nlp, "Baghdad demands Turkish apology after drone strike near Sulaymaniyah")
    assert not any(a == "IQ" for a, _ in got)


def test_a_pronoun_deep_in_the_clause_is_not_the_speaker(nlp):
    got = claims_of(
        nlp, "A U.S. official confirmed that a convoy with American troops in it had been targeted near the airport."
    )
    assert not any(a == "US" and s == "asserts" for a, s in got)


def test_responded_by_shelling_names_the_striker(nlp):
    got = claims_of(nlp, "The correspondent added that the Israeli army responded by shelling the edge of Khiam.")
    assert ("IL", "asserts") in got


def test_fighters_of_a_group_are_its_agents(nlp):
    # official statement of an armed group, quoted by its own channel
    got = claims_of(
        nlp, 'The group said: "At dawn the mujahideen of the Islamic Resistance targeted the Ramim barracks."'
    )
    assert ("hezbollah", "asserts") in got


def test_was_behind_names_the_perpetrator(nlp):
    got = claims_of(nlp, "Security sources said Turkey was behind the drone strike on the car in Qamishli.")
    assert ("TR", "asserts") in got


def test_carried_out_a_series_of_raids(nlp):
    got = claims_of(nlp, "The Saudi-led coalition carried out a series of air raids on Sanaa before dawn.")
    assert ("SA", "asserts") in got


# --- speakers and their sides -----------------------------------------------------------------


def test_spokesman_says_the_group_struck(nlp):
    got = annotate(
        "Houthi military spokesman Yahya Saree said the group had struck oil facilities in Jizan with drones.",
        nlp=nlp,
    )._.sw.claims
    assert any(c.actor == "houthis" and c.stance == "asserts" and c.claimant.kind == "armed_group" for c in got)


def test_said_on_a_day_it_attacked_is_a_self_claim(nlp):
    got = claims_of(nlp, "Yemen's Houthi militia said on Tuesday it had attacked a cargo ship with missiles.")
    assert ("houthis", "asserts") in got


def test_relative_clause_does_not_take_the_denial(nlp):
    got = claims_of(
        nlp,
        "A drone hit a militia base near Mosul on Tuesday. Turkey's defence ministry, whose drones often hit "
        'militants in northern Iraq, also denied any link, saying it had "no operations in that region."',
    )
    assert ("TR", "denies") in got and not any(a == "IQ" for a, _ in got)


def test_a_state_official_without_a_strike_word_declares(nlp):
    got = annotate(
        "A drone strike on a car near Tyre killed two men on Friday. "
        'The Israeli military said it had "eliminated a terrorist" in the area.',
        nlp=nlp,
    )._.sw.claims
    assert any(c.actor == "IL" and c.stance == "asserts" and c.claimant.kind == "military" for c in got)


def test_source_before_a_named_force_is_the_speaker(nlp):
    # monitor bulletin: the watch's sources speak; the warplanes are the agents
    got = annotate(
        "According to the Watch's sources, Russian warplanes carried out 30 air strikes on Sunday.", nlp=nlp
    )._.sw.claims
    ru = [c for c in got if c.actor == "RU"]
    assert ru and all(c.claimant.kind != "military" for c in ru)


def test_outlet_with_a_generic_word_is_not_a_known_monitor():
    assert outlet_party("Hauran Observatory for Human Rights").id != "sohr"
    assert outlet_party("Syrian Observatory for Human Rights").id == "sohr"


def test_monitor_name_in_text_is_not_another_monitor(nlp):
    got = annotate("The Hauran Observatory for Human Rights said Israeli missiles hit a radar.", nlp=nlp)._.sw.claims
    assert got and all(c.claimant.id != "sohr" for c in got)


# --- incident status ------------------------------------------------------------------------


def test_neither_nor_leaves_a_claim_claimed():
    text = (
        "Russian jets bomb market in Jisr al-Shughur\n\n"
        "Russian jets bombed the vegetable market in Jisr al-Shughur on Sunday, killing nine people, "
        "local activists said. Neither Moscow nor Damascus commented on the attack.\n"
    )
    assert status_of(text, outlet="Idlib Voice") == ("claimed", "RU")


def test_acled_style_note_with_a_state_ministry_declares():
    # ACLED-style note: the state's own ministry reports its strike
    text = (
        "On 12 March 2024, Turkish drones struck a PKK position near Gara (Duhok, Iraq). "
        "Turkey's defence ministry said its forces had neutralised 4 militants. Fatalities: 4.\n"
    )
    assert status_of(text, outlet="ACLED") == ("declared", "TR")


def test_bare_military_in_a_foreign_strike_report_is_the_strikers(nlp):
    # wire copy from the country struck: "the military" whose jets hit Hezbollah is Israel's, not Lebanon's
    got = claims_of(
        nlp,
        "BEIRUT (Test Wire) - Israeli air strikes hit villages across southern Lebanon on Wednesday, "
        "killing five people in Nabatieh. The military said its jets hit Hezbollah compounds in response.",
    )
    assert ("IL", "asserts") in got and not any(a == "LB" for a, _ in got)


def test_whose_strike_after_a_preposition(nlp):
    # local outlet headline: the adjective names whose strike it was, whatever governs the strike
    got = claims_of(nlp, "Three young men killed in Israeli drone strike on Jenin camp")
    assert ("IL", "asserts") in got
    got = claims_of(nlp, "On November 9, eleven citizens were martyred in an occupation strike on a house in Rafah.")
    assert ("IL", "asserts") in got


def test_fired_by_during_a_raid(nlp):
    got = claims_of(nlp, "A boy was killed by live bullets fired by the occupation forces during a raid on the camp.")
    assert ("IL", "asserts") in got


def test_a_group_of_fighters_attacked_our_post(nlp):
    # armed-group statement: the attackers are the other side; "our" are the victims
    got = claims_of(
        nlp,
        'The commander said that "a group of Daesh remnants, numbering about ten, attacked one of our posts '
        'near the village and our heroes repelled them."',
    )
    assert ("isis", "asserts") in got and not any(a == "pmf" for a, _ in got)


def test_a_grievance_in_a_statement_is_not_this_strike(nlp):
    got = claims_of(
        nlp,
        'The spokesman said that "in response to the American-British aggression, our forces targeted a ship."',
    )
    assert not any(a in ("US", "GB") for a, _ in got)


def test_coalition_partners_of_named_states_are_not_the_saudi_coalition(nlp):
    got = claims_of(
        nlp,
        "RAF Typhoons joined US strikes on Houthi sites in Yemen overnight. "
        "The coalition partners carried out the strikes on radar sites near Hodeidah.",
    )
    assert not any(a == "SA" for a, _ in got)


def test_speaker_of_a_relative_clause_speaks_only_for_it(nlp):
    got = annotate(
        "The round followed a rocket barrage on the barracks, which the Israeli military said wounded two soldiers, "
        "and an Israeli strike on a building in Nabatieh that killed seven civilians.",
        nlp=nlp,
        outlet="Albion Review",
    )._.sw.claims
    il = [c for c in got if c.actor == "IL"]
    assert il and all(c.claimant.name == "Albion Review" for c in il)


def test_what_it_called_is_the_strikers_own_account():
    # wire copy: the outlet reports the raids in the coalition's own words
    text = (
        "Coalition raids hit Sanaa\n\n"
        "The Saudi-led coalition carried out a series of air raids on Sanaa before dawn on Saturday, "
        'targeting what it called "legitimate military targets".\n'
    )
    assert status_of(text, outlet="Arabian Sea Times")[0] == "declared"


def test_the_statement_is_the_last_named_speakers(nlp):
    # official statement of an armed group's media office
    got = annotate(
        "The commander of the operations of the PMF said the fighters repelled the attack.\n\n"
        "At dawn on Sunday, drones of the PMF's air force struck a hideout in the Himreen mountains, "
        "the statement said.",
        nlp=nlp,
    )._.sw.claims
    assert any(c.actor == "pmf" and c.claimant.id == "pmf" for c in got)


# --- a side's fighters and its forces named again ---------------------------------------------


def test_a_sides_fighters_after_its_sponsor_are_the_strikers(nlp):
    # wire copy: the sponsor's "-backed" names the fighters' patron; the fighters launched the missiles
    got = claims_of(nlp, "Iran-backed Houthi rebels launched three ballistic missiles at a tanker, the Pentagon said.")
    assert ("houthis", "asserts") in got and not any(a == "IR" for a, _ in got)


def test_fighters_who_were_killed_are_not_strikers(nlp):
    got = claims_of(nlp, "Nine Houthi fighters were killed when coalition jets struck their positions near Marib.")
    assert ("houthis", "asserts") not in got


def test_its_forces_strike_a_second_target_in_the_same_sentence():
    # local outlet: the occupation army shells one town, and "its warplanes" raid another
    text = (
        "BEIRUT (Test Wire) - Israeli forces shelled the outskirts of Yaroun on Monday with artillery, and "
        "its warplanes later launched a raid on a house in the town of Maroun al-Ras, a mile away."
    )
    result = extract_article(RawArticle(id="t2", text=text, outlet="Test Wire", published="2024-03-04"))
    claims = [c for c in annotate(text, outlet="Test Wire", published="2024-03-04")._.sw.claims]
    anchors = sorted(c.anchor for c in claims if c.actor == "IL")
    assert len(anchors) == 2 and text[anchors[1] :].startswith("raid")
    assert all(attribution_status(m.claims)[0] == "claimed" for m in result.mentions)


@pytest.mark.parametrize(
    "text",
    [
        "American troops were attacked with rockets at the air base overnight, the Pentagon said.",
        "The strikes followed days in which US warships were repeatedly targeted in the Red Sea.",
        "Turkish forces were hit by a roadside drone near Duhok, the ministry said.",
    ],
)
def test_the_subject_of_a_passive_strike_is_struck_not_striker(nlp, text):
    got = claims_of(nlp, text)
    assert not any(a in ("US", "TR") for a, _ in got)


def test_a_strike_carried_out_by_a_state_hedged_is_suspected(nlp):
    got = claims_of(nlp, "The raid on the weapons convoy is widely thought to have been carried out by Israel.")
    assert ("IL", "suspects") in got


def test_a_negated_strike_is_a_denial_not_a_claim(nlp):
    # ministry statement read out by a wire: its jets "did not strike" the hospital
    got = claims_of(
        nlp, "A Russian defence ministry spokesman said Russian aircraft had not struck the hospital in Ariha."
    )
    assert ("RU", "denies") in got and ("RU", "asserts") not in got


def test_the_source_after_a_comma_is_the_speaker_not_the_striker(nlp):
    text = "The bombing of the bakery in Ariha was carried out by Russian jets, the monitor said."
    sw = annotate(text, nlp=nlp, outlet="Test Wire")._.sw
    assert {(c.actor, c.claimant.name) for c in sw.claims} == {("RU", "the monitor")}


def test_a_state_spokesmans_bare_air_force_is_his_states():
    # the place struck is in Lebanon; the spokesman speaks for Israel, so "the air force" is Israel's
    got = status_of(
        "Israeli military spokesman Rear Adm. Daniel Hagari said the air force struck a weapons depot "
        "in the village of Jibchit, near Nabatieh, overnight."
    )
    assert got == ("declared", "IL")


def test_unnamed_joint_strikes_are_the_partners_last_named_together(nlp):
    got = claims_of(
        nlp,
        "The campaign began with American and British air strikes on radar sites on March 3. "
        "Two more rounds of joint strikes followed later that month, officials said.",
    )
    assert {("US", "asserts"), ("GB", "asserts")} <= got
    sw = annotate(
        "The campaign began with American and British air strikes on radar sites on March 3. "
        "Two more rounds of joint strikes followed later that month.",
        nlp=nlp,
    )._.sw
    assert {c.actor for c in sw.claims if c.sentence == 1} == {"US", "GB"}


def test_coordinated_adjectives_before_a_strike_noun_both_strike(nlp):
    got = claims_of(nlp, "American and British air strikes hit radar sites near Hodeidah overnight.")
    assert {("US", "asserts"), ("GB", "asserts")} <= got
