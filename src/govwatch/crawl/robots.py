"""robots.txt, fetched once per host and run, obeyed unless a source says ``robots: false``."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from govwatch.crawl.http import HttpClient, RequestPolicy

log = logging.getLogger(__name__)


class RobotsCache:
    """Answers "may this user agent fetch this URL?" from each host's robots.txt.

    A missing robots.txt (404/410) or an unreachable one allows everything, as crawlers
    conventionally do; a 401/403 on robots.txt disallows the host.
    """

    def __init__(self, client: HttpClient) -> None:
        self.client = client
        self._parsers: dict[str, RobotFileParser | None] = {}

    async def allowed(self, url: str, policy: RequestPolicy) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._parsers:
            self._parsers[key] = await self._load(key, policy)
        parser = self._parsers[key]
        return True if parser is None else parser.can_fetch(policy.user_agent, url)

    async def _load(self, origin: str, policy: RequestPolicy) -> RobotFileParser | None:
        robots_url = f"{origin}/robots.txt"
        resp = await self.client.fetch(robots_url, policy)
        parser = RobotFileParser(robots_url)
        if resp.status in (401, 403):
            parser.disallow_all = True
            return parser
        if not resp.ok:
            return None
        parser.parse(resp.text.splitlines())
        return parser
