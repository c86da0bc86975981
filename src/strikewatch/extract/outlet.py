"""`sw_outlet`: the publisher, from metadata or recognised in the text.

Plain-text copies of pages often lose their metadata but keep the outlet's fingerprints. In
order of trust: an issuer's header line on a press release ("U.S. Central Command"), a
dateline ("SULAIMANI (ESTA) —", "KISMAYO, Somalia, Feb 5, 2025 (Jubba Dispatch) -"), a
news-agency lead ("Cedar News Agency - Nabatieh -"), an opener ("People's Dispatch, The …"),
a byline ("By Galilee Post staff"), a title suffix ("… – Middle East Monitor"), an appeal in
the page furniture ("Support Enab Baladi"), and last a source being spoken to ("told Hawler
Post") or a photo credit. Acronyms are expanded when the text spells them out ("the Yemeni
National News (YNN)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.document import TextSpan, strike_doc, text_of
from strikewatch.extract.lexicon import load_data
from strikewatch.extract.noise import lines_with_offsets

_NAME = r"[A-Z][\w&.'’-]*(?: (?:of|the|al|el|for|and)?\s?[A-Z0-9][\w&.'’-]*){0,5}"
_DATELINE = re.compile(r"^[A-Z][\w.'’-]+(?:[ ,.'’-]+[\w.'’-]+){0,8}?\s*\(\s*(" + _NAME + r")\s*\)\s*[—–-]")
_AGENCY_LEAD = re.compile(r"^(" + _NAME + r")\s+[-–—]\s+[A-Z][\w' -]{1,40}?\s+[-–—](?:\s|$)")
_AGENCY_LINE = re.compile(r"^(" + _NAME + r")\s+[-–—]\s+[A-Z][\w' -]{1,40}$")
_BYLINE = re.compile(
    r"^By\s+(?:the\s+)?(" + _NAME + r")\s+(?:staff|correspondents?|reporters?|desk|team|"
    r"newsroom|editors?)\b",
    re.I,
)
_TITLE_SUFFIX = re.compile(r"\s[–—|-]\s(" + _NAME + r")\s*$")
_OPENER = re.compile(r"^(" + _NAME + r"),\s+(?=[A-Z])")
_SELF_NAMED = re.compile(
    r"^(" + _NAME + r")\s+\(([A-Z]{2,8})\)\s+(?:activists|correspondents|monitors|teams|"
    r"sources|documented|reported|said)\b"
)
_APPEAL = re.compile(r"(?:Support|Donate to|Subscribe to)\s+(" + _NAME + r")", re.U)
_COPYRIGHT = re.compile(
    r"(?:©|\([cC]\)|Copyright|All rights reserved\s*[-–—,]?)\s*(?:\([cC]\)\s*)?(?:\d{4},?\s+)?(" + _NAME + r")"
)
_BIO = re.compile(r"(" + _NAME + r")['’]s\s+(?:[\w-]+\s+){0,3}(?:correspondent|reporter|editor|bureau chief)\b")
_SITE_LINE = re.compile(r"^(" + _NAME + r")\s+(?:website|online|news site)$")
_TOLD = re.compile(r"\btold\s+(?:the\s+)?(" + _NAME + r")")
_PHOTO_CREDIT = re.compile(r"\b(?:Photo|Photograph|Image|Picture)\s*(?:by|:)\s*(" + _NAME + r")")
_WIRES = {"reuters", "afp", "ap", "getty", "getty images", "epa", "anadolu", "file", "handout", "social media"}


@dataclass(frozen=True)
class KnownOutlet:
    name: str
    covers: str | None


class Outlets:
    """data/outlets.json: outlets by name or alias (case-folded) and by web host."""

    def __init__(self) -> None:
        self._names: dict[str, KnownOutlet] = {}
        self._hosts: dict[str, KnownOutlet] = {}
        for row in load_data("outlets.json")["outlets"]:
            o = KnownOutlet(row["name"], row.get("covers"))
            for n in (row["name"], *row.get("aliases", ())):
                self._names.setdefault(n.casefold(), o)
            for h in row.get("hosts", ()):
                self._hosts[h.lower()] = o

    def by_name(self, name: str | None) -> KnownOutlet | None:
        return self._names.get(name.casefold()) if name else None

    def by_host(self, url: str) -> KnownOutlet | None:
        """The outlet of a URL's host or of any of its parent domains ("english.aawsat.com" -> "aawsat.com")."""
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
        host = host.removeprefix("www.")
        while host:
            if host in self._hosts:
                return self._hosts[host]
            _, _, host = host.partition(".")
            if "." not in host:
                return None
        return None


class OutletFinder:
    def __init__(self) -> None:
        self.outlets = Outlets()
        self.media: dict[str, str] = {}
        self.parties: dict[str, str] = {}
        for entry in load_data("actors.json")["entries"]:
            party = entry.get("party")
            if not party:
                continue
            for alias in entry["aliases"]:
                self.parties[alias.lower()] = party["name"]
                if party["kind"] == "media":
                    self.media[alias.lower()] = party["name"]

    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        text = text_of(doc)
        lines = lines_with_offsets(text)
        if not lines:
            return doc
        title_line = next((ln for ln in lines if ln[2] == sw.title), lines[0])
        title_start, _, title = title_line
        m = _TITLE_SUFFIX.search(title)
        suffix = m.group(1) if m and len(m.group(1).split()) <= 5 else None
        if suffix and sw.title in (None, title):
            sw.title = title[: m.start()].rstrip()
        if not sw.outlet and sw.url:
            known = self.outlets.by_host(sw.url)
            sw.outlet = known.name if known else None
        if sw.outlet:
            self._known(sw)
            return doc
        found = (
            sw.header
            or (TextSpan(title_start + m.start(1), title_start + m.end(1), suffix) if suffix else None)
            or self._first(_COPYRIGHT, lines)
            or self._lead(doc, lines)
            or self._first(_APPEAL, lines)
            or self._first(_SITE_LINE, lines[:6])
            or self._first(_BIO, [ln for ln in lines if len(ln[2].split()) < 40])
            or self._first(_TOLD, [ln for ln in lines if not sw.in_noise(ln[0], ln[1])], reject=self.parties)
            or self._first(_PHOTO_CREDIT, lines, reject=_WIRES)
        )
        if found:
            name = self._expanded(text, found.text)
            sw.outlet = self.media.get(name.lower(), name)
            sw.outlet_span = found
            self._known(sw)
        return doc

    def _known(self, sw) -> None:  # noqa: ANN001 - StrikeDoc
        """The country a known outlet reports on (its name stays as the record or page gives it)."""
        known = self.outlets.by_name(sw.outlet)
        if known:
            sw.outlet_country = known.covers

    def _lead(self, doc: Doc, lines: list[tuple[int, int, str]]) -> TextSpan | None:
        """A dateline, agency lead, opener, self-named monitor or byline in the first lines of the body."""
        sw = doc._.sw
        opened = False
        for start, _, line in lines[1:10]:
            if line == sw.title:
                continue
            for pattern in (_DATELINE, _AGENCY_LEAD, _BYLINE, _SELF_NAMED):
                m = pattern.match(line)
                if m:
                    return self._not_a_place(line, start, m)
            m = _AGENCY_LINE.match(line)
            if m and len(line.split()) <= 8:
                return self._not_a_place(line, start, m)
            if sw.in_noise(start, start + len(line)) or opened:
                continue
            m = _OPENER.match(line)
            if m and (m.group(1).lower() in self.media or "’s" in m.group(1) or "'s" in m.group(1)):
                return TextSpan(start + m.start(1), start + m.end(1), m.group(1))
            # Only the first paragraph of the body may open with the outlet's name; a short line before
            # it is a subtitle or a byline.
            opened = len(line.split()) > 12 or line.endswith((".", "!", "?"))
        return None

    @staticmethod
    def _not_a_place(line: str, start: int, m: re.Match) -> TextSpan:
        """'Sanaa - Yemen Voice', 'Jenin - Al-Quds Now -': when the first part is a place, the outlet is next."""
        from strikewatch.geo import load_gazetteer

        name = m.group(1)
        if m.re in (_AGENCY_LEAD, _AGENCY_LINE) and load_gazetteer().lookup_name(name):
            rest = line[m.end(1) :]
            nxt = re.match(r"\s+[-–—]\s+(" + _NAME + r")", rest)
            if nxt:
                a = m.end(1) + nxt.start(1)
                return TextSpan(start + a, start + a + len(nxt.group(1)), nxt.group(1))
        return TextSpan(start + m.start(1), start + m.end(1), name)

    @staticmethod
    def _first(
        pattern: re.Pattern,
        lines: list[tuple[int, int, str]],
        reject=None,
        skip_noise=None,  # noqa: ANN001
    ) -> TextSpan | None:
        for start, _, line in lines:
            for m in pattern.finditer(line):
                name = re.split(r"\.\.|\.\s", m.group(1))[0].rstrip(".")
                if name.lower() in ("us", "our", "independent", "the", "him", "her", "them") or (
                    reject and name.lower() in reject
                ):
                    continue
                return TextSpan(start + m.start(1), start + m.start(1) + len(name), name)
        return None

    @staticmethod
    def _expanded(text: str, name: str) -> str:
        """'YNN' -> 'Yemeni National News' when the text spells the acronym out."""
        if not (name.isupper() and 2 <= len(name) <= 8):
            return name
        m = re.search(r"((?:[A-Z][\w’'-]+\s+){1,6})\(" + re.escape(name) + r"\)", text)
        if m:
            words = m.group(1).split()
            initials = [w for w in words if w[0].isupper()]
            take = initials[-len(name) :] if len(initials) >= len(name) else initials
            if "".join(w[0] for w in take).upper() == name.upper():
                return " ".join(words[words.index(take[0]) :])
        return name


@Language.factory("sw_outlet")
def make_outlet(nlp: Language, name: str) -> OutletFinder:
    return OutletFinder()
