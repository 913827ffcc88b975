"""Notifiers: where a run's events go. Each is a small class registered under its ``type``."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from govwatch.notify.targets import EmailTarget, WebhookTarget

REGISTRY: dict[str, type[Notifier]] = {}

#: event types, in the order messages list them
EVENT_TYPES = ("new", "changed", "duplicate", "removed")


class NotifyError(Exception):
    """A delivery that failed; ``retry`` is False when trying again in this run cannot help."""

    def __init__(self, message: str, *, retry: bool = True) -> None:
        super().__init__(message)
        self.retry = retry


@dataclass(frozen=True)
class Message:
    """One notification: the events of a run (or several sources' runs) for one target.

    >>> m = Message("d1", "2025-04-01T00:00:00Z", [{"type": "new"}, {"type": "removed"}, {"type": "new"}])
    >>> m.summary()
    '2 new, 1 removed'
    """

    delivery_id: str
    created_at: str
    events: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = Counter(e.get("type") for e in self.events)
        return {t: c[t] for t in EVENT_TYPES if c[t]}

    def summary(self) -> str:
        return ", ".join(f"{n} {t}" for t, n in self.counts().items()) or "no changes"

    def payload(self) -> dict[str, Any]:
        return {"delivery_id": self.delivery_id, "created_at": self.created_at, "counts": self.counts(),
                "events": self.events}


class Notifier(ABC):
    """Sends a :class:`Message` to one configured target."""

    name: ClassVar[str]

    def __init__(self, target: Any, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.target = target
        self.sleep = sleep

    @abstractmethod
    def send_once(self, message: Message) -> None:
        """One attempt; raise :class:`NotifyError` on failure."""

    def send(self, message: Message) -> int:
        """Send with up to ``retries`` further attempts, waiting ``backoff`` × 2ⁿ seconds
        between them; returns the number of attempts. Raises the last :class:`NotifyError`."""
        attempts = 0
        delay = self.target.backoff
        while True:
            attempts += 1
            try:
                self.send_once(message)
                return attempts
            except NotifyError as exc:
                if not exc.retry or attempts > self.target.retries:
                    exc.attempts = attempts  # type: ignore[attr-defined]
                    raise
            self.sleep(delay)
            delay *= 2


def register(cls: type[Notifier]) -> type[Notifier]:
    REGISTRY[cls.name] = cls
    return cls


def get_notifier(target: WebhookTarget | EmailTarget, **kwargs: Any) -> Notifier:
    if target.type not in REGISTRY:
        raise KeyError(f"unknown notifier type {target.type!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[target.type](target, **kwargs)
