"""`sw_noise`: page furniture that is not reporting.

Scraped pages carry photo captions, donation appeals, related-article lists, comment
prompts and share counters. They name places, dates and even attacks ("chemical attack in
Ghouta" as a link to another story), so every later component skips the spans marked here.
Works on lines (paragraphs), the unit such furniture comes in.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from strikewatch.extract.document import NoiseSpan, TextSpan, strike_doc, text_of
from strikewatch.extract.lexicon import load_data
from strikewatch.extract.pagedate import dateline_date, dateline_month_day, page_date

_TERMINAL = tuple(".!?:;…\"”’')]")
_CREDIT_AT_END = re.compile(r"[(\[]\s*([^()\[\]]{1,40}?)\s*[)\]]\s*\.?\s*$")
_DASH_CREDIT = re.compile(r"\s[-–—/|]\s*(photo|image|picture)?\s*:?\s*([A-Za-z. ]{2,30})\s*$", re.I)
_WORD = re.compile(r"\w+")
_ISSUER = re.compile(
    r"\b(Spokesperson|Spokesman|Command|Ministry|Press Office|Media Office|Media Center|Media Centre|"
    r"Newsroom|Press Release|Public Affairs)$"
)
_ISSUER_WORDS = re.compile(
    r"\b(ministry|command|spokesperson|directorate|armed forces|army|media office|press office|"
    r"commission|general staff|defen[cs]e)\b",
    re.I,
)
# Words that make a bracketed tail a photo credit: "(Syria Civil Defence/handout)", "(Photo: SANA)".
_CREDIT_WORDS = re.compile(r"handout|photo|courtesy|getty|\bvia\b|/|\bfile\b|reuters|\bafp\b|\bap\b|anadolu", re.I)


def lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """Non-empty lines as (start, end, stripped text), offsets of the stripped text."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            out.append((start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _norm(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


class NoiseFinder:
    def __init__(self) -> None:
        data = load_data("noise.json")
        self.tail_markers = {_norm(m) for m in data["tail_markers"]}
        self.appeals = [a.lower() for a in data["appeal_phrases"]]
        self.credits = {_norm(c) for c in data["caption_credits"]}
        self.caption_phrases = [c.lower() for c in data["caption_phrases"]]
        self.caption_labels = tuple(c.lower() for c in data["caption_labels"])
        self.issuers = {
            a.lower()
            for e in load_data("actors.json")["entries"]
            if e.get("party") and e["party"]["kind"] in ("military", "government", "official")
            for a in e["aliases"]
        }

    def __call__(self, doc: Doc) -> Doc:
        sw = strike_doc(doc)
        lines = lines_with_offsets(text_of(doc))
        spans: list[NoiseSpan] = []
        if not lines:
            sw.set_noise(spans)
            return doc
        title_index = 0
        if len(lines) > 1 and self._is_header(lines[0][2]):
            start, end, line = lines[0]
            sw.header = TextSpan(start, end, line)
            spans.append(NoiseSpan(start=start, end=end, text=line, reason="header"))
            title_index = 1
        if sw.title is None:
            sw.title = lines[title_index][2]
        norms = [_norm(t) for _, _, t in lines]
        counts = Counter(norms)
        tail_from = self._tail_start(lines, norms, len(text_of(doc)))
        # A text of headlines only (a monitor's bulletin digest, a feed item's headline list) has no prose
        # for its short lines to be headings of: each line is news.
        prose = any(line.endswith(_TERMINAL) for _, _, line in lines[title_index + 1 :])
        for i, (start, end, line) in enumerate(lines):
            if i <= title_index:
                continue  # the issuer's header and the headline
            if (i <= 8 or i >= len(lines) - 8) and self._page_date(sw, start, line, spans):
                continue
            reason = None
            if tail_from is not None and i >= tail_from:
                reason = "related" if not self._is_appeal(line) else "appeal"
            elif self._is_appeal(line):
                reason = "appeal"
            elif self._is_caption(line, counts[norms[i]] > 1, i):
                reason = "caption"
            elif prose and self._is_heading_or_link(line):
                reason = "heading"
            if reason:
                spans.append(NoiseSpan(start=start, end=end, text=line, reason=reason))
        sw.set_noise(spans)
        return doc

    def _is_header(self, line: str) -> bool:
        """A press release's first line naming its issuer: 'U.S. Central Command', 'IDF Spokesperson'."""
        words = line.split()
        if not 1 <= len(words) <= 8 or line.endswith(_TERMINAL):
            return False
        if len(words) <= 5 and (line.lower() in self.issuers or _ISSUER.search(line)):
            return True
        # "REPUBLIC OF TÜRKİYE MINISTRY OF NATIONAL DEFENCE", "Popular Mobilization Commission - Media Directorate"
        return bool(_ISSUER_WORDS.search(line)) and (line.isupper() or " - " in line)

    @staticmethod
    def _page_date(sw, start: int, line: str, spans: list[NoiseSpan]) -> bool:  # noqa: ANN001 - StrikeDoc
        """A line giving the page's date ('Wed 12 Mar 2025 at 13:05 | Nabatieh', 'Published: 14/08/2024'), or
        a dateline opening the body ('Tehran, May 3, 2023 (Pars Dispatch) -'): the reference for relative
        dates when there is no metadata (see `pagedate.py`), and never an incident's date. True when the
        whole line is such a date line. Only the date is noise: a place the line names ("12 Mar 2025 |
        Nabatieh", "March 3rd 2017: Al Bab, Aleppo governorate") is where the page is about."""
        whole = page_date(line)
        found = whole or dateline_date(line)
        if found is None:
            md = dateline_month_day(line)
            if md and sw.reference_md is None:
                # "HODEIDAH, Dec. 3 (YNN) -": no year, but "last night" is then --12-02
                month, day_of_month, a, b = md
                sw.reference_md = (month, day_of_month)
                spans.append(NoiseSpan(start=start + a, end=start + b, text=line[a:b], reason="dateline"))
            return False
        day, a, b = found
        if sw.published is None:
            sw.published = day
            sw.published_span = TextSpan(start + a, start + b, line[a:b])
        if whole:
            spans.append(NoiseSpan(start=start + a, end=start + b, text=line[a:b], reason="page-date"))
            return True
        spans.append(NoiseSpan(start=start + a, end=start + b, text=line[a:b], reason="dateline"))
        return False

    def _tail_start(self, lines: list[tuple[int, int, str]], norms: list[str], text_len: int) -> int | None:
        """Index of the line where trailing furniture (related links, comments, appeals) begins."""
        for i, ((start, _, line), norm) in enumerate(zip(lines, norms, strict=True)):
            if i == 0 or start < text_len * 0.4:
                continue
            if norm in self.tail_markers or (len(norm) < 60 and self._is_appeal(line)):
                return i
        return None

    def _is_appeal(self, line: str) -> bool:
        low = line.lower()
        return len(line) < 240 and any(a in low for a in self.appeals)

    def _is_caption(self, line: str, repeated: bool, index: int) -> bool:
        if len(line) > 400:
            return False
        low = line.lower()
        if low.startswith(self.caption_labels):
            return True  # "Photo caption: A man inspects damage ... (file photo, 2021)"
        if repeated and index <= 6:
            return True
        m = _CREDIT_AT_END.search(line)
        if m and (
            _norm(m.group(1)) in self.credits
            or (m.group(1).strip().isupper() and index <= 3)
            or (index <= 6 and _CREDIT_WORDS.search(m.group(1)))
        ):
            return True
        if any(p in low for p in self.caption_phrases) and index <= 6:
            return True
        m = _DASH_CREDIT.search(line)
        return bool(m and _norm(m.group(2)) in self.credits and index <= 6)

    @staticmethod
    def _is_heading_or_link(line: str) -> bool:
        """A short line with no closing punctuation inside the body: a sub-heading or a link to another story."""
        return not line.endswith(_TERMINAL) and len(_WORD.findall(line)) <= 16


@Language.factory("sw_noise")
def make_noise(nlp: Language, name: str) -> NoiseFinder:
    return NoiseFinder()
