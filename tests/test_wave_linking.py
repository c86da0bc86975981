"""Cross-article linking of one strike told differently: a wave listed by different towns over the same
provinces, and an undated report's weekday a night away from a dated one. Nearby strikes on other days or in
other provinces stay apart."""

from __future__ import annotations

import datetime as dt

from strikewatch.resolve.features import compare, profile_from
from strikewatch.resolve.link import Clusters


def _day_key(day: dt.date) -> list:
    return ["day", day.toordinal(), day.toordinal(), day.month, day.day, day.weekday()]


def _profile(idx: int, article: str, *, date: list, etype: str, admin1: list[str], spots: list[list], night=False):
    features = {
        "role": "main",
        "etype": etype,
        "date": date,
        "anchored": False,
        "countries": ["SY"],
        "admin1": admin1,
        "admin2": [],
        "spots": spots,
        "keys": [],
        "targets": [],
        "strikers": ["TR"],
        "named": ["TR"],
        "night": night,
        "outlet": article,
    }
    return profile_from(idx, features, article, article)


QAMISHLI = ["q", "qamishli", 37.05, 41.22, "city"]
AMUDA = ["a", "amuda", 37.10, 40.93, "city"]
KOBANI = ["k", "kobani", 36.89, 38.35, "city"]
HASAKAH = ["h", "hasakah", 36.50, 40.75, "city"]
RAQQA = ["r", "raqqa", 35.95, 39.01, "city"]
MANBIJ = ["m", "manbij", 36.53, 37.95, "city"]


def test_two_lists_of_one_wave_over_the_same_provinces_link():
    a = _profile(0, "wire", date=_day_key(dt.date(2024, 3, 7)), etype="airstrike",
                 admin1=["hasakah", "aleppo", "raqqa"], spots=[HASAKAH, RAQQA])
    b = _profile(1, "monitor", date=_day_key(dt.date(2024, 3, 6)), etype="drone_strike",
                 admin1=["hasakah", "aleppo"], spots=[QAMISHLI, AMUDA, KOBANI], night=True)
    s = compare(a, b)
    assert s is not None and s.features["place_how"] == "one wave over the same provinces"
    clusters = Clusters([a, b])
    assert clusters.can_merge(0, 1)


def test_single_strikes_in_other_towns_of_one_province_stay_apart():
    a = _profile(0, "wire", date=_day_key(dt.date(2024, 3, 7)), etype="airstrike",
                 admin1=["hasakah"], spots=[HASAKAH])
    b = _profile(1, "monitor", date=_day_key(dt.date(2024, 3, 7)), etype="airstrike",
                 admin1=["hasakah"], spots=[QAMISHLI])
    assert compare(a, b) is None


def test_an_undated_weekday_links_a_night_away_at_the_same_place():
    undated = _profile(0, "local", date=["wd", None, None, None, None, 3], etype="shelling",
                       admin1=["aleppo"], spots=[MANBIJ])
    late = _profile(1, "monitor", date=_day_key(dt.date(2024, 3, 6)), etype="shelling",
                    admin1=["aleppo"], spots=[MANBIJ], night=True)
    s = compare(undated, late)
    assert s is not None and s.features["rule"] == "same place and type, weekday a night apart"


def test_an_undated_weekday_a_day_away_without_a_night_stays_apart():
    undated = _profile(0, "local", date=["wd", None, None, None, None, 3], etype="shelling",
                       admin1=["aleppo"], spots=[MANBIJ])
    other_day = _profile(1, "monitor", date=_day_key(dt.date(2024, 3, 6)), etype="shelling",
                         admin1=["aleppo"], spots=[MANBIJ])
    assert compare(undated, other_day) is None


def test_recalls_of_one_attack_by_reports_of_one_strike_join_on_place_when_kind_or_date_is_untold():
    from strikewatch.resolve.core import _recalled_alike

    assert _recalled_alike(type_fit=0.2, date_fit=0.0, place_fit=0.4)  # "the attack" in the same province
    assert _recalled_alike(type_fit=1.0, date_fit=0.5, place_fit=0.0)  # same kind, fitting date
    assert not _recalled_alike(type_fit=0.2, date_fit=0.0, place_fit=0.1)  # vague kind, only the country


def test_a_recall_on_a_bare_weekday_does_not_link_a_night_away():
    undated = _profile(0, "local", date=["wd", None, None, None, None, 3], etype="shelling",
                       admin1=["aleppo"], spots=[MANBIJ], night=True)
    recall_features = _profile(1, "monitor", date=_day_key(dt.date(2024, 3, 6)), etype="shelling",
                               admin1=["aleppo"], spots=[MANBIJ])
    recall_features.role = "background"
    assert compare(undated, recall_features) is None


SANAA = ["s", "sanaa", 15.35, 44.21, "city"]
SAADA = ["d", "saada", 16.94, 43.76, "city"]
HODEIDAH_AIRPORT = ["ha", "hodeidahairport", 14.75, 42.98, "site"]


def test_an_undated_live_page_joins_a_wave_naming_the_same_towns_and_strikers():
    wire = _profile(0, "wire", date=_day_key(dt.date(2024, 1, 12)), etype="airstrike",
                    admin1=["sanaa", "saada", "hodeidah"], spots=[SANAA, SAADA])
    live = _profile(1, "live", date=["none", None, None, None, None, None], etype="missile_strike",
                    admin1=["sanaa", "saada", "hodeidah", "taiz"], spots=[SANAA, SAADA, HODEIDAH_AIRPORT])
    s = compare(wire, live)
    assert s is not None and s.features["rule"] == "undated, one wave: same towns and strikers"


def test_an_undated_report_naming_one_town_of_a_wave_stays_apart():
    wire = _profile(0, "wire", date=_day_key(dt.date(2024, 1, 12)), etype="airstrike",
                    admin1=["sanaa", "saada", "hodeidah"], spots=[SANAA, SAADA])
    live = _profile(1, "live", date=["none", None, None, None, None, None], etype="missile_strike",
                    admin1=["sanaa", "hodeidah"], spots=[SANAA, HODEIDAH_AIRPORT])
    assert compare(wire, live) is None
