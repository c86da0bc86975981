"""A builder of the torture corpus: every kind of bad, odd or huge input `strikewatch run` must survive.

Built in a temporary folder at test time (nothing binary is committed). `build_torture_corpus` returns
what a correct run must do with it: which article ids are stored, and which inputs are reported as
skipped (by file name and line, with a word the reason must contain).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

# Short sentences in the style of wire copy, monitors and statements (written for these tests).
SENTENCES = (
    "A drone struck a pickup truck near Sarmin on Tuesday, killing two men, a local official said.",
    "Artillery shelling hit the eastern outskirts of Ariha overnight, the civil defence said.",
    "An airstrike destroyed a warehouse near the port of Hodeidah on Friday, residents told reporters.",
    "The ministry denied that its aircraft had carried out the raid.",
    "Three children were among the wounded, according to a monitoring group.",
    "The coalition said it had targeted a weapons depot used by the militia.",
    "Rockets fell on an empty field east of the town, causing no casualties, police said.",
)


@dataclass
class TortureCorpus:
    root: Path  # the folder to pass to `strikewatch run`
    good: set[str] = field(default_factory=set)  # ids that must be stored
    # (file name, line or None) -> a word the skip reason must contain
    bad: dict[tuple[str, int | None], str] = field(default_factory=dict)
    big_id: str = "big.txt"
    big_chars: int = 0
    revision_input: Path | None = None  # the same id as a stored article, with new text
    revision_id: str = "rev-1"
    # ids with unusual text, and a piece their stored text must contain
    must_contain: dict[str, str] = field(default_factory=dict)

    @property
    def inputs(self) -> int:
        return len(self.good) + len(self.bad)


def _write(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def _big_article(path: Path, size: int) -> int:
    """A single article of about `size` bytes, written in pieces so the test never holds it twice."""
    rng = random.Random(7)
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        head = "Monitor log: strikes reported across the north\n\n"
        fh.write(head)
        written += len(head)
        while written < size:
            para = " ".join(rng.choice(SENTENCES) for _ in range(8)) + "\n\n"
            fh.write(para)
            written += len(para)
    return written


def build_torture_corpus(base: Path, *, big_bytes: int = 50 * 1024 * 1024) -> TortureCorpus:
    """Write the torture corpus under `base/corpus` (and a revision input beside it)."""
    root = base / "corpus"
    c = TortureCorpus(root=root)
    rng = random.Random(1234)

    # --- binary and empty ------------------------------------------------------------------------
    _write(root / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000)))
    c.bad[("photo.txt", None)] = "binary"
    _write(root / "noise.bin", bytes(rng.randrange(256) for _ in range(5000)))
    c.bad[("noise.bin", None)] = "binary"
    _write(root / "controls.txt", bytes(rng.randrange(1, 9) for _ in range(3000)))
    c.bad[("controls.txt", None)] = "binary"
    _write(root / "empty.txt", b"")
    c.bad[("empty.txt", None)] = "empty"
    _write(root / "blank.txt", "   \n\n\t  \n")
    c.bad[("blank.txt", None)] = "empty"
    _write(root / "empty.jsonl", b"")
    c.bad[("empty.jsonl", None)] = "empty"
    _write(root / "empty.html", b"")
    c.bad[("empty.html", None)] = "empty"
    _write(root / "notes.docx", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(500)))
    c.bad[("notes.docx", None)] = "binary"
    _write(root / "weird.csv", "id,text\n1,hello\n")
    c.bad[("weird.csv", None)] = "unsupported"

    # --- a 50 MB single article ------------------------------------------------------------------
    c.big_chars = _big_article(root / c.big_id, big_bytes)
    c.good.add(c.big_id)

    # --- legacy encodings --------------------------------------------------------------------------
    arabic = ("قصف مدفعي على أطراف سرمين\n\nقال الدفاع المدني إن قذائف سقطت على حي سكني فجر الأربعاء "
              "وأصيب أربعة مدنيين بجروح.\n")
    _write(root / "arabic_1256.txt", arabic, encoding="cp1256")
    c.good.add("arabic_1256.txt")
    c.must_contain["arabic_1256.txt"] = "الدفاع المدني"
    latin = ("Frappe aérienne près de Deir ez-Zor\n\nUne frappe a touché un dépôt à l'aube, a déclaré "
             "l'observatoire ; deux combattants ont été tués. Coût estimé : 5 000 €... ou £.\n")
    _write(root / "latin1.txt", latin.replace("€", "EUR"), encoding="latin-1")
    c.good.add("latin1.txt")
    c.must_contain["latin1.txt"] = "aérienne près"
    _write(root / "cp1252.txt", "Strike on “the depot” — officials say 3 dead\n\nThe army’s statement followed.\n",
           encoding="cp1252")
    c.good.add("cp1252.txt")
    c.must_contain["cp1252.txt"] = "“the depot”"

    # --- HTML with broken markup -----------------------------------------------------------------------
    _write(root / "broken.html", (
        "<html><head><title>Drone strike near Sarmin</title><meta charset=utf-8><body><div class=x>"
        "<p>A drone struck a car near Sarmin on Tuesday, killing two men, a local official said.<p>"
        "<b>Witnesses <i>described <table><tr><td>a loud blast</div></span></html><p>Unclosed <a href='x"
        "<script>alert(1)</script><p>The army has not commented on the strike so far this week."))
    c.good.add("broken.html")
    deep = "<div>" * 5000 + "An airstrike hit a depot near Raqqa on Monday, the monitor said." + "</div>" * 10
    _write(root / "deep.html", f"<html><body>{deep}</body></html>")
    c.bad[("deep.html", None)] = "text"  # lxml gives up on pathological nesting: reported, not a crash
    _write(root / "tags_only.htm", "<html><head></head><body><div></div><br/></body></html>")
    c.bad[("tags_only.htm", None)] = "text"

    # --- JSONL with broken lines and wrong types ---------------------------------------------------------
    lines: list[str | bytes] = [
        json.dumps({"id": "jl-1", "text": SENTENCES[0], "published": "2024-03-05"}),
        '{"id": "jl-broken", "text": "unterminated',
        json.dumps({"id": 7, "text": SENTENCES[1]}),
        json.dumps({"id": "jl-3", "text": 12345}),
        json.dumps(["a", "list"]),
        json.dumps({"text": SENTENCES[2]}),
        json.dumps({"id": "jl-4", "text": SENTENCES[3], "title": {"nested": True}}),
        json.dumps({"id": "jl-5", "text": "   "}),
        b'{"id": "jl-latin", "text": "caf\xe9 bombed"}',
        json.dumps({"id": "jl-6", "text": SENTENCES[4], "published": "yesterday-ish", "outlet": None}),
        "",
        json.dumps({"id": "jl-nul", "text": "A drone\u0000 strike hit\u0000 Gaza City on Monday."}),
        json.dumps({"id": "jl-surrogate", "text": "Shelling hit Idlib \ud800 on Monday, killing 4."}),
        json.dumps({"id": "jl-surrogate-id\udc00", "text": SENTENCES[5]}),
        "null",
        json.dumps({"id": "jl-1", "text": "a second record with an id already used in this file"}),
    ]
    bad_lines = {2: "invalid JSON", 3: "'id' must be a string", 4: "'text' must be a string",
                 5: "expected a JSON object", 6: "missing 'id'", 7: "'title' must be", 8: "empty", 9: "UTF-8",
                 15: "expected a JSON object", 16: "duplicate id"}
    body = b"\n".join(x if isinstance(x, bytes) else x.encode("utf-8") for x in lines) + b"\n"
    _write(root / "batch.jsonl", body)
    for n, why in bad_lines.items():
        c.bad[("batch.jsonl", n)] = why
    c.good |= {"jl-1", "jl-6", "jl-nul", "jl-surrogate", "jl-surrogate-id\ufffd"}
    c.must_contain["jl-nul"] = "A drone strike hit Gaza City"
    c.must_contain["jl-surrogate"] = "Idlib \ufffd on Monday"

    # --- absurd values -----------------------------------------------------------------------------------
    absurd = [
        {"id": "abs-1900", "text": "An airstrike hit the old bridge on 1 January 1900, the archive says.",
         "published": "1900-01-02"},
        {"id": "abs-2100", "text": "On 3 March 2100 a drone strike hit a farm near Mosul, killing two.",
         "published": "2100-03-04T10:00:00Z"},
        {"id": "abs-casualties", "text": "Shelling killed 1000000000000 people in Aleppo on Monday, a monitor said."},
        {"id": "abs-digits", "text": "A raid killed " + "9" * 400 + " fighters near Homs, the ministry said."},
    ]
    _write(root / "absurd.json", json.dumps({"articles": absurd}))
    c.good |= {a["id"] for a in absurd}

    # --- right-to-left, mixed-script and control characters -------------------------------------------------
    mixed = [
        {"id": "rtl-1", "text": "\u202eA drone strike hit \u200fירושלים\u200e near Gaza City on Friday \ufeff."},
        {"id": "rtl-2", "text": "غارة على دير الزور: A drone strike on Deir ez-Zor killed 3 (٣ قتلى) on Sunday."},
        {"id": "rtl-3", "text": "Удар дрона по Харкову 🚀🔥 e\u0301\u0301\u0301 killed two, officials said 「速報」."},
        {"id": "rtl-4",
         "text": "\u2066Sarmin\u2069 \u2067سرمين\u2069 shelled\u00a0on\u2028Tuesday\u2029night\x0b\x0c."},
    ]
    _write(root / "mixed.jsonl", "\n".join(json.dumps(m, ensure_ascii=False) for m in mixed) + "\n")
    c.good |= {m["id"] for m in mixed}

    # --- NUL bytes in a text file --------------------------------------------------------------------------
    _write(root / "nul.txt", b"Strike report\n\nA drone\x00 struck a car near al-Qaim\x00 on Thursday.\n")
    c.good.add("nul.txt")
    c.must_contain["nul.txt"] = "A drone struck a car near al-Qaim on Thursday."

    # --- feeds with bad dates ---------------------------------------------------------------------------------
    _write(root / "feed.rss", (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Frontline Wire</title>'
        "<item><guid>feed-1</guid><title>Shelling hits Ariha</title>"
        "<description>Artillery shelling hit Ariha overnight, the civil defence said.</description>"
        "<pubDate>Mon, 99 Foo 20xx 25:61:00 +9900</pubDate></item>"
        "<item><guid>feed-2</guid><title>Drone strike near Sarmin</title>"
        "<description>&lt;p&gt;A drone struck a truck near Sarmin.&lt;/p&gt;</description>"
        "<pubDate>31 February 2024</pubDate></item>"
        "<item><guid>feed-3</guid><title>Raid in 2100</title><description>An airstrike hit a depot.</description>"
        "<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>"
        "<item><title>no guid or link</title><description>Rockets fell on a field.</description></item>"
        "</channel></rss>"))
    c.good |= {"feed-1", "feed-2", "feed-3"}
    c.bad[("feed.rss", None)] = "no id"
    _write(root / "surrogate.rss", (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><guid>s-1</guid>'
        "<title>Strike &#55296; report</title><description>A drone strike hit Idlib.</description></item>"
        "</channel></rss>"))
    c.bad[("surrogate.rss", None)] = "parse"
    _write(root / "not_a_feed.xml", '<?xml version="1.0"?><catalog><book>Not news</book></catalog>')
    c.bad[("not_a_feed.xml", None)] = "not an RSS"

    # --- the same id with different text: a revision on a later run --------------------------------------------
    _write(root / "revisions.jsonl", json.dumps({"id": c.revision_id, "text": SENTENCES[6]}) + "\n")
    c.good.add(c.revision_id)
    c.revision_input = base / "revision" / "revisions.jsonl"
    _write(c.revision_input, json.dumps({"id": c.revision_id, "text": SENTENCES[6] + " " + SENTENCES[3]}) + "\n")
    return c


_PLACES = ("Sarmin", "Ariha", "Idlib", "Maarat al-Numan", "Deir ez-Zor", "al-Qaim", "Hodeidah", "Mosul", "Raqqa",
           "Kharkiv", "Khan Younis", "Marib")
_WEAPONS = ("A drone struck a car", "An airstrike hit a house", "Artillery shells landed on a market",
            "A missile hit a fuel depot", "Warplanes bombed a checkpoint", "Rockets fell on a farm")
_SOURCES = ("a local official said", "the civil defence said", "a monitoring group reported",
            "residents told reporters", "the health ministry said", "police said")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June")


def small_articles(n: int, seed: int = 0) -> list[dict[str, str]]:
    """`n` short generated reports (JSONL records); some report the same event, as outlets do."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        place, weapon, source = rng.choice(_PLACES), rng.choice(_WEAPONS), rng.choice(_SOURCES)
        day, month, killed = rng.randint(1, 28), rng.choice(_MONTHS), rng.randint(0, 12)
        text = (f"{weapon} in {place} on {rng.choice(_DAYS)}, {day} {month} 2024, killing {killed} people, "
                f"{source}.\n\n{rng.choice(SENTENCES)}")
        out.append({"id": f"gen-{i:05d}", "text": text, "outlet": f"Outlet {i % 7}",
                    "published": f"2024-{_MONTHS.index(month) + 1:02d}-{day:02d}"})
    return out


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    _write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path
