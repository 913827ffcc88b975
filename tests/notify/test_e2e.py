"""``govwatch fetch`` sends notifications: a webhook on 127.0.0.1 that is down for one run."""

from __future__ import annotations

from pathlib import Path

from govwatch.demo.sites import SimulatedSites
from tests.export.e2e import cli
from tests.notify.receivers import webhook


def test_fetch_notifies_and_retries_after_the_next_run(sites: SimulatedSites, sources_file: Path,
                                                       tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'gw.db'}"
    with webhook() as hook:
        text = sources_file.read_text(encoding="utf-8")
        sources_file.write_text(f"notify:\n  - {{type: webhook, url: '{hook.url}', retries: 1, backoff: 0.05}}\n"
                                + text, encoding="utf-8")
        first = cli("fetch", "--config", str(sources_file), "--db", db, "--quiet", check=None)
        assert first.returncode in (0, 1)
        assert "notify: 1 queued, 1 delivered, 0 pending" in first.stderr
        assert len(hook.accepted) == 1
        news = hook.accepted[0]["events"]
        assert {e["type"] for e in news} == {"new"}
        assert {e["url"] for e in news} == {r.url for exp in sites.expected().values() for r in exp.reports}

        # the receiver is down while the later state is crawled: the events wait in the outbox
        hook.default = 503
        sites.set_state("later")
        changes = sites.changes()
        second = cli("fetch", "--config", str(sources_file), "--db", db, "--quiet", check=None)
        assert "1 pending" in second.stderr and "503" in second.stderr
        assert len(hook.accepted) == 1

        # back up: the next run (nothing new) delivers them, exactly once
        hook.default = 200
        third = cli("fetch", "--config", str(sources_file), "--db", db, "--quiet", check=None)
        assert "1 delivered, 0 pending" in third.stderr
        cli("fetch", "--config", str(sources_file), "--db", db, "--quiet", check=None)
    assert len(hook.accepted) == 2
    later = {e["url"]: e["type"] for e in hook.accepted[1]["events"]}
    assert later[changes.edited] == "changed"
    assert all(later[u] == "removed" for u in changes.deleted)
    assert later[changes.new] == "new" and later[changes.duplicate[1]] == "duplicate"  # type: ignore[index]
