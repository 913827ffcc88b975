"""E-mail: one message per notification, over SMTP."""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from govwatch.notify.base import Message, Notifier, NotifyError, register

#: longest diff quoted in a mail, in characters (the link has the rest)
MAX_DIFF_CHARS = 6000


def _text(message: Message) -> str:
    lines = [f"govwatch found {message.summary()}.", ""]
    for e in message.events:
        facts = [e.get("source") or "", f"version {e.get('version')}"]
        if e.get("report_year"):
            facts.append(f"report year {e['report_year']}")
        lines += [f"[{e.get('type')}] {e.get('title') or e.get('url')}", f"  {e.get('url')}",
                  "  " + ", ".join(facts)]
        if e.get("duplicate_of"):
            lines.append(f"  copy of {e['duplicate_of']}")
        if e.get("diff"):
            diff = e["diff"][:MAX_DIFF_CHARS]
            lines += ["", *("  " + line for line in diff.split("\n")), ""]
        lines.append("")
    return "\n".join(lines)


def _html(message: Message) -> str:
    from html import escape

    from govwatch.store.diff import diff_html

    parts = [f"<p>govwatch found {escape(message.summary())}.</p>"]
    for e in message.events:
        url = escape(e.get("url") or "")
        title = escape(e.get("title") or e.get("url") or "")
        parts.append(f"<h3>[{escape(str(e.get('type')))}] <a href=\"{url}\">{title}</a></h3>")
        parts.append(f"<p>{escape(str(e.get('source')))}, version {e.get('version')}</p>")
        if e.get("diff"):
            parts.append(diff_html(e["diff"][:MAX_DIFF_CHARS]))
    return "\n".join(parts)


def build_email(target: object, message: Message) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = target.from_  # type: ignore[attr-defined]
    msg["To"] = ", ".join(target.to)  # type: ignore[attr-defined]
    msg["Subject"] = f"{target.subject}: {message.summary()}"  # type: ignore[attr-defined]
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(idstring=message.delivery_id[:16], domain="govwatch")
    msg["X-Govwatch-Delivery"] = message.delivery_id
    msg.set_content(_text(message))
    msg.add_alternative(_html(message), subtype="html")
    return msg


@register
class EmailNotifier(Notifier):
    """``{type: email, to: [a@x.cn, …], from: govwatch@x.cn, smtp_host: smtp.x.cn, smtp_port: 25,
    starttls: false, ssl: false, username: …, password_env: GOVWATCH_SMTP_PASSWORD, subject:
    govwatch}`` — one e-mail per notification (plain text and HTML with the sentence diffs
    marked), subject ``govwatch: 1 new, 2 changed``. The password is read from the
    environment variable named by ``password_env``, never from the config; logging in
    (``username``) needs ``starttls: true`` or ``ssl: true``, unless ``allow_plaintext_auth: true``
    says the password may cross the network in clear. Failures
    (refused connection, 4xx/5xx answers) are retried like webhooks (``retries``, ``backoff``,
    ``timeout``) and then kept in the outbox for the next run."""

    name = "email"

    def send_once(self, message: Message) -> None:
        t = self.target
        password = None
        if t.username:
            password = os.environ.get(t.password_env) if t.password_env else None
            if password is None:
                var = t.password_env or "(password_env)"
                raise NotifyError(f"{t.describe()}: environment variable {var} is not set", retry=False)
        msg = build_email(t, message)
        try:
            smtp_cls = smtplib.SMTP_SSL if t.ssl else smtplib.SMTP
            with smtp_cls(t.smtp_host, t.smtp_port, timeout=t.timeout) as smtp:
                if t.starttls and not t.ssl:
                    smtp.starttls(context=ssl.create_default_context())
                if t.username:
                    smtp.login(t.username, password or "")
                smtp.send_message(msg)
        except smtplib.SMTPAuthenticationError as exc:
            raise NotifyError(f"{t.describe()}: login refused: {exc.smtp_code}", retry=False) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise NotifyError(f"{t.describe()}: {type(exc).__name__}: {exc}") from None
