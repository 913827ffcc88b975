"""The web interface: server-rendered pages over a store, no JavaScript, Jinja2 templates.

:class:`WebApp` turns a request (method, path, query string, headers) into a :class:`Response`;
``web/server.py`` serves it (``govwatch serve``) and the daemon serves the same pages beside
``/healthz``. Pages:

``/``                 coverage for a year (``?year=``): the map, then province → prefecture → county
``/gov/{code}``       one government: reports by year, watched sources, their runs and failures
``/doc/{id}``         a document: text and metadata (``?v=N`` an older version), its versions
``/doc/{id}/diff``    side-by-side sentence diff of two versions (``?a=&b=``), changed characters marked
``/doc/{id}/text.txt`` the text as a download; ``/doc/{id}/raw`` the raw capture, as plain text
``/search``           full-text search (``q``, ``year``, ``province``, ``kind``, ``status``, ``page``)
``/changes``          recent new, changed and removed reports (the Atom feed is ``/feed.atom``)

Every value from a crawled page goes through Jinja2's autoescaping; nothing else is marked safe
but the SVG map and the snippets, both built from escaped text. The store is only read.
Basic auth: set ``GOVWATCH_WEB_AUTH=user:password`` and every page asks for it.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import re
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

import sqlalchemy as sa
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlmodel import Session, select

from govwatch.assess import assess_text
from govwatch.assess.evidence import marked_paragraphs
from govwatch.assess.rules import FIGURE_RULES_BY_NAME, PART_RULES_BY_NAME
from govwatch.sources import Source
from govwatch.store import Store
from govwatch.store import search as search_index
from govwatch.store.models import Capture, Content, Document, Fetch, RawBody, Run, Version
from govwatch.web import coverage as cov
from govwatch.web.geo import STATUS_LABELS, Dot, render_map
from govwatch.web.sidebyside import side_by_side

AUTH_ENV = "GOVWATCH_WEB_AUTH"
PAGE_SIZE = 20
KIND_LABELS = {"report": "年度报告", "duplicate": "转载", "attachment": "附件"}


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class NotFound(Exception):
    pass


def _env() -> Environment:
    env = Environment(loader=PackageLoader("govwatch.web", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.globals["KIND_LABELS"] = KIND_LABELS
    env.globals["PART_LABELS"] = {n: r.label for n, r in PART_RULES_BY_NAME.items()}
    env.globals["FIGURE_LABELS"] = {n: r.label for n, r in FIGURE_RULES_BY_NAME.items()}
    env.globals["PART_SHORT"] = {n: r.short for n, r in PART_RULES_BY_NAME.items()}
    env.globals["FIGURE_SHORT"] = {n: r.short for n, r in FIGURE_RULES_BY_NAME.items()}
    env.globals["PART_MARKS"] = {"section": "有专节", "mentioned": "仅提及", "absent": "缺"}
    env.filters["dt"] = _fmt_dt
    env.filters["httpurl"] = _http_url
    env.filters["nouser"] = _without_userinfo
    env.filters["qs"] = lambda params: urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return env


def _http_url(url: str | None) -> str:
    """A crawled URL fit for ``href``: only http(s); anything else (``javascript:`` …) becomes ``#``."""
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else "#"


def _without_userinfo(url: str) -> str:
    """A URL without ``user:password@`` (a configured start URL may carry credentials)."""
    return re.sub(r"^([a-z][a-z0-9+.-]*://)[^/@]*@", r"\1", url, flags=re.IGNORECASE)


def _fmt_dt(value: datetime | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("T", " ").rstrip("Z")
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M")


class WebApp:
    """The pages over ``store``; ``sources`` (from the config) name the watched sources and regions.

    Only a source's id, name, region and start URLs are shown (start URLs without credentials).
    """

    def __init__(self, store: Store, sources: Iterable[Source] | Callable[[], Iterable[Source]] = (), *,
                 feed: Callable[[int], bytes] | None = None, auth: str | None = None) -> None:
        self.store = store
        # a callable is asked on every request (the daemon's config may be reloaded)
        self._sources = sources if callable(sources) else (lambda fixed=tuple(sources): fixed)
        self.feed = feed
        self.auth = auth if auth is not None else os.environ.get(AUTH_ENV) or None
        self.env = _env()
        self.css = files("govwatch.web").joinpath("static/style.css").read_bytes()
        self._facet_cache: tuple[float, list[str], list[int]] | None = None

    @property
    def sources(self) -> dict[str, Source]:
        return {s.id: s for s in self._sources()}

    # ------------------------------------------------------------------ dispatch
    def handle(self, method: str, target: str, headers: dict[str, str] | None = None) -> Response:
        """Answer one request; ``target`` is the path with its query string."""
        path, _, query_string = target.partition("?")
        query = {k: v[-1] for k, v in parse_qs(query_string, keep_blank_values=True).items()}
        if method not in ("GET", "HEAD"):
            return Response(405, b"method not allowed\n", "text/plain; charset=utf-8", {"Allow": "GET, HEAD"})
        if self.auth and not self._authorized((headers or {}).get("authorization", "")):
            return Response(401, b"authentication required\n", "text/plain; charset=utf-8",
                            {"WWW-Authenticate": 'Basic realm="govwatch", charset="UTF-8"'})
        try:
            return self._route(path, query)
        except NotFound as exc:
            return self._page("error.html", status=404, title="未找到 Not found", message=str(exc))
        except ValueError as exc:
            return self._page("error.html", status=400, title="请求有误 Bad request", message=str(exc))

    def _authorized(self, header: str) -> bool:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic" or not self.auth:
            return False
        try:
            given = base64.b64decode(value.strip(), validate=True)
        except ValueError:
            return False
        return hmac.compare_digest(given, self.auth.encode("utf-8"))

    def _route(self, path: str, q: dict[str, str]) -> Response:
        if path == "/":
            return self.index(q)
        if path == "/static/style.css":
            return Response(200, self.css, "text/css; charset=utf-8", {"Cache-Control": "max-age=3600"})
        if path == "/search":
            return self.search(q)
        if path == "/changes":
            return self.changes(q)
        if path == "/feed.atom" and self.feed is not None:
            limit = int(q["limit"]) if q.get("limit", "").isdigit() else 50
            return Response(200, self.feed(min(limit, 1000)), "application/atom+xml; charset=utf-8")
        if m := re.fullmatch(r"/gov/(\d{6})", path):
            return self.government(m.group(1), q)
        if m := re.fullmatch(r"/doc/(\d+)(/diff|/text\.txt|/raw)?", path):
            doc_id, sub = int(m.group(1)), m.group(2)
            if sub == "/diff":
                return self.diff(doc_id, q)
            if sub == "/text.txt":
                return self.text_download(doc_id, q)
            if sub == "/raw":
                return self.raw(doc_id, q)
            return self.document(doc_id, q)
        raise NotFound(f"没有这个页面 no such page: {path}")

    def _page(self, template: str, status: int = 200, **context: Any) -> Response:
        body = self.env.get_template(template).render(**context).encode("utf-8")
        return Response(status, body, headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})

    # ------------------------------------------------------------------ helpers
    def _latest_year(self) -> int:
        years = self._facets()[1]
        return years[0] if years else datetime.now(UTC).year - 1

    def _int(self, q: dict[str, str], name: str, default: int | None = None) -> int | None:
        value = q.get(name, "").strip()
        if not value:
            return default
        if not value.isdigit():
            raise ValueError(f"{name} must be a number")
        return int(value)

    def _doc(self, session: Session, doc_id: int) -> Document:
        doc = session.get(Document, doc_id)
        if doc is None:
            raise NotFound(f"没有编号为 {doc_id} 的文档 no document {doc_id}")
        return doc

    def _versions(self, session: Session, doc_id: int) -> list[Version]:
        return list(session.exec(select(Version).where(Version.document_id == doc_id)
                                 .order_by(Version.number)).all())  # type: ignore[arg-type]

    def _version(self, versions: list[Version], number: int | None) -> Version:
        if not versions:
            raise NotFound("这个文档没有版本 the document has no version")
        if number is None:
            return versions[-1]
        for v in versions:
            if v.number == number:
                return v
        raise NotFound(f"没有第 {number} 版 no version {number}")

    def _text(self, session: Session, version: Version) -> str:
        content = session.get(Content, version.content_hash)
        return content.text if content else ""

    # ------------------------------------------------------------------ pages
    def index(self, q: dict[str, str]) -> Response:
        year = self._int(q, "year") or self._latest_year()
        rows = cov.rows_for(self.store, year)
        totals, provinces = cov.group(rows)
        dots = [Dot(r.code, f"{r.province}{r.prefecture if r.prefecture != r.name else ''}{r.name}"
                    if r.level == "county" else r.name, r.status) for r in rows]
        return self._page("index.html", title=f"{year} 年度报告公开情况", year=year, rows=rows, totals=totals,
                          provinces=provinces, statuses=cov.STATUSES, svg=render_map(dots),
                          years=list(range(datetime.now(UTC).year - 1, 2017, -1)))

    def government(self, code: str, q: dict[str, str]) -> Response:
        gov = cov.government(code)
        if gov is None:
            raise NotFound(f"目录中没有代码 {code} no government with code {code}")
        latest = max(self._latest_year(), self._int(q, "year") or 0)
        by_year = [(year, cov.row_for(self.store, gov, year)) for year in range(latest, latest - 6, -1)]
        sources = [s for s in self.sources.values() if _source_matches(s, gov)]
        discovered = cov.discovered_sources(self.store, code)
        source_ids = list(dict.fromkeys([s.id for s in sources] + [d.source_id for d in discovered]
                                        + [r.found_by for _, r in by_year if r.found_by in self.sources]))
        runs: dict[str, list[Run]] = {}
        failures: list[Fetch] = []
        documents: list[tuple[Document, Version]] = []
        with Session(self.store.engine) as session:
            for sid in source_ids:
                runs[sid] = list(session.exec(select(Run).where(Run.source_id == sid)
                                              .order_by(Run.id.desc()).limit(5)).all())  # type: ignore[union-attr]
            if source_ids:
                failures = list(session.exec(
                    select(Fetch).where(Fetch.source_id.in_(source_ids),  # type: ignore[attr-defined]
                                        Fetch.outcome.not_in(("new", "changed", "unchanged", "duplicate")))  # type: ignore[attr-defined]
                    .order_by(Fetch.id.desc()).limit(50)).all())  # type: ignore[union-attr]
                documents = list(session.exec(
                    select(Document, Version).join(Version, (Version.document_id == Document.id)  # type: ignore[arg-type]
                                                   & (Version.number == Document.current_version))
                    .where(Document.source_id.in_(source_ids), Document.parent_id.is_(None))  # type: ignore[attr-defined,union-attr]
                    .order_by(Version.report_year.desc(), Document.id)).all())  # type: ignore[union-attr]
        configured = {s.id for s in sources}
        assessed = []
        with Session(self.store.engine) as session:
            for year, row in by_year:
                if not row.document_id:
                    continue
                doc = session.get(Document, row.document_id)
                versions = self._versions(session, row.document_id) if doc else []
                if not versions:
                    continue
                current = versions[-1]
                assessed.append((year, row.document_id, current.number,
                                 assess_text(self._text(session, current), current.title)))
        return self._page("gov.html", title=gov.name, gov=gov, by_year=by_year, sources=sources, assessed=assessed,
                          discovered=discovered, extra_sources=[sid for sid in source_ids if sid not in configured
                                                                and sid not in {d.source_id for d in discovered}],
                          runs=runs, failures=failures, documents=documents, json=json)

    def document(self, doc_id: int, q: dict[str, str]) -> Response:
        with Session(self.store.engine) as session:
            doc = self._doc(session, doc_id)
            versions = self._versions(session, doc_id)
            version = self._version(versions, self._int(q, "v"))
            text = self._text(session, version)
            original = session.get(Document, doc.duplicate_of_id) if doc.duplicate_of_id else None
            attachment_list = json.loads(version.attachments_json or "[]")
            urls = [a["url"] for a in attachment_list if a.get("url")]
            stored = session.exec(select(Document.url, Document.id)  # type: ignore[call-overload]
                                  .where(Document.url.in_(urls))).all() if urls else []  # type: ignore[attr-defined]
            parent = session.get(Document, doc.parent_id) if doc.parent_id else None
        source = self.sources.get(doc.source_id)
        assessment = assess_text(text, version.title)
        return self._page("doc.html", title=version.title or doc.link_text or doc.url, doc=doc, version=version,
                          versions=versions, paragraphs=[p for p in text.split("\n") if p.strip()],
                          assessment=assessment, marked=marked_paragraphs(text, assessment),
                          fields=json.loads(version.fields_json or "{}"),
                          attachments=attachment_list, attachment_ids=dict(stored), parent=parent,
                          original=original, source=source, chars=len(text))

    def diff(self, doc_id: int, q: dict[str, str]) -> Response:
        with Session(self.store.engine) as session:
            doc = self._doc(session, doc_id)
            versions = self._versions(session, doc_id)
            if len(versions) < 2:
                raise NotFound("这个文档只有一个版本，没有可比较的 only one version: nothing to compare")
            b = self._version(versions, self._int(q, "b"))
            a = self._version(versions, self._int(q, "a", max(1, b.number - 1)))
            old, new = self._text(session, a), self._text(session, b)
        full = q.get("context") == "all"
        rows = side_by_side(old, new, context=100000 if full else 3)
        changed = sum(1 for r in rows if r.kind in ("changed", "removed", "added"))
        return self._page("diff.html", title=f"比较 第{a.number}版 → 第{b.number}版 · {b.title or doc.url}", doc=doc,
                          a=a, b=b, versions=versions, rows=rows, changed=changed, full=full)

    def text_download(self, doc_id: int, q: dict[str, str]) -> Response:
        with Session(self.store.engine) as session:
            self._doc(session, doc_id)
            version = self._version(self._versions(session, doc_id), self._int(q, "v"))
            text = self._text(session, version)
        header = f"# {version.title or ''}\n# version {version.number}, sha256 {version.content_hash}\n\n"
        name = f"govwatch-doc{doc_id}-v{version.number}.txt"
        return Response(200, (header + text + "\n").encode("utf-8"), "text/plain; charset=utf-8",
                        {"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}",
                         "X-Content-Type-Options": "nosniff"})

    def raw(self, doc_id: int, q: dict[str, str]) -> Response:
        """The page as fetched, served as plain text (never as HTML: it is someone else's page)."""
        with Session(self.store.engine) as session:
            doc = self._doc(session, doc_id)
            version = self._version(self._versions(session, doc_id), self._int(q, "v"))
            stmt = select(Capture, RawBody).join(RawBody, RawBody.hash == Capture.raw_hash)  # type: ignore[arg-type]
            stmt = stmt.where(Capture.url == doc.url)
            if version.raw_hash:
                stmt = stmt.where(Capture.raw_hash == version.raw_hash)
            found = session.exec(stmt.order_by(Capture.id.desc()).limit(1)).first()  # type: ignore[union-attr]
            if found is None:
                raise NotFound("没有保存原始抓取 no raw capture kept for this version")
            capture, body = found
            data = zlib.decompress(body.data)
        charset = capture.encoding or "utf-8"
        if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,32}", charset):
            charset = "utf-8"
        return Response(200, data, f"text/plain; charset={charset}",
                        {"Content-Security-Policy": "sandbox; default-src 'none'", "X-Content-Type-Options": "nosniff",
                         "Content-Disposition": f'inline; filename="govwatch-doc{doc_id}-raw.html.txt"'})

    def search(self, q: dict[str, str]) -> Response:
        query = q.get("q", "").strip()[:200]
        year = self._int(q, "year")
        page = max(1, self._int(q, "page", 1) or 1)
        province = q.get("province", "").strip()
        kind = q.get("kind", "").strip() or None
        status = q.get("status", "").strip() or None
        provinces = sorted({s.region[0] for s in self.sources.values() if s.region})
        source_ids = ([s.id for s in self.sources.values() if s.region and s.region[0] == province]
                      if province else None)
        results = search_index.search(self.store.engine, query, year=year, kind=kind, status=status,
                                      source_ids=source_ids, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        kinds, years = self._facets()
        with self.store.engine.connect() as conn:
            published = {}
            ids = [h.document_id for h in results.hits]
            if ids:
                for doc_id, pub, url in conn.execute(
                        sa.select(Document.id, Version.published, Document.url)
                        .join(Version, (Version.document_id == Document.id)  # type: ignore[arg-type]
                              & (Version.number == Document.current_version))
                        .where(Document.id.in_(ids))):  # type: ignore[union-attr]
                    published[doc_id] = (pub, url)
        pages = max(1, -(-results.total // PAGE_SIZE))
        params = {"q": query, "year": year, "province": province, "kind": kind, "status": status}
        return self._page("search.html", title=f"搜索 {query}" if query else "搜索", query=query, results=results,
                          page=page, pages=pages, params=params, provinces=provinces, kinds=kinds,
                          years=years, published=published, sources=self.sources)

    def _facets(self) -> tuple[list[str], list[int]]:
        """The kinds and report years stored, for the search filters (re-read at most once a minute:
        both are a scan of every version)."""
        now = time.monotonic()
        if self._facet_cache is None or now - self._facet_cache[0] > 60:
            with self.store.engine.connect() as conn:
                kinds = sorted(k for (k,) in conn.execute(sa.select(Version.kind).distinct()) if k)
                years = sorted({y for (y,) in conn.execute(sa.select(Version.report_year).distinct()) if y},
                               reverse=True)
            self._facet_cache = (now, kinds, years)
        return self._facet_cache[1], self._facet_cache[2]

    def changes(self, q: dict[str, str]) -> Response:
        limit = min(self._int(q, "limit", 100) or 100, 500)
        changes = self.store.changes_since(None, limit=limit)
        urls = {c.record.url for c in changes}
        with self.store.engine.connect() as conn:
            ids = dict(conn.execute(sa.select(Document.url, Document.id)
                                    .where(Document.url.in_(urls))).all()) if urls else {}  # type: ignore[attr-defined]
        return self._page("changes.html", title="最近变化 Recent changes", changes=changes, ids=ids,
                          sources=self.sources, feed=self.feed is not None)


def _source_matches(source: Source, gov: Any) -> bool:
    """A configured source watches this government: same catalogue code, or its region names it."""
    code = getattr(source, "code", None)
    if code:
        return bool(code == gov.code)
    if not source.region or source.region[0] != gov.province:
        return False
    place = source.region[-1]
    return bool(place == gov.name and (len(source.region) < 3 or source.region[1] in (gov.prefecture, gov.name, "")
                                       or not gov.prefecture))


def sources_from_config(config_path: Any) -> list[Source]:
    """The sources of a ``sources.yaml`` (the pages use id, name, region and start URLs)."""
    from govwatch.sources import load_config

    return list(load_config(config_path).sources)
