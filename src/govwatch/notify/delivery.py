"""After a run: write the events to the outbox, then deliver everything pending.

Events go to every target that wants them: the source's own ``notify:`` (or the one in
``defaults:``) and the top-level ``notify:``. A target that several sources share gets one
notification for all of them. Each notification is first written to the outbox
(:mod:`govwatch.notify.outbox`) and marked delivered only after the target accepted it;
what fails is logged and retried after the next run, oldest first, so nothing is lost.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, update
from sqlmodel import Session, select

from govwatch.notify.base import Message, NotifyError, get_notifier
from govwatch.notify.outbox import NotifyOutbox, ensure_table
from govwatch.notify.targets import EmailTarget, WebhookTarget, target_key

if TYPE_CHECKING:
    from govwatch.sources import Config
    from govwatch.store.repository import Store

log = logging.getLogger(__name__)

Target = WebhookTarget | EmailTarget
#: crawl outcomes that are worth a notification, and the event type they become
EVENT_OF = {"new": "new", "changed": "changed", "duplicate": "duplicate", "gone": "removed"}
#: how long a worker may hold a row while it sends it
LEASE = timedelta(minutes=10)


@dataclass
class NotifyReport:
    """What one call did: notifications queued, delivered, still pending (and why)."""

    queued: int = 0
    delivered: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = f"notify: {self.queued} queued, {self.delivered} delivered, {self.pending} pending"
        return text + (f" ({'; '.join(self.errors)[:300]})" if self.errors else "")


def _utcnow() -> datetime:
    return datetime.now(UTC)


def targets_by_source(config: Config) -> tuple[dict[str, list[Target]], list[Target]]:
    per_source = {s.id: list(getattr(s, "notify", ()) or ()) for s in config.sources}
    return per_source, list(getattr(config, "notify", ()) or ())


def all_targets(config: Config) -> dict[str, Target]:
    per_source, global_targets = targets_by_source(config)
    out: dict[str, Target] = {}
    for t in [*global_targets, *(t for ts in per_source.values() for t in ts)]:
        out.setdefault(target_key(t), t)
    return out


def _event(store: Store, source_id: str, outcome: str, url: str, title: str | None) -> dict[str, Any]:
    rec = store.document(url)
    event: dict[str, Any] = {"type": EVENT_OF[outcome], "source": source_id, "url": url,
                             "title": (rec.title if rec else None) or title}
    if rec is not None:
        event.update(version=rec.version, report_year=rec.report_year, kind=rec.kind, published=rec.published,
                     status=rec.status, duplicate_of=rec.duplicate_of,
                     diff=rec.diff if outcome == "changed" else None)
    return event


def enqueue(config: Config, store: Store, results: Iterable[Any], *, now: datetime | None = None) -> int:
    """Write the results' events to the outbox, one row per target; returns the rows written."""
    now = now or _utcnow()
    per_source, global_targets = targets_by_source(config)
    batches: dict[str, tuple[Target, list[dict[str, Any]], set[tuple[str, str]]]] = {}
    for result in results:
        for ev in getattr(result, "events", ()):
            if ev.outcome not in EVENT_OF:
                continue
            targets = [*global_targets, *per_source.get(ev.source_id, ())]
            if not targets:
                continue
            event = _event(store, ev.source_id, ev.outcome, ev.url, ev.title)
            for target in targets:
                key = target_key(target)
                _, events, seen = batches.setdefault(key, (target, [], set()))
                if (event["type"], event["url"]) not in seen:
                    seen.add((event["type"], event["url"]))
                    events.append(event)
    if not batches:
        return 0
    with Session(store.engine) as session, session.begin():
        for key, (target, events, _) in batches.items():
            delivery_id = uuid.uuid4().hex
            message = Message(delivery_id, now.strftime("%Y-%m-%dT%H:%M:%SZ"), events)
            session.add(NotifyOutbox(delivery_id=delivery_id, target_key=key, target_type=target.type,
                                     target_label=target.describe(),
                                     payload_json=json.dumps(message.payload(), ensure_ascii=False),
                                     created_at=now))
    return len(batches)


def _claim(store: Store, row_id: int, now: datetime) -> bool:
    with Session(store.engine) as session, session.begin():
        result = session.execute(
            update(NotifyOutbox)
            .where(NotifyOutbox.id == row_id, NotifyOutbox.delivered_at.is_(None),  # type: ignore[arg-type,union-attr]
                   or_(NotifyOutbox.lease_until.is_(None), NotifyOutbox.lease_until < now))  # type: ignore[union-attr,operator]
            .values(lease_until=now + LEASE)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def deliver_pending(config: Config, store: Store, *, sleep: Callable[[float], None] = time.sleep,
                    report: NotifyReport | None = None) -> NotifyReport:
    """Send every undelivered notification whose target is still configured, oldest first;
    a target that fails is left alone for the rest of this call (its order is kept)."""
    report = report or NotifyReport()
    targets = all_targets(config)
    with Session(store.engine) as session:
        pending = session.exec(
            select(NotifyOutbox.id, NotifyOutbox.target_key)
            .where(NotifyOutbox.delivered_at.is_(None))  # type: ignore[union-attr]
            .order_by(NotifyOutbox.id)  # type: ignore[arg-type]
        ).all()
    failed: set[str] = set()
    orphaned = 0
    for row_id, key in pending:
        if key not in targets:
            orphaned += 1
            continue
        if key in failed:
            report.pending += 1
            continue
        now = _utcnow()
        if row_id is None or not _claim(store, row_id, now):
            continue  # another worker holds it
        with Session(store.engine) as session:
            row = session.get(NotifyOutbox, row_id)
            assert row is not None
            payload = json.loads(row.payload_json)
        message = Message(payload["delivery_id"], payload["created_at"], payload["events"])
        target = targets[key]
        error: str | None = None
        attempts = 1
        try:
            attempts = get_notifier(target, sleep=sleep).send(message)
        except NotifyError as exc:
            error, attempts = str(exc), getattr(exc, "attempts", 1)
        except Exception as exc:  # a bug in a notifier must not lose the row or stop the others
            log.exception("notifier %s failed", target.type)
            error = f"{type(exc).__name__}: {exc}"
        with Session(store.engine) as session, session.begin():
            row = session.get(NotifyOutbox, row_id)
            assert row is not None
            row.attempts += attempts
            row.last_attempt_at = _utcnow()
            row.lease_until = None
            if error is None:
                row.delivered_at = row.last_attempt_at
                row.last_error = None
            else:
                row.last_error = error
        if error is None:
            report.delivered += 1
            log.info("notify: delivered %s to %s", message.delivery_id, target.describe())
        else:
            failed.add(key)
            report.pending += 1
            report.errors.append(f"{target.describe()}: {error}")
            log.warning("notify: %s failed (%s); kept in the outbox, retried after the next run",
                        target.describe(), error)
    if orphaned:
        log.warning("notify: %d undelivered notification(s) for targets no longer in the config", orphaned)
    return report


def notify_after_run(config: Config, store: Store, results: Iterable[Any], *, now: datetime | None = None,
                     sleep: Callable[[float], None] = time.sleep) -> NotifyReport:
    """Queue the run's new/changed/reposted/removed documents for their targets and deliver
    everything pending. Never raises: problems are logged and the rows stay in the outbox."""
    report = NotifyReport()
    if not all_targets(config):
        return report  # nothing configured: the database is not touched
    try:
        ensure_table(store.engine)
        report.queued = enqueue(config, store, results, now=now)
        deliver_pending(config, store, sleep=sleep, report=report)
    except Exception as exc:
        log.exception("notify: failed")
        report.errors.append(f"{type(exc).__name__}: {exc}")
    return report
