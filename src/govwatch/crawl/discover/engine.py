"""Discovery of one government's reports, starting from its portal, within a request budget.

Order of work for a government (each request counts against ``budget``, robots.txt included):

1. the portal's home page: a DNS/connect/TLS failure makes the government ``unreachable``
   (after one http↔https swap for connect/TLS), a wall makes it ``blocked``;
2. the province's usual column paths (:mod:`.paths`);
3. the site's own search (:mod:`.search`) with the report keywords;
4. navigation, best link first (:mod:`.navigation`), breadth-first through paginated lists,
   on the portal's host and its subdomains (the 政府信息公开 host, the 司法局 sub-site);
5. when no report for ``year`` turned up: the prefecture's portal, whose columns may gather
   its counties' reports (a report is attributed to a county by the name in its title).

Only ``*.gov.cn`` hosts and the catalogue's portal hosts count; report links to any other host
(clones) are rejected. A report link's title is judged by :func:`govwatch.reports.classify`
(decoys never fetched), the page's own title again after fetching; government and joint
reports are stored like crawled documents (a report published as a PDF/DOC/DOCX file is read
from the file), with the evidence of how they were found, and the list page they sat on
becomes a watched source. Department reports are stored too, as ``department_report`` (listed in
``GovResult.department``), and never count as the government's own report.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from govwatch.crawl.blocked import classify_response
from govwatch.crawl.discover.navigation import link_priority
from govwatch.crawl.discover.paths import paths_for
from govwatch.crawl.discover.search import plan_searches, strategy
from govwatch.crawl.discovery import Candidate, clean_url, find_links, find_pages
from govwatch.crawl.http import HttpClient, RequestPolicy, Response
from govwatch.crawl.robots import RobotsCache
from govwatch.extract import Extracted, extract
from govwatch.extract.attachments import attachment_text
from govwatch.reports import classify
from govwatch.sources.catalog import Government, name_index, names_in, other_government
from govwatch.store import Store
from govwatch.store.discovery import DiscoveryStore
from govwatch.store.repository import RawResponse

log = logging.getLogger(__name__)

#: report kinds that are a government's own report
GOVERNMENT_KINDS = ("report", "joint_report")
#: report kinds stored when found: the government's own, and its departments' (never counted as its own)
STORED_KINDS = (*GOVERNMENT_KINDS, "department_report")
DEFAULT_BUDGET = 40
#: requests kept back from a county's own site for its prefecture's aggregator columns
AGGREGATOR_RESERVE = 4
#: requests spent once per prefecture (and run) looking for columns of its counties' reports
AGGREGATOR_SCAN = 12
#: report pages fetched at most per government (multi-year columns)
MAX_REPORTS = 6
UNREACHABLE_ERRORS = ("dns", "connect", "tls", "timeout", "protocol")
#: for the few portals that answer only a mobile browser (catalogue probe ``ua-mobile``)
MOBILE_USER_AGENT = ("Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "Chrome/120.0 Mobile Safari/537.36 govwatch")
WALL_STATUSES = (403, 412, 418, 521)
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
#: a report page with less text than this that links a file takes its text from the file
THIN_BODY_CHARS = 200

ProgressFn = Callable[["GovResult"], None]


@dataclass
class GovResult:
    """What discovery did for one government."""

    code: str
    name: str
    status: str  # searched | blocked | unreachable | skipped (no portal)
    reason: str | None = None
    requests: int = 0
    reports: list[str] = field(default_factory=list)  # stored report URLs
    years: list[int] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # report links on non-official hosts
    department: list[str] = field(default_factory=list)  # department reports seen (stored as such)


@dataclass
class _Visit:
    gov: Government
    budget: int
    requests: int = 0
    seen: set[str] = field(default_factory=set)
    origins: set[str] = field(default_factory=set)
    #: the registrable parts its sites share: the portal's, and the one its home page redirected to
    families: set[str] = field(default_factory=set)
    result: GovResult | None = None
    done: bool = False
    collect_only: bool = False  # an aggregator scan: gather other governments' report links, store nothing
    policy: RequestPolicy | None = None  # this government's, when it differs from the run's
    fetched_reports: int = 0
    #: later pages of a list → its first page (the column to watch)
    roots: dict[str, str] = field(default_factory=dict)
    #: report links naming other governments: (candidate, evidence chain), for the aggregator step
    others: list[tuple[Candidate, list[str]]] = field(default_factory=list)


def family(host: str) -> str:
    """The registrable part a portal's sub-sites share: ``www.x.gov.cn`` → ``x.gov.cn``."""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


_REFRESH = re.compile(r"""http-equiv\s*=\s*["']?refresh["']?[^>]*?content\s*=\s*["']?\s*\d*\s*;?\s*"""
                      r"""url\s*=\s*([^"'>\s]+)""", re.I)
_JS_LOCATION = re.compile(r"""(?:window\.|top\.|self\.|document\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']""")


def script_redirect(html: str, base: str) -> str | None:
    """Where a tiny home page sends the browser (meta refresh or ``location.href = …``), or None.

    >>> script_redirect('<meta http-equiv="refresh" content="0;url=/sy/index.html">', "http://x.gov.cn/")
    'http://x.gov.cn/sy/index.html'
    >>> script_redirect('<script>window.location.href="index.shtml";</script>', "http://x.gov.cn/a/")
    'http://x.gov.cn/a/index.shtml'
    >>> script_redirect("<p>" + "正文" * 2000 + "</p>", "http://x.gov.cn/") is None
    True
    """
    if len(html) > 4000:
        return None
    m = _REFRESH.search(html) or _JS_LOCATION.search(html)
    if m is None:
        return None
    url = clean_url(m.group(1), base)
    return url if url and url != base else None


class Discoverer:
    """Discover reports for governments of ``catalog`` over one shared client and store."""

    def __init__(self, store: Store, catalog: list[Government], client: HttpClient, policy: RequestPolicy, *,
                 year: int, budget: int = DEFAULT_BUDGET, robots: bool = True) -> None:
        self.store = store
        self.disc = DiscoveryStore(store)
        self.catalog = catalog
        self.client = client
        self.policy = policy
        self.year = year
        self.budget = budget
        self.robots = RobotsCache(client) if robots else None
        self.portal_hosts = {g.host for g in catalog if g.host}
        self.names = name_index(catalog)
        self.by_code = {g.code: g for g in catalog}
        self._tasks: dict[str, asyncio.Task[GovResult]] = {}
        self._scans: dict[str, asyncio.Task[_Visit]] = {}
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govwatch-discover-writer")
        self._seq = itertools.count()

    def close(self) -> None:
        self._writer.shutdown(wait=True)

    async def _db(self, fn: Callable[..., object], *args: object, **kw: object) -> object:
        return await asyncio.get_running_loop().run_in_executor(self._writer, lambda: fn(*args, **kw))

    # ------------------------------------------------------------------ running
    async def run(self, govs: list[Government], *, concurrency: int = 16,
                  progress: ProgressFn | None = None) -> list[GovResult]:
        limit = asyncio.Semaphore(concurrency)

        async def one(gov: Government) -> GovResult:
            async with limit:
                res = await self._task(gov)
            if progress:
                progress(res)
            return res

        return list(await asyncio.gather(*(one(g) for g in govs)))

    def _task(self, gov: Government) -> asyncio.Task[GovResult]:
        task = self._tasks.get(gov.code)
        if task is None:
            task = self._tasks[gov.code] = asyncio.ensure_future(self.government(gov))
        return task

    async def government(self, gov: Government) -> GovResult:
        """Discover one government and record the check; never raises for network trouble."""
        res = GovResult(gov.code, gov.name, "searched")
        if not gov.portal:
            res.status, res.reason = "skipped", "no portal in the catalogue"
            return res
        own_budget = self.budget - (AGGREGATOR_RESERVE if self._prefecture(gov) else 0)
        visit = _Visit(gov, own_budget, result=res, families={family(gov.host)})
        if gov.probe == "ua-mobile":
            visit.policy = replace(self.policy, user_agent=MOBILE_USER_AGENT)
        try:
            await self._explore(visit)
            if res.status == "searched" and self._prefecture(gov) is not None:
                visit.budget = self.budget
                await self._aggregator(visit)
        except Exception as exc:  # one government's bug must not stop the run
            log.exception("discovery of %s %s failed", gov.code, gov.name)
            res.status, res.reason = "unreachable", f"discovery failed: {type(exc).__name__}: {exc}"
        res.requests = visit.requests
        await self._db(self.disc.record_check, gov.code, res.status, res.reason, requests=res.requests,
                       found=len(res.reports))
        return res

    # ---------------------------------------------------------------- requests
    async def _get(self, visit: _Visit, url: str) -> Response | None:
        """Fetch within the budget (robots.txt counted); None when the budget is spent or robots says no."""
        if visit.requests >= visit.budget or url in visit.seen:
            return None
        visit.seen.add(url)
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if self.robots is not None:
            if origin not in visit.origins:
                visit.origins.add(origin)
                visit.requests += 1
            if not await self.robots.allowed(url, visit.policy or self.policy):
                return None
            if visit.requests >= visit.budget:
                return None
        visit.requests += 1
        return await self.client.fetch(url, visit.policy or self.policy)

    def _official(self, host: str) -> bool:
        host = host.lower()
        return host.endswith(".gov.cn") or host in self.portal_hosts

    def _own(self, visit: _Visit, url: str) -> bool:
        """On the government's own sites: its portal's host, the registrable part, its subdomains."""
        host = (urlsplit(url).hostname or "").lower()
        return host == visit.gov.host or any(fam != "gov.cn" and (host == fam or host.endswith("." + fam))
                                             for fam in visit.families)

    def named(self, title: str) -> list[str]:
        return names_in(title, self.names)

    def _names_other(self, gov: Government, title: str) -> str | None:
        return other_government(gov, title, self.names)

    def _prefecture(self, gov: Government) -> Government | None:
        """The government above a county whose portal may gather its reports: the prefecture, or for
        a district of a municipality (no prefecture: 北京, 上海, 天津, 重庆) the municipality."""
        if gov.level != "county":
            return None
        if gov.prefecture:
            return next((g for g in self.catalog if g.level == "prefecture" and g.province == gov.province
                         and g.name == gov.prefecture and g.portal), None)
        return next((g for g in self.catalog if g.level == "province" and g.name == gov.province
                     and gov.province.endswith("市") and g.portal), None)

    # ------------------------------------------------------------------ explore
    async def _explore(self, visit: _Visit) -> None:
        gov, res = visit.gov, visit.result
        assert res is not None
        start = gov.probe_url if gov.probe == "protocol-switch" and gov.probe_url else gov.portal
        home = await self._get(visit, start)
        if home is not None and home.error in ("connect", "tls", "timeout"):
            swapped = ("https://" + start[7:]) if start.startswith("http://") else ("http://" + start[8:])
            home = await self._get(visit, swapped) or home
        if home is None:
            res.status, res.reason = "unreachable", "robots.txt disallows the portal"
            return
        if home.error in UNREACHABLE_ERRORS:
            res.status, res.reason = "unreachable", home.problem
            return
        verdict = classify_response(home.status, home.headers, home.content, None) if home.status else None
        if (verdict is not None and verdict.kind == "blocked") or home.status in WALL_STATUSES:
            res.status = "blocked"
            res.reason = (verdict.reason if verdict else f"HTTP {home.status}") + f" at {home.final_url}"
            return
        if not home.ok:
            res.status, res.reason = "unreachable", f"{home.problem} at {home.final_url}"
            return
        target = script_redirect(home.text, home.final_url)
        if target is not None and self._official((urlsplit(target).hostname or "").lower()):
            moved = await self._get(visit, target)  # a home page that only sends the browser on
            if moved is not None and moved.ok:
                home = moved
        base = home.final_url
        landed = (urlsplit(base).hostname or "").lower()
        if self._official(landed):  # a portal that moved to another official host (redirect)
            visit.families.add(family(landed))
        queue: list[tuple[int, int, str, list[str], str]] = []
        root = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}"
        for cp in paths_for(gov.province):  # 2. the province's usual paths
            heapq.heappush(queue, (-2, next(self._seq), root + cp.path, [base], "path"))
        html = home.text
        await self._page(visit, base, html, [], "navigation", queue, home=True)
        # 3. the site's own search
        for req in plan_searches(html, base, gov.code):
            if visit.done:
                break
            resp = await self._get(visit, req.url)
            if resp is None or not resp.ok:
                continue
            cands = strategy(req.strategy).results(resp.text, resp.final_url)
            evidence = [base, f"search ({req.strategy}): {req.query}", req.url]
            await self._candidates(visit, cands, evidence, "search", list_url=None)
        # 2 and 4: paths first, then navigation by priority
        while queue and not visit.done and visit.requests < visit.budget:
            _prio, _n, url, chain, found_by = heapq.heappop(queue)
            resp = await self._get(visit, url)
            if resp is None or not resp.ok or not self._own(visit, resp.final_url):
                continue
            ctype = resp.headers.get("content-type", "text/html").lower()
            if "html" not in ctype and "text" not in ctype:
                continue
            await self._page(visit, resp.final_url, resp.text, chain, found_by, queue)

    async def _page(self, visit: _Visit, url: str, html: str, chain: list[str], found_by: str,
                    queue: list[tuple[int, int, str, list[str], str]], home: bool = False) -> None:
        tree = LexborHTMLParser(html)
        here = [*chain, url]
        reports: list[Candidate] = []
        for cand in find_links(tree, url):
            kind, _year = classify(cand.text)
            if kind is not None:
                reports.append(cand)
                continue
            prio = link_priority(cand.text)
            if prio is not None and self._own(visit, cand.url) and cand.url not in visit.seen:
                heapq.heappush(queue, (prio + len(chain), next(self._seq), cand.url, here, found_by))
        root = visit.roots.get(url, url)
        if not home:
            pages = find_pages(tree, url)
            for page in pages if reports else pages[:3]:  # further pages of a list with reports come first
                if page not in visit.seen:
                    visit.roots.setdefault(page, root)
                    heapq.heappush(queue, (-1 if reports else 4 + len(chain), next(self._seq), page, here, found_by))
        if reports:
            title_node = tree.css_first("title")
            await self._candidates(visit, reports, here, found_by, list_url=None if home else root,
                                   list_title=title_node.text(strip=True) if title_node else "")

    async def _candidates(self, visit: _Visit, cands: list[Candidate], evidence: list[str], found_by: str, *,
                          list_url: str | None, list_title: str = "") -> None:
        gov, res = visit.gov, visit.result
        assert res is not None
        mine: list[Candidate] = []
        below = 0  # reports of other governments (an aggregator column lists its counties')
        for cand in cands:
            kind, _year = classify(cand.text)
            if kind == "department_report" and cand.url not in res.department:
                res.department.append(cand.url)
            if kind not in STORED_KINDS:
                continue  # decoys
            host = (urlsplit(cand.url).hostname or "").lower()
            if not self._official(host):
                res.rejected.append(cand.url)
                continue
            other = self._names_other(gov, cand.text)
            if other is not None:
                if other not in (gov.prefecture, gov.province):  # not just the city's report reposted
                    visit.others.append((cand, evidence))
                    below += 1
                continue
            if not self._own(visit, cand.url) or visit.collect_only:
                continue
            mine.append(cand)
        source_id = f"d{gov.code}"
        own = [c for c in mine if classify(c.text)[0] in GOVERNMENT_KINDS]  # a column worth watching holds these
        if list_url is not None and (own or below) and not visit.collect_only:
            src = await self._db(self.disc.add_source, gov.code, f"{gov.name} {list_title}".strip(), list_url,
                                 found_by if own else "aggregator", evidence)
            if own:
                source_id = src.source_id  # type: ignore[attr-defined]
                if list_url not in res.columns:
                    res.columns.append(list_url)
        # the government's own reports first, newest years first; its departments' after them
        mine.sort(key=lambda c: (classify(c.text)[0] == "department_report", -(classify(c.text)[1] or 0)))
        for cand in mine:
            await self._report(visit, cand, evidence, found_by, source_id)

    async def _report(self, visit: _Visit, cand: Candidate, evidence: list[str], found_by: str,
                      source_id: str) -> bool:
        """Fetch, judge and store one report page; True when stored."""
        res = visit.result
        assert res is not None
        if visit.fetched_reports >= MAX_REPORTS or cand.url in res.reports:
            return False
        resp = await self._get(visit, cand.url)
        if resp is None or not resp.ok:
            return False
        visit.fetched_reports += 1
        verdict = classify_response(resp.status, resp.headers, resp.content, None)
        if verdict is not None:
            return False
        loop = asyncio.get_running_loop()
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in HTML_TYPES:
            extracted = await loop.run_in_executor(None, lambda: extract(resp.text, resp.final_url))
            if sum(map(len, extracted.paragraphs)) < THIN_BODY_CHARS and extracted.attachments:
                # a report published as an attachment: the page only links it
                att = await self._attachment(visit, extracted.attachments[0].url)
                if att:
                    extracted.paragraphs = att
        else:
            paras = await self._read_file(resp.content, resp.final_url, ctype)
            extracted = Extracted(title=cand.text, published=cand.date, paragraphs=paras or [])
        kind, year = classify(extracted.title)
        if kind is None:
            kind, year = classify(cand.text)
        if kind not in STORED_KINDS or not extracted.paragraphs:
            return False
        if extracted.report_year is None:
            extracted.report_year = year
        if extracted.published is None and cand.date:
            extracted.published = cand.date
        raw = RawResponse(cand.url, "document", resp.status or 200, resp.headers, resp.content, resp.charset())
        await self._db(self.store.record_page, source_id, cand.url, extracted, kind=kind, link_text=cand.text,
                       encoding=resp.encoding, status_code=resp.status, size=len(resp.content), capture=raw)
        await self._db(self.disc.attribute, visit.gov.code, cand.url, found_by, [*evidence, cand.url])
        if kind not in GOVERNMENT_KINDS:  # a department's report: kept, not the government's own
            return True
        res.reports.append(cand.url)
        if extracted.report_year is not None:
            res.years.append(extracted.report_year)
            if extracted.report_year == self.year:
                visit.done = True
        return True

    async def _attachment(self, visit: _Visit, url: str) -> list[str] | None:
        if not self._official((urlsplit(url).hostname or "").lower()):
            return None
        resp = await self._get(visit, url)
        if resp is None or not resp.ok:
            return None
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        return await self._read_file(resp.content, resp.final_url, ctype)

    @staticmethod
    async def _read_file(data: bytes, url: str, ctype: str) -> list[str] | None:
        """The text of a PDF/DOC/DOCX/… report, one entry per paragraph (None when unreadable)."""
        loop = asyncio.get_running_loop()
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        att = await loop.run_in_executor(None, lambda: attachment_text(data, filename=name, content_type=ctype))
        paras = [p for p in att.paragraphs if p.strip()]
        return paras or None

    # --------------------------------------------------------------- aggregator
    async def _aggregator(self, visit: _Visit) -> None:
        """Reports of this county on its prefecture's portal (scanned once per run)."""
        pref = self._prefecture(visit.gov)
        if pref is None:
            return
        task = self._scans.get(pref.code)
        if task is None:
            task = self._scans[pref.code] = asyncio.ensure_future(self._scan(pref))
        scan = await task
        gov = visit.gov
        for cand, evidence in list(scan.others):
            if gov.name in self.named(cand.text) and not self._names_other(gov, cand.text):
                await self._report(visit, cand, evidence, "aggregator", f"d{gov.code}")

    async def _scan(self, pref: Government) -> _Visit:
        """Walk the prefecture's portal for report links naming other governments (no early stop)."""
        scan = _Visit(pref, AGGREGATOR_SCAN, result=GovResult(pref.code, pref.name, "searched"), collect_only=True,
                      families={family(pref.host)})
        try:
            await self._explore(scan)
        except Exception:
            log.exception("aggregator scan of %s %s failed", pref.code, pref.name)
        return scan


async def discover(store: Store, catalog: list[Government], govs: list[Government], policy: RequestPolicy, *,
                   year: int, budget: int = DEFAULT_BUDGET, concurrency: int = 16, proxy: str | None = None,
                   robots: bool = True, progress: ProgressFn | None = None,
                   client: HttpClient | None = None) -> list[GovResult]:
    """Discover ``govs`` (governments of ``catalog``) and store what was found."""
    http = client or HttpClient(proxy=proxy, concurrency=max(32, concurrency * 2))
    worker = Discoverer(store, catalog, http, policy, year=year, budget=budget, robots=robots)
    try:
        return await worker.run(govs, concurrency=concurrency, progress=progress)
    finally:
        worker.close()
        if client is None:
            await http.aclose()
