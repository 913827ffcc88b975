"""Notifications against loopback receivers: webhook (http.server) and e-mail (aiosmtpd)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select

from govwatch.crawl.crawler import Event, SourceResult
from govwatch.notify import REGISTRY, NotifyOutbox, notify_after_run
from govwatch.sources import ConfigError, load_config_text
from govwatch.store import Store
from tests.export.synth import Small, small_store
from tests.notify.receivers import smtp_server, webhook

SOURCES = """\
sources:
  - id: alpha
    name: 甲区
    region: [湖北省, 随州市, 曾都区]
    start_urls: ["http://alpha.gov.cn/col/"]
{alpha_notify}
  - id: beta
    name: 乙县
    start_urls: ["http://beta.gov.cn/col/"]
"""


def config(top: str = "", alpha_notify: str = "", defaults: str = ""):  # type: ignore[no-untyped-def]
    text = (f"notify:\n{top}" if top else "") + (f"defaults:\n{defaults}" if defaults else "")
    return load_config_text(text + SOURCES.format(alpha_notify=alpha_notify))


def hook_target(url: str, **extra: object) -> str:
    opts = ", ".join(f"{k}: {json.dumps(v)}" for k, v in {"backoff": 0.01, "retries": 1, **extra}.items())
    return f"  - {{type: webhook, url: '{url}', {opts}}}\n"


def run_results(small: Small) -> list[SourceResult]:
    alpha = SourceResult("alpha")
    alpha.events += [Event("changed", "alpha", small.urls["edited"], "甲区报告"),
                     Event("duplicate", "alpha", small.urls["copy"], None)]
    beta = SourceResult("beta")
    beta.events += [Event("gone", "beta", small.urls["gone"], "乙县报告"),
                    Event("new", "beta", small.urls["odd"], None)]
    return [alpha, beta]


@pytest.fixture
def small(db_url: str, tmp_path: Path) -> Small:
    return small_store(db_url, tmp_path)


def outbox(small: Small) -> list[NotifyOutbox]:
    store = Store(small.db)
    try:
        with Session(store.engine) as session:
            return list(session.exec(select(NotifyOutbox).order_by(NotifyOutbox.id)).all())  # type: ignore[arg-type]
    finally:
        store.close()


def notify(small: Small, cfg, results):  # type: ignore[no-untyped-def]
    store = Store(small.db)
    try:
        return notify_after_run(cfg, store, results, sleep=lambda _s: None)
    finally:
        store.close()


def test_registry_docs() -> None:
    assert set(REGISTRY) == {"webhook", "email"}
    for cls in REGISTRY.values():
        assert cls.__doc__ and "retried" in cls.__doc__


def test_webhook_gets_the_runs_events(small: Small) -> None:
    with webhook() as hook:
        report = notify(small, config(top=hook_target(hook.url, headers={"Authorization": "Bearer ${GW_TOKEN}"})),
                        run_results(small))
    assert report.queued == 1 and report.delivered == 1 and report.pending == 0
    assert len(hook.requests) == 1
    req = hook.requests[0]
    payload = req["json"]
    assert payload["counts"] == {"new": 1, "changed": 1, "duplicate": 1, "removed": 1}
    assert req["headers"]["X-Govwatch-Delivery"] == payload["delivery_id"]
    assert req["headers"]["Content-Type"].startswith("application/json")
    events = {e["url"]: e for e in payload["events"]}
    changed = events[small.urls["edited"]]
    assert changed["type"] == "changed" and changed["version"] == 2 and changed["source"] == "alpha"
    assert changed["title"] == "甲区2024年度法治政府建设情况报告" and "126件" in changed["diff"]
    assert events[small.urls["gone"]]["type"] == "removed" and events[small.urls["gone"]]["diff"] is None
    assert events[small.urls["copy"]]["duplicate_of"] == small.urls["edited"]
    assert [r.delivered_at is not None for r in outbox(small)] == [True]


def test_header_values_read_the_environment(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GW_TOKEN", "s3cret")
    with webhook() as hook:
        notify(small, config(top=hook_target(hook.url, headers={"Authorization": "Bearer ${GW_TOKEN}"})),
               run_results(small))
    assert hook.requests[0]["headers"]["Authorization"] == "Bearer s3cret"
    assert "s3cret" not in outbox(small)[0].target_label


def test_retry_with_backoff_within_one_run(small: Small) -> None:
    waits: list[float] = []
    store = Store(small.db)
    with webhook(statuses=[503, 500]) as hook:
        report = notify_after_run(config(top=hook_target(hook.url, retries=3, backoff=0.5)), store,
                                  run_results(small), sleep=waits.append)
    store.close()
    assert report.delivered == 1 and waits == [0.5, 1.0]
    assert len(hook.requests) == 3 and len(hook.accepted) == 1
    assert outbox(small)[0].attempts == 3


def test_receiver_down_then_up_delivers_exactly_once(small: Small) -> None:
    """The receiver fails the whole first run: the event is kept and delivered after the next run, once."""
    with webhook(default=500) as hook:
        cfg = config(top=hook_target(hook.url, retries=1))
        first = notify(small, cfg, run_results(small))
        assert first.delivered == 0 and first.pending == 1 and "HTTP 500" in first.errors[0]
        assert len(hook.requests) == 2 and hook.accepted == []
        row = outbox(small)[0]
        assert row.delivered_at is None and row.attempts == 2 and "500" in (row.last_error or "")
        hook.default = 200
        second = notify(small, cfg, [SourceResult("alpha"), SourceResult("beta")])  # a run with no news
        assert second.queued == 0 and second.delivered == 1
        third = notify(small, cfg, [])
        assert third.delivered == 0 and third.pending == 0
    assert len(hook.accepted) == 1
    assert hook.accepted[0]["counts"] == {"new": 1, "changed": 1, "duplicate": 1, "removed": 1}
    assert [r.delivered_at is not None for r in outbox(small)] == [True]


def test_unreachable_receiver_keeps_order_and_loses_nothing(small: Small) -> None:
    with webhook() as hook:
        url = hook.url
    # the server is gone: connection refused
    cfg = config(top=hook_target(url, retries=0))
    assert notify(small, cfg, run_results(small)).pending == 1
    assert notify(small, cfg, run_results(small)[:1]).pending == 2  # a second run adds to the queue
    assert [r.delivered_at for r in outbox(small)] == [None, None]
    assert "ConnectError" in (outbox(small)[0].last_error or "")
    assert outbox(small)[1].attempts == 0  # not tried while the older one failed: order is kept


def test_per_source_defaults_and_global_targets(small: Small) -> None:
    with webhook() as everything, webhook() as alpha_only, webhook() as shared:
        cfg = config(top=hook_target(everything.url),
                     alpha_notify="    notify:\n  " + hook_target(alpha_only.url).replace("\n", "\n  ").rstrip() + "\n",
                     defaults="  notify:\n  " + hook_target(shared.url).replace("\n", "\n  ").rstrip() + "\n")
        notify(small, cfg, run_results(small))
    assert {e["source"] for e in everything.accepted[0]["events"]} == {"alpha", "beta"}
    assert {e["source"] for e in alpha_only.accepted[0]["events"]} == {"alpha"}
    # beta has no notify: of its own, so it takes the one from defaults: (alpha's replaces it)
    assert len(shared.accepted) == 1 and {e["source"] for e in shared.accepted[0]["events"]} == {"beta"}


def test_a_target_shared_by_sources_gets_one_message(small: Small) -> None:
    with webhook() as hook:
        cfg = config(defaults="  notify:\n  " + hook_target(hook.url).replace("\n", "\n  ").rstrip() + "\n")
        notify(small, cfg, run_results(small))
    assert len(hook.accepted) == 1 and len(hook.accepted[0]["events"]) == 4


def test_no_targets_no_outbox_rows(small: Small) -> None:
    assert notify(small, config(), run_results(small)).queued == 0
    assert outbox(small) == []


def email_target(port: int, **extra: object) -> str:
    opts = {"to": ["ops@example.gov.cn", "a@b.cn"], "from": "govwatch@example.gov.cn", "smtp_host": "127.0.0.1",
            "smtp_port": port, "backoff": 0.01, "retries": 0, **extra}
    return f"  - {json.dumps({'type': 'email', **opts}, ensure_ascii=False)}\n"


def test_email_via_smtp(small: Small) -> None:
    with smtp_server() as box:
        report = notify(small, config(top=email_target(box.port)), run_results(small))
    assert report.delivered == 1
    assert len(box.messages) == 1
    msg = box.messages[0]
    assert box.envelopes[0] == ("govwatch@example.gov.cn", ["ops@example.gov.cn", "a@b.cn"])
    assert msg["Subject"] == "govwatch: 1 new, 1 changed, 1 duplicate, 1 removed"
    assert msg["X-Govwatch-Delivery"]
    parts = {p.get_content_type(): p.get_payload(decode=True).decode("utf-8") for p in msg.walk()
             if not p.is_multipart()}
    assert small.urls["edited"] in parts["text/plain"] and "126件" in parts["text/plain"]
    assert "<del>0</del><ins>6</ins>" in parts["text/html"]


def test_email_refused_then_accepted_is_sent_once(small: Small) -> None:
    with smtp_server(refuse=1) as box:
        cfg = config(top=email_target(box.port))
        first = notify(small, cfg, run_results(small))
        assert first.pending == 1 and "451" in first.errors[0] and box.messages == []
        second = notify(small, cfg, [])
        assert second.delivered == 1
        notify(small, cfg, [])
    assert len(box.messages) == 1 and box.attempts == 2


def test_email_login_needs_the_password_variable(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GW_SMTP_PW", raising=False)
    with smtp_server() as box:
        report = notify(small, config(top=email_target(box.port, username="gw", password_env="GW_SMTP_PW",
                                                                allow_plaintext_auth=True)),
                        run_results(small))
    assert report.pending == 1 and "GW_SMTP_PW" in report.errors[0] and box.messages == []


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("    notify: [{type: webhook}]\n", "source 'alpha': key 'notify[0].url': Field required"),
        ("    notify: [{type: pager, url: 'http://127.0.0.1/'}]\n", "source 'alpha': key 'notify[0]': unknown type"),
        ("    notify: [{url: 'http://127.0.0.1/'}]\n", "source 'alpha': key 'notify[0]': missing 'type'"),
        ("    notify: [{type: webhook, url: 'ftp://x/'}]\n", "key 'notify[0].url': not an http(s) URL"),
        ("    notify: [{type: email, to: [nobody], from: a@b.cn, smtp_host: h}]\n",
         "key 'notify[0].to': not an e-mail address"),
        ("    notify: [{type: email, to: [a@b.cn], from: a@b.cn, smtp_host: h, smtp_prot: 25}]\n",
         "key 'notify[0].smtp_prot': unknown key"),
    ],
)
def test_config_errors_name_source_and_key(snippet: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config_text(SOURCES.format(alpha_notify=snippet.rstrip("\n")))
    assert expected in str(info.value)


def test_top_level_config_errors() -> None:
    with pytest.raises(ConfigError, match=r"config: key 'notify\[0\]\.url'"):
        load_config_text("notify: [{type: webhook, url: nope}]\n" + SOURCES.format(alpha_notify=""))
    cfg = load_config_text("notify: [{type: webhook, url: 'http://127.0.0.1:9/h', name: ops}]\n"
                           + SOURCES.format(alpha_notify=""))
    assert cfg.notify[0].name == "ops" and cfg.sources[0].notify == ()


def test_outbox_rows_survive_a_target_rename_only_with_a_name(small: Small) -> None:
    with webhook(default=500) as down:
        cfg = config(top=hook_target(down.url, retries=0, name="ops"))
        assert notify(small, cfg, run_results(small)).pending == 1
    with webhook() as up:  # the receiver moved; the named target follows
        assert notify(small, config(top=hook_target(up.url, retries=0, name="ops")), []).delivered == 1
    assert len(up.accepted) == 1


def test_webhook_labels_keep_only_scheme_and_host(small: Small, caplog: pytest.LogCaptureFixture) -> None:
    """Issue 15 item 7: userinfo, path and query (tokens) stay out of logs, errors and the outbox."""
    with webhook() as hook:
        port = hook.url.split(":")[2].split("/")[0]
    secret_url = f"http://user:pa55word@127.0.0.1:{port}/hooks/T0KEN-123?key=s3cret"
    cfg = config(top=hook_target(secret_url, retries=0))
    with caplog.at_level("INFO"):
        report = notify(small, cfg, run_results(small))
    assert report.pending == 1
    [row] = outbox(small)
    said = " ".join([row.target_label, row.last_error or "", *report.errors, caplog.text])
    assert row.target_label == f"webhook http://127.0.0.1:{port}"
    for secret in ("pa55word", "user:", "T0KEN", "s3cret", "/hooks"):
        assert secret not in said, secret


def test_smtp_login_without_tls_is_refused_unless_allowed() -> None:
    """Issue 15 item 7: AUTH over a plain connection would send the password in clear."""
    plain = email_target(25, username="gw", password_env="GW_SMTP_PW")
    with pytest.raises(ConfigError, match=r"key 'notify\[0\]'.*starttls"):
        config(top=plain)
    for ok in ({"starttls": True}, {"ssl": True}, {"allow_plaintext_auth": True}):
        assert config(top=email_target(25, username="gw", password_env="GW_SMTP_PW", **ok)).notify
    assert config(top=email_target(25)).notify  # no login, nothing to leak
