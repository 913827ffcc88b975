"""Webhook: a JSON POST of the run's events."""

from __future__ import annotations

import json
import os

import httpx

from govwatch.notify.base import Message, Notifier, NotifyError, register

USER_AGENT = "govwatch-notify/0.1"


@register
class WebhookNotifier(Notifier):
    """``{type: webhook, url: https://…, headers: {Authorization: "Bearer ${TOKEN}"}}`` — POSTs
    one JSON object per notification: ``{"delivery_id", "created_at", "counts": {"new": 1, …},
    "events": [{"type": new|changed|duplicate|removed, "source", "url", "title", "version",
    "report_year", "kind", "published", "status", "duplicate_of", "diff"}]}`` (``diff`` is the
    sentence diff of a changed document). The delivery id is also sent as the
    ``X-Govwatch-Delivery`` header, so a receiver can drop a repeat. ``${VAR}`` in header
    values is read from the environment. Any 2xx answer is success; connection errors,
    timeouts, 429 and 5xx are retried (``retries``, default 3, ``backoff`` seconds, default 1,
    doubled each time; ``timeout`` default 10 s); what still fails stays in the outbox and is
    retried after the next run."""

    name = "webhook"

    def send_once(self, message: Message) -> None:
        target = self.target
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
                   "X-Govwatch-Delivery": message.delivery_id}
        headers.update({k: os.path.expandvars(v) for k, v in target.headers.items()})
        body = json.dumps(message.payload(), ensure_ascii=False).encode("utf-8")
        try:
            with httpx.Client(timeout=target.timeout, follow_redirects=False, trust_env=False) as client:
                resp = client.post(target.url, content=body, headers=headers)
        except httpx.HTTPError as exc:  # the message may quote the URL, which may hold a token
            detail = str(exc).replace(target.url, target.describe().removeprefix("webhook "))
            raise NotifyError(f"{type(exc).__name__}: {detail}") from None
        if 200 <= resp.status_code < 300:
            return
        retry = resp.status_code == 429 or resp.status_code >= 500 or resp.status_code == 408
        raise NotifyError(f"HTTP {resp.status_code} from {target.describe()}", retry=retry)
