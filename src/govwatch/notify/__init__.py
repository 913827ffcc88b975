"""Notifications: after each run, tell the configured targets what was new, changed or removed.

Targets come from ``notify:`` in ``sources.yaml`` (per source, in ``defaults:``, or at the top
level for every source). Each notifier is a small class registered under its ``type``; its
docstring is the user documentation. Every notification goes through a persistent outbox
(:class:`~govwatch.notify.outbox.NotifyOutbox`, table ``notify_outbox``), so a failed
delivery is retried after the next run and never lost.

>>> sorted(REGISTRY)
['email', 'webhook']
"""

from __future__ import annotations

from govwatch.notify import mail, webhook  # noqa: F401  (they register themselves)
from govwatch.notify.base import REGISTRY, Message, Notifier, NotifyError, get_notifier, register
from govwatch.notify.delivery import NotifyReport, deliver_pending, enqueue, notify_after_run
from govwatch.notify.mail import EmailNotifier
from govwatch.notify.outbox import NotifyOutbox, ensure_table
from govwatch.notify.targets import EmailTarget, NotifyTarget, WebhookTarget, target_key
from govwatch.notify.webhook import WebhookNotifier

__all__ = [
    "REGISTRY",
    "EmailNotifier",
    "EmailTarget",
    "Message",
    "Notifier",
    "NotifyError",
    "NotifyOutbox",
    "NotifyReport",
    "NotifyTarget",
    "WebhookNotifier",
    "WebhookTarget",
    "deliver_pending",
    "enqueue",
    "ensure_table",
    "get_notifier",
    "notify_after_run",
    "register",
    "target_key",
]
