"""Whose casualty figure is it, and is it a toll at all: a source named once goes on speaking in its
paragraph, a second reporting clause has its own source, negated counts and parts of a toll are not
tolls. Short reports written for these tests in the styles of wire copy and local outlets."""

from __future__ import annotations

import pytest

from strikewatch.extract.pipeline import annotate, build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(until="sw_casualties")


def figures(nlp, text: str) -> list[tuple[int | None, int | None, str]]:
    """(killed, injured, claimant) of each casualty figure, in order."""
    out = []
    for c in annotate(text, nlp=nlp, outlet="Test Wire", published="2024-05-02")._.sw.casualties:
        killed = c.killed.min if c.killed else None
        injured = c.injured.min if c.injured else None
        out.append((killed, injured, c.claimant.name))
    return out


def test_a_named_source_goes_on_speaking_in_its_paragraph(nlp):
    got = figures(
        nlp,
        "A glide bomb struck a warehouse in the city's east on Friday evening, the regional governor said. "
        "Eleven workers were wounded and two are missing.",
    )
    assert got == [(None, 11, "the regional governor")]


def test_a_new_paragraph_is_the_outlets_again(nlp):
    got = figures(
        nlp,
        "A glide bomb struck a warehouse in the city's east on Friday evening, the regional governor said.\n\n"
        "Eleven workers were wounded.",
    )
    assert got == [(None, 11, "Test Wire")]


def test_a_second_reporting_clause_has_its_own_source(nlp):
    got = figures(
        nlp,
        "Relatives gave differing accounts of the raid, while a paramedic said nine bodies had been recovered.",
    )
    assert [(k, i) for k, i, _ in got] == [(9, None)]
    assert got[0][2] == "a paramedic"


def test_two_sources_in_one_sentence_keep_their_own_figures(nlp):
    got = figures(nlp, "The army said four soldiers were wounded, while the health ministry said six civilians died.")
    assert got == [(None, 4, "The army"), (6, None, "the health ministry")]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("An early army statement spoke of three dead in the shelling.", "army"),
        ("The opposition lawmaker for the district said 12 people were killed in the raid.", "lawmaker"),
        ("State television admitted that four soldiers were injured when the drone hit the base.", "television"),
    ],
)
def test_more_ways_of_giving_a_figure(nlp, text, source):
    got = figures(nlp, text)
    assert len(got) == 1 and source in got[0][2].lower()


def test_no_one_hurt_is_no_figure(nlp):
    assert figures(nlp, "Two drones hit the depot overnight, but no one was hurt, the governor said.") == []


def test_one_among_the_dead_is_part_of_a_toll(nlp):
    got = figures(
        nlp,
        "The toll from the missile strike rose to 17, the mayor said, and a teenage girl was among the dead.",
    )
    assert [(k, i) for k, i, _ in got] == [(17, None)]


def test_a_total_of_one_attack_is_its_toll(nlp):
    got = figures(nlp, "A total of 23 people were wounded in the strike on the bus station, officials said.")
    assert [(k, i) for k, i, _ in got] == [(None, 23)]


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("A drone strike on a car near Tyre killed Hassan Ali Najjar, a field commander, and his driver.", 2),
        ("The raid killed Yusuf Karimi in his home in the old quarter, relatives said.", 1),
    ],
)
def test_named_victims_count_without_a_number(nlp, text, killed):
    got = figures(nlp, text)
    assert [k for k, _, _ in got] == [killed]


def test_a_capitalised_group_is_no_named_victim(nlp):
    assert figures(nlp, "Coalition jets killed Islamic State fighters near the dam.") == []


def test_two_strikes_in_one_sentence_keep_their_own_tolls(nlp):
    # wire recap: the source in the relative clause speaks for the first toll only
    got = figures(
        nlp,
        "The exchange followed Monday's rocket barrage on the Zar'it base, which the army said wounded three "
        "soldiers, and an air strike on a house in Bint Jbeil that killed five civilians.",
    )
    assert got == [(None, 3, "the army"), (5, None, "Test Wire")]


def test_a_count_before_a_long_relative_clause_set_off_by_commas(nlp):
    got = figures(
        nlp,
        "Three shepherds, who had taken their flock to the hills above the village despite the curfew, "
        "were killed when a shell landed nearby.",
    )
    assert [(k, i) for k, i, _ in got] == [(3, None)]


def test_a_units_ordinal_is_no_count_and_no_barrier(nlp):
    got = figures(nlp, "Four soldiers of the 58th Mechanised Brigade were wounded in the drone attack.")
    assert [(k, i) for k, i, _ in got] == [(None, 4)]


def test_a_source_named_again_in_short_keeps_its_full_name(nlp):
    got = figures(
        nlp,
        "The Gaza Ministry of Health said two men were killed in the strike on the camp.\n\n"
        "Later in the day the ministry said nine others were wounded, three of them critically.",
    )
    assert [c for _, _, c in got] == ["Ministry of Health", "Ministry of Health"]


def test_a_government_gives_its_own_toll(nlp):
    got = figures(
        nlp, "The exiled National Unity Government has put the toll at 61, while local residents say 70 people died."
    )
    assert [(k, c) for k, _, c in got] == [(61, "The exiled National Unity Government"), (70, "local residents")]


def test_a_running_toll_series_gives_each_days_toll(nlp):
    got = figures(
        nlp,
        "The count has climbed since the strike on the market: medics reported four dead on Friday night, "
        "nine on Saturday and 11 by Sunday morning.",
    )
    assert [k for k, _, _ in got] == [4, 9, 11]


def test_a_war_long_count_since_its_start_is_still_no_toll(nlp):
    assert figures(nlp, "More than 600 people have been killed since the war began, including 14 on Sunday.") == []


def test_two_later_deaths_are_a_figure_of_their_own(nlp):
    got = figures(nlp, "The strike killed three people on Monday, and two more died in hospital on Tuesday.")
    assert [k for k, _, _ in got] == [3, 2]


def test_a_monitors_name_holding_a_country_is_the_monitor(nlp):
    got = figures(
        nlp,
        "Northern Iraq Monitoring Network (NIMN) researchers documented the death of two shepherds in a drone "
        "strike near Sinjar.",
    )
    assert len(got) == 1 and got[0][2].startswith("Northern Iraq Monitoring Network")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Shelling killed three people in the market, according to local health workers.", "health workers"),
        ("The raid killed five people, according to Ali Karam, director of the town's hospital.", "director"),
        ("Rescue volunteers said nine bodies had been recovered from the rubble.", "volunteers"),
    ],
)
def test_aid_and_hospital_staff_are_sources(nlp, text, source):
    got = figures(nlp, text)
    assert len(got) == 1 and source in got[0][2].lower()
