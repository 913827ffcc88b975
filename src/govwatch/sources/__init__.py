"""Loading and validating ``config/sources.yaml``.

A config file has an optional ``defaults:`` block and a ``sources:`` list. Every source
needs ``id``, ``name`` and ``start_urls``; the other keys below have defaults and may also
be set once for all sources in ``defaults:``.

>>> cfg = load_config_text('''
... defaults:
...   delay: 0.5
... sources:
...   - id: zengdu
...     name: 随州市曾都区
...     start_urls: [http://www.zengdu.gov.cn/zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/]
... ''')
>>> src = cfg.sources[0]
>>> src.id, src.delay, src.retries, src.timeout
('zengdu', 0.5, 2, 30.0)
>>> src.hosts
frozenset({'www.zengdu.gov.cn'})

Errors name the source and the key, and nothing is crawled:

>>> load_config_text('''
... sources:
...   - id: zengdu
...     name: x
...     start_urls: [http://a.gov.cn/]
...     dely: 3
... ''')
Traceback (most recent call last):
...
govwatch.sources.ConfigError: source 'zengdu': key 'dely': unknown key
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govwatch.notify.targets import TARGET_TYPES, NotifyTarget
from govwatch.reports import DEFAULT_EXCLUDE, DEFAULT_MATCH

DEFAULT_CONFIG = Path("config/sources.yaml")
DEFAULT_USER_AGENT = "govwatch/0.1 (+https://github.com/govwatch/govwatch; rule-of-law report monitor)"


class ConfigError(Exception):
    """A config file that cannot be used. The message names the source id and the key."""


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(value: Any) -> Any:
    """Seconds from a number or a string like ``"7d"``, ``"12h"``, ``"30m"``, ``"45s"``.

    >>> parse_duration("7d"), parse_duration("1.5h"), parse_duration(30)
    (604800.0, 5400.0, 30)
    """
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 7d, 12h, 30m or a number of seconds")
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", value)
        if not m:
            raise ValueError("expected a duration such as 7d, 12h, 30m or a number of seconds")
        return float(m.group(1)) * _UNITS.get(m.group(2) or "s", 1)
    return value


def _check_cron(value: str | None) -> str | None:
    """A 5-field cron expression (minute hour day month weekday), as APScheduler reads it."""
    if value is None:
        return None
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(value, timezone="UTC")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"invalid cron expression {value!r} (want 5 fields: minute hour day month weekday): "
                         f"{exc}") from None
    return value


def _check_css(value: str | None) -> str | None:
    if value is None:
        return None
    from selectolax.lexbor import LexborHTMLParser

    try:
        LexborHTMLParser("<p></p>").css(value)
    except Exception:
        raise ValueError(f"invalid CSS selector: {value!r}") from None
    return value


def _check_regex(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None
    return value


class Settings(BaseModel):
    """Per-source settings; each may be given once in ``defaults:``."""

    model_config = ConfigDict(extra="forbid", strict=False)

    match: str | None = None
    exclude: str | None = None
    delay: float = Field(1.0, ge=0)
    timeout: float = Field(30.0, gt=0)
    retries: int = Field(2, ge=0, le=20)
    max_pages: int = Field(20, ge=1)
    max_bytes: int = Field(20_000_000, ge=1024)
    max_redirects: int = Field(5, ge=0, le=30)
    fetcher: str = "auto"
    user_agent: str = DEFAULT_USER_AGENT
    content: str | None = None
    drop: list[str] = Field(default_factory=list)
    allow_hosts: list[str] = Field(default_factory=list)
    enabled: bool = True
    verified: bool = False
    recheck_after: float = Field(7 * 86400.0, ge=0)  # seconds, or "7d" / "12h" / "30m"
    robots: bool = True
    verify: bool = True
    host_concurrency: int = Field(1, ge=1, le=16)
    attachments: bool = True
    max_attachment_bytes: int = Field(50_000_000, ge=1024)
    list_item: str | None = None  # CSS selectors for a site no family fits (fetcher: css)
    link: str | None = None
    next_page: str | None = None
    schedule: str | None = None  # 5-field cron for `govwatch daemon`; default: daily at a per-source time
    jitter: float | None = Field(None, ge=0, le=7 * 86400)  # seconds (or "10m"); per-source offset bound
    notify: list[NotifyTarget] = Field(default_factory=list)  # webhook / email targets for its events
    proxy: str | None = None  # http://host:port for every request (HTTP_PROXY/HTTPS_PROXY/NO_PROXY also work)

    _v_match = field_validator("match", "exclude")(_check_regex)
    _v_css = field_validator("content", "list_item", "link", "next_page")(_check_css)

    @field_validator("drop")
    @classmethod
    def _css_list(cls, value: list[str]) -> list[str]:
        for sel in value:
            _check_css(sel)
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        return _check_cron(value)

    @field_validator("jitter", mode="before")
    @classmethod
    def _jitter(cls, value: Any) -> Any:
        return parse_duration(value)

    @field_validator("recheck_after", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> Any:
        return parse_duration(value)

    @field_validator("delay", "timeout", mode="before")
    @classmethod
    def _no_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("expected a number")
        return value


class SourceModel(Settings):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str
    start_urls: list[str] = Field(min_length=1)
    region: list[str] = Field(default_factory=list)

    @field_validator("start_urls")
    @classmethod
    def _urls(cls, urls: list[str]) -> list[str]:
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"not an http(s) URL: {url!r}")
        return urls


@dataclass(frozen=True)
class Source:
    """A validated source, ready for the crawler."""

    id: str
    name: str
    start_urls: tuple[str, ...]
    region: tuple[str, ...]
    match: re.Pattern[str]
    exclude: re.Pattern[str] | None
    delay: float
    timeout: float
    retries: int
    max_pages: int
    max_bytes: int
    max_redirects: int
    fetcher: str
    user_agent: str
    content: str | None
    drop: tuple[str, ...]
    allow_hosts: tuple[str, ...]
    enabled: bool
    verified: bool
    recheck_after: float = 7 * 86400.0
    robots: bool = True
    verify: bool = True
    host_concurrency: int = 1
    attachments: bool = True
    max_attachment_bytes: int = 50_000_000
    list_item: str | None = None
    link: str | None = None
    next_page: str | None = None
    schedule: str | None = None
    jitter: float | None = None
    notify: tuple[Any, ...] = field(default=(), hash=False, compare=False)  # NotifyTarget models
    proxy: str | None = None

    @property
    def hosts(self) -> frozenset[str]:
        """Hosts (``host`` or ``host:port``) this source may fetch from."""
        hosts = {urlsplit(u).netloc.lower() for u in self.start_urls}
        hosts.update(h.lower() for h in self.allow_hosts)
        return frozenset(hosts)

    def tracks(self, *texts: str | None) -> bool:
        """True when any of ``texts`` (link text, document title) names a tracked document."""
        for text in texts:
            if text and self.match.search(text) and not (self.exclude and self.exclude.search(text)):
                return True
        return False


@dataclass(frozen=True)
class Config:
    sources: tuple[Source, ...]
    path: Path | None = None
    notify: tuple[Any, ...] = field(default=(), hash=False, compare=False)  # top-level NotifyTarget models
    #: the validated ``defaults:`` (what ``govwatch discover`` takes its delay, timeout, proxy … from)
    defaults: Settings = field(default_factory=Settings, hash=False, compare=False)

    def select(self, ids: list[str] | None) -> list[Source]:
        """The sources named by ``ids`` (all enabled ones when empty); unknown ids raise ConfigError."""
        if not ids:
            return [s for s in self.sources if s.enabled]
        known = {s.id: s for s in self.sources}
        missing = [i for i in ids if i not in known]
        if missing:
            raise ConfigError(f"unknown source id(s): {', '.join(missing)}")
        return [known[i] for i in ids]


def check_source(src: Source) -> list[str]:
    """Checks beyond the schema, for ``govwatch sources check``: URL shape and region."""
    problems = []
    for url in src.start_urls:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not (host.endswith(".gov.cn") or host in ("127.0.0.1", "localhost")):
            problems.append(f"source '{src.id}': key 'start_urls': {url} is not on a *.gov.cn host")
        if parts.query or parts.fragment:
            problems.append(f"source '{src.id}': key 'start_urls': {url} should be a column URL without query")
    if not src.region:
        problems.append(f"source '{src.id}': key 'region': missing (province / city / district)")
    return problems


def _format_error(where: str, exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        key = loc[0] if loc else "?"
        suffix = f"[{loc[1]}]" if len(loc) > 1 else ""
        for i, part in enumerate(loc[2:], start=2):  # nested keys: notify[0].url
            if part.isdigit():
                suffix += f"[{part}]"
            elif not (i == 2 and part in TARGET_TYPES):  # pydantic's union tag is no key
                suffix += f".{part}"
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        if err["type"] == "union_tag_not_found":
            msg = f"missing 'type' (one of: {', '.join(TARGET_TYPES)})"
        elif err["type"] == "union_tag_invalid":
            msg = f"unknown type {err['input'].get('type')!r} (one of: {', '.join(TARGET_TYPES)})"
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        parts.append(f"{where}: key '{key}{suffix}': {msg}")
    return "\n".join(parts)


def _build(raw: dict[str, Any], defaults: dict[str, Any]) -> Source:
    """A validated :class:`Source`: every field copied from the model (lists as tuples), the
    ``match``/``exclude`` regexes compiled with the report-title defaults."""
    model = SourceModel.model_validate({**defaults, **raw})
    exclude = model.exclude if model.exclude is not None else (None if model.match else DEFAULT_EXCLUDE)
    values = {f.name: getattr(model, f.name) for f in dataclass_fields(Source) if f.name not in ("match", "exclude")}
    return Source(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()},
        match=re.compile(model.match or DEFAULT_MATCH),
        exclude=re.compile(exclude) if exclude else None,
    )


class _TopLevel(BaseModel):
    """Top-level keys besides ``defaults`` and ``sources``."""

    notify: list[NotifyTarget] = Field(default_factory=list)  # targets for every source's events


def parse_config(data: Any, path: Path | None = None) -> Config:
    """Validate an already-parsed YAML document."""
    if not isinstance(data, dict):
        raise ConfigError("config: top level must be a mapping with a 'sources:' list")
    unknown = set(data) - {"defaults", "sources", "notify"}
    if unknown:
        raise ConfigError(f"config: key '{sorted(unknown)[0]}': unknown key "
                          "(expected 'defaults', 'sources', 'notify')")
    try:
        global_notify = _TopLevel.model_validate({"notify": data.get("notify") or []}).notify
    except ValidationError as exc:
        raise ConfigError(_format_error("config", exc)) from None
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ConfigError("defaults: must be a mapping")
    try:
        settings = Settings.model_validate(defaults)
    except ValidationError as exc:
        raise ConfigError(_format_error("defaults", exc)) from None
    raw_sources = data.get("sources")
    # an empty list is fine next to a `defaults:` block (a config for `govwatch discover` only)
    if not isinstance(raw_sources, list) or (not raw_sources and not data.get("defaults")):
        raise ConfigError("config: key 'sources': must be a non-empty list (or [] next to a 'defaults:' block)")
    sources: list[Source] = []
    errors: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_sources):
        if not isinstance(raw, dict):
            errors.append(f"source #{index + 1}: must be a mapping")
            continue
        where = f"source '{raw['id']}'" if isinstance(raw.get("id"), str) else f"source #{index + 1}"
        try:
            src = _build(raw, defaults)
        except ValidationError as exc:
            errors.append(_format_error(where, exc))
            continue
        if src.id in seen:
            errors.append(f"{where}: key 'id': duplicate id")
            continue
        seen.add(src.id)
        sources.append(src)
    if errors:
        raise ConfigError("\n".join(errors))
    return Config(sources=tuple(sources), path=path, notify=tuple(global_notify), defaults=settings)


def load_config_text(text: str, path: Path | None = None) -> Config:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path or 'config'}: not valid YAML: {exc}") from None
    return parse_config(data, path)


def config_path(explicit: str | Path | None = None) -> Path:
    """``--config``, else ``GOVWATCH_CONFIG``, else ``config/sources.yaml``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("GOVWATCH_CONFIG")
    return Path(env) if env else DEFAULT_CONFIG


def load_config(path: str | Path | None = None) -> Config:
    p = config_path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read config: {exc.strerror or exc}") from None
    return load_config_text(text, p)
