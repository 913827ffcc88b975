"""A real browser for pages plain HTTP cannot read: bot walls and JavaScript-drawn pages.

Some government sites answer a plain HTTP client with a challenge (瑞数 412, 加速乐 521, WAF
cookie scripts) or with an empty single-page-app shell whose list and texts arrive later by XHR.
:class:`Browser` drives Debian's ``chromium`` headless through Playwright (over the DevTools
protocol; Playwright's own browser download is not used) and returns the page as the browser
finally shows it, as an ordinary :class:`~govwatch.crawl.http.Response` with ``via="browser"``.

- One Chromium process per crawl, launched on first need and shared by all sources, with at most
  ``max_pages`` tabs at once, a timeout per navigation and a memory limit: V8's heap is capped
  (``--js-flags=--max-old-space-size``) and the whole process tree's memory (PSS) is checked
  after every page; above ``memory_mb`` the browser is restarted. A crashed browser is restarted
  and the page it was reading is tried once more.
- robots.txt and the per-host delay apply to every request the browser makes to the source's
  hosts (navigations, challenge reloads, XHR), through the same :class:`HttpClient` turn as plain
  requests; images, fonts and media are not loaded.

:class:`WallAccess` decides per request which way to go. With ``fetch_via: http`` only plain HTTP;
with ``browser`` every page through the browser; with ``auto`` (the default) plain HTTP first, and
the browser when the answer is a wall (:func:`~govwatch.crawl.blocked.classify_response`) or a
page with scripts and no text (:func:`js_only`). After the browser passes a host's challenge, its
cookies and User-Agent are handed to the plain client for that host's later requests; when those
are walled again, the browser is asked again. A wall the browser cannot pass either (a captcha a
person must solve) stays ``blocked`` and the host is not sent to the browser again in that crawl.

>>> js_only(Response("u", "u", 200, {"content-type": "text/html"},
...                  b'<html><body><div id="app"></div><script src="/app.js"></script></body></html>'))
True
>>> article = "<html><body><p>" + "正文" * 300 + "</p><script>share()</script></body></html>"
>>> js_only(Response("u", "u", 200, {"content-type": "text/html"}, article.encode()))
False
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from govwatch.crawl.blocked import Signals, Verdict, classify_response
from govwatch.crawl.families import detect_family
from govwatch.crawl.http import HttpClient, RequestPolicy, Response

if TYPE_CHECKING:
    from playwright.async_api import Browser as PwBrowser
    from playwright.async_api import BrowserContext, Page, Playwright, Request, Route

    from govwatch.crawl.robots import RobotsCache

log = logging.getLogger(__name__)

#: Where Debian's ``chromium`` package puts the browser; ``GOVWATCH_CHROMIUM`` overrides it.
DEFAULT_EXECUTABLE = "/usr/bin/chromium"
#: Flags every launch uses: headless, no sandbox (root in containers), no GPU, no QUIC, none of
#: Chromium's own background connections (this machine's closed network refuses them), and no
#: automatic http→https upgrade: the browser reads the URL the source lists, as the plain client does.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars",
    "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
)
#: Resource types never loaded: they cost time and bytes and no wall needs them.
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})
#: Resource types that count as page requests for robots.txt.
PAGE_RESOURCES = frozenset({"document", "xhr", "fetch"})
#: After ``load``, the page is settled when no XHR/fetch was in flight for this long.
QUIET_SECONDS = 0.05
VIA_VALUES = ("auto", "http", "browser")
#: Only answers up to this size are looked at for walls and app shells (both are small pages).
MAX_WALL_BYTES = 256_000
#: Counts the page's XHR/fetch calls until their handlers ran (``loadend`` plus one task), so that a page
#: is read only after the script drew what the answers brought.
PENDING_SCRIPT = """(() => {
  let n = 0;
  Object.defineProperty(window, '__govwatchPending', {value: () => n});
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    n++;
    this.addEventListener('loadend', () => setTimeout(() => n--, 0));
    return send.apply(this, args);
  };
  const f = window.fetch;
  if (f) window.fetch = function (...args) {
    n++;
    return f.apply(this, args).finally(() => setTimeout(() => n--, 0));
  };
})();"""
PENDING_COUNT = "() => window.__govwatchPending ? window.__govwatchPending() : 0"


class BrowserUnavailable(RuntimeError):
    """Chromium or Playwright is missing, or the browser would not start."""


def find_chromium(explicit: str | None = None) -> str | None:
    """The Chromium executable: ``explicit``, ``$GOVWATCH_CHROMIUM``, /usr/bin/chromium or on PATH."""
    for candidate in (explicit, os.environ.get("GOVWATCH_CHROMIUM"), DEFAULT_EXECUTABLE):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def proxy_flags(proxy: str | None, env: dict[str, str] | None = None) -> list[str]:
    """Chromium's flags for the run's proxy: the config's ``proxy:`` first, else ``HTTPS_PROXY`` /
    ``HTTP_PROXY`` (either case) with ``NO_PROXY`` as the bypass list, as the plain client honours them.

    >>> proxy_flags("http://10.0.0.1:3128")
    ['--proxy-server=http://10.0.0.1:3128']
    >>> proxy_flags(None, {"HTTP_PROXY": "http://p:8080", "NO_PROXY": "localhost, .internal"})
    ['--proxy-server=http://p:8080', '--proxy-bypass-list=localhost;.internal']
    >>> proxy_flags(None, {})
    []
    """
    if proxy:
        return [f"--proxy-server={proxy}"]
    env = dict(os.environ) if env is None else env
    found = next((env[n] for n in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy") if env.get(n)), None)
    if found is None:
        return []
    hosts = [h.strip() for h in (env.get("NO_PROXY") or env.get("no_proxy") or "").split(",") if h.strip()]
    return [f"--proxy-server={found}", *([f"--proxy-bypass-list={';'.join(hosts)}"] if hosts else [])]


@dataclass(frozen=True)
class BrowserOptions:
    """Limits of the crawl's browser."""

    executable: str | None = None  # default: find_chromium()
    max_pages: int = 4  # tabs open at once
    nav_timeout: float = 30.0  # seconds per navigation (and per page overall)
    challenge_wait: float = 8.0  # seconds a page may keep showing a wall before it counts as blocked
    memory_mb: int = 1536  # memory (PSS) of the whole browser process tree; above it: restart
    js_heap_mb: int = 256  # V8 old-space limit per renderer
    memory_every: float = 1.0  # seconds between two checks of memory_mb (each reads /proc)
    proxy: str | None = None  # the run's proxy (the config's proxy:); default: HTTPS_PROXY/HTTP_PROXY


@dataclass
class BrowserStats:
    launches: int = 0
    crashes: int = 0
    memory_restarts: int = 0
    pages: int = 0
    peak_memory: int = 0  # bytes (PSS) of the browser's process tree, highest seen after a page


def tree_memory(pid: int) -> int:
    """Memory of process ``pid`` and all its descendants, in bytes (0 when it is gone).

    Each process counts its proportional set size (PSS: private pages plus its share of shared
    ones), so pages Chromium's processes share are counted once; RSS where PSS is not readable.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _pss(p)
        todo.extend(children.get(p, ()))
    return total


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def js_only(resp: Response) -> bool:
    """A 2xx HTML page with scripts and (almost) no readable text: drawn by JavaScript.

    Pages of a known CMS family whose data the family's fetcher reads without a browser (a gkmlpt
    ``SID``, a Hanweb ``<datastore>``, a TRS ``createPageHTML`` pager …) do not count.
    """
    if not resp.ok or not resp.content:
        return False
    ctype = resp.headers.get("content-type", "text/html").lower()
    if "html" not in ctype:
        return False
    s = Signals(resp.status, resp.headers, resp.content, None)
    return s.tiny and s.has_script and detect_family(resp.text, "") is None


async def judge(resp: Response) -> tuple[Verdict | None, bool]:
    """(the wall, is it JavaScript-only) of an answer, decided in a thread, never on the event loop;
    an answer larger than :data:`MAX_WALL_BYTES` is neither (walls and app shells are small pages)."""
    if resp.status is None or len(resp.content) > MAX_WALL_BYTES:
        return None, False
    return await asyncio.to_thread(lambda: (walled(resp), js_only(resp)))


def walled(resp: Response) -> Verdict | None:
    """The wall a response shows, if any (only ``blocked`` verdicts; a soft 404 is an answer)."""
    if resp.status is None:
        return None
    verdict = classify_response(resp.status, resp.headers, resp.content, None)
    return verdict if verdict is not None and verdict.kind == "blocked" else None


@dataclass
class _Visit:
    """What one page visit tracks: its policy, its document's answer, XHRs in flight, politeness waits."""

    policy: RequestPolicy
    robots: bool
    main: dict[str, Any] = field(default_factory=dict)
    inflight: dict[str, float] = field(default_factory=lambda: {"n": 0, "last": time.monotonic()})
    answers: dict[Any, asyncio.Event] = field(default_factory=dict)
    denied: list[str] = field(default_factory=list)


@dataclass
class _Tab:
    """A browser tab, kept open between visits; ``owner`` maps its requests in flight to their visit."""

    page: Page
    generation: int
    visit: _Visit | None = None
    owner: dict[Any, _Visit] = field(default_factory=dict)


class Browser:
    """One headless Chromium for a crawl; ``await fetch(url, policy)`` reads a page through it.

    ``client`` gives the per-host politeness turns (and robots.txt through ``robots``); the
    process is started on the first fetch and stopped by :meth:`aclose`.
    """

    def __init__(self, options: BrowserOptions | None = None, *, client: HttpClient | None = None,
                 robots: RobotsCache | None = None) -> None:
        self.options = options or BrowserOptions()
        self.client = client
        self.robots = robots
        self.stats = BrowserStats()
        self.user_agent = ""
        self._slots = asyncio.Semaphore(self.options.max_pages)
        self._lock = asyncio.Lock()
        self._pw: Playwright | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._browser: PwBrowser | None = None
        self._context: BrowserContext | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._generation = 0
        self._open = 0  # tabs open now
        self._idle: list[_Tab] = []  # tabs between visits, reused
        self._memory_checked = 0.0
        self._cookies: dict[str, list[dict[str, Any]]] = {}  # host -> cookies after its latest page

    @property
    def pid(self) -> int | None:
        """The Chromium process id while it runs."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    @property
    def alive(self) -> bool:
        return self._context is not None and self._browser is not None and self._browser.is_connected() \
            and self.pid is not None

    async def __aenter__(self) -> Browser:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ process
    async def _ensure(self) -> BrowserContext:
        async with self._lock:
            if self.alive:
                assert self._context is not None
                return self._context
            if self._browser is not None or self._proc is not None:
                self.stats.crashes += 1
                log.warning("browser is gone (crashed or killed); restarting it")
                await self._stop()
            await self._launch()
            assert self._context is not None
            return self._context

    async def _launch(self) -> None:
        exe = self.options.executable or find_chromium()
        if exe is None:
            raise BrowserUnavailable("Chromium not found: install Debian's 'chromium' package "
                                     "(apt-get install chromium) or set GOVWATCH_CHROMIUM")
        try:
            from playwright.async_api import async_playwright
        except ImportError as exc:
            raise BrowserUnavailable("the 'playwright' package is not installed "
                                     "(pip install 'govwatch[browser]')") from exc
        self._profile = tempfile.TemporaryDirectory(prefix="govwatch-chromium-")
        profile = self._profile.name
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
               "--remote-debugging-address=127.0.0.1", f"--js-flags=--max-old-space-size={self.options.js_heap_mb}",
               *proxy_flags(self.options.proxy), "about:blank"]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, start_new_session=True)
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                await self._stop()
                raise BrowserUnavailable(f"Chromium ({exe}) did not start")
            await asyncio.sleep(0.05)
        port = int(port_file.read_text().split("\n")[0])
        try:
            self._pw = await async_playwright().start()
            self._browser = await self._pw.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
            version = self._browser.version.split("/")[-1]
            self.user_agent = (f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                               f"Chrome/{version} Safari/537.36")
            self._context = await self._browser.new_context(user_agent=self.user_agent, locale="zh-CN",
                                                            ignore_https_errors=False)
            await self._context.add_init_script(PENDING_SCRIPT)
        except Exception as exc:
            await self._stop()
            raise BrowserUnavailable(f"cannot drive Chromium: {exc}") from exc
        self._generation += 1
        self.stats.launches += 1
        log.info("browser started: %s (pid %s)", exe, self._proc.pid)

    async def _stop(self) -> None:
        context, browser, pw, proc = self._context, self._browser, self._pw, self._proc
        self._idle.clear()
        self._context = self._browser = self._pw = self._proc = None
        for closing in (context, browser):
            if closing is not None:
                with contextlib.suppress(Exception):  # already gone
                    await asyncio.wait_for(closing.close(), 5)
        if pw is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pw.stop(), 10)
        if proc is not None:
            # Chromium leads a process group of its own (start_new_session): end it whole, renderers
            # included, also when its main process already died
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            await asyncio.to_thread(proc.wait)
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    async def aclose(self) -> None:
        async with self._lock:
            await self._stop()

    async def _check_memory(self) -> None:
        pid = self.pid
        now = time.monotonic()
        if pid is None or now - self._memory_checked < self.options.memory_every:
            return
        self._memory_checked = now
        rss = await asyncio.to_thread(tree_memory, pid)
        self.stats.peak_memory = max(self.stats.peak_memory, rss)
        if rss > self.options.memory_mb * 1024 * 1024:
            async with self._lock:
                if self.pid == pid and self._open == 0:  # never under an open page
                    log.warning("browser uses %d MB (limit %d MB): restarting it", rss >> 20, self.options.memory_mb)
                    self.stats.memory_restarts += 1
                    await self._stop()

    def cookies(self, url: str) -> list[dict[str, Any]]:
        """The browser's cookies for ``url``'s host after its latest page (after a challenge: the
        clearance cookies), taken before any restart."""
        return list(self._cookies.get(urlsplit(url).netloc.lower(), []))

    # ------------------------------------------------------------------ pages
    async def fetch(self, url: str, policy: RequestPolicy, *, robots: bool = True) -> Response:
        """Read ``url`` in a tab and return what the browser shows once it settles; never raises.

        ``robots=False`` (a source with ``robots: false``) skips the robots.txt checks."""
        start = time.monotonic()
        for attempt in (1, 2):
            try:
                context = await self._ensure()
            except BrowserUnavailable as exc:
                return _failed(url, "browser", str(exc), start)
            generation = self._generation
            try:
                async with self._slots:
                    self._open += 1
                    try:
                        # a safety net: every step inside is bounded, the visit as a whole is too
                        limit = self.options.nav_timeout + self.options.challenge_wait + 10
                        try:
                            resp = await asyncio.wait_for(self._visit(context, url, policy, start, robots), limit)
                        except TimeoutError:
                            resp = _failed(url, "timeout", f"the browser took more than {limit:.0f}s", start)
                        if resp.error is None:
                            cookies = await context.cookies(resp.final_url)
                            self._cookies[urlsplit(resp.final_url).netloc.lower()] = [dict(c) for c in cookies]
                    finally:
                        self._open -= 1
                await self._check_memory()
                return resp
            except Exception as exc:
                if generation == self._generation and self.alive:
                    return _failed(url, "browser", f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}", start)
                log.warning("browser died while reading %s (attempt %d): %s", url, attempt, exc)
        return _failed(url, "browser", "the browser crashed twice on this page", start)

    async def _tab(self, context: BrowserContext) -> _Tab:
        """An idle tab of the running browser, or a new one (opening a tab is the costliest step)."""
        while self._idle:
            tab = self._idle.pop()
            if tab.generation == self._generation and not tab.page.is_closed():
                return tab
        page = await context.new_page()
        tab = _Tab(page, self._generation)
        page.set_default_timeout(self.options.nav_timeout * 1000)

        def on_response(r: Any) -> None:
            visit = tab.owner.get(r.request)
            if visit is None:
                return
            visit.answers.setdefault(r.request, asyncio.Event()).set()
            if r.request.is_navigation_request() and r.frame == page.main_frame:
                visit.main.update(status=r.status, headers=dict(r.headers), url=r.url)

        def on_done(r: Request) -> None:
            visit = tab.owner.pop(r, None)
            if visit is None:
                return
            visit.answers.setdefault(r, asyncio.Event()).set()
            if r.resource_type in ("xhr", "fetch"):
                visit.inflight["n"] -= 1
                visit.inflight["last"] = time.monotonic()

        async def route(route: Route, request: Request) -> None:
            visit = tab.visit
            if visit is None:  # between two visits nothing loads
                with contextlib.suppress(Exception):
                    await route.abort()
                return
            tab.owner[request] = visit
            if request.resource_type in ("xhr", "fetch"):  # counted from here: the politeness wait is in flight
                visit.inflight["n"] += 1
                visit.inflight["last"] = time.monotonic()
            await self._polite(route, request, visit.policy, visit.denied,
                               visit.answers.setdefault(request, asyncio.Event()), visit.robots)

        page.on("response", on_response)
        page.on("requestfinished", on_done)
        page.on("requestfailed", on_done)
        await page.route("**/*", route)
        return tab

    async def _visit(self, context: BrowserContext, url: str, policy: RequestPolicy, start: float,
                     robots: bool) -> Response:
        from playwright.async_api import Error as PwError
        from playwright.async_api import TimeoutError as PwTimeout

        opts = self.options
        tab = await self._tab(context)
        page = tab.page
        self.stats.pages += 1
        visit = tab.visit = _Visit(policy, robots)
        main, inflight, denied = visit.main, visit.inflight, visit.denied
        reusable = False
        try:
            try:  # "commit": the first answer arrived; a challenge may replace it before it loads
                await page.goto(url, wait_until="commit", timeout=opts.nav_timeout * 1000)
            except PwTimeout:
                return _failed(url, "timeout", f"no answer within {opts.nav_timeout}s in the browser", start)
            except PwError:
                if not main:  # the first answer never came: a network or robots failure
                    if denied:
                        return _failed(url, "robots", f"disallowed by robots.txt: {denied[0]}", start)
                    raise
            hard_until = start + opts.nav_timeout
            wall_until = min(time.monotonic() + opts.challenge_wait, hard_until)
            html: str | None = None
            status: int | None = None
            headers: dict[str, str] = {}
            while True:
                got = await self._settled(page, inflight, main, hard_until, wall_until)
                if got is not None:
                    html, status, headers = got
                if html is None:  # never still long enough to be read: a challenge reloading itself
                    return _failed(url, "timeout", f"the page kept reloading itself for {opts.challenge_wait}s",
                                   start)
                verdict = await asyncio.to_thread(classify_response, status, headers, html.encode("utf-8"), html)
                if verdict is None or verdict.kind != "blocked" or time.monotonic() > wall_until or got is None:
                    break
                # a challenge that computes and reloads: give it time, within challenge_wait
                with contextlib.suppress(PwError):
                    await page.wait_for_event("framenavigated",
                                              timeout=max(0.05, min(wall_until - time.monotonic(), 1.0)) * 1000)
            body = html.encode("utf-8")
            reusable = True
            keep = {k: v for k, v in headers.items()
                    if k in ("content-language", "date", "server", "x-powered-by")}
            keep["content-type"] = "text/html; charset=utf-8"
            return Response(url=url, final_url=page.url if page.url.startswith("http") else url, status=status,
                            headers=keep, content=body, encoding="utf-8", attempts=1,
                            elapsed=time.monotonic() - start, via="browser")
        finally:
            tab.visit = None
            for answered in visit.answers.values():  # politeness waits of this visit end with it
                answered.set()
            await self._release(tab, reusable)

    async def _release(self, tab: _Tab, reusable: bool) -> None:
        """Back to the idle tabs, or closed. An idle tab keeps its last page (a blank page would cost a
        navigation), but nothing that page still asks for is loaded: the route refuses it."""
        if reusable and tab.generation == self._generation and not tab.page.is_closed():
            self._idle.append(tab)
            return
        with contextlib.suppress(Exception):
            await asyncio.wait_for(tab.page.close(), 5)

    async def _settled(self, page: Page, inflight: dict[str, float], main: dict[str, Any],
                       until: float, restless_until: float) -> tuple[str, int | None, dict[str, str]] | None:
        """The page's HTML (with its document's status and headers) once it loaded and no XHR is in
        flight, by ``until``; ``None`` if it is still navigating (reloading itself) at ``restless_until``."""
        from playwright.async_api import Error as PwError
        from playwright.async_api import TimeoutError as PwTimeout

        while True:
            remaining = until - time.monotonic()
            try:
                if remaining > 0:
                    with contextlib.suppress(PwTimeout):
                        await page.wait_for_load_state("load", timeout=remaining * 1000)
                # evaluate() and content() wait for the page's next document while it navigates: bounded
                bound = max(0.5, min(until, restless_until) - time.monotonic())
                while time.monotonic() < until:
                    if inflight["n"] > 0 or time.monotonic() - inflight["last"] < QUIET_SECONDS:
                        await asyncio.sleep(0.03)
                    elif await asyncio.wait_for(page.evaluate(PENDING_COUNT), bound):
                        inflight["last"] = time.monotonic()  # a handler is still to run: wait on
                    else:
                        break
                status = main.get("status")
                headers = {k.lower(): v for k, v in main.get("headers", {}).items()}
                return await asyncio.wait_for(page.content(), bound), status, headers
            except (PwError, TimeoutError) as exc:
                text = str(exc)
                if isinstance(exc, PwError) and "navigat" not in text and "context was destroyed" not in text:
                    raise
                if time.monotonic() >= min(until, restless_until):
                    return None
                await asyncio.sleep(0.05)

    async def _polite(self, route: Route, request: Request, policy: RequestPolicy, denied: list[str],
                      answered: asyncio.Event, robots: bool) -> None:
        """Every request of a page: skip images, keep robots.txt and the per-host delay.

        As for plain requests, the host's slot is held until the answer begins to arrive and the
        delay counts from then."""
        url = request.url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            await route.continue_()
            return
        if request.resource_type in SKIPPED_RESOURCES:
            await route.abort()
            return
        on_host = not policy.allowed_hosts or parts.netloc.lower() in policy.allowed_hosts
        if request.resource_type == "document" and request.frame.parent_frame is None and not on_host:
            denied.append(f"{url} is not on the source's hosts")
            await route.abort()
            return
        if (robots and on_host and request.resource_type in PAGE_RESOURCES and self.robots is not None
                and not await self.robots.allowed(url, policy)):
            denied.append(url)
            await route.abort()
            return
        if self.client is None or not on_host:
            with contextlib.suppress(Exception):  # the page was closed meanwhile
                await route.continue_()
            return
        async with self.client.turn(url, policy) as host:
            try:
                await route.continue_()
            except Exception:  # the page was closed meanwhile
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(answered.wait(), self.options.nav_timeout)
            host.next_time = max(host.next_time, time.monotonic() + policy.delay)


def _failed(url: str, kind: str, detail: str, start: float) -> Response:
    return Response(url=url, final_url=url, error=kind, detail=detail, elapsed=time.monotonic() - start,
                    via="browser")


# ---------------------------------------------------------------------- plain vs browser
@dataclass
class HostPass:
    """What the browser left for one host: its cookies for the plain client, or why it failed."""

    cookies: dict[str, str] = field(default_factory=dict)
    user_agent: str = ""
    stuck: str | None = None  # the wall the browser could not pass either
    handovers: int = 0

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


_SET_COOKIE_SPLIT = re.compile(r",\s*(?=[^;,=\s]+=)")


def _remember_set_cookies(hp: HostPass, set_cookie: str | None) -> None:
    """Cookies a plain answer sets (e.g. a wall's second cookie) join the handed-over ones."""
    if not set_cookie:
        return
    for part in _SET_COOKIE_SPLIT.split(set_cookie):
        name, _, rest = part.partition("=")
        name = name.strip()
        if name and name.lower() not in ("expires", "path", "domain", "max-age"):
            hp.cookies[name] = rest.split(";", 1)[0].strip()


class WallAccess:
    """Plain HTTP or the browser, per request (see the module docstring).

    ``browser`` is ``None`` when the crawl runs without one: walls then stay ``blocked``.
    """

    def __init__(self, client: HttpClient, browser: Browser | None) -> None:
        self.client = client
        self.browser = browser
        self.hosts: dict[str, HostPass] = {}

    async def fetch(self, url: str, policy: RequestPolicy, via: str = "auto", *, page: bool = True,
                    robots: bool = True, **kw: Any) -> Response:
        """Fetch ``url`` as ``via`` says; ``page=False`` for attachments (plain, with any cookies);
        ``robots=False`` for a source that does not obey robots.txt."""
        host = urlsplit(url).netloc.lower()
        hp = self.hosts.get(host)
        if via == "http" or self.browser is None:
            return await self.client.fetch(url, policy, **kw)
        if via == "browser" and page and kw.get("method", "GET") == "GET":
            return await self._browse(url, policy, host, robots)
        resp = await self._plain(url, policy, hp, **kw)
        if not page or kw.get("method", "GET") != "GET" or resp.not_modified:
            return resp
        wall, scripted = await judge(resp)
        if wall is None and not scripted:
            return resp
        if hp is not None and hp.stuck:
            resp.detail = f"{hp.stuck}; a real browser could not pass it either"
            return resp
        if hp is not None and hp.cookies and wall is not None:
            log.info("%s: the handed-over cookies stopped working (%s); back to the browser", host, wall.reason)
        else:
            log.info("%s: %s; reading it in the browser", url, wall.reason if wall else "only scripts, no text")
        bresp = await self._browse(url, policy, host, robots)
        if bresp.error is not None:  # no browser here, or it failed: the plain answer stands
            if wall is not None and bresp.error == "timeout":  # the wall held in the browser too
                self.hosts.setdefault(host, HostPass()).stuck = f"{wall.reason}; browser: {bresp.problem}"
            resp.detail = f"{resp.detail + '; ' if resp.detail else ''}browser: {bresp.problem}"
            return resp
        return bresp

    async def _plain(self, url: str, policy: RequestPolicy, hp: HostPass | None, **kw: Any) -> Response:
        if hp is None or not hp.cookies:
            return await self.client.fetch(url, policy, **kw)
        headers = {**(kw.pop("headers", None) or {}), "Cookie": hp.header(), "User-Agent": hp.user_agent}
        resp = await self.client.fetch(url, policy, headers=headers, **kw)
        _remember_set_cookies(hp, resp.headers.get("set-cookie"))
        resp.via = "http+cookies"
        return resp

    async def _browse(self, url: str, policy: RequestPolicy, host: str, robots: bool) -> Response:
        assert self.browser is not None
        resp = await self.browser.fetch(url, policy, robots=robots)
        if resp.error is not None:
            return resp
        hp = self.hosts.setdefault(host, HostPass())
        wall, _ = await judge(resp)
        if wall is not None:
            hp.stuck = wall.reason
            return resp
        cookies = self.browser.cookies(resp.final_url)
        hp.cookies = {str(c["name"]): str(c["value"]) for c in cookies}
        hp.user_agent = self.browser.user_agent
        hp.stuck = None
        hp.handovers += 1
        return resp


__all__ = ["Browser", "BrowserOptions", "BrowserStats", "BrowserUnavailable", "HostPass", "WallAccess",
           "find_chromium", "js_only", "judge", "tree_memory", "walled"]
