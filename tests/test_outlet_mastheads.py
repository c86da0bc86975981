"""Outlets read off a page's masthead furniture when metadata is missing: 'Outlet | Section' lines, a bare
outlet-name line under the headline, 'Outlet – date', 'date | time | Outlet', 'Syndicated from X', a closing
tagline or sign-off, and a dateline whose outlet has '&' in its name. Also the lines that must not become an
outlet: sections, places, dates and title-cased subtitles. Texts and outlet names are written for these tests."""

from __future__ import annotations

import pytest

from strikewatch.extract.pipeline import annotate

_BODY = (
    "A drone struck a fuel depot on the edge of the town on Monday night, killing two workers and wounding five, "
    "local officials said. Fire crews worked until dawn to put out the blaze."
)


def _outlet(text: str) -> str | None:
    return annotate(text)._.sw.outlet


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        # "Outlet | Section" under the headline
        (f"Drone strike sets Tartus fuel depot ablaze\n\nCoastal Sentinel | Region\n\n{_BODY}", "Coastal Sentinel"),
        # a bare outlet-name line under the headline, then a date line
        (f"Two killed as drone hits depot near Sloviansk\n\nDonbas Herald\nPublished 4 March 2024\n\n{_BODY}",
         "Donbas Herald"),
        # "Outlet – date"
        (f"Depot fire after night drone raid\n\nLakeside Tribune – 4 March 2024\n\n{_BODY}", "Lakeside Tribune"),
        # "date | time | Outlet"
        (f"Night drone raid on depot kills two\n\n12 May 2024 | 08:30 | Highland Wire\n\n{_BODY}", "Highland Wire"),
        # a syndication credit after the date
        (f"Depot workers killed in drone raid\n\nPublished 3 June 2024 · Syndicated from Pacific Rim News Service"
         f"\n\n{_BODY}", "Pacific Rim News Service"),
        # "Voice of ..." names, the outlet word first
        (f"Drone raid kills two at depot\n\nVoice of the Highlands | Local\n\n{_BODY}", "Voice of the Highlands"),
        # a known wire service as a one-word masthead part
        (f"Drone raid kills two at fuel depot\n\nKyiv, 3 May 2024 | Interfax\n\n{_BODY}", "Interfax"),
    ],
)
def test_a_masthead_line_near_the_headline_names_the_outlet(text: str, outlet: str) -> None:
    assert _outlet(text) == outlet


def test_a_dateline_outlet_may_have_an_ampersand_in_its_name() -> None:
    text = ("Drone raid kills two near Aden port\n\nADEN, Yemen, May 2, 2024 (Red Sea & Horn Monitor) – " + _BODY)
    assert _outlet(text) == "Red Sea & Horn Monitor"


@pytest.mark.parametrize(
    ("closing", "outlet"),
    [
        ("Euphrates Valley Times – news from the river towns", "Euphrates Valley Times"),
        ("— Cedar Valley Post newsroom, Tyre", "Cedar Valley Post"),
        ("Follow Nile Basin Radio on Telegram for live updates.", "Nile Basin Radio"),
        ("Reporting: Lowland Courier correspondents in Mosul and Erbil", "Lowland Courier"),
    ],
)
def test_the_page_footer_names_the_outlet(closing: str, outlet: str) -> None:
    text = (f"Depot fire after night drone raid\n\n{_BODY}\n\nRescuers said more bodies may be under the rubble.\n\n"
            f"Officials did not say who launched the drone.\n\n{closing}")
    assert _outlet(text) == outlet


def test_a_monitor_opening_its_bulletin_with_its_name_and_a_colon() -> None:
    text = ("Four civilians killed in strikes on Deir Hafer\n\nTigris Observatory for Civil Rights: At least four "
            "civilians were killed on Tuesday when warplanes struck the town of Deir Hafer, our sources said.")
    assert _outlet(text) == "Tigris Observatory for Civil Rights"


@pytest.mark.parametrize(
    "furniture",
    [
        "World | Middle East",
        "Wed 12 Mar 2025 at 13:05 | Kharkiv",
        "Residents Bury Victims of Depot Strike",
        "Local News | Live",
        "Press Release",
        "BREAKING | Updated 19:40",
        "Kharkiv Oblast – Ukraine",
        "Staff Reporter | Kyiv",
    ],
)
def test_sections_places_dates_and_subtitles_are_not_outlets(furniture: str) -> None:
    text = f"Drone strike sets fuel depot ablaze\n\n{furniture}\n\n{_BODY}\n\n- Northern Star Press\n\n{furniture}"
    assert _outlet(text) is None
