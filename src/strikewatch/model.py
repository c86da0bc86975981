"""The data model shared by every stage.

Two layers live here:

* the export records (`Article`, `Incident` and their parts), which follow
  `shared/spec/export-format.md` field for field (extra fields are allowed, none renamed);
* the pipeline records that travel between stages: `RawArticle` (ingest -> extract),
  `IncidentMention` (extract -> resolve) and `ArticleResult` (extract -> store).

Every extracted value carries an `Evidence` so a user can audit it against the text.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "strikewatch.incidents/1"

EventType = Literal[
    "airstrike",
    "drone_strike",
    "missile_strike",
    "shelling",
    "drone_attack",
    "rocket_attack",
    "ground_attack",
    "explosion",
    "other",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
# Kinds of strike that reports of one incident may call by each other's names (an airstrike and a drone
# strike); explosion and other belong to no family: they fit any, weakly.
EVENT_FAMILY: dict[str, str] = {
    "airstrike": "air",
    "drone_strike": "air",
    "missile_strike": "air",
    "shelling": "fire",
    "rocket_attack": "fire",
    "drone_attack": "drone_attack",
    "ground_attack": "ground",
}
DatePrecision = Literal["day", "month", "year", "unknown"]
LocationPrecision = Literal["site", "neighbourhood", "village", "city", "admin2", "admin1", "country"]
# From most to least precise; used to rank locations.
LOCATION_PRECISIONS: tuple[str, ...] = LocationPrecision.__args__  # type: ignore[attr-defined]
AttributionStatus = Literal["declared", "claimed", "suspected", "contested", "unknown"]
Stance = Literal["asserts", "suspects", "denies"]
PartyKind = Literal[
    "government", "military", "media", "monitor", "official", "witness", "analyst", "armed_group", "unknown"
]
TargetKind = Literal["military", "armed_group", "civilian", "infrastructure", "facility", "unknown"]
Victims = Literal["militants", "civilians", "soldiers", "children", "mixed", "unspecified"]
Role = Literal["main", "background"]


class Record(BaseModel):
    """Base for export records: extra fields allowed (the spec lets us add, never rename)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Evidence(Record):
    article_id: str
    start: int
    end: int
    text: str


class Party(Record):
    name: str
    id: str | None = None
    kind: PartyKind = "unknown"


class AttributionClaim(Record):
    actor: str
    actor_name: str
    claimant: Party
    stance: Stance
    article_id: str
    evidence: Evidence


class Attribution(Record):
    status: AttributionStatus = "unknown"
    perpetrator: str | None = None
    claims: list[AttributionClaim] = Field(default_factory=list)


class Target(Record):
    name: str
    actor: str | None = None
    kind: TargetKind = "unknown"
    evidence: Evidence | None = None


class Figure(Record):
    """A casualty count: `at least six` is min 6 / max None; `about ten` is 10/10 approximate."""

    min: int | None = None
    max: int | None = None
    approximate: bool = False


class CasualtyClaim(Record):
    claimant: Party
    killed: Figure | None = None
    injured: Figure | None = None
    victims: Victims = "unspecified"
    article_id: str
    evidence: Evidence


class CasualtyRange(Record):
    killed_min: int | None = None
    killed_max: int | None = None
    injured_min: int | None = None
    injured_max: int | None = None


class Mention(Record):
    article_id: str
    role: Role
    evidence: list[Evidence] = Field(default_factory=list)


class DateValue(Record):
    value: str | None = None
    precision: DatePrecision = "unknown"
    earliest: str | None = None
    latest: str | None = None
    text: str | None = None


class Location(Record):
    name: str
    canonical_name: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: LocationPrecision = "country"
    gazetteer_id: str | None = None


class Incident(Record):
    id: str
    event_type: EventType = "other"
    date: DateValue = Field(default_factory=DateValue)
    locations: list[Location] = Field(default_factory=list)
    attribution: Attribution = Field(default_factory=Attribution)
    targets: list[Target] = Field(default_factory=list)
    casualties: list[CasualtyClaim] = Field(default_factory=list)
    casualty_range: CasualtyRange = Field(default_factory=CasualtyRange)
    mentions: list[Mention] = Field(default_factory=list)


class Article(Record):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str = "en"


class Export(Record):
    schema_: str = Field(default=SCHEMA_ID, alias="schema")
    articles: list[Article] = Field(default_factory=list)
    incidents: list[Incident] = Field(default_factory=list)

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


# --- pipeline records -------------------------------------------------------------------


def content_hash(text: str) -> str:
    """Hash of an article's text: same text under the same id is a no-op on re-runs."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class RawArticle(BaseModel):
    """One article as read by ingest, before extraction."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date or datetime, from metadata only
    url: str | None = None
    language: str = "en"
    source: str | None = None  # file the article came from
    line: int | None = None  # line in a JSONL file, when it applies

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


class IncidentMention(Record):
    """One incident as one article reports it: the unit that resolution links into incidents."""

    id: str  # "<article_id>#<n>"
    article_id: str
    role: Role
    event_type: EventType = "other"
    date: DateValue = Field(default_factory=DateValue)
    date_evidence: Evidence | None = None
    locations: list[Location] = Field(default_factory=list)
    claims: list[AttributionClaim] = Field(default_factory=list)
    casualties: list[CasualtyClaim] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    # Specific names (targets, people, named sites) used as linking features.
    keys: list[str] = Field(default_factory=list)
    outlet: str | None = None
    published: str | None = None
    # Set by resolution when a gap was filled from the cluster (e.g. a bare weekday).
    date_inferred_from: str | None = None


class Annotation(BaseModel):
    """A labelled span for the article page: which field a piece of text supports."""

    label: str  # e.g. "place", "date", "actor", "claim", "casualty", "event", "noise", "target"
    start: int
    end: int
    text: str
    detail: str | None = None


class ArticleResult(BaseModel):
    """Everything extraction produced for one article."""

    article: Article
    text: str
    content_hash: str
    mentions: list[IncidentMention] = Field(default_factory=list)
    annotations: list[Annotation] = Field(default_factory=list)
    # MinHash of `text` (resolve.dedup.signature), computed where extraction ran; None: not computed.
    # A cache for deduplication, never exported.
    dedup_signature: bytes | None = Field(default=None, exclude=True)
