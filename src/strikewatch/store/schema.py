"""The store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Pydantic payloads are kept whole as JSON text in `payload` columns so nothing the
model carries (extra fields included) is lost; the other columns are copies of the
few values the pipeline and the web API filter or sort on, so they can be indexed.
Dates are ISO strings (not SQL dates) so both backends compare and sort them alike.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", String(40), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String, primary_key=True),
    Column("revision", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text),
    Column("outlet", String),
    Column("published", String(40)),
    Column("url", Text),
    Column("language", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("source", Text),
    Column("duplicate_of", String),
    Column("payload", Text, nullable=False),  # the Article record as JSON
    Column("updated_at", String(40), nullable=False),
)

article_revisions = Table(
    "article_revisions",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("source", Text),
    Column("created_at", String(40), nullable=False),
    PrimaryKeyConstraint("article_id", "revision"),
)

annotations = Table(
    "annotations",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("label", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("detail", Text),
    PrimaryKeyConstraint("article_id", "seq"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", String, primary_key=True),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("role", String(16), nullable=False),
    Column("event_type", String(32), nullable=False),
    Column("date_earliest", String(10)),
    Column("date_latest", String(10)),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(8)),
    Column("admin1", String),
    Column("payload", Text, nullable=False),  # the IncidentMention as JSON
    Index("ix_mentions_article", "article_id", "seq"),
    Index("ix_mentions_block", "event_type", "date_earliest"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String, primary_key=True),
    Column("date", String(10)),  # sort key: earliest ISO day the incident may have happened
    Column("date_earliest", String(10)),
    Column("date_latest", String(10)),
    Column("event_type", String(32), nullable=False),
    Column("country", String(8)),  # of the primary location
    Column("admin1", String),
    Column("admin1_key", String),  # casefolded admin1, for case-insensitive filters
    Column("lat", Float),  # first location with coordinates
    Column("lon", Float),
    Column("killed_min", Integer),
    Column("killed_max", Integer),
    Column("status", String(16), nullable=False),
    Column("perpetrator", String),
    Column("search_text", Text, nullable=False),  # casefolded words for `q`
    Column("payload", Text, nullable=False),  # the Incident as JSON
    Index("ix_incidents_date", "date", "id"),
    Index("ix_incidents_range", "date_earliest", "date_latest"),
    Index("ix_incidents_event_type", "event_type"),
    Index("ix_incidents_country", "country", "admin1_key"),
    Index("ix_incidents_latlon", "lat", "lon"),
    Index("ix_incidents_status", "status"),
    Index("ix_incidents_perpetrator", "perpetrator"),
)

incident_links = Table(
    "incident_links",
    metadata,
    Column("incident_id", String, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    # No foreign key to mentions: a re-saved article replaces its mentions while the
    # incidents of the last resolution stay readable until the next one.
    Column("mention_id", String, nullable=False),
    Column("explanation", Text, nullable=False),
    PrimaryKeyConstraint("incident_id", "mention_id"),
    Index("ix_links_mention", "mention_id"),
)

overrides = Table(
    "overrides",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)

# Key/value bookkeeping (migration 2): "resolved_as_of" is the number of article revisions the stored
# incidents were computed from, so a run killed between storing articles and resolving them is detected.
store_state = Table(
    "store_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
)

# An article's MinHash for deduplication (migration 3), computed where it was extracted so resolution does not
# re-read and re-hash every text. Valid only while `content_hash` is the article's current one (a writer that
# does not know this table may have revised the article since).
article_signatures = Table(
    "article_signatures",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("signature", LargeBinary, nullable=False),  # b"" for a text without words
)

# What resolution reads of a mention (migration 4), computed where it was extracted: its linking features
# (`resolve.features.link_features`, JSON) and its payload compressed, so resolving an archive parses and
# compresses nothing. Valid only while `content_hash` is its article's current one, as for signatures.
mention_features = Table(
    "mention_features",
    metadata,
    Column("mention_id", String, ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("features", Text, nullable=False),
    Column("packed", LargeBinary, nullable=False),  # zlib of the mention's `payload`
)

# Tables created by migration 1, in dependency order.
V1_TABLES = [articles, article_revisions, annotations, mentions, incidents, incident_links, overrides]
