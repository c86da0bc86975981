"""`strikewatch compare --reference`: reading ACLED / UCDP CSVs (with errors that name the line), one-to-one
matching, agreement figures, and the CSV and HTML reports (the latter rendered in Chromium)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyst_sample import fill_analyst_store
from strikewatch.cli import app
from strikewatch.export import write_export
from strikewatch.export.compare import compare, read_reference
from strikewatch.store import open_store

runner = CliRunner()
ACLED_HEADER = ("event_id_cnty,event_date,sub_event_type,actor1,country,admin1,location,latitude,longitude,"
                "geo_precision,fatalities")
# One event we have (a kilometre off, the other toll), one we don't (far away), one protest (out of scope).
ACLED_REFERENCE = f"""{ACLED_HEADER}
UKR1,2022-03-04,Shelling/artillery/missile attack,Military Forces of Russia (2000-) Air Force,Ukraine,Kharkiv,\
Vilkhivka,49.99,36.44,1,5
UKR2,2022-03-04,Air/drone strike,Military Forces of Russia (2000-),Ukraine,Lviv,Lviv,49.84,24.03,1,0
UKR3,2022-03-05,Peaceful protest,Protesters (Ukraine),Ukraine,Kyiv,Kyiv,50.45,30.52,1,0
"""
UCDP_REFERENCE = """id,date_start,date_end,side_a,side_b,where_coordinates,where_prec,adm_1,latitude,longitude,best
9001,2022-03-11,2022-03-11,Unknown,Unknown,Kyaukse town,1,Mandalay,21.61,96.14,0
9002,2022-03-03,2022-03-04,Government of Russia (Soviet Union),Civilians,Vilkhivka village,1,Kharkiv,49.98,36.43,3
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("compare") / "compare.db"
    fill_analyst_store(str(path))
    return path


def write(tmp_path: Path, text: str, name: str = "ref.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_compare(db: Path, reference: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["compare", "--reference", str(reference), "--db", str(db), *extra])
    return result.exit_code, result.output


def comparison(db: Path, reference: Path):  # noqa: ANN201 - a Comparison
    store = open_store(str(db))
    incidents = list(store.iter_incidents())
    store.close()
    layout, events = read_reference(reference)
    return compare(layout, events, incidents)


def test_acled_reference_matches_and_reports_each_disagreement(db: Path, tmp_path: Path) -> None:
    result = comparison(db, write(tmp_path, ACLED_REFERENCE))
    assert result.layout == "acled"
    assert [(m.reference.ref_id, m.incident.id) for m in result.matches] == [("UKR1", "inc-shelling")]
    match = result.matches[0]
    assert match.date_agrees and match.place_agrees and match.type_agrees and match.admin1_agrees
    assert 0.5 < match.km < 2.0
    assert match.actor_agrees  # the unit after the period does not matter
    assert match.our_fatalities == 3 and match.fatalities_agree is False
    assert [r.ref_id for r in result.reference_only] == ["UKR2"]
    assert [r.ref_id for r in result.out_of_scope] == ["UKR3"]
    assert sorted(i.id for i in result.ours_only) == ["inc-drones", "inc-explosion"]
    figures = {name: (agree, matched, total) for name, agree, matched, total in result.agreement()}
    assert figures["date"] == (1, 1, 2) and figures["fatalities"] == (0, 1, 2)


def test_ucdp_reference_is_detected_from_its_header_and_matched_within_the_window(db: Path, tmp_path: Path) -> None:
    result = comparison(db, write(tmp_path, UCDP_REFERENCE))
    assert result.layout == "ucdp"
    pairs = {m.reference.ref_id: m for m in result.matches}
    assert set(pairs) == {"9001", "9002"}
    # 9001: inside our 10-12 March span; 9002: the reference's span ends on our day.
    assert pairs["9001"].incident.id == "inc-drones" and pairs["9001"].day_diff == 0
    assert pairs["9002"].incident.id == "inc-shelling" and pairs["9002"].date_agrees
    assert pairs["9002"].actor_agrees and pairs["9002"].fatalities_agree
    assert pairs["9001"].actor_agrees is None  # an unknown side is not scored
    assert pairs["9001"].type_agrees is None  # GED has no strike kinds


def test_matching_is_one_to_one_closest_first(db: Path, tmp_path: Path) -> None:
    text = (ACLED_HEADER + "\n"
            "FAR,2022-03-05,Shelling/artillery/missile attack,x,Ukraine,Kharkiv,A,50.05,36.50,1,0\n"
            "NEAR,2022-03-04,Shelling/artillery/missile attack,x,Ukraine,Kharkiv,B,49.986,36.432,1,0\n")
    result = comparison(db, write(tmp_path, text))
    assert [m.reference.ref_id for m in result.matches] == ["NEAR"]
    assert [r.ref_id for r in result.reference_only] == ["FAR"]


def test_our_own_acled_export_agrees_with_itself(db: Path, tmp_path: Path) -> None:
    store = open_store(str(db))
    buf = io.StringIO(newline="")
    write_export(store, "acled", buf)
    store.close()
    # The export's rows without coordinates cannot be placed: a reference needs them.
    rows = [r for r in csv.DictReader(io.StringIO(buf.getvalue())) if r["latitude"]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    result = comparison(db, write(tmp_path, out.getvalue()))
    assert {m.incident.id for m in result.matches} == {"inc-shelling", "inc-drones"}
    assert [r.ref_id for r in result.reference_only] == ["inc-drones/1"]  # one incident, one match
    for name, agree, matched, _ in result.agreement():
        assert agree == matched, name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("event_id_cnty,event_date,latitude\nX,2022-01-01,1\n", "line 1: ACLED file without required column(s) "
         "sub_event_type, longitude"),
        ("name,value\na,1\n", "line 1: not an ACLED or UCDP GED header"),
        (UCDP_REFERENCE + "9003,the 5th,2022-03-05,,,,1,,49.0,36.0,0\n", "line 4: unparsable date 'the 5th' in "
         "column date_start"),
        (ACLED_HEADER + "\nA,2022-03-04,Air/drone strike,x,Ukraine,K,L,north,36.4,1,0\n",
         "line 2: unparsable coordinate 'north' in column latitude"),
        (ACLED_HEADER + "\nA,2022-03-04,Air/drone strike,x,Ukraine,K,L,49.1,236.4,1,0\n",
         "line 2: coordinate '236.4' in column longitude is out of range"),
        (ACLED_HEADER + "\nA,2022-03-04,Air/drone strike\n", "line 2: 11 columns expected"),
    ],
)
def test_malformed_reference_exits_2_naming_the_line_and_writes_nothing(
    db: Path, tmp_path: Path, text: str, message: str
) -> None:
    report = tmp_path / "report.html"
    code, output = run_compare(db, write(tmp_path, text), "--output", str(report))
    assert code == 2, output
    assert message in " ".join(output.split())
    assert not report.exists() and not list(tmp_path.glob("report*"))


def test_cli_prints_the_summary_and_writes_the_csv_report(db: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    code, output = run_compare(db, write(tmp_path, ACLED_REFERENCE), "--output", str(report),
                               "--base-url", "http://127.0.0.1:8000/")
    assert code == 0, output
    assert "1 matched" in output and "fatalities" in output
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [(r["status"], r["reference_id"] or r["incident_id"]) for r in rows] == [
        ("matched", "UKR1"), ("reference_only", "UKR2"), ("ours_only", "inc-drones"), ("ours_only", "inc-explosion")]
    assert rows[0]["incident_url"] == "http://127.0.0.1:8000/incidents/inc-shelling"
    assert (rows[0]["fatalities_agree"], rows[0]["type_agrees"]) == ("no", "yes")


def test_html_report_is_deterministic_and_links_incident_pages(db: Path, tmp_path: Path) -> None:
    ref = write(tmp_path, ACLED_REFERENCE)
    pages = []
    for name in ("a.html", "b.html"):
        code, output = run_compare(db, ref, "--output", str(tmp_path / name), "--base-url", "http://h:1")
        assert code == 0, output
        pages.append((tmp_path / name).read_bytes())
    assert pages[0] == pages[1]
    html = pages[0].decode()
    assert 'href="http://h:1/incidents/inc-shelling"' in html
    assert "<script" not in html


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")
def test_html_report_renders_in_chromium(db: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from test_web_browser import ARGS

    report = tmp_path / "report.html"
    code, output = run_compare(db, write(tmp_path, ACLED_REFERENCE), "--output", str(report),
                               "--base-url", "http://127.0.0.1:8000")
    assert code == 0, output
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(report.as_uri())
        assert page.locator("#summary tr.measure").count() >= 5
        assert page.locator("#n-matched").inner_text() == "1"
        # Map: each matched pair shows both points and a line; unmatched points of each side in their colours.
        assert page.locator("svg#map circle.matched_reference").count() == 1
        assert page.locator("svg#map circle.matched_ours").count() == 1
        assert page.locator("svg#map circle.reference_only").count() == 1
        assert page.locator("svg#map circle.ours_only").count() == 1  # the unlocated explosion has no point
        box = page.locator("svg#map").bounding_box()
        assert box is not None and box["width"] > 400
        for circle in page.locator("svg#map circle").all():
            b = circle.bounding_box()
            assert b is not None and box["x"] <= b["x"] <= box["x"] + box["width"]
        link = page.locator("a.incident-link").first
        assert link.get_attribute("href") == "http://127.0.0.1:8000/incidents/inc-shelling"
        assert page.locator("tr.row").count() == 4
        browser.close()
    assert problems == []
