"""`sw_outlet`: the publisher, from metadata or recognised in the text.

Plain-text copies of pages often lose their metadata but keep the outlet's fingerprints. In
order of trust: an issuer's header line on a press release ("U.S. Central Command"), a title
suffix, a masthead line next to the headline ("Idlib Voice | Local news", a bare "Naypyitaw
Mirror", "30 December 2023 | 21:40 | Northern Wire", "Syndicated from X"), a copyright line, a
dateline ("SULAIMANI (ESTA) —", "KISMAYO, Somalia, Feb 5, 2025 (Jubba Dispatch) -"), a
news-agency lead ("Cedar News Agency - Nabatieh -"), an opener ("People's Dispatch, The …"),
a byline ("By Galilee Post staff"), a closing sign-off or masthead ("— Cizîrê Post newsroom",
"Sulaimani Daily Post – news from the city"), an appeal in the page furniture ("Support Enab
Baladi", "Follow X on Telegram"), and last a source being spoken to ("told Hawler
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

_NAME = r"[A-Z][\w&.'’-]*(?: (?:(?:of|for|and)(?: the)?|the|al|el|&)?\s?[A-Z0-9][\w&.'’-]*){0,5}"
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
_FOLLOW = re.compile(
    r"\bFollow\s+(" + _NAME + r")\s+on\s+(?:Telegram|X|Twitter|Facebook|WhatsApp|Instagram|YouTube|TikTok)\b"
)
# A sign-off naming the newsroom: "— Kharkiv Courier newsroom, Kharkiv", "Reporting: Sana'a Post correspondents".
_SIGNOFF = re.compile(
    r"^(?:[(\[]?\s*(?:(?:Additional|Associated)\s+)?[Rr]eporting(?:\s+by|:)\s+|[—–-]+\s*)?(?:the\s+)?(" + _NAME
    + r")\s+(?:live\s+|news\s+)?(?:staff|correspondents?|reporters?|desk|team|newsroom|editors?|bureau)\b"
)
_NEXT_PART = re.compile(r"\s+[-–—]\s+(" + _NAME + r")")
_COLON_OPENER = re.compile(r"^(" + _NAME + r"):\s+(?=[A-Z])")
# A masthead line splits into parts at these: "Outlet | Section", "Outlet – 26 June 2023", "date | time | Outlet".
_MASTHEAD_SEP = re.compile(r"\s+[|–—·•]\s+|\s+-\s+|\s*\|\s*")
_MASTHEAD_PART = re.compile(
    r"(?:(?:Syndicated|Republished|Reprinted|Distributed|Originally published|First published)\s+(?:from|by|in)\s+"
    r"|(?:Source|Via):?\s+)?(" + _NAME + r")\.?"
)
_LIST_ITEM = re.compile(r"^(?:[-•*▪►]|\d{1,2}[.)])\s")
# The words a publication's name is made of ("Kharkiv Evening Courier", "Gulf & Levant Newswire"): without one, a
# capitalised line near the top is as likely a section, a place or a headline as a masthead.
_OUTLET_WORDS = frozenset(
    "agency bulletin brief briefs briefing broadcasting channel chronicle courier daily desk digest dispatch "
    "express gazette guardian herald journal ledger media mirror monitor network news newspaper newswire "
    "observatory observer online post press radio reporter review sentinel standard star telegraph television "
    "times today tribune tv voice watch weekly wire".split()
)
# Heads of compound names whose last word is generic: "News Exchange", "Press Service", "Briefing Room".
_COMPOUND_HEADS = frozenset({"news", "press", "media", "broadcasting", "briefing"})
# Words that name a section, a kind of item or a byline rather than one outlet ("Local News", "Press Release",
# "Staff Reporter").
_GENERIC_WORDS = frozenset(
    "the of and & for al el live breaking latest local world top home regional national international business "
    "sport sports opinion politics economy culture more related special english arabic all our your release "
    "releases office conference statement statements service services room update updates new staff writer "
    "writers correspondent correspondents editor editors editorial guest senior chief contributor".split()
)


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
        # A masthead sits just above or below the headline or closes the page; a caption is never one.
        captions = {n.start for n in sw.noise if n.reason == "caption"}
        ti = lines.index(title_line)
        top = [ln for ln in (*lines[max(0, ti - 2) : ti], *lines[ti + 1 : ti + 4]) if ln[0] not in captions]
        bottom = [ln for ln in lines[max(ti + 4, len(lines) - 4) :] if ln[0] not in captions]
        found = (
            sw.header
            or (TextSpan(title_start + m.start(1), title_start + m.end(1), suffix) if suffix else None)
            or self._masthead(top)
            or self._first(_COPYRIGHT, lines)
            or self._lead(doc, lines)
            or self._signoff(bottom)
            or self._masthead(bottom)
            or self._first(_APPEAL, lines)
            or self._first(_FOLLOW, lines)
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

    def outlet_like(self, name: str) -> bool:
        """A name that reads as a publication's: a known outlet, or one built like one ("Sagaing Dispatch",
        "Voice of the Coast", "Asia-Pacific News Exchange") with a word of its own besides the generic ones."""
        if self.outlets.by_name(name) or name.lower() in self.media:
            return True
        words = name.replace("-", " ").casefold().split()
        if not 1 < len(words) <= 6 or all(w in _OUTLET_WORDS or w in _GENERIC_WORDS for w in words):
            return False
        return (
            words[-1] in _OUTLET_WORDS
            or words[-2] in _COMPOUND_HEADS
            or any(w in _OUTLET_WORDS and nxt in ("of", "for") for w, nxt in zip(words, words[1:], strict=False))
        )

    def _masthead(self, lines: list[tuple[int, int, str]]) -> TextSpan | None:
        """A short masthead line whose part is an outlet's name: 'Idlib Voice | Local news', 'Naypyitaw Mirror',
        '30 December 2023 | 21:40 | Northern Wire', 'Published March 7 · Syndicated from X News Exchange'."""
        for start, _, line in lines:
            if len(line) > 120 or _LIST_ITEM.match(line):
                continue
            pos = 0
            for sep in (*_MASTHEAD_SEP.finditer(line), None):
                end = sep.start() if sep else len(line)
                m = _MASTHEAD_PART.fullmatch(line, pos, end)
                if m and self.outlet_like(m.group(1)):
                    return TextSpan(start + m.start(1), start + m.end(1), m.group(1))
                pos = sep.end() if sep else pos
        return None

    def _signoff(self, lines: list[tuple[int, int, str]]) -> TextSpan | None:
        """A closing credit to the newsroom ('— Cizre Post newsroom, Cizre'); without a lead-in such as
        'Reporting:' or a dash the name must read as an outlet's ('Gulf Post live team.')."""
        for start, _, line in lines:
            m = _SIGNOFF.match(line)
            if m and (m.start(1) > 0 or self.outlet_like(m.group(1))):
                return TextSpan(start + m.start(1), start + m.end(1), m.group(1))
        return None

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
                if m and (span := self._not_a_place(line, start, m)):
                    return span
            m = _AGENCY_LINE.match(line)
            if m and len(line.split()) <= 8 and (span := self._not_a_place(line, start, m)):
                return span
            if sw.in_noise(start, start + len(line)) or opened:
                continue
            m = _OPENER.match(line)
            if m and (m.group(1).lower() in self.media or "’s" in m.group(1) or "'s" in m.group(1)):
                return TextSpan(start + m.start(1), start + m.end(1), m.group(1))
            # "Hauran Observatory for Human Rights: The death toll ..." - a monitor opening its own bulletin.
            m = _COLON_OPENER.match(line)
            if m and self.outlet_like(m.group(1)):
                return TextSpan(start + m.start(1), start + m.end(1), m.group(1))
            # Only the first paragraph of the body may open with the outlet's name; a short line before
            # it is a subtitle or a byline.
            opened = len(line.split()) > 12 or line.endswith((".", "!", "?"))
        return None

    @staticmethod
    def _not_a_place(line: str, start: int, m: re.Match) -> TextSpan | None:
        """'Sanaa - Yemen Voice', 'Jenin - Al-Quds Now -': when the first part is a place, the outlet is next;
        a line of places alone ('Kharkiv Oblast – Ukraine') names none."""
        from strikewatch.geo import load_gazetteer

        name = m.group(1)
        gazetteer = load_gazetteer()
        if m.re in (_AGENCY_LEAD, _AGENCY_LINE) and gazetteer.lookup_name(name):
            rest = line[m.end(1) :]
            nxt = _NEXT_PART.match(rest)
            if not nxt or gazetteer.lookup_name(nxt.group(1)):
                return None
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
