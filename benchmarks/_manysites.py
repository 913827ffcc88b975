"""Many TRS-style simulated hosts for the politeness benchmark (``bench_politeness.py``).

Each host is a :class:`govwatch.demo.families.TrsSite` (the demo's TRS WCM family) with its own place
name and ``docs`` annual rule-of-law reports derived from the bundled corpus, served by the demo's
:class:`govwatch.demo.server.SiteServer` on its own loopback address (``127.0.0.2``, ``127.0.0.3`` …) so that
a crawler keying politeness by host name (Scrapy) sees as many hosts as one keying by ``host:port``
(govwatch). Every response is delayed by ``latency`` seconds in the handler, and every request is
recorded with its arrival and completion time (server side, ``time.monotonic``).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from types import TracebackType

from govwatch.demo.base import Site
from govwatch.demo.catalog import ColumnSpec, Placement, SourceSpec
from govwatch.demo.chrome import Branding
from govwatch.demo.documents import Document, Place, derive, seed
from govwatch.demo.families import make_site
from govwatch.demo.protocol import Request, Response
from govwatch.demo.server import RequestLog, SiteServer

#: (prefecture, district) of the simulated hosts: 30 districts of Hubei province
PLACES: tuple[tuple[str, str], ...] = (
    ("武汉市", "江岸区"), ("武汉市", "江汉区"), ("武汉市", "硚口区"), ("武汉市", "汉阳区"),
    ("武汉市", "武昌区"), ("武汉市", "青山区"), ("武汉市", "洪山区"), ("武汉市", "东西湖区"),
    ("武汉市", "汉南区"), ("武汉市", "蔡甸区"), ("武汉市", "江夏区"), ("武汉市", "黄陂区"),
    ("武汉市", "新洲区"), ("襄阳市", "襄城区"), ("襄阳市", "樊城区"), ("襄阳市", "襄州区"),
    ("宜昌市", "西陵区"), ("宜昌市", "伍家岗区"), ("宜昌市", "点军区"), ("宜昌市", "猇亭区"),
    ("宜昌市", "夷陵区"), ("黄石市", "黄石港区"), ("黄石市", "西塞山区"), ("黄石市", "下陆区"),
    ("黄石市", "铁山区"), ("十堰市", "张湾区"), ("十堰市", "茅箭区"), ("十堰市", "郧阳区"),
    ("荆州市", "荆州区"), ("荆州市", "沙市区"),
)
#: corpus texts that are reports (the 海盐 reply letter is a decoy)
SEEDS: tuple[str, ...] = ("zengdu-2024", "qijiang-2021", "qingjiangpu-2023", "zhongwei-2019")
PAGE_SIZE = 10  # items per list page (plus the TRS stub page at the end)


@dataclass
class Hit:
    """One request as a simulated host saw it (monotonic clock of the serving process)."""

    host: str  # "127.0.0.N:PORT"
    path: str
    user_agent: str
    status: int
    arrival: float  # request line and headers read
    done: float  # response built (after the injected latency), before the body is written

    @property
    def robots(self) -> bool:
        return self.path.startswith("/robots.txt")


class HitLog:
    """Thread-safe list of :class:`Hit`."""

    def __init__(self) -> None:
        self._hits: list[Hit] = []
        self._lock = threading.Lock()

    def add(self, hit: Hit) -> None:
        with self._lock:
            self._hits.append(hit)

    def clear(self) -> None:
        with self._lock:
            self._hits.clear()

    def hits(self) -> list[Hit]:
        with self._lock:
            return list(self._hits)


def _spec(index: int, city: str, county: str, docs: int) -> SourceSpec:
    sid = f"site{index + 1:02d}"
    place = Place("湖北省", city, county, "区", f"11420{index:03d}0{index:02d}1054322X")
    reports: list[Document] = []
    for k in range(docs):
        year = 2024 - k
        reports.append(
            derive(
                seed(SEEDS[k % len(SEEDS)]),
                doc_id=f"{sid}-{year}",
                place=place,
                year=year,
                title=f"{county}{year}年度法治政府建设情况报告",
                published=f"{year + 1}-03-{10 + (index + k) % 18:02d}",
            )
        )
    placements = tuple(Placement(d) for d in reports)
    short = county[:-1]
    brand = Branding(
        site_name=f"{city}{county}人民政府门户网站",
        short_name=f"{county}人民政府",
        domain=f"www.sim{index + 1:02d}.gov.cn",
        idcode=f"42{index + 1:02d}000001",
        icp=f"鄂ICP备0500{index + 1:02d}11号-1",
        gongan=f"鄂公网安备 4201{index + 1:02d}02000123号",
        sponsor=f"{city}{county}人民政府办公室",
        phone=f"027-8{index + 1:02d}23456",
        address=f"{city}{short}大道{index + 1}号",
        email=f"webmaster@sim{index + 1:02d}.gov.cn",
        province_portal=("湖北省人民政府", "http://www.hubei.gov.cn/"),
    )
    return SourceSpec(
        source_id=sid,
        family="trs",
        name=f"{city}{county}（模拟）",
        place=place,
        brand=brand,
        columns=(ColumnSpec("main", "法治政府建设年度报告", PAGE_SIZE),),
        initial=placements,
        later=placements,
    )


class ManySites:
    """``hosts`` TRS hosts on 127.0.0.2 … with ``latency`` seconds added to every answer."""

    def __init__(self, hosts: int = 30, docs: int = 20, latency: float = 0.05) -> None:
        if not 1 <= hosts <= len(PLACES):
            raise ValueError(f"hosts must be 1..{len(PLACES)}")
        self.latency = latency
        self.log = HitLog()
        self._unused = RequestLog()  # SiteServer's own log; not read
        self.sites: list[Site] = [make_site(_spec(i, *PLACES[i], docs)) for i in range(hosts)]
        self.servers: list[SiteServer] = []

    def _dispatch(self, site: Site, req: Request) -> Response:
        arrival = time.monotonic()
        time.sleep(self.latency)
        resp = site.respond(req)
        host = site.base_url.removeprefix("http://")
        agent = req.header("User-Agent") or ""
        self.log.add(Hit(host, req.target, agent, resp.status, arrival, time.monotonic()))
        return resp

    def start(self) -> ManySites:
        try:
            for i, site in enumerate(self.sites):
                server = SiteServer(f"127.0.0.{i + 2}", site, self._dispatch, self._unused)
                self.servers.append(server)
                site.base_url = f"http://{server.hostport}"
            bases = [s.base_url for s in self.sites]
            for site in self.sites:
                site.peers = [b for b in bases if b != site.base_url][:3]
            for server in self.servers:
                server.start()
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        servers, self.servers = self.servers, []
        for server in servers:
            server.stop()

    def __enter__(self) -> ManySites:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start_urls(self) -> list[str]:
        return [site.url(site.start_path()) for site in self.sites]

    def sources_yaml(self, delay: float) -> str:
        """A govwatch config: one ``trs`` source per host, ``delay`` seconds, robots.txt obeyed."""
        lines = [
            "defaults:",
            f"  delay: {float(delay)!r}",
            "  timeout: 10",
            "  retries: 1",
            "  max_pages: 10",
            "  fetcher: trs",
            "sources:",
        ]
        for site in self.sites:
            lines += [
                f"  - id: {site.source_id}",
                f"    name: {json.dumps(site.spec.name, ensure_ascii=False)}",
                f"    region: {json.dumps(site.place.region, ensure_ascii=False)}",
                f"    start_urls: [{json.dumps(site.url(site.start_path()))}]",
            ]
        return "\n".join(lines) + "\n"
