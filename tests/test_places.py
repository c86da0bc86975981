"""Place recognition: transliterations, precision from the phrase, anchored villages, non-places."""

from __future__ import annotations

import pytest

from strikewatch.extract.document import NoiseSpan
from strikewatch.extract.pipeline import annotate, build_pipeline
from strikewatch.geo import load_gazetteer, normalise_key


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(until="sw_places")


def places(nlp, text: str):
    return annotate(text, nlp=nlp)._.sw.places


def by_text(ps, text: str):
    found = [p for p in ps if p.text == text]
    assert found, f"{text!r} not found in {[p.text for p in ps]}"
    return found[0]


@pytest.mark.parametrize("variant", ["Deir ez-Zor", "Deir Ezzor", "Dayr az-Zawr", "Deir al-Zour", "Dier Ez-zor",
                                     "Deir ez Zor", "Dir ez-Zor"])
def test_transliterations_of_deir_ez_zor_resolve_to_one_city(nlp, variant):
    p = by_text(places(nlp, f"Warplanes struck near {variant} on Monday, residents said."), variant)
    assert p.location.gazetteer_id == "geonames:170794"
    assert p.location.precision == "city"
    assert p.location.country == "SY"


@pytest.mark.parametrize("variant", ["al-Bukamal", "Albu Kamal", "Abu Kamal", "Al-Boukamal", "Bukamal"])
def test_bukamal_variants_share_an_id(nlp, variant):
    p = by_text(places(nlp, f"Drones were seen over {variant} after midnight."), variant)
    assert p.location.gazetteer_id == "geonames:174448"


def test_article_and_quote_variants_of_qaim(nlp):
    ids = set()
    for v in ("al-Qa’im", "al-Qaim", "Al Qa'im"):
        ids.add(by_text(places(nlp, f"Iraqi forces deployed to {v} on Friday."), v).location.gazetteer_id)
    assert len(ids) == 1


def test_province_vs_city_precision(nlp):
    ps = places(nlp, "Jets hit Deir ez-Zor province overnight. Later a blast shook the city of Deir ez-Zor, "
                     "and shelling was reported in the eastern countryside of Deir ez-Zor.")
    dz = [p for p in ps if p.text == "Deir ez-Zor"]
    assert [p.location.precision for p in dz] == ["admin1", "city", "admin1"]
    assert dz[0].location.gazetteer_id != dz[1].location.gazetteer_id
    assert dz[0].location.admin1 == "Deir ez-Zor"


def test_homs_province_is_syrian_admin1(nlp):
    p = by_text(places(nlp, "Three drones targeting the al-Tanf base in Syria's Homs province were downed."), "Homs")
    assert (p.location.country, p.location.precision) == ("SY", "admin1")
    tanf = by_text(places(nlp, "Three drones targeting the al-Tanf base in Syria's Homs province were downed."),
                   "al-Tanf base")
    assert tanf.location.gazetteer_id == "strikewatch:al-tanf"
    assert tanf.location.precision == "site"


def test_possessive_country_is_a_place_nationality_is_not(nlp):
    ps = places(nlp, "Syria's defence ministry said Iranian advisers and Syrian troops were unhurt.")
    assert [p.text for p in ps] == ["Syria"]
    assert ps[0].location.precision == "country"


def test_unknown_village_is_located_by_its_anchor(nlp):
    # The gazetteer's al-Hizam villages are in Diyala and Yemen, far from al-Bukamal: not this one.
    text = ("A raid on the village of al-Hizam, west of the city of al-Bukamal, wounded a commander, "
            "the local network said.")
    p = by_text(places(nlp, text), "al-Hizam")
    bukamal = load_gazetteer().lookup(normalise_key("al-Bukamal"))[0]
    assert p.location.name == "al-Hizam"
    assert p.location.canonical_name is None
    assert (p.location.lat, p.location.lon) == (bukamal.lat, bukamal.lon)
    assert p.location.precision == "city"
    assert p.relation == "west of the city of al-Bukamal"
    assert p.location.model_extra["anchor_id"] == "geonames:174448"


def test_people_and_organisations_are_not_places(nlp):
    text = ("Foreign ministry spokesperson Nasser Kanaani said on Wednesday that Kanaani's office had no link. "
            "Col. Joe Buccino of Central Command and the Syrian Observatory for Human Rights gave no toll, "
            "while the Revolutionary Guard stayed silent. President Joe Biden ordered the strikes.")
    assert places(nlp, text) == []


def test_months_weekdays_and_common_words_are_not_places(nlp):
    assert places(nlp, "Early on Tuesday, March 26, Media reports said Police and Security were deployed.") == []


def test_curated_sites_and_neighbourhoods(nlp):
    text = ("Raids hit the Imam Ali military base, the Koniko gas field and the Harabesh neighborhood "
            "near Deir ez-Zor Airport.")
    ps = places(nlp, text)
    ids = {p.location.gazetteer_id for p in ps}
    assert {"strikewatch:imam-ali-base", "strikewatch:conoco-gas-field", "strikewatch:dez-harabesh",
            "strikewatch:deir-ez-zor-airport"} <= ids
    assert all(p.location.lat is not None for p in ps)


def test_country_context_picks_the_syrian_homs(nlp):
    p = by_text(places(nlp, "Shelling near Homs killed two, a monitor in Syria said."), "Homs")
    assert p.location.country == "SY"


def test_noise_spans_are_skipped(nlp):
    text = "Jets struck Hajin on Monday.\nRelated: Israel strikes Beirut airport"
    doc = nlp.make_doc(text)
    from strikewatch.extract.document import strike_doc

    sw = strike_doc(doc)
    start = text.index("Related")
    sw.set_noise([NoiseSpan(start, len(text), text[start:], reason="related")])
    for name, proc in nlp.pipeline:
        if name != "sw_noise":
            doc = proc(doc)
    assert [p.text for p in doc._.sw.places] == ["Hajin"]


def test_offsets_equal_the_quoted_slice(nlp):
    text = "SANAA (Reuters) — Strikes hit Hodeidah port and Sanaa International Airport, and al-Mayadin was shelled."
    ps = places(nlp, text)
    assert ps
    for p in ps:
        assert text[p.start:p.end] == p.text == p.location.name
    assert {"Hodeidah port", "Sanaa International Airport", "al-Mayadin"} <= {p.text for p in ps}


def test_adjectival_compounds_are_not_places(nlp):
    assert [p.text for p in places(nlp, "Iran-backed militias and US-led coalition forces clashed in Hajin.")] == \
        ["Hajin"]


def test_a_neighbourhood_named_in_its_city_is_placed_in_that_city(nlp):
    """'Al-Sina'a neighbourhood in Deir Ezzor city': not the town of that name in Iraqi Kurdistan."""
    ps = places(nlp, "Warplanes shelled the Al-Sina'a neighbourhood in Deir Ezzor city on Monday.")
    loc = by_text(ps, "Al-Sina'a").location
    assert loc.country == "SY" and loc.admin1 == "Deir ez-Zor"
    assert abs(loc.lat - 35.34) < 0.2 and abs(loc.lon - 40.14) < 0.2


def test_a_name_with_an_arabic_article_and_no_other_context_is_placed_in_the_arab_world(nlp):
    """'Al-Sukhnah' alone: As Sukhnah in Syria, not Sohna in India (which shares its key 'sukhna')."""
    ps = places(nlp, "Air strikes accompany the ongoing fighting in the Al-Sukhnah desert")
    assert by_text(ps, "Al-Sukhnah").location.country != "IN"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Warplanes killed two civilians in Meda'a and shells fell on Douma in Eastern Ghouta", "Meda'a"),
        ("Artillery shelled Tal Rifaat and the village of Sheikh Issa north of Aleppo", "Sheikh Issa"),
    ],
)
def test_a_name_matching_only_a_small_town_abroad_is_not_placed_abroad(nlp, text, name):
    """A Syrian village the gazetteer lacks or spells otherwise is not Meda in Italy: a foreign town that is
    neither known abroad nor near the report's other places is not what a report on Syria means."""
    ps = [p for p in places(nlp, text) if p.text == name]
    assert all(p.location.country in (None, "SY") for p in ps)


def test_page_noise_does_not_set_the_country_a_report_is_about(nlp):
    """A 'Related:' link to a story on Israel must not make Hajin a foreign town far from the text's places."""
    doc = nlp.make_doc("Jets struck Hajin on Monday.\nRelated: Israel strikes Beirut airport")
    from strikewatch.extract.document import strike_doc

    strike_doc(doc).set_noise([NoiseSpan(29, len(doc.text), doc.text[29:], reason="related")])
    for name, proc in nlp.pipeline:
        if name != "sw_noise":
            doc = proc(doc)
    assert [(p.text, p.location.country) for p in doc._.sw.places] == [("Hajin", "SY")]


def test_a_foreign_city_known_abroad_is_still_placed_abroad(nlp):
    ps = places(nlp, "Warplanes struck Idlib as delegations met in Geneva to discuss a truce.")
    assert by_text(ps, "Geneva").location.country == "CH"


def test_a_camp_or_base_named_after_a_village_is_a_site(nlp):
    """'the Ayash Camp' is the militia camp, a site near the village it is named after, not the village."""
    ps = places(nlp, "The airstrikes targeted the Ayash Camp run by the group near Deir ez-Zor.")
    assert by_text(ps, "Ayash Camp").location.precision == "site"
    ps = places(nlp, "Drones struck Ayyash village near Deir ez-Zor at dawn.")
    assert by_text(ps, "Ayyash").location.precision == "village"


@pytest.mark.parametrize(
    "text, name, admin1",
    [
        ("Coalition airstrikes kill 15 civilians in Menbej countryside", "Menbej", "Aleppo"),
        ("4 civilians killed by bombardment by regime forces in Khan Shekhon", "Khan Shekhon", "Idlib"),
        ("Shells fell on the town of Rnkous in the Qalamoun mountains", "Rnkous", "Rif-dimashq"),
    ],
)
def test_a_name_romanised_by_ear_is_found_by_its_consonants(nlp, text, name, admin1):
    """Monitors write Arabic names as heard: same consonants, other vowels than the gazetteer's spelling."""
    loc = by_text(places(nlp, text), name).location
    assert loc.country == "SY" and loc.admin1 == admin1


def test_a_person_named_without_a_place_cue_is_not_placed_by_sound(nlp):
    ps = places(nlp, "Hezbollah leader Hassan Nasrallah said the group would answer the strike.")
    assert not [p for p in ps if "Nasrallah" in p.text]


def test_a_peoples_militia_or_republic_is_not_its_city(nlp):
    """'the Luhansk People's Militia in Popasna, Luhansk': the force is named after the province; Popasna is
    the place struck and Luhansk after the comma its province, not Luhansk city."""
    ps = places(nlp, "Ukrainian forces fired Grad missiles at the positions of the Luhansk People's Militia in "
                     "Popasna, Luhansk.")
    assert [(p.text, p.location.precision) for p in ps] == [("Popasna", "city"), ("Luhansk", "admin1")]


@pytest.mark.parametrize(
    "text, name, admin1",
    [
        ("Casualties in airstrikes at Jabal al-Zawiyah and renewed shelling near the border", "Jabal al-Zawiyah",
         "Idlib"),
        ("Warplanes bomb Sahl al-Ghab and helicopters drop barrel bombs north of the town", "Sahl al-Ghab", "Hama"),
        ("The regime forces intensify the shelling on Wadi Barada", "Wadi Barada", "Rif Dimashq"),
    ],
)
def test_the_mountains_plains_and_valleys_reports_name_are_places(nlp, text, name, admin1):
    """'Jabal al-Zawiyah' is the Idlib highland, not az-Zawiyah in Libya read out of it."""
    loc = by_text(places(nlp, text), name).location
    assert loc.country == "SY" and normalise_key(loc.admin1) == normalise_key(admin1)


def test_a_neighbourhood_named_like_a_foreign_city_is_a_neighbourhood(nlp):
    """'al-Mashhad neighbourhood' of Aleppo is a quarter of the city, not Mashhad in Iran."""
    ps = places(nlp, "Eight killed in the bombardment of al-Mashhad neighborhood in Aleppo city")
    assert by_text(ps, "al-Mashhad").location.country == "SY"
    ps = places(nlp, "Rockets fell on the Baghdad neighbourhood of Karrada overnight")
    assert by_text(ps, "Baghdad").location.canonical_name == "Baghdad"
