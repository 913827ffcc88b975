"""Storage: content hashes, versioned texts with diffs, fetch log (SQLite or PostgreSQL)."""

from govwatch.store.repository import Outcome, Store, default_db_url

__all__ = ["Outcome", "Store", "default_db_url"]
