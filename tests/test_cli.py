"""The command line as users call it: run, export, incidents, explain, merge, split."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strikewatch.cli import ArticleProgress, app
from strikewatch.export import validate_export

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SHARED = ROOT.parent / "shared"
runner = CliRunner()


def cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def export_json(db: Path, tmp: Path, name: str = "out.json") -> dict:
    out = tmp / name
    code, text = cli("export", "--db", str(db), "--format", "json", "--output", str(out))
    assert code == 0, text
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("ex") / "ex.db"
    code, text = cli("run", str(EXAMPLES), "--db", str(db))
    assert code == 0, text
    return db


def test_run_examples_gives_valid_export_with_incidents(example_db, tmp_path):
    doc = export_json(example_db, tmp_path)
    validate_export(doc)
    assert doc["schema"] == "strikewatch.incidents/1"
    assert len(doc["incidents"]) >= 5
    ids = {a["id"] for a in doc["articles"]}
    for inc in doc["incidents"]:
        for m in inc["mentions"]:
            assert m["article_id"] in ids


def test_rerun_changes_nothing(example_db, tmp_path):
    before = export_json(example_db, tmp_path, "a.json")
    code, text = cli("run", str(EXAMPLES), "--db", str(example_db))
    assert code == 0, text
    assert "unchanged 13" in text.replace("\n", " ") or "new 0" in text
    after = export_json(example_db, tmp_path, "b.json")
    assert before == after


def test_fresh_store_gives_the_same_ids(example_db, tmp_path):
    other = tmp_path / "again.db"
    assert cli("run", str(EXAMPLES), "--db", str(other))[0] == 0
    assert export_json(example_db, tmp_path, "a.json") == export_json(other, tmp_path, "b.json")


def test_incidents_table_and_csv_geojson(example_db, tmp_path):
    code, text = cli("incidents", "--db", str(example_db))
    assert code == 0 and "Incidents" in text
    code, text = cli("export", "--db", str(example_db), "--format", "csv")
    assert code == 0 and text.splitlines()[0].startswith("id,date,date_precision,event_type")
    code, text = cli("export", "--db", str(example_db), "--format", "geojson")
    assert code == 0 and json.loads(text)["type"] == "FeatureCollection"


def test_bad_inputs_are_reported_and_the_rest_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Shelling hits village\n\nArtillery shelling hit the village of Kafr Nabl "
        "on Monday, killing two farmers, civil defence workers said.\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "arabic.txt").write_bytes("قصف مدفعي على قرية في ريف إدلب\n\nقتل مدنيان في القصف.".encode("cp1256"))
    (folder / "batch.jsonl").write_text(
        '{"id": "r1", "text": "Jets struck a depot near Hama on Sunday."}\n{"id": "r2", "text": \n'
        '{"id": "r3", "text": "A drone attack hit a base near Erbil."}\n',
        encoding="utf-8",
    )
    db = tmp_path / "s.db"
    code, text = cli("run", str(folder), "--db", str(db))
    assert code == 2, text
    flat = text.replace("\n", " ")
    assert "empty" in flat and "binary" in flat and "line 2" in flat
    doc = export_json(db, tmp_path)
    assert {a["id"] for a in doc["articles"]} == {"good.txt", "arabic.txt", "r1", "r3"}


def test_progress_counts_the_articles_of_one_big_file_grows_past_its_estimate_then_says_linking(tmp_path):
    """A corpus is often one JSONL archive: the bar must count its articles, not sit at 0 of 1 file."""
    from rich.progress import Progress

    from strikewatch.ingest import count_articles
    from strikewatch.runner import run as run_job
    from strikewatch.store import open_store

    report = "Shelling hit a market in Kharkiv on Monday, killing three people, the governor said."
    lines = [json.dumps({"id": f"wire-{n}", "text": report.replace("three", str(n + 2))}) for n in range(3)]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "archive.jsonl").write_text("\n".join([lines[0], "", lines[1], "{not json", lines[2]]) + "\n")
    feed = [{"id": f"feed-{n}", "text": report.replace("Monday", day)} for n, day in enumerate(["Tuesday", "Friday"])]
    (inputs / "feed.json").write_text(json.dumps(feed))
    total = count_articles([inputs])
    assert total == 5  # four JSONL records (one of them broken) and one JSON file, not yet parsed
    store = open_store(tmp_path / "p.db")
    with Progress(disable=True) as bar:
        on_article = ArticleProgress(bar, total)
        summary = run_job([str(inputs)], store, on_article=on_article, on_resolve=on_article.linking)
        [task] = bar.tasks
    store.close()
    assert summary.read == 5 and len(summary.skipped) == 1
    assert task.completed == 6 and task.total == 6
    assert task.description.startswith("linking")  # then resolution ran, not "reading feed-1" to the end


def test_missing_store_is_a_clear_error(tmp_path):
    code, text = cli("export", "--db", str(tmp_path / "nope.db"))
    assert code == 1 and "No store" in text


def test_merge_split_and_explain_survive_reruns(example_db, tmp_path):
    doc = export_json(example_db, tmp_path)
    a, b = doc["incidents"][0]["id"], doc["incidents"][1]["id"]
    code, text = cli("merge", a, b, "--db", str(example_db))
    assert code == 0, text
    merged = export_json(example_db, tmp_path, "m.json")
    assert len(merged["incidents"]) == len(doc["incidents"]) - 1
    assert cli("run", str(EXAMPLES), "--db", str(example_db))[0] == 0
    assert len(export_json(example_db, tmp_path, "m2.json")["incidents"]) == len(doc["incidents"]) - 1
    target = next(
        i
        for i in export_json(example_db, tmp_path, "m3.json")["incidents"]
        if {m["article_id"] for m in i["mentions"]} >= {m["article_id"] for m in doc["incidents"][1]["mentions"]}
        and i["id"] in (a, b)
    )
    article = doc["incidents"][1]["mentions"][0]["article_id"]
    code, text = cli("split", target["id"], "--article", article, "--db", str(example_db))
    assert code == 0, text
    code, text = cli("explain", target["id"], "--db", str(example_db))
    assert code == 0 and "#" in text


@pytest.mark.skipif(not (SHARED / "seeds").exists(), reason="the shared seeds are not beside the repo")
def test_seeds_export_validates_and_scores(tmp_path):
    db = tmp_path / "seeds.db"
    code, text = cli("run", str(SHARED / "seeds"), "--db", str(db))
    assert code == 0, text
    doc = export_json(db, tmp_path, "seeds.json")
    validate_export(doc)
    result = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            "--gold",
            str(SHARED / "devset" / "gold.json"),
            "--pred",
            str(tmp_path / "seeds.json"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    metrics = json.loads(result.stdout)
    assert metrics["negatives_violated"] == 0
    assert metrics["overall"] >= float((ROOT / ".ci" / "devset-min").read_text())
