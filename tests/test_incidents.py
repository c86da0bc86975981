"""Per-article incident assembly: the main incident, background recalls, separate strikes, page dates.
Short articles written for these tests in the styles of wire copy, local agencies and press releases."""

from __future__ import annotations

import pytest

from strikewatch.extract.pipeline import annotate, build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def mentions(nlp, text: str, **kw):
    return annotate(text, nlp=nlp, article_id="t", **kw).user_data["sw_mentions"]


def test_dated_recall_is_background_with_its_own_date(nlp):
    ms = mentions(
        nlp,
        "Jets strike depot near Hama\n\n"
        "Warplanes struck an arms depot near Hama on Tuesday, March 12, 2024, killing four fighters, "
        "a war monitor said.\n\n"
        "On February 20, an airstrike on the same area killed two civilians, according to residents.\n",
    )
    roles = {(m.role, m.date.value) for m in ms}
    assert ("main", "2024-03-12") in roles
    assert ("background", "2024-02-20") in roles
    bg = next(m for m in ms if m.role == "background")
    assert [c.killed.min for c in bg.casualties] == [2]


def test_response_cue_makes_the_recalled_attack_its_own_incident(nlp):
    ms = mentions(
        nlp,
        "US jets hit militia sites\n\n"
        "US jets struck militia sites in eastern Syria on Sunday in response to drone attacks on a US "
        "base last week that wounded three soldiers, officials said.\n",
    )
    kinds = {(m.role, m.event_type) for m in ms}
    assert ("main", "airstrike") in kinds
    assert ("background", "drone_attack") in kinds


def test_aggregates_are_not_incidents(nlp):
    ms = mentions(
        nlp,
        "Drone hits car in Idlib\n\n"
        "A drone struck a car near Sarmada on Monday, killing the driver, rescuers said.\n\n"
        "Turkish drones have carried out hundreds of strikes in the region since 2020.\n",
    )
    assert [m.role for m in ms] == ["main"]


def test_separate_strike_at_another_place_is_another_main_incident(nlp):
    ms = mentions(
        nlp,
        "Two strikes in south Lebanon\n\n"
        "An Israeli drone struck a car near Nabatieh on Wednesday, killing two men, the health "
        "ministry said.\n\n"
        "In a separate attack, a drone strike on a motorcycle in the village of Aitaroun killed one "
        "person.\n",
    )
    mains = [m for m in ms if m.role == "main"]
    assert len(mains) == 2
    places = [{loc.canonical_name or loc.name for loc in m.locations} for m in mains]
    assert any("Aitaroun" in " ".join(p) for p in places)


def test_page_date_line_is_the_reference_for_relative_dates(nlp):
    ms = mentions(
        nlp,
        "Drone strike on car in the south\n\n"
        "Thu 14 Mar 2024 at 16:20 | Tyre\n\n"
        "Cedar Wire - Tyre - An Israeli drone struck a car on the coastal road this morning, wounding "
        "its driver.\n",
    )
    assert ms[0].date.value == "2024-03-14"


def test_follow_up_with_only_old_strikes_has_no_main_incident(nlp):
    ms = mentions(
        nlp,
        "Field back in production\n\n"
        "Output at the gas field returned to normal on Sunday, the ministry said, eight days after a "
        "drone attack shut it down.\n\n"
        "On March 3, two rockets landed inside the field, wounding two workers.\n",
        published="2024-09-22",
    )
    assert ms and all(m.role == "background" for m in ms)


def test_date_of_a_statement_is_not_the_strike_date(nlp):
    ms = mentions(
        nlp,
        "Jets strike positions\n\nThe army said on Wednesday that its jets struck positions near Marib on Tuesday.\n",
        published="2024-05-09",
    )
    assert ms[0].date.value == "2024-05-07"


def test_a_blame_statement_dates_itself_not_the_strike_reported_further_down(nlp):
    """The lead dates the statement; the strike's own date comes two paragraphs later."""
    text = (
        "Baghdad demands apology over strike near Kirkuk airport\n\n"
        "Iraq held Turkey responsible on Saturday for a strike close to Kirkuk's airport, and demanded an "
        "apology from Ankara.\n\nThe provincial council said a drone struck a vehicle beside the perimeter road "
        "at about 5 p.m. on Friday, wounding two guards.\n"
    )
    ms = [m for m in mentions(nlp, text, published="2023-06-10") if m.role == "main"]
    assert ms and ms[0].date.value == "2023-06-09"


def test_a_toll_update_keeps_the_day_of_the_strike_it_counts(nlp):
    """'The toll from Saturday's strike rose on Sunday': Saturday, even after 'from'."""
    text = (
        "Toll from Odesa missile strike climbs to nine\n\n"
        "ODESA, Ukraine, March 17, 2024 - The death toll from Saturday's Russian missile strike on a port "
        "warehouse in Odesa rose to nine on Sunday, the regional governor said.\n"
    )
    ms = [m for m in mentions(nlp, text, published="2024-03-17") if m.role == "main"]
    assert ms and ms[0].date.value == "2024-03-16"


def test_joint_operation_is_one_declared_strike(nlp):
    ms = mentions(
        nlp,
        "Strikes near Hodeidah\n\n"
        "US Central Command said US and British warplanes struck radar sites near Hodeidah on Monday.\n",
    )
    actors = {c.actor for c in ms[0].claims}
    assert actors == {"US", "GB"}


def test_a_strike_day_beats_a_past_24_hours_tally_in_the_lead(nlp):
    """A ministry briefing opens with a 24-hour tally that runs across midnight; its strike has a day."""
    ms = mentions(
        nlp,
        "Briefing of the defence ministry\n\n(14 March 2024)\n\n"
        "Over the past 24 hours, nine shelling attacks by armed groups were recorded in the de-escalation zone.\n\n"
        "In the early hours of 14 March, air force jets struck a depot of the armed groups near Sarmin, "
        "destroying it.\n",
    )
    main = [m for m in ms if m.role == "main"]
    assert main and main[0].date.value == "2024-03-14"


def test_a_country_named_as_a_border_does_not_drop_the_town_struck(nlp):
    """'airstrikes on al-Bokamal city at the border with Iraq': the strike is in Syria, Iraq only a reference."""
    ms = mentions(nlp, "About 20 people were killed in airstrikes on al-Bokamal city at the border with Iraq",
                  published="2017-05-10")
    assert ms and "al-Bokamal" in [loc.name for loc in ms[0].locations]


def test_a_massacre_told_by_a_monitor_is_an_incident_at_its_place(nlp):
    """Monitors headline a deadly strike as a massacre, often with no weapon named."""
    ms = mentions(nlp, "The regime forces carry out a massacre in the town of Kafr Batna in the Eastern Ghouta\n"
                       "64 people were killed yesterday, 20 of them in shelling by the regime forces",
                  published="2017-08-09")
    assert ms and "Kafr Batna" in [loc.name for loc in ms[0].locations]


def test_a_self_defence_strike_told_later_in_a_release_is_its_own_incident(nlp):
    """A command's release: the attack on a ship, then 'Subsequently, ... forces conducted a self-defense
    strike' on a launcher elsewhere: two strikes by two sides, not one."""
    ms = mentions(
        nlp,
        "Red Sea update\n\n"
        "On May 2, Houthi militants launched two anti-ship ballistic missiles into the Gulf of Aden. One missile "
        "struck the cargo ship Blue Heron, causing minor damage.\n\n"
        "Subsequently, at about 3 p.m., coalition forces conducted a self-defense strike against a mobile missile "
        "launcher near Hodeidah.\n",
        published="2024-05-02",
    )
    assert len([m for m in ms if m.role == "main"]) == 2


@pytest.mark.parametrize(
    ("toll_line", "places"),
    [
        # A monitor's bulletin: the first line says where; the toll line that reports the raids names no place.
        ("Fourteen civilians were killed yesterday in air raids by warplanes, the monitor said.", ["Saraqib"]),
        # A strike with its own place keeps only that one.
        ("Fourteen civilians were killed yesterday in air raids by warplanes on Ariha, the monitor said.", ["Ariha"]),
    ],
)
def test_a_main_strike_told_without_a_place_takes_the_report_s_place(nlp, toll_line, places):
    text = f"Government forces push into the eastern outskirts of Saraqib in the countryside of Idlib\n{toll_line}\n"
    main = next(m for m in mentions(nlp, text) if m.role == "main")
    assert [loc.name for loc in main.locations][: len(places)] == places
    assert len(main.locations) == len(places) or places == ["Saraqib"]


def test_a_place_on_the_page_s_date_line_is_where_the_report_is_about(nlp):
    text = "Airstrikes kill 12 civilians in the past two days\nMarch 3rd 2017: Al Bab, Aleppo governorate, Syria\n"
    ms = mentions(nlp, text)
    main = next(m for m in ms if m.role == "main")
    assert "Al Bab" in [loc.name for loc in main.locations]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # "east of Y" right after X only locates X ...
        ("Warplanes struck Sarmin, 10 km east of Idlib city, on Monday, the monitor said.", ["Sarmin"]),
        # ... but after a new clause it is where that clause's strike fell.
        ("A shell hit an area in the countryside of Homs and aerial bombardment targeted east of Daraa",
         ["Homs", "Daraa"]),
    ],
)
def test_a_direction_from_a_place_is_an_anchor_only_beside_the_place_it_locates(nlp, text, names):
    main = next(m for m in mentions(nlp, text) if m.role == "main")
    assert [loc.name for loc in main.locations] == names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a toll that "claims the lives" is no government speaking
        ("The massacre in the countryside of Idlib claims the lives of 12 people in bombing by warplanes", "Idlib"),
        # a neighbourhood of the city the report is about is in that city
        ("At least six people were wounded in airstrikes on an Aleppo neighborhood", "Aleppo"),
    ],
)
def test_a_monitor_s_headline_places_its_strike(nlp, text, name):
    main = next(m for m in mentions(nlp, text) if m.role == "main")
    assert any(loc.name == name and loc.lat is not None for loc in main.locations)


@pytest.mark.parametrize(
    "text",
    [
        "The strike on the market in Idlib on Monday killed 40 people, rescuers said.",
        "Monday's strike on the market in Idlib was the deadliest since 2019, killing 40 people, rescuers said.",
    ],
)
def test_a_lone_strike_with_its_toll_is_the_report_s_incident(nlp, text):
    ms = mentions(nlp, text, published="2024-03-12")
    assert [(m.role, m.date.value) for m in ms] == [("main", "2024-03-11")]
