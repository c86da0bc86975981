"""A live page's time-stamped entries: an entry telling of a strike at another town or by another side is an
incident of its own, an entry updating a strike already told joins it, plural strikes of one side make one
wave, and a weak strike word takes its own entry's kind. Pages written for these tests in the style of live
coverage."""

from __future__ import annotations

import pytest

from strikewatch.extract.liveblog import entry_at, live_entries
from strikewatch.extract.pipeline import annotate, build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def mentions(nlp, text: str, **kw):
    return annotate(text, nlp=nlp, article_id="t", **kw).user_data["sw_mentions"]


def names(m) -> set[str]:
    return {loc.name for loc in m.locations}


def killed(m) -> set[int]:
    return {c.killed.min for c in m.casualties if c.killed and c.killed.min is not None}


_SYRIA_PAGE = (
    "Syria live: rockets hit Aleppo as jets strike Idlib\n\n"
    "Northern Desk | Live updates\n\n"
    "18:40\n"
    "Rescuers now say six people were killed in the raid on the market in Ariha, up from four.\n\n"
    "16:20\n"
    "Opposition factions fired rockets at the New Aleppo district of Aleppo city, killing two women, state media "
    "reported.\n\n"
    "13:05\n"
    "Russian warplanes carried out an air strike on a vegetable market in Ariha, killing four civilians, the civil "
    "defence said.\n\n"
    "09:30\n"
    "Good morning and welcome to our live coverage of the war in Syria.\n"
)


def test_stamp_lines_make_entries_only_when_there_are_several():
    assert len(live_entries(_SYRIA_PAGE)) == 4
    assert entry_at(live_entries(_SYRIA_PAGE), 5) == -1  # the headline is above the first entry
    assert live_entries("At 10:30 sirens sounded.\n\n10:45\nA drone struck a car.\n") == ()


def test_entries_at_other_towns_by_other_sides_are_incidents_of_their_own(nlp):
    ms = [m for m in mentions(nlp, _SYRIA_PAGE, published="2023-10-05") if m.role == "main"]
    by_town = {frozenset(names(m)): m for m in ms}
    ariha = next(m for m in ms if "Ariha" in names(m))
    aleppo = next(m for m in ms if "New Aleppo" in names(m) or "Aleppo" in names(m))
    assert ariha is not aleppo
    assert "Aleppo" not in names(ariha) and "Ariha" not in names(aleppo)
    assert killed(aleppo) == {2}
    assert len(by_town) == 2  # the update at 18:40 joins the Ariha strike: no third incident


def test_an_update_entry_gives_its_toll_to_the_strike_it_updates(nlp):
    ms = [m for m in mentions(nlp, _SYRIA_PAGE, published="2023-10-05") if m.role == "main"]
    ariha = next(m for m in ms if "Ariha" in names(m))
    assert {4, 6} <= killed(ariha)


def test_a_weak_strike_word_takes_its_own_entrys_kind_not_the_pages(nlp):
    page = (
        "Live: rocket fire on Haifa, strikes in south Lebanon\n\n"
        "Levant Live | Live coverage\n\n"
        "Thu 20:15\n"
        "A strike on a car near Bint Jbeil has killed two men, the state news agency says.\n\n"
        "Thu 14:50\n"
        "Sirens sounded in Haifa as a rocket barrage was fired from Lebanon; rockets struck near the port.\n\n"
        "Thu 11:10\n"
        "Another rocket barrage hit near Haifa this morning, the army says.\n"
    )
    ms = [m for m in mentions(nlp, page, published="2024-05-09") if m.role == "main"]
    car = next(m for m in ms if "Bint Jbeil" in names(m))
    assert car.event_type != "rocket_attack"


def test_plural_strikes_by_one_side_over_several_entries_are_one_wave(nlp):
    page = (
        "Yemen live: US and British strikes\n\n"
        "Red Sea Desk | Live\n\n"
        "Fri 14:00\n"
        "The Houthis say the strikes hit Sanaa, Hodeidah and Taiz, killing five.\n\n"
        "Fri 09:20\n"
        "British officials say RAF jets bombed sites at Hajjah overnight alongside US aircraft.\n\n"
        "Fri 06:10\n"
        "US and British forces launched strikes on Houthi targets in Yemen overnight; explosions were heard in "
        "Sanaa.\n"
    )
    ms = [m for m in mentions(nlp, page, published="2024-01-12") if m.role == "main"]
    assert len(ms) == 1
    assert {"Sanaa", "Hajjah"} <= names(ms[0])
