"""strikewatch: news reports of airstrikes, drone strikes and shelling -> an auditable incident database."""

__version__ = "0.1.0"
