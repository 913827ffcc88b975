"""The ``notify:`` targets of ``sources.yaml``: where a run's new, changed and removed documents go.

A target is a mapping with a ``type`` (one of the notifier names, see
:mod:`govwatch.notify`); ``notify:`` may be given per source, once in ``defaults:`` (for
every source without its own), and at the top level (every source's events):

>>> from pydantic import TypeAdapter
>>> t = TypeAdapter(NotifyTarget).validate_python({"type": "webhook", "url": "http://127.0.0.1:9/hook"})
>>> t.type, t.retries, target_key(t) == target_key(t)
('webhook', 3, True)
>>> target_key(TypeAdapter(NotifyTarget).validate_python(
...     {"type": "email", "to": ["a@b.cn"], "from": "gw@b.cn", "smtp_host": "127.0.0.1", "name": "ops"}))
'name:ops'
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")


class _Target(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    #: a stable name: undelivered notifications follow the name when the other settings change
    name: str | None = None
    retries: int = Field(3, ge=0, le=10)  # extra tries within one run, with exponential backoff
    backoff: float = Field(1.0, ge=0, le=300)  # seconds before the first retry, doubled each time
    timeout: float = Field(10.0, gt=0, le=600)

    def describe(self) -> str:
        raise NotImplementedError


class WebhookTarget(_Target):
    type: Literal["webhook"]
    url: str
    headers: dict[str, str] = Field(default_factory=dict)

    @field_validator("url")
    @classmethod
    def _url(cls, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        return url

    def describe(self) -> str:
        """``webhook https://host[:port]``: no user, password, path or query (they may hold a token)."""
        return f"webhook {redact_webhook_url(self.url)}"


class EmailTarget(_Target):
    type: Literal["email"]
    to: list[str] = Field(min_length=1)
    from_: str = Field(alias="from")
    smtp_host: str
    smtp_port: int = Field(25, ge=1, le=65535)
    starttls: bool = False
    ssl: bool = False  # SMTP over TLS from the start (port 465)
    username: str | None = None
    password_env: str | None = None  # name of the environment variable holding the password
    subject: str = "govwatch"  # subject prefix
    #: log in (AUTH) over a connection without TLS, sending the password in clear: refused unless true
    allow_plaintext_auth: bool = False

    @model_validator(mode="after")
    def _auth_needs_tls(self) -> EmailTarget:
        if self.username and not (self.starttls or self.ssl) and not self.allow_plaintext_auth:
            raise ValueError("username without starttls or ssl would send the password in clear; "
                             "set starttls: true or ssl: true (or allow_plaintext_auth: true)")
        return self

    @field_validator("to")
    @classmethod
    def _to(cls, addresses: list[str]) -> list[str]:
        for a in addresses:
            if not _ADDRESS.match(a):
                raise ValueError(f"not an e-mail address: {a!r}")
        return addresses

    @field_validator("from_")
    @classmethod
    def _from(cls, address: str) -> str:
        if not _ADDRESS.search(address.split("<")[-1].rstrip(">")):
            raise ValueError(f"not an e-mail address: {address!r}")
        return address

    def describe(self) -> str:
        return f"email to {', '.join(self.to)} via {self.smtp_host}:{self.smtp_port}"


def redact_webhook_url(url: str) -> str:
    """Only the scheme and host of a webhook URL, for logs and the outbox.

    >>> redact_webhook_url("https://user:secret@hooks.example.com:8443/T0KEN/xyz?key=1")
    'https://hooks.example.com:8443'
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{host}{port}"


NotifyTarget = Annotated[WebhookTarget | EmailTarget, Field(discriminator="type")]
#: the ``type`` values, for error messages
TARGET_TYPES = ("email", "webhook")


def target_key(target: WebhookTarget | EmailTarget) -> str:
    """The outbox key of a target: its ``name``, else a hash of its settings."""
    if target.name:
        return f"name:{target.name}"
    data = target.model_dump(mode="json", by_alias=True, exclude={"name"})
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"{target.type}:{digest[:24]}"
