"""The date component: what a reader of a strike report would take each date to mean.

Sentences are our own, written in the styles we ingest: wire copy, war monitors,
official statements and local outlets.
"""

from __future__ import annotations

import datetime as dt

import pytest

from strikewatch.extract.dates import find_dates, resolve_against
from strikewatch.extract.document import DateMention
from strikewatch.extract.pipeline import annotate, build_pipeline
from strikewatch.model import DateValue


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(until="sw_dates")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests must not depend on the day they run."""
    monkeypatch.setenv("STRIKEWATCH_TODAY", "2026-11-21")


def dates_in(nlp, text: str, published: str | None = None) -> list[DateMention]:
    doc = annotate(text, published=published, nlp=nlp)
    return list(doc._.sw.dates)


def one(nlp, text: str, expression: str, published: str | None = None) -> DateMention:
    """The mention whose text is `expression` (and check that its offsets cut exactly that text)."""
    found = [d for d in dates_in(nlp, text, published) if d.text == expression]
    assert found, f"{expression!r} not found in {[d.text for d in dates_in(nlp, text, published)]}"
    d = found[0]
    assert text[d.start:d.end] == expression
    return d


# --- absolute dates and the year from the weekday ----------------------------------------


def test_weekday_and_day_month_take_the_latest_matching_year_before_publication(nlp):
    text = "Warplanes struck a depot near the river at dawn on Tuesday, March 26, the governor said."
    d = one(nlp, text, "Tuesday, March 26", published="2024-03-28")
    assert d.date.value == "2024-03-26"
    assert d.date.precision == "day"
    assert (d.date.earliest, d.date.latest) == ("2024-03-26", "2024-03-26")
    assert d.date.text == "Tuesday, March 26"


def test_weekday_rule_uses_today_without_a_publication_date(nlp):
    # 23 August fell on a Tuesday in 2022 and not again until 2033.
    d = one(nlp, "The US carried out air raids in the province on Tuesday, August 23.", "Tuesday, August 23")
    assert d.date.value == "2022-08-23"


def test_weekday_rule_never_goes_past_the_reference(nlp):
    # 13 January was a Tuesday in 2026, but the article was published in 2024: the latest one before is 2015.
    d = one(nlp, "Shelling resumed on Tuesday 13 January, a monitor said.", "Tuesday 13 January",
            published="2024-05-01")
    assert d.date.value == "2015-01-13"


@pytest.mark.parametrize(
    ("text", "expression", "value", "precision"),
    [
        ("DAMASCUS, March 26, 2024 (Wire) - Explosions shook the airport.", "March 26, 2024", "2024-03-26", "day"),
        ("The ministry said the raid took place on 26 March 2024 near the border.", "26 March 2024", "2024-03-26",
         "day"),
        ("Logged by the monitor at 2024-03-26 with three dead.", "2024-03-26", "2024-03-26", "day"),
        ("Similar strikes hit the area in June 2021 as well.", "June 2021", "2021-06", "month"),
        ("The group has been active there since 2019.", "2019", "2019", "year"),
        ("On Dec. 4, 2016, coalition aircraft conducted nine strikes near the town.", "Dec. 4, 2016", "2016-12-04",
         "day"),
        ("The base was attacked in the summer of 2017 by drones.", "the summer of 2017", "2017", "year"),
        ("Reconstruction began in early 2023 after the attacks.", "early 2023", "2023", "year"),
    ],
)
def test_absolute_dates(nlp, text, expression, value, precision):
    d = one(nlp, text, expression)
    assert d.date.value == value
    assert d.date.precision == precision
    assert not d.relative


def test_named_event_dates_keep_their_own_year_and_date_nothing_else(nlp):
    text = "The group was formed after the Sept. 11 attacks, and its camp was bombed on March 3."
    assert one(nlp, text, "Sept. 11").date.value == "2001-09-11"
    assert one(nlp, text, "March 3").date.value == "--03-03"


def test_month_with_a_modifier_narrows_the_bounds(nlp):
    d = one(nlp, "Fighting intensified in late June 2021 around the town.", "late June 2021")
    assert d.date.value == "2021-06"
    assert (d.date.earliest, d.date.latest) == ("2021-06-21", "2021-06-30")


def test_day_ranges_keep_both_ends(nlp):
    d = one(nlp, "The exercise ran from October 25-26, 2016, in the desert.", "October 25-26, 2016")
    assert d.date.value == "2016-10"
    assert (d.date.earliest, d.date.latest) == ("2016-10-25", "2016-10-26")


# --- year from other dates in the article ----------------------------------------------


def test_year_from_the_other_dates_of_the_article(nlp):
    text = (
        "Unknown aircraft bombed militia sites at dawn on Tuesday, March 26, a local official said.\n\n"
        "Earlier strikes had a similar aim.\n\n"
        "On February 3, US bombers hit more than 80 targets in the province."
    )
    d = one(nlp, text, "February 3")
    assert d.date.value == "2024-02-03"


def test_year_from_a_dated_weekday_elsewhere_in_the_article(nlp):
    text = (
        "The US struck facilities in Deir ez-Zor province on Tuesday, August 23, according to a statement.\n\n"
        "The statement said the strikes answered attacks like the ones on August 15.\n\n"
        "On August 15, drones targeted a base in the south."
    )
    found = [d for d in dates_in(nlp, text) if d.text == "August 15"]
    assert len(found) == 2
    assert {d.date.value for d in found} == {"2022-08-15"}


def test_year_from_a_nearby_date_in_the_same_paragraph(nlp):
    text = "The campaign opened on March 1, 2023 and a second wave followed on March 5 near the dam."
    d = one(nlp, text, "March 5", published="2024-06-01")
    assert d.date.value == "2023-03-05"


def test_year_from_the_publication_date(nlp):
    d = one(nlp, "The attack on December 28 killed four guards, the agency said.", "December 28",
            published="2024-01-10")
    assert d.date.value == "2023-12-28"


# --- relative dates ----------------------------------------------------------------------

PUBLISHED = "2024-03-27"  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expression", "value", "earliest", "latest"),
    [
        ("The monitor said drones hit the convoy on Tuesday.", "Tuesday", "2024-03-26", "2024-03-26", "2024-03-26"),
        ("Residents said jets struck early Wednesday.", "early Wednesday", "2024-03-27", None, None),
        ("Loud blasts were heard Tuesday night near the airport.", "Tuesday night", "2024-03-26", None, None),
        ("Two people were wounded yesterday, a medic said.", "yesterday", "2024-03-26", None, None),
        ("The army said today that it had hit a launcher.", "today", "2024-03-27", None, None),
        ("The warehouse was hit two days ago, sources said.", "two days ago", "2024-03-25", None, None),
        ("Strikes last week targeted a bridge.", "last week", "2024-03", "2024-03-18", "2024-03-24"),
        ("A similar raid took place last month.", "last month", "2024-02", "2024-02-01", "2024-02-29"),
        ("Earlier this month, rockets hit the base.", "Earlier this month", "2024-03", "2024-03-01", "2024-03-27"),
        ("The US denied any attack in the past 24 hours.", "the past 24 hours", "2024-03", "2024-03-26",
         "2024-03-27"),
        ("Raids hit two sites in Syria in June last year, according to the wire.", "June last year", "2023-06",
         "2023-06-01", "2023-06-30"),
        ("Officials said the checkpoint was shelled on the 5th, killing a soldier.", "the 5th", "2024-03-05", None,
         None),
        ("Drones struck the depot overnight, a monitor said.", "overnight", "2024-03", "2024-03-26", "2024-03-27"),
        ("The base was attacked last Friday, officials said.", "last Friday", "2024-03-22", None, None),
    ],
)
def test_relative_dates_read_against_the_publication_date(nlp, text, expression, value, earliest, latest):
    d = one(nlp, text, expression, published=PUBLISHED)
    assert d.relative
    assert not d.weekday_only
    assert d.date.value == value
    if earliest:
        assert (d.date.earliest, d.date.latest) == (earliest, latest)


def test_relative_day_after_a_dated_one(nlp):
    text = "Militants attacked the outpost on 13 January 2021. The following day, jets bombed their positions."
    d = one(nlp, text, "The following day")
    assert d.date.value == "2021-01-14"


# --- never invent a year -------------------------------------------------------------------


def test_no_year_when_nothing_in_the_article_gives_one(nlp):
    text = "Several sources reported the raids on 13 January. A resident said they began before dawn."
    d = one(nlp, text, "13 January")
    assert d.date.value == "--01-13"
    assert d.date.precision == "day"
    assert d.date.earliest is None and d.date.latest is None


def test_month_without_year_stays_yearless(nlp):
    d = one(nlp, "The group claimed a similar attack in June.", "June")
    assert d.date.value == "--06"
    assert d.date.precision == "month"


def test_weekday_without_reference_is_kept_but_unresolved(nlp):
    d = one(nlp, "A war monitor said the strikes on Tuesday killed six fighters.", "Tuesday")
    assert d.weekday_only
    assert d.relative
    assert d.date.value is None
    assert d.date.precision == "unknown"
    assert d.date.text == "Tuesday"


def test_relative_phrase_without_reference_has_no_value(nlp):
    d = one(nlp, "The drone attack on the base last week was blamed on militias.", "last week")
    assert d.relative
    assert d.date.value is None


def test_far_future_years_do_not_date_other_expressions(nlp):
    text = "The reconstruction plan runs until December 2090. The strike came on March 3, officials said."
    d = one(nlp, text, "March 3")
    assert d.date.value == "--03-03"


# --- things that are not dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Officials warned that the strikes may continue for days.",
        "Protesters March Through the Capital After Raid",
        "Residents may 5 times a day check the shelter.",
        "The strikes hit more than 85 targets, and about 900 troops remain in the east.",
        "Fighters of Battalion 313 were seen near the crossing.",
        "The Deir Ezzor 24 network reported the blasts.",
        "Militias expanded across the region in the 1990s.",
        "Resolution 2254 was cited by the envoy.",
        "He sat in the front row while the sun set.",
        "The Good Friday agreement was cited by the envoy.",
        "The shelter is on the 5th floor of the building.",
        "The convoy carried 2000 litres of fuel.",
        "Ministers were waiting for May to decide on the deployment.",
    ],
)
def test_non_dates_are_not_taken_as_dates(nlp, text):
    assert [(d.text, d.date.value) for d in dates_in(nlp, text, published=PUBLISHED)] == []


def test_counts_after_a_preposition_are_not_years(nlp):
    found = dates_in(nlp, "Aid reached families in 1995 homes and troops moved from 2000 troops to fewer.")
    assert [d.text for d in found if d.date.precision == "year"] == []


# --- offsets and noise ---------------------------------------------------------------------


def test_offsets_cut_exactly_the_expression(nlp):
    text = (
        "BEIRUT, Jan. 14 (Wire) – Israeli jets struck targets overnight Tuesday, the monitor said on Wednesday.\n"
        "“At 1:10 a.m., the enemy targeted the city,” the ministry said, adding that similar raids hit the area "
        "in early June 2021 and on 5 May, and again two weeks ago."
    )
    found = dates_in(nlp, text, published="2025-01-15")
    assert len(found) >= 6
    for d in found:
        assert text[d.start:d.end] == d.text == d.date.text


def test_expressions_inside_page_noise_are_skipped():
    text = "Photo taken on March 3, 2020. Jets struck the town on March 26, 2024."
    found = find_dates(text, skip=lambda start, end: end <= 29)
    assert [d.text for d in found] == ["March 26, 2024"]


# --- resolve_against -------------------------------------------------------------------------


def test_resolve_yearless_date_against_an_incident_date():
    value = DateValue(value="--08-15", precision="day", text="August 15")
    out = resolve_against(value, dt.date(2022, 8, 23))
    assert out.value == "2022-08-15"
    assert out.precision == "day"
    assert out.text == "August 15"


def test_resolve_yearless_value_without_text():
    out = resolve_against(DateValue(value="--12-30", precision="day"), dt.date(2023, 1, 4))
    assert out.value == "2022-12-30"


def test_resolve_weekday_only_mention(nlp):
    d = one(nlp, "Drones hit the camp on Tuesday, a monitor said.", "Tuesday")
    assert d.weekday_only
    out = resolve_against(d, dt.date(2022, 8, 24))
    assert out.value == "2022-08-23"
    assert out.precision == "day"
    assert out.text == "Tuesday"


def test_resolve_leaves_dated_values_alone():
    value = DateValue(value="2021-06", precision="month", earliest="2021-06-01", latest="2021-06-30", text="June 2021")
    assert resolve_against(value, dt.date(2024, 1, 1)) == value
