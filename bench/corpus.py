"""A synthetic, deterministic news corpus for the benchmark and the scale-out tests.

    .venv/bin/python bench/corpus.py OUT.jsonl [--articles 100000] [--seed 7]

Every sentence comes from templates written for this project, in four styles (wire copy,
conflict monitors, official statements, local outlets), filled with real place names from
the gazetteer (falling back to a built-in list of towns), dates, actors, claimants and
casualty figures. Like a real archive it has several reports per incident, ~10% syndicated
near-copies of an earlier article, background recalls of older strikes, and page noise
(photo captions, donation appeals, related-article links). Incidents keep a constant
density per day, so the time span grows with the corpus.

The generator streams: only a bounded window of recent articles (for syndicated copies) is
held in memory, so 100k articles cost the same memory as 1k.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

COUNTRIES = {"SY": "Syria", "IQ": "Iraq", "YE": "Yemen", "LB": "Lebanon"}

# Used when the gazetteer cannot be loaded, and to add small towns the population cut-off misses.
FALLBACK_TOWNS: dict[str, list[str]] = {
    "SY": ["Saraqib", "Maarat al-Numan", "Jisr al-Shughour", "Albu Kamal", "Mayadin", "Khan Shaykhun", "Ariha",
           "Atarib", "Daraya", "Douma", "Tadmur", "Manbij", "Kobani", "Tal Abyad", "Ras al-Ain", "Hajin",
           "Qamishli", "Hasakah", "Idlib", "Kafr Nabl", "Sarmada", "Darat Izza", "Jableh", "Salamiyah", "Al-Bab",
           "Azaz", "Afrin", "Tabqa", "Busra al-Sham", "Nawa"],
    "IQ": ["Al-Qaim", "Tal Afar", "Hit", "Sinjar", "Fallujah", "Tikrit", "Samarra", "Baiji", "Jurf al-Sakhar",
           "Haditha", "Rutba", "Makhmour", "Qaraqosh", "Baqubah", "Muqdadiyah", "Tuz Khurmatu", "Sharqat", "Hawija",
           "Rawa", "Anah"],
    "YE": ["Hodeidah", "Saada", "Marib", "Hajjah", "Zinjibar", "Dhamar", "Amran", "Bayda", "Mocha", "Zabid",
           "Haradh", "Midi", "Sirwah", "Ataq", "Lawdar"],
    "LB": ["Bint Jbeil", "Khiam", "Naqoura", "Marjayoun", "Tyre", "Nabatieh", "Aitaroun", "Kfar Kila", "Houla",
           "Majdal Shams", "Hermel", "Baalbek", "Qlayaa", "Odaisseh", "Aita al-Shaab"],
}

REGIONS = {"SY": ["northern Syria", "north-western Syria", "eastern Syria", "southern Syria", "central Syria"],
           "IQ": ["western Iraq", "northern Iraq", "central Iraq", "southern Iraq"],
           "YE": ["northern Yemen", "western Yemen", "southern Yemen", "central Yemen"],
           "LB": ["southern Lebanon", "eastern Lebanon", "the Bekaa valley"]}

# (perpetrator phrase used as a subject, its short adjective form, claimant that speaks for it)
ACTORS = {
    "SY": [("Russian warplanes", "Russian", "the Russian defence ministry"),
           ("Syrian government aircraft", "Syrian government", "the Syrian army"),
           ("Israeli jets", "Israeli", "the Israeli military"),
           ("US-led coalition aircraft", "coalition", "US Central Command"),
           ("Turkish drones", "Turkish", "the Turkish defence ministry")],
    "IQ": [("US-led coalition aircraft", "coalition", "US Central Command"),
           ("Turkish drones", "Turkish", "the Turkish defence ministry"),
           ("Iraqi air force jets", "Iraqi", "the Iraqi Security Media Cell"),
           ("US forces", "American", "the Pentagon")],
    "YE": [("Saudi-led coalition warplanes", "Saudi-led coalition", "the Saudi-led coalition"),
           ("US forces", "American", "US Central Command"),
           ("Israeli jets", "Israeli", "the Israeli military")],
    "LB": [("Israeli warplanes", "Israeli", "the Israeli military"),
           ("an Israeli drone", "Israeli", "the Israeli military")],
}

MONITORS = {"SY": ["the Syrian Observatory for Human Rights", "the Syrian Network for Human Rights",
                   "the Syria Civil Defence"],
            "IQ": ["Airwars", "a local security official", "the provincial council"],
            "YE": ["the Houthi-run health ministry", "Yemen Data Project", "a local medical source"],
            "LB": ["the Lebanese health ministry", "the National News Agency", "a municipal official"]}

WIRE_OUTLETS = ["Levant Wire", "Gulf Press Service", "Meridian News Agency", "Crescent Wire"]
LOCAL_OUTLETS = {"SY": ["Furat Post", "Idlib Today", "Orontes Daily"], "IQ": ["Tigris Herald", "Anbar Now"],
                 "YE": ["Aden Courier", "Tihama Voice"], "LB": ["South Lebanon Daily", "Litani Post"]}
DATELINES = {"SY": ["BEIRUT", "DAMASCUS", "AMMAN", "ISTANBUL"], "IQ": ["BAGHDAD", "ERBIL"],
             "YE": ["ADEN", "SANAA", "RIYADH"], "LB": ["BEIRUT", "TYRE"]}

EVENTS = {"airstrike": ["an airstrike", "an air strike", "air raids", "a series of airstrikes"],
          "drone_strike": ["a drone strike", "a drone attack", "an armed drone strike"],
          "shelling": ["artillery shelling", "rocket fire", "heavy shelling"]}
TARGETS = ["a residential building", "a vehicle", "a weapons depot", "a checkpoint", "a market", "a farm",
           "positions of armed groups", "a school used as a shelter", "a fuel station", "a bakery", "a motorcycle",
           "a training camp", "a house on the edge of town"]
NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
CONTEXT = ["The town has changed hands several times during the war and many of its residents have fled.",
           "Humanitarian agencies warned this month that hospitals in the area are short of fuel and medicine.",
           "Fighting along the front line has intensified since the start of the year, displacing thousands.",
           "Talks on a truce, brokered by regional powers, stalled last month without an agreement.",
           "Local councils say reconstruction has barely begun and electricity comes for only a few hours a day.",
           "Farmers in the surrounding villages say they can no longer reach their fields safely.",
           "The United Nations has repeatedly called on all parties to protect civilians and infrastructure.",
           "Schools in the district closed last week after parents kept their children at home."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class Incident:
    """One event the corpus reports, possibly several times."""

    country: str
    town: str
    region: str
    date: dt.date
    event: str
    actor: tuple[str, str, str]
    target: str
    killed: int
    injured: int
    children: int
    denied: bool


def _towns(countries: tuple[str, ...]) -> dict[str, list[str]]:
    """Town names per country: gazetteer cities of 2,000+ people plus the fallback list, sorted."""
    towns = {c: set(FALLBACK_TOWNS[c]) for c in countries}
    try:
        from strikewatch.geo import load_gazetteer

        for e in load_gazetteer().entries:
            if (e.kind == "city" and e.country in towns and e.population >= 2000 and e.name.isascii()
                    and e.name.replace(" ", "").replace("-", "").isalpha()):
                towns[e.country].add(e.name)
    except Exception:  # noqa: BLE001 - the built-in list is enough for a benchmark
        pass
    return {c: sorted(v) for c, v in towns.items()}


def _count(n: int, rng: random.Random) -> str:
    """A casualty figure the way reports write it: words below ten, digits above."""
    return NUMBER_WORDS[n] if n <= 10 and rng.random() < 0.7 else str(n)


def _day_phrase(d: dt.date, published: dt.date, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35 and (published - d).days <= 6:
        return f"on {WEEKDAYS[d.weekday()]}"
    if r < 0.55 and published == d:
        return rng.choice(["today", "earlier today", "this morning"])
    if r < 0.8:
        return f"on {MONTHS[d.month - 1]} {d.day}"
    return f"on {d.day} {MONTHS[d.month - 1]} {d.year}"


def _casualties(inc: Incident, rng: random.Random) -> str:
    if inc.killed == 0 and inc.injured == 0:
        return rng.choice(["No casualties were reported.", "There was no immediate word on casualties."])
    parts = []
    if inc.killed:
        who = rng.choice(["people", "civilians", "people", "fighters" if inc.children == 0 else "people"])
        kids = f", including {_count(inc.children, rng)} children" if inc.children else ""
        hedge = rng.choice(["at least ", "", "at least ", "around "])
        parts.append(f"killed {hedge}{_count(inc.killed, rng)} {who}{kids}")
    if inc.injured:
        parts.append(f"wounded {_count(inc.injured, rng)} {'others' if inc.killed else 'people'}")
    return "The strike " + " and ".join(parts) + "."


def _noise(outlet: str, inc: Incident, rng: random.Random) -> tuple[list[str], list[str]]:
    """(lines before the body, lines after it): captions, appeals, related links."""
    head, tail = [], []
    if rng.random() < 0.4:
        head.append(rng.choice([f"Smoke rises over {inc.town} after the strike (Photo: {outlet})",
                                f"Rescue workers search the rubble in {inc.town}. Photo: {outlet}/archive",
                                f"File photo: a damaged street in {inc.region} ({outlet})"]))
    if rng.random() < 0.4:
        tail.append(rng.choice(["Support independent journalism: donate to keep our reporters in the field.",
                                "Subscribe to our newsletter for daily updates.",
                                "Follow us on social media for breaking news."]))
    if rng.random() < 0.5:
        tail.append("Related articles")
        tail.append(rng.choice([f"Displaced families return to {inc.region}",
                                "Aid convoys stalled at the border crossing",
                                "Prices of bread rise again in rebel-held areas"]))
        tail.append(rng.choice(["Talks on a ceasefire resume next week", "Water shortages hit the south",
                                "Winter storms flood camps for the displaced"]))
    return head, tail


def _recall(old: Incident, rng: random.Random) -> str:
    """A background sentence about an older strike (it must not become a new incident)."""
    ev = rng.choice(EVENTS[old.event])
    return (f"In {MONTHS[old.date.month - 1]} {old.date.year}, {ev} on {old.town} killed "
            f"{_count(max(old.killed, 2), rng)} people, according to {rng.choice(MONITORS[old.country])}.")


def _wire(inc: Incident, pub: dt.date, old: Incident | None, rng: random.Random) -> tuple[str, str, list[str]]:
    outlet = rng.choice(WIRE_OUTLETS)
    ev = rng.choice(EVENTS[inc.event])
    source = rng.choice(MONITORS[inc.country])
    title = f"{ev[0].upper()}{ev[1:]} kills {inc.killed} in {inc.town}" if inc.killed else \
        f"{ev[0].upper()}{ev[1:]} hits {inc.town}, {COUNTRIES[inc.country]}"
    body = [f"{rng.choice(DATELINES[inc.country])} ({outlet}) - {ev[0].upper()}{ev[1:]} blamed on {inc.actor[0]} "
            f"hit {inc.target} in {inc.town} in {inc.region} {_day_phrase(inc.date, pub, rng)}, {source} said.",
            _casualties(inc, rng)]
    if inc.denied:
        body.append(f"{inc.actor[2][0].upper()}{inc.actor[2][1:]} denied carrying out the attack.")
    elif rng.random() < 0.5:
        body.append(f"{inc.actor[2][0].upper()}{inc.actor[2][1:]} did not immediately comment.")
    body.append(rng.choice(["Residents said the blast shook buildings across the town.",
                            "Ambulances took the wounded to a nearby hospital.",
                            "The area has seen repeated attacks in recent weeks."]))
    if old:
        body.append(_recall(old, rng))
    return outlet, title, body


def _monitor(inc: Incident, pub: dt.date, old: Incident | None, rng: random.Random) -> tuple[str, str, list[str]]:
    outlet = rng.choice(MONITORS[inc.country]).removeprefix("the ").title()
    ev = rng.choice(EVENTS[inc.event])
    title = f"Daily report: {ev} on {inc.town}"
    body = [f"{outlet} documented {ev} by {inc.actor[0]} that targeted {inc.target} on the outskirts of "
            f"{inc.town} {_day_phrase(inc.date, pub, rng)}.",
            _casualties(inc, rng).replace("The strike ", "According to our field sources, the attack ")]
    if inc.children:
        body.append(f"Among the dead were {_count(inc.children, rng)} children, our team confirmed.")
    body.append(f"Our researchers spoke to two witnesses in {inc.town} and reviewed footage from the scene.")
    if old and rng.random() < 0.6:
        body.append(_recall(old, rng))
    return outlet, title, body


def _official(inc: Incident, pub: dt.date, old: Incident | None, rng: random.Random) -> tuple[str, str, list[str]]:
    speaker = inc.actor[2]
    outlet = speaker.removeprefix("the ").title()
    if inc.denied:
        title = f"Statement on reports of strikes in {inc.region}"
        body = [f"{speaker[0].upper()}{speaker[1:]} is aware of reports of {rng.choice(EVENTS[inc.event])} "
                f"near {inc.town} {_day_phrase(inc.date, pub, rng)}.",
                f"{speaker[0].upper()}{speaker[1:]} did not conduct any strikes in that area and rejects the claims."]
    else:
        killed = inc.killed - inc.children
        title = f"Forces conduct strike in {inc.town}"
        body = [f"{speaker[0].upper()}{speaker[1:]} said {inc.actor[1]} forces conducted "
                f"{rng.choice(EVENTS[inc.event])} against {inc.target} in {inc.town} "
                f"{_day_phrase(inc.date, pub, rng)}.",
                f"The strike killed {_count(max(killed, 1), rng)} militants, the statement said."
                if killed > 0 else "The statement said the target was destroyed.",
                "There is no indication that civilians were harmed, it added."]
    body.append("Further details will be released when available.")
    return outlet, title, body


def _local(inc: Incident, pub: dt.date, old: Incident | None, rng: random.Random) -> tuple[str, str, list[str]]:
    outlet = rng.choice(LOCAL_OUTLETS[inc.country])
    ev = rng.choice(EVENTS[inc.event])
    title = f"{inc.town}: {ev} {'leaves ' + str(inc.killed) + ' dead' if inc.killed else 'damages homes'}"
    body = [f"Local sources told {outlet} that {ev} hit {inc.target} in the {rng.choice(['centre', 'east', 'west'])} "
            f"of {inc.town} {_day_phrase(inc.date, pub, rng)}.",
            f"Witnesses said they heard {rng.choice(['warplanes', 'a drone', 'explosions'])} before the attack, "
            f"which they blamed on {inc.actor[0]}.",
            _casualties(inc, rng),
            f"The civil defence said its teams were still removing rubble in {inc.town} by evening."]
    if old and rng.random() < 0.5:
        body.append(_recall(old, rng))
    return outlet, title, body


STYLES = {"wire": _wire, "monitor": _monitor, "official": _official, "local": _local}


def _syndicate(record: dict, ident: str, rng: random.Random) -> dict:
    """A near-duplicate: another outlet republishes the text with its own header and footer."""
    outlet = rng.choice(WIRE_OUTLETS + ["Regional Digest", "Morning Brief"])
    lines = record["text"].split("\n\n")
    if len(lines) > 4 and rng.random() < 0.5:
        lines = lines[:-1]
    text = "\n\n".join([f"This article first appeared in {record['outlet']}.", *lines,
                        f"Republished by {outlet} with permission."])
    return {**record, "id": ident, "outlet": outlet, "url": f"https://example.org/{outlet.lower().replace(' ', '-')}/"
            f"{ident}", "text": text}


def iter_corpus(n: int = 100_000, seed: int = 7, per_day: int = 30,
                countries: tuple[str, ...] = ("SY", "IQ", "YE", "LB")) -> Iterator[dict]:
    """Yield `n` article records (`id`, `title`, `url`, `outlet`, `published`, `text`) deterministically."""
    rng = random.Random(seed)
    towns = _towns(countries)
    recent: deque[dict] = deque(maxlen=400)
    history: deque[Incident] = deque(maxlen=2000)
    day = dt.date(2014, 1, 1)
    emitted = 0
    while emitted < n:
        todays = max(1, int(rng.gauss(per_day / 2.4, 2)))
        for _ in range(todays):
            country = rng.choice(countries)
            event = rng.choices(list(EVENTS), weights=(5, 3, 2))[0]
            killed = rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 9, 12, 15, 23])
            inc = Incident(country=country, town=rng.choice(towns[country]), region=rng.choice(REGIONS[country]),
                           date=day, event=event, actor=rng.choice(ACTORS[country]), target=rng.choice(TARGETS),
                           killed=killed, injured=rng.choice([0, 0, 2, 3, 6, 10, 14]),
                           children=rng.choice([0, 0, 0, 1, 2]) if killed >= 3 else 0, denied=rng.random() < 0.15)
            styles = rng.sample(list(STYLES), k=rng.choices([1, 2, 3, 4], weights=(4, 3, 2, 1))[0])
            for style in styles:
                if emitted >= n:
                    return
                pub = day + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2]))
                old = rng.choice(history) if history and rng.random() < 0.4 else None
                outlet, title, body = STYLES[style](inc, pub, old, rng)
                body = body + rng.sample(CONTEXT, k=rng.randint(1, 3))
                head, tail = _noise(outlet, inc, rng)
                ident = f"bench-{emitted:07d}"
                record = {"id": ident, "title": title, "url": f"https://example.org/{style}/{ident}",
                          "outlet": outlet, "published": pub.isoformat(),
                          "text": "\n\n".join([title, *head, *body, *tail])}
                yield record
                recent.append(record)
                emitted += 1
                if emitted < n and rng.random() < 0.11:
                    yield _syndicate(rng.choice(recent), f"bench-{emitted:07d}", rng)
                    emitted += 1
            history.append(inc)
        day += dt.timedelta(days=1)


@dataclass
class CorpusStats:
    articles: int
    words: int
    bytes: int


def write_corpus(path: str | Path, n: int = 100_000, seed: int = 7) -> CorpusStats:
    """Write the corpus as JSONL, one article a line, streaming; returns its size."""
    words = size = count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for record in iter_corpus(n, seed):
            line = json.dumps(record, ensure_ascii=False) + "\n"
            fh.write(line)
            words += len(record["text"].split())
            size += len(line.encode())
            count += 1
    return CorpusStats(articles=count, words=words, bytes=size)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output")
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    stats = write_corpus(args.output, args.articles, args.seed)
    print(f"wrote {stats.articles} articles, {stats.words} words, {stats.bytes / 1e6:.1f} MB to {args.output}")


if __name__ == "__main__":
    main()
