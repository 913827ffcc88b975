"""Full-text search over the documents' current texts, for the web interface's ``/search``.

One index row per document (its current version): title, text, report year, kind, source and
status. It is written by the same transaction that stores a version (:func:`index_document`,
called from ``Store.record_page``) and by ``Store.mark_gone`` (status), so it never lags.

* SQLite: an FTS5 virtual table with the ``trigram`` tokenizer, which finds any Chinese substring
  of three or more characters without a word segmenter. Shorter terms fall back to ``LIKE``
  (a scan of the index's copy of the text).
* PostgreSQL: a plain table with a ``pg_trgm`` GIN index; terms are ``LIKE`` patterns (Latin
  letters match case-sensitively, unlike SQLite's). The extension is installed once per
  database in schema ``public`` and named schema-qualified.

Neither is a SQLModel table: :func:`ensure_index` creates it (called by ``Store()`` and by the
``0003_search`` migration) and fills it from the stored documents when it was missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.engine import Connection, Engine

FTS_TABLE = "search_fts"  # SQLite
PG_TABLE = "search_doc"  # PostgreSQL
#: FTS5's own shadow tables, which SQLite lists beside the virtual table
FTS_SHADOW = tuple(f"{FTS_TABLE}_{s}" for s in ("data", "idx", "content", "docsize", "config"))


def index_tables(dialect: str) -> set[str]:
    """The tables the search index adds to a database (they are not in the SQLModel metadata)."""
    return {FTS_TABLE, *FTS_SHADOW} if dialect == "sqlite" else {PG_TABLE}


def _has_table(conn: Connection, name: str) -> bool:
    return sa.inspect(conn).has_table(name)


def ensure_index(conn: Connection) -> bool:
    """Create the search index if it is missing and fill it; True when it was created."""
    if conn.dialect.name == "sqlite":
        if _has_table(conn, FTS_TABLE):
            return False
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, year UNINDEXED, kind UNINDEXED, "
            "source_id UNINDEXED, status UNINDEXED, tokenize='trigram')"
        )
    else:
        if _has_table(conn, PG_TABLE):
            return False
        # once per database; a concurrent creator may win the race, which is fine
        conn.exec_driver_sql("SAVEPOINT gw_trgm")
        try:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
            conn.exec_driver_sql("RELEASE SAVEPOINT gw_trgm")
        except sa.exc.DBAPIError:
            conn.exec_driver_sql("ROLLBACK TO SAVEPOINT gw_trgm")
        conn.exec_driver_sql(
            f"CREATE TABLE {PG_TABLE} (document_id INTEGER PRIMARY KEY REFERENCES document(id), "
            "title TEXT, body TEXT NOT NULL, year INTEGER, kind VARCHAR(32), source_id VARCHAR(200) NOT NULL, "
            "status VARCHAR(16) NOT NULL)"
        )
        conn.exec_driver_sql(f"CREATE INDEX ix_{PG_TABLE}_trgm ON {PG_TABLE} USING gin "
                             "((coalesce(title, '') || ' ' || body) public.gin_trgm_ops)")
        conn.exec_driver_sql(f"CREATE INDEX ix_{PG_TABLE}_year ON {PG_TABLE} (year)")
    rebuild(conn)
    return True


def drop_index(conn: Connection) -> None:
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE if conn.dialect.name == 'sqlite' else PG_TABLE}")


_CURRENT = """
SELECT d.id, v.title, c.text, v.report_year, v.kind, d.source_id, d.status
FROM document d JOIN version v ON v.document_id = d.id AND v.number = d.current_version
JOIN content c ON c.hash = v.content_hash
"""


def rebuild(conn: Connection) -> int:
    """Index every stored document's current version afresh; returns how many."""
    table = FTS_TABLE if conn.dialect.name == "sqlite" else PG_TABLE
    conn.exec_driver_sql(f"DELETE FROM {table}")
    n = 0
    for row in conn.exec_driver_sql(_CURRENT).all():
        index_document(conn, *row)
        n += 1
    return n


def index_document(conn: Connection, document_id: int, title: str | None, text: str, year: int | None,
                   kind: str | None, source_id: str, status: str) -> None:
    """Put one document's current version in the index (replacing what was there)."""
    params = {"id": document_id, "title": title or "", "body": text, "year": year, "kind": kind,
              "source_id": source_id, "status": status}
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": document_id})
        conn.execute(sa.text(f"INSERT INTO {FTS_TABLE} (rowid, title, body, year, kind, source_id, status) "
                             "VALUES (:id, :title, :body, :year, :kind, :source_id, :status)"), params)
    else:
        conn.execute(sa.text(
            f"INSERT INTO {PG_TABLE} (document_id, title, body, year, kind, source_id, status) "
            "VALUES (:id, :title, :body, :year, :kind, :source_id, :status) ON CONFLICT (document_id) DO UPDATE "
            "SET title = excluded.title, body = excluded.body, year = excluded.year, kind = excluded.kind, "
            "source_id = excluded.source_id, status = excluded.status"), params)


def set_status(conn: Connection, document_id: int, status: str) -> None:
    """A document was removed or came back: its index row says so (for the status filter)."""
    if conn.dialect.name == "sqlite":
        # FTS5 has no cheap UPDATE of an unindexed column alone; UPDATE works and rewrites the row
        conn.execute(sa.text(f"UPDATE {FTS_TABLE} SET status = :s WHERE rowid = :id"),
                     {"s": status, "id": document_id})
    else:
        conn.execute(sa.text(f"UPDATE {PG_TABLE} SET status = :s WHERE document_id = :id"),
                     {"s": status, "id": document_id})


# ---------------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Hit:
    document_id: int
    title: str
    year: int | None
    kind: str | None
    source_id: str
    status: str
    snippet: Markup


#: matches are counted up to this many ("1000+"): counting every match of a common term costs a scan
COUNT_CAP = 1000


@dataclass(frozen=True)
class Results:
    total: int  # at most COUNT_CAP
    hits: list[Hit]
    terms: list[str]
    capped: bool = False  # more than COUNT_CAP matched


def terms_of(query: str) -> list[str]:
    """The search terms: whitespace-separated, each matched as a substring (all must occur)."""
    return [t for t in query.split() if t][:8]


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(engine: Engine, query: str, *, year: int | None = None, kind: str | None = None,
           status: str | None = None, source_ids: list[str] | None = None, limit: int = 20,
           offset: int = 0) -> Results:
    """Documents whose current title or text contains every term, newest stored first, with snippets."""
    terms = terms_of(query)
    if not terms:
        return Results(0, [], [])
    sqlite = engine.dialect.name == "sqlite"
    table = FTS_TABLE if sqlite else PG_TABLE
    key = "rowid" if sqlite else "document_id"
    where: list[str] = []
    params: dict[str, object] = {}
    long_terms = [t for t in terms if len(t) >= 3]
    for i, term in enumerate(terms):
        params[f"t{i}"] = _like(term)
        if sqlite:
            if term not in long_terms:  # the trigram index cannot look up fewer than 3 characters
                where.append(f"(title LIKE :t{i} ESCAPE '\\' OR body LIKE :t{i} ESCAPE '\\')")
        else:
            # LIKE, not ILIKE: case-folding every re-checked text costs several times more, and
            # Chinese has no case (Latin letters are matched case-sensitively on PostgreSQL)
            where.append(f"(coalesce(title, '') || ' ' || body) LIKE :t{i}")
    if sqlite and long_terms:
        where.append(f"{FTS_TABLE} MATCH :match")
        params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
    for name, value in (("year", year), ("kind", kind), ("status", status)):
        if value is not None and value != "":
            where.append(f"{name} = :{name}")
            params[name] = value
    if source_ids is not None:
        if not source_ids:
            return Results(0, [], terms)
        names = [f"s{i}" for i in range(len(source_ids))]
        where.append(f"source_id IN ({', '.join(':' + n for n in names)})")
        params.update(zip(names, source_ids, strict=True))
    clause = " AND ".join(where)
    # newest-stored first: the index walks its own key order and stops after the page, however
    # many documents match (ranking every match of a term found in all reports would not)
    with engine.connect() as conn:
        if not sqlite:
            # The planner cannot tell how costly re-checking a pattern on long texts is, and picks
            # sequential scans. Count with the trigram index (a bitmap scan stops after the cap);
            # then a rare term is fetched through the index too, while a common one (over the cap)
            # walks the key backwards and finds its page of matches at once.
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
        total = conn.execute(sa.text(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {clause} "
                                     f"LIMIT {COUNT_CAP + 1}) AS m"), params).scalar_one()
        if not sqlite and total > COUNT_CAP:
            conn.exec_driver_sql("SET LOCAL enable_indexscan = on")
            conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        rows = conn.execute(sa.text(
            f"SELECT {key}, title, body, year, kind, source_id, status FROM {table} WHERE {clause} "
            f"ORDER BY {key} DESC LIMIT :limit OFFSET :offset"), {**params, "limit": limit, "offset": offset}).all()
    hits = [Hit(int(r[0]), r[1] or "", r[3], r[4], r[5], r[6], snippet(r[2], terms)) for r in rows]
    return Results(min(int(total), COUNT_CAP), hits, terms, capped=int(total) > COUNT_CAP)


def snippet(text: str, terms: list[str], width: int = 70) -> Markup:
    """An escaped excerpt around the first match, every term in it wrapped in ``<mark>``.

    >>> str(snippet("第一段。<b>依法行政</b>取得新进展。", ["依法行政"], width=4))
    '…。&lt;b&gt;<mark>依法行政</mark>&lt;/b&gt;…'
    """
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    flat = " ".join(text.split())
    m = pattern.search(flat)
    start = max(0, (m.start() if m else 0) - width)
    end = min(len(flat), (m.end() if m else 0) + width)
    excerpt = flat[start:end]
    out = [Markup("…") if start > 0 else Markup("")]
    pos = 0
    for found in pattern.finditer(excerpt):
        out.append(escape(excerpt[pos:found.start()]))
        out.append(Markup("<mark>") + escape(found.group(0)) + Markup("</mark>"))
        pos = found.end()
    out.append(escape(excerpt[pos:]))
    if end < len(flat):
        out.append(Markup("…"))
    return Markup("").join(out)


def index_size(engine: Engine) -> int:
    """Bytes the index takes (SQLite: its pages via dbstat when available; PostgreSQL: table + indexes)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            try:
                return int(conn.exec_driver_sql(
                    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", (f"{FTS_TABLE}%",)).scalar() or 0)
            except sa.exc.DBAPIError:
                return -1
        return int(conn.exec_driver_sql(f"SELECT pg_total_relation_size('{PG_TABLE}')").scalar() or 0)
