"""Ingest: every supported format read into articles, and every unreadable input reported once with a reason."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from strikewatch.ingest import Skipped, count_articles, iter_inputs, normalise_published
from strikewatch.model import RawArticle

ROOT = Path(__file__).resolve().parents[1]

WIRE = (
    "Drone strike hits car near al-Qaim\n"
    "\n"
    "A drone struck a car near the town of al-Qaim on Thursday, killing two men, a police officer said.\n"
    "\n"
    "The group that the men belonged to blamed the United States, which denied any role.\n"
)
ARABIC = (
    "غارة جوية تستهدف موقعاً قرب البوكمال\n"
    "\n"
    "استهدفت طائرات مجهولة فجر الثلاثاء موقعاً عسكرياً في ريف دير الزور الشرقي، "
    "وقال مصدر محلي إن ثلاثة عناصر قتلوا وأصيب آخرون بجروح.\n"
)


def run(*paths: Path | str) -> tuple[list[RawArticle], list[Skipped]]:
    items = list(iter_inputs([str(p) for p in paths]))
    articles = [i for i in items if isinstance(i, RawArticle)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(articles) + len(skipped) == len(items)
    return articles, skipped


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --- plain text ------------------------------------------------------------------------------------------------------


def test_text_file_keeps_title_line_in_text_and_uses_file_name_as_id(tmp_path: Path) -> None:
    path = write(tmp_path / "sub" / "000_abc.txt", "\n\n  " + WIRE)
    [article], skipped = run(path)
    assert not skipped
    assert article.id == "000_abc.txt"
    assert article.title == "Drone strike hits car near al-Qaim"
    assert article.text == "\n\n  " + WIRE  # stored whole: evidence offsets point into it
    assert article.language == "en"
    assert article.source == str(path)
    assert article.outlet is None and article.published is None and article.line is None


def test_sidecar_metadata_fills_and_overrides_fields(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", WIRE)
    meta = {
        "title": "Official headline",
        "outlet": "Levant Wire Service",
        "published": "Fri, 10 May 2024 07:15:00 +0000",
        "url": "https://example.org/a",
        "language": "EN-gb",
        "id": "lws-0510-qaim",
    }
    write(tmp_path / "a.txt.meta.json", json.dumps(meta))
    write(tmp_path / "b.txt", WIRE.replace("al-Qaim", "Husaybah"))
    write(tmp_path / "b.meta.json", json.dumps({"outlet": "Tigris Times", "published": "2024-05-11"}))
    (a, b), skipped = run(tmp_path)
    assert not skipped, "sidecars are metadata, not inputs"
    assert (a.id, a.title, a.outlet, a.url, a.language) == (
        "lws-0510-qaim",
        "Official headline",
        "Levant Wire Service",
        "https://example.org/a",
        "en",
    )
    assert a.published == "2024-05-10T07:15:00+00:00"
    assert (b.id, b.outlet, b.published) == ("b.txt", "Tigris Times", "2024-05-11")
    assert b.title == "Drone strike hits car near Husaybah"


def test_broken_sidecar_is_reported_and_the_article_still_read(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", WIRE)
    write(tmp_path / "a.txt.meta.json", '{"outlet": "X",')
    [article], [problem] = run(tmp_path)
    assert article.id == "a.txt" and article.outlet is None
    assert problem.source.endswith("a.txt.meta.json")
    assert "invalid JSON" in problem.reason and "metadata ignored" in problem.reason


# --- encodings and damaged files -------------------------------------------------------------------------------------


def test_windows_1256_arabic_file_is_decoded_and_detected_as_arabic(tmp_path: Path) -> None:
    path = write(tmp_path / "ar.txt", ARABIC.encode("cp1256"))
    [article], skipped = run(path)
    assert not skipped
    assert article.text == ARABIC
    assert article.title == ARABIC.splitlines()[0]
    assert article.language == "ar"


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    text = "Frappe près de Tyr\n\nUn café a été détruit à l'aube, selon l'armée libanaise. Deux blessés.\n"
    [article], skipped = run(write(tmp_path / "fr.txt", text.encode("latin-1")))
    assert not skipped
    assert article.text == text


def test_stray_latin1_byte_deep_in_a_long_file(tmp_path: Path) -> None:
    text = WIRE * 1000 + "Le caf\xe9 a \xe9t\xe9 touch\xe9.\n"
    [article], skipped = run(write(tmp_path / "long.txt", text.encode("latin-1")))
    assert not skipped and article.text == text


def test_utf8_bom_and_windows_newlines_are_normalised(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + WIRE.replace("\n", "\r\n").encode("utf-8")
    [article], _ = run(write(tmp_path / "bom.txt", raw))
    assert article.text == WIRE
    old_mac = WIRE.replace("\n", "\r").encode("utf-8")
    [article], _ = run(write(tmp_path / "cr.txt", old_mac))
    assert article.text == WIRE


def test_nul_bytes_are_stripped_silently(tmp_path: Path) -> None:
    raw = WIRE.encode("utf-8").replace(b"drone", b"dr\x00one").replace(b"\n\n", b"\n\x00\n")
    [article], skipped = run(write(tmp_path / "nul.txt", raw))
    assert not skipped
    assert article.text == WIRE


@pytest.mark.parametrize(
    "name,data",
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20),
        ("noise.txt", bytes((i * 7919) % 32 for i in range(4000))),
        ("report.txt", b"\x00" * 200 + b"A drone struck a car." + b"\x00" * 200),
    ],
)
def test_binary_files_are_skipped(tmp_path: Path, name: str, data: bytes) -> None:
    path = write(tmp_path / name, data)
    articles, [skip] = run(path)
    assert not articles
    assert skip.source == str(path) and skip.line is None
    assert skip.reason.startswith("binary file")


def test_zip_file_is_skipped_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", WIRE * 10)
    articles, [skip] = run(path)
    assert not articles and skip.reason == "binary file"


@pytest.mark.parametrize("data", [b"", b"   \n\n\t \r\n", b"\xef\xbb\xbf\n"])
def test_empty_files_are_skipped(tmp_path: Path, data: bytes) -> None:
    articles, [skip] = run(write(tmp_path / "empty.txt", data))
    assert not articles and skip.reason == "empty file"


def test_unsupported_text_type_is_reported(tmp_path: Path) -> None:
    articles, [skip] = run(write(tmp_path / "table.csv", "a,b\n1,2\n"))
    assert not articles
    assert "unsupported file type '.csv'" in skip.reason


def test_large_text_file_is_stored_whole_with_bounded_memory(tmp_path: Path) -> None:
    sentence = "Shelling hit the outskirts of Sarmin on Monday, the civil defence said; two were hurt. \n"
    size = 20 * 1024 * 1024
    body = "Big file headline\n" + sentence * (size // len(sentence))
    path = write(tmp_path / "big.txt", body)
    file_size = path.stat().st_size
    tracemalloc.start()
    try:
        [article] = list(iter_inputs([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(article, RawArticle)
    assert len(article.text) == len(body) and article.text == body
    assert article.title == "Big file headline"
    assert peak < 5 * file_size, f"peak {peak / 1e6:.0f} MB for a {file_size / 1e6:.0f} MB file"


# --- JSON records ----------------------------------------------------------------------------------------------------


def test_jsonl_reports_each_bad_line_once_and_keeps_every_good_record(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "r1", "text": WIRE, "outlet": "Cedar Daily", "published": "2023-12-05"}),
        "",
        json.dumps({"id": "r2", "text": ARABIC, "title": "غارة"}),
        '{"id": "r3", "text": "broken line" ',
        json.dumps({"id": "r4", "text": 42}),
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "r6", "text": WIRE, "published": "sometime soon", "language": "en"}),
        json.dumps(["not", "a", "record"]),
        json.dumps({"id": "r8", "text": WIRE, "title": 7}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    articles, skipped = run(path)
    assert [(a.id, a.line) for a in articles] == [("r1", 1), ("r2", 3), ("r6", 7)]
    assert articles[0].outlet == "Cedar Daily" and articles[0].published == "2023-12-05"
    assert articles[1].language == "ar" and articles[1].text == ARABIC
    assert articles[2].published is None, "an unreadable date is dropped, the record kept"
    assert [(s.line, s.source) for s in skipped] == [
        (4, str(path)),
        (5, str(path)),
        (6, str(path)),
        (8, str(path)),
        (9, str(path)),
    ]
    reasons = [s.reason for s in skipped]
    assert reasons[0].startswith("line 4: invalid JSON (")
    assert reasons[1] == "line 5: 'text' must be a string, got a number"
    assert reasons[2].startswith("line 6: missing 'id'")
    assert reasons[3] == "line 8: expected a JSON object, got a list"
    assert reasons[4] == "line 9: 'title' must be a string or null, got a number"


def test_character_references_in_feed_records_are_read_as_the_characters(tmp_path: Path) -> None:
    """Feed text keeps HTML references ("&#8220;"); they are decoded, so names and sentences stay whole, and
    nothing else that looks like markup is touched."""
    record = {
        "id": "r1",
        "title": "Raids on Salqin &amp; Harem",
        "text": "A missile hit a meeting for &#8220;reconciliation&#8221; in Salqin&#8230; <b> &unknown; stay.",
    }
    [article], _ = run(write(tmp_path / "feed.jsonl", json.dumps(record) + "\n"))
    assert article.title == "Raids on Salqin & Harem"
    assert article.text == "A missile hit a meeting for \u201creconciliation\u201d in Salqin\u2026 <b> &unknown; stay."


@pytest.mark.parametrize(
    "doc",
    [
        [{"id": "a", "text": WIRE}, {"id": "b", "text": WIRE}],
        {"articles": [{"id": "a", "text": WIRE}, {"id": "b", "text": WIRE}]},
    ],
)
def test_json_list_or_articles_object(tmp_path: Path, doc: object) -> None:
    articles, skipped = run(write(tmp_path / "set.json", json.dumps(doc)))
    assert not skipped and [a.id for a in articles] == ["a", "b"]


def test_json_single_record_and_bad_records(tmp_path: Path) -> None:
    [one], _ = run(write(tmp_path / "one.json", json.dumps({"id": "solo", "text": WIRE, "url": "https://x.org"})))
    assert one.id == "solo" and one.url == "https://x.org"
    articles, skipped = run(write(tmp_path / "mixed.json", json.dumps([{"id": "ok", "text": WIRE}, {"id": "x"}])))
    assert [a.id for a in articles] == ["ok"]
    assert [s.reason for s in skipped] == ["record 2: missing 'text'"]
    _, [bad] = run(write(tmp_path / "bad.json", '[{"id": "a", "text": "t"},'))
    assert bad.reason.startswith("invalid JSON (")


# --- feeds -----------------------------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Cedar Daily</title><link>https://cedar.example</link><language>en-us</language>
<item>
  <title>Shells land near Ramyeh</title>
  <link>https://cedar.example/ramyeh</link>
  <guid>cedar-ramyeh-1</guid>
  <pubDate>Tue, 05 Dec 2023 15:20:00 +0200</pubDate>
  <description>&lt;p&gt;Artillery shells landed near &lt;b&gt;Ramyeh&lt;/b&gt; on Tuesday.&lt;/p&gt;
    &lt;p&gt;A shepherd was hurt.&lt;/p&gt;</description>
</item>
<item>
  <title>Drone strike on a car</title>
  <link>https://cedar.example/drone</link>
  <pubDate>the day before yesterday-ish</pubDate>
  <description>A drone struck a car near Bint Jbeil.</description>
</item>
</channel></rss>
"""


def test_rss_entries_become_articles_and_bad_dates_become_none(tmp_path: Path) -> None:
    articles, skipped = run(write(tmp_path / "feed.rss", RSS))
    assert not skipped
    first, second = articles
    assert first.id == "cedar-ramyeh-1" and second.id == "https://cedar.example/drone"
    assert first.title == "Shells land near Ramyeh" and first.outlet == "Cedar Daily"
    assert first.text == (
        "Shells land near Ramyeh\n\nArtillery shells landed near Ramyeh on Tuesday.\n\nA shepherd was hurt."
    )
    assert first.published == "2023-12-05T15:20:00+02:00"
    assert first.url == "https://cedar.example/ramyeh" and first.language == "en"
    assert second.published is None


def test_atom_feed_in_xml_file_and_non_feed_xml(tmp_path: Path) -> None:
    atom = """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Red Sea Review</title>
<entry><id>tag:rsr,2024:1</id><title>Radar sites struck</title><updated>2024-06-18T06:30:00Z</updated>
<content type="html">&lt;p&gt;Strikes hit radar sites near Hodeidah.&lt;/p&gt;</content></entry>
</feed>"""
    [article], skipped = run(write(tmp_path / "a.xml", atom))
    assert not skipped
    assert (article.id, article.outlet) == ("tag:rsr,2024:1", "Red Sea Review")
    assert article.published == "2024-06-18T06:30:00+00:00"
    assert article.text == "Radar sites struck\n\nStrikes hit radar sites near Hodeidah."
    _, [skip] = run(write(tmp_path / "config.xml", "<?xml version='1.0'?><settings><a>1</a></settings>"))
    assert skip.reason == "not an RSS or Atom feed"


# --- HTML ------------------------------------------------------------------------------------------------------------


def test_html_page_gives_main_text_and_metadata(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n}: warplanes struck a depot near al-Mayadin before dawn, residents told our reporter, "
        "and fires burned for hours afterwards.</p>"
        for n in range(4)
    )
    page = (
        "<html><head><title>Depot struck near al-Mayadin | Levant Ledger</title>"
        '<meta property="og:site_name" content="Levant Ledger">'
        '<meta property="article:published_time" content="2024-03-12T08:00:00+03:00">'
        "<script>var tracking = 1;</script></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Depot struck near al-Mayadin</h1>{paragraphs}</article>"
        "<footer>Copyright Levant Ledger</footer></body></html>"
    )
    [article], skipped = run(write(tmp_path / "page.html", page))
    assert not skipped
    assert article.id == "page.html"
    assert article.title == "Depot struck near al-Mayadin"
    assert article.outlet == "Levant Ledger"
    assert article.published == "2024-03-12"
    assert article.text.startswith("Depot struck near al-Mayadin\n\nParagraph 0: warplanes struck")
    assert "tracking" not in article.text and "Sport" not in article.text


def test_html_with_broken_markup_does_not_crash(tmp_path: Path) -> None:
    page = (
        b"<html><head><title>Shelling in Sarmin</title><body><div><p>Shells hit <b>Sarmin <i>on Monday"
        b"</div></p></span><p>Two children were killed, rescuers said.<<>><table><tr><td>cell"
    )
    [article], skipped = run(write(tmp_path / "broken.htm", page))
    assert not skipped
    assert "Sarmin" in article.text and "Two children were killed" in article.text
    _, [skip] = run(write(tmp_path / "bare.html", "<html><head><script>x()</script></head><body> </body></html>"))
    assert skip.reason == "no article text found in the HTML page"


def test_windows_1256_html_page_with_declared_charset(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="windows-1256"><title>خبر</title></head><body><p>{ARABIC}</p></body></html>'
    [article], _ = run(write(tmp_path / "ar.html", page.encode("cp1256")))
    assert "البوكمال" in article.text and article.language == "ar"


# --- paths, order and ids --------------------------------------------------------------------------------------------


def test_folders_are_walked_in_sorted_order_skipping_hidden_sidecars_and_readme(tmp_path: Path) -> None:
    for name in ["b/2.txt", "b/10.txt", "a.txt", "c/x/deep.txt", "Z.txt"]:
        write(tmp_path / name, WIRE)
    write(tmp_path / ".hidden.txt", WIRE)
    write(tmp_path / ".git" / "HEAD.txt", WIRE)
    write(tmp_path / "README.md", "# about this folder")
    write(tmp_path / "a.txt.meta.json", "{}")
    expected = ["Z.txt", "a.txt", "10.txt", "2.txt", "deep.txt"]
    articles, skipped = run(tmp_path)
    assert not skipped
    assert [a.id for a in articles] == expected
    assert [a.id for a in run(tmp_path)[0]] == expected
    assert count_articles([tmp_path]) == len(expected)


def test_missing_path_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    good = write(tmp_path / "a.txt", WIRE)
    missing = tmp_path / "nope" / "gone.txt"
    articles, [skip] = run(missing, good)
    assert [a.id for a in articles] == ["a.txt"]
    assert skip == Skipped(str(missing), None, "no such file or folder")
    assert count_articles([missing, good]) == 2


def test_same_file_twice_is_read_once_and_duplicate_ids_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "dir" / "a.txt", WIRE)
    articles, skipped = run(tmp_path / "dir", path)
    assert len(articles) == 1 and not skipped
    write(tmp_path / "batch.jsonl", json.dumps({"id": "a.txt", "text": "Other text about a strike."}) + "\n")
    articles, [dup] = run(tmp_path)  # batch.jsonl sorts before dir/
    assert [(a.id, a.line) for a in articles] == [("a.txt", 1)]
    assert dup.source == str(path)
    assert dup.reason == f"duplicate id 'a.txt' (first read from {tmp_path / 'batch.jsonl'}:1)"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2024-03-26", "2024-03-26"),
        ("2024-03-26T03:10:00Z", "2024-03-26T03:10:00+00:00"),
        ("2024-03-26 03:10:05.123+03:00", "2024-03-26T03:10:05+03:00"),
        ("Tue, 26 Mar 2024 03:10:00 GMT", "2024-03-26T03:10:00+00:00"),
        ("March 26, 2024", "2024-03-26"),
        ("26 March 2024", "2024-03-26"),
        ("0000-00-00", None),
        ("2024-13-45", None),
        ("9999-12-31", None),
        ("1970-01-01", None),
        ("yesterday", None),
        ("Tuesday", None),
        ("", None),
        (None, None),
        ("x" * 500, None),
    ],
)
def test_published_is_normalised_to_iso_or_none(value: str | None, expected: str | None) -> None:
    assert normalise_published(value) == expected


def test_example_corpus_reads_cleanly() -> None:
    articles, skipped = run(ROOT / "examples" / "articles")
    assert not skipped
    assert 12 <= len(articles) <= 15
    assert len({a.id for a in articles}) == len(articles)
    assert all(150 <= len(a.text.split()) <= 400 for a in articles)
    assert {a.source.rsplit(".", 1)[-1] for a in articles} == {"txt", "jsonl", "html"}
