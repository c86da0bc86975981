"""`sw_outlet`: the publisher, from metadata or recognised in the text.

Plain-text copies of pages often lose their metadata but keep the outlet's fingerprints: a
dateline ("SULAIMANI (ESTA) —"), a title suffix ("… – Middle East Monitor"), an opener
("People's Dispatch, The …") or an appeal in the page furniture ("Support Enab Baladi").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.document import TextSpan, strike_doc, text_of
from strikewatch.extract.lexicon import load_data
from strikewatch.extract.noise import lines_with_offsets

_NAME = r"[A-Z][\w&.'’-]*(?: (?:of|the|al|el|for)?\s?[A-Z0-9][\w&.'’-]*){0,4}"
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{1,40}\s*\(\s*(" + _NAME + r")\s*\)\s*[—–-]")
_TITLE_SUFFIX = re.compile(r"\s[–—|-]\s(" + _NAME + r")\s*$")
_OPENER = re.compile(r"^(" + _NAME + r"),\s+(?=[A-Z])")
_APPEAL = re.compile(r"(?:Support|Donate to|Subscribe to|©\s*\d{4})\s+(" + _NAME + r")", re.U)


class OutletFinder:
    def __init__(self) -> None:
        self.media = {}
        for entry in load_data("actors.json")["entries"]:
            party = entry.get("party")
            if party and party["kind"] == "media":
                for alias in entry["aliases"]:
                    self.media[alias.lower()] = party["name"]

    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        lines = lines_with_offsets(text_of(doc))
        if not lines:
            return doc
        title_start, title_end, title = lines[0]
        m = _TITLE_SUFFIX.search(title)
        suffix = m.group(1) if m and len(m.group(1).split()) <= 5 else None
        if suffix and sw.title in (None, title):
            sw.title = title[: m.start()].rstrip()
        if sw.outlet:
            return doc
        found = self._dateline_or_opener(doc, lines[1:8])
        if not found and suffix:
            found = TextSpan(title_start + m.start(1), title_start + m.end(1), suffix)
        if not found:
            found = self._from_appeal(doc, lines)
        if found:
            sw.outlet = self.media.get(found.text.lower(), found.text)
            sw.outlet_span = found
        return doc

    def _dateline_or_opener(self, doc: Doc, lines: list[tuple[int, int, str]]) -> TextSpan | None:
        sw = doc._.sw
        for start, _, line in lines:
            if sw.in_noise(start, start + len(line)):
                continue
            m = _DATELINE.match(line)
            if m:
                return TextSpan(start + m.start(1), start + m.end(1), m.group(1))
            m = _OPENER.match(line)
            if m and (m.group(1).lower() in self.media or "’s" in m.group(1) or "'s" in m.group(1)):
                return TextSpan(start + m.start(1), start + m.end(1), m.group(1))
            return None  # only the first paragraph of the body carries a dateline or opener
        return None

    def _from_appeal(self, doc: Doc, lines: list[tuple[int, int, str]]) -> TextSpan | None:
        for start, _, line in lines:
            for m in _APPEAL.finditer(line):
                name = re.split(r"\.\.|\.\s", m.group(1))[0].rstrip(".")
                if name.lower() in ("us", "our", "independent"):
                    continue
                return TextSpan(start + m.start(1), start + m.start(1) + len(name), name)
        return None


@Language.factory("sw_outlet")
def make_outlet(nlp: Language, name: str) -> OutletFinder:
    return OutletFinder()
