"""`export --format acled|ucdp`: the reference datasets' columns and codes, one row per place of an incident,
readable by pandas with the datasets' dtypes, reproducible, and served unchanged by the API."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from analyst_sample import fill_analyst_store
from strikewatch.cli import app
from strikewatch.export import FORMATS, write_export
from strikewatch.export.acled import ACLED_COLUMNS
from strikewatch.export.ucdp import UCDP_COLUMNS
from strikewatch.store import open_store
from strikewatch.web.app import create_app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("analyst") / "analyst.db"
    fill_analyst_store(str(path))
    return path


def exported(db: Path, fmt: str) -> str:
    store = open_store(str(db))
    try:
        buf = io.StringIO(newline="")
        write_export(store, fmt, buf)
        return buf.getvalue()
    finally:
        store.close()


def rows_by_id(text: str, id_column: str) -> dict[str, dict[str, str]]:
    return {r[id_column]: r for r in csv.DictReader(io.StringIO(text))}


def test_formats_include_the_analyst_layouts() -> None:
    assert {"acled", "ucdp"} <= set(FORMATS)
    result = runner.invoke(app, ["export", "--help"])
    assert "acled" in result.output and "ucdp" in result.output


def test_acled_rows_one_per_event_place_with_acled_codes(db: Path) -> None:
    text = exported(db, "acled")
    assert text.splitlines()[0] == ",".join(ACLED_COLUMNS)
    rows = rows_by_id(text, "event_id_cnty")
    # The province that only contains Vilkhivka / Kyaukse is context, not a second place of the event.
    assert sorted(rows) == ["inc-drones/0", "inc-drones/1", "inc-explosion/0", "inc-shelling/0"]
    shell = rows["inc-shelling/0"]
    assert shell["event_date"] == "2022-03-04" and shell["year"] == "2022" and shell["time_precision"] == "1"
    assert shell["disorder_type"] == "Political violence"
    assert shell["event_type"] == "Explosions/Remote violence"
    assert shell["sub_event_type"] == "Shelling/artillery/missile attack"
    assert shell["actor1"] == "Military Forces of Russia (2000-)"
    assert shell["actor2"] == "Civilians (Ukraine)"
    assert (shell["iso"], shell["country"], shell["admin1"], shell["admin2"]) == ("804", "Ukraine", "Kharkiv",
                                                                                  "Kharkiv Raion")
    assert (shell["location"], shell["latitude"], shell["longitude"]) == ("Vilkhivka", "49.9856", "36.4312")
    assert shell["geo_precision"] == "1"
    assert shell["source"] == "Reuters; Ukrainska Pravda"
    assert shell["source_scale"] == "National-International"
    # Most conservative of the two tolls; the note names both figures and who gives them.
    assert shell["fatalities"] == "3" and shell["tags"] == "fatality figures differ"
    assert shell["notes"].startswith("On 4 March 2022, a shelling hit Vilkhivka (Kharkiv, Ukraine)")
    assert "Military Forces of Russia (2000-) (claimed" in shell["notes"]
    assert "3 killed per the regional governor" in shell["notes"]
    assert "5 killed per The Ukrainian army" in shell["notes"]
    assert shell["notes"].count(".") == 1 and shell["notes"].endswith(".")
    assert shell["timestamp"] == "1646438400"  # 2022-03-05, the last report's day
    drone = rows["inc-drones/0"]
    assert drone["sub_event_type"] == "Air/drone strike"
    assert drone["actor1"] == "Unidentified Armed Group (Myanmar)"
    assert drone["time_precision"] == "2"  # a three-day span
    assert rows["inc-drones/1"]["location"] == "Myittha"
    blast = rows["inc-explosion/0"]
    assert blast["sub_event_type"] == "Remote explosive/landmine/IED"
    # Undated: the report's date, at month precision; unlocated: province precision, no country.
    assert (blast["event_date"], blast["time_precision"], blast["geo_precision"]) == ("2022-04-02", "3", "3")
    assert (blast["iso"], blast["latitude"]) == ("0", "")


def test_ucdp_rows_with_ged_codes_and_casualty_estimates(db: Path) -> None:
    text = exported(db, "ucdp")
    assert text.splitlines()[0] == ",".join(UCDP_COLUMNS)
    rows = rows_by_id(text, "id")
    shell = rows["inc-shelling/0"]
    assert (shell["date_start"], shell["date_end"], shell["date_prec"]) == ("2022-03-04", "2022-03-04", "1")
    assert shell["side_a"] == "Government of Russia (Soviet Union)"
    assert shell["side_b"] == "Civilians" and shell["type_of_violence"] == "3"
    assert (shell["where_coordinates"], shell["where_prec"]) == ("Vilkhivka village", "1")
    assert (shell["adm_1"], shell["adm_2"], shell["country"]) == ("Kharkiv", "Kharkiv Raion", "Ukraine")
    assert (shell["low"], shell["best"], shell["high"]) == ("3", "3", "5")
    assert shell["source_office"] == "Reuters; Ukrainska Pravda"
    assert shell["source_date"] == "2022-03-04; 2022-03-05"
    assert shell["source_headline"] == "Houses destroyed in Vilkhivka; Shelling kills three in Vilkhivka"
    assert 'Reuters 2022-03-05 "Shelling kills three in Vilkhivka"' in shell["source_article"]
    assert shell["number_of_sources"] == "2" and shell["event_clarity"] == "1"
    first, second = rows["inc-drones/0"], rows["inc-drones/1"]
    assert (first["date_start"], first["date_end"], first["date_prec"]) == ("2022-03-10", "2022-03-12", "2")
    assert (first["side_a"], first["type_of_violence"]) == ("Unknown", "1")
    assert first["where_coordinates"] == "Kyaukse town" and second["where_coordinates"] == "Myittha village"
    # Deaths are counted once per incident, on its first row.
    assert second["best"] == second["low"] == second["high"] == "0"
    blast = rows["inc-explosion/0"]
    assert (blast["date_start"], blast["date_prec"], blast["where_prec"], blast["event_clarity"]) == ("", "5", "6",
                                                                                                      "2")


@pytest.mark.parametrize(
    ("fmt", "ints", "floats"),
    [
        ("acled", ["year", "time_precision", "geo_precision", "fatalities", "iso", "timestamp"],
         ["latitude", "longitude"]),
        ("ucdp", ["best", "low", "high", "date_prec", "where_prec", "type_of_violence", "number_of_sources",
                  "event_clarity"], ["latitude", "longitude"]),
    ],
)
def test_exports_read_in_pandas_with_reference_dtypes(db: Path, fmt: str, ints: list[str], floats: list[str]) -> None:
    frame = pd.read_csv(io.StringIO(exported(db, fmt)))
    for col in ints:
        assert pd.api.types.is_integer_dtype(frame[col]), (col, frame[col].dtype)
    for col in floats:
        assert pd.api.types.is_float_dtype(frame[col]), (col, frame[col].dtype)
    date_col = "event_date" if fmt == "acled" else "date_start"
    assert pd.to_datetime(frame[date_col]).notna().sum() >= 3


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_same_store_same_bytes_cli_and_api(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}.csv"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    cli_bytes = out.read_bytes()
    assert cli_bytes == exported(db, fmt).encode("utf-8")
    with TestClient(create_app(str(db))) as client:
        response = client.get("/api/export", params={"format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content == cli_bytes
