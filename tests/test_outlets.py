"""Outlets from a record's URL host, the country a one-country outlet reports on as context for its places,
and the URL path's date standing in for a missing publication date. Texts are written for these tests."""

from __future__ import annotations

from strikewatch.extract.pagedate import url_date
from strikewatch.extract.pipeline import annotate


def test_the_url_host_names_the_outlet_when_the_page_does_not():
    sw = annotate("Shelling hits a market in Ariha\n\nShells fell on the market on Monday, killing three.",
                  url="https://www.syriahr.com/en/301122/")._.sw
    assert sw.outlet == "Syrian Observatory for Human Rights"
    assert sw.outlet_country == "SY"


def test_an_unknown_host_names_no_outlet():
    sw = annotate("Shells fell on the market on Monday.", url="https://example.org/news/1")._.sw
    assert sw.outlet is None and sw.outlet_country is None


def test_a_one_country_outlet_places_a_bare_headline_in_its_country():
    # As-Sukhnah is a town in Homs desert; Sohna, a larger town spelt alike, is in India.
    ps = annotate("Air strikes accompany the fighting in Al-Sukhnah desert", outlet="SOHR")._.sw.places
    sukhnah = next(p for p in ps if p.text == "Al-Sukhnah")
    assert sukhnah.location.country == "SY" and sukhnah.location.admin1 == "Homs"


def test_the_url_path_dates_a_record_without_a_published_date():
    assert str(url_date("https://news.example/2024/03/22/strikes-kharkiv")) == "2024-03-22"
    assert str(url_date("https://news.example/world/2024-02-14-nabatieh-strike/")) == "2024-02-14"
    assert url_date("https://news.example/2024/03/") is None  # a month alone dates no day
    assert url_date("https://news.example/story/20241399/") is None
    m = annotate("A drone struck a car on Tuesday, killing two.", article_id="u",
                 url="https://news.example/2024/02/15/drone-strike/").user_data["sw_mentions"]
    assert m and m[0].date.value == "2024-02-13"
