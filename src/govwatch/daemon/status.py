"""``govwatch status``: per source, the last run, the next scheduled run and the documents kept.

The last run comes from the ``run`` table (whichever worker or ``govwatch fetch`` ran it), the
next run from the source's schedule (:mod:`govwatch.daemon.triggers`), the holder of a live
lease from the ``lease`` table when it exists.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from govwatch.daemon.triggers import trigger_for
from govwatch.sources import Config


def _iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    dt = dt.astimezone(UTC) if dt.tzinfo is not None else dt.replace(tzinfo=UTC)
    return dt.isoformat(timespec="seconds").replace("+00:00", "Z")


def gather(cfg: Config, engine: Engine, now: datetime | None = None,
           interval: float | None = None) -> dict[str, Any]:
    """The status report as a JSON-ready dict: ``{"generated_at", "totals", "sources": [...]}``."""
    from govwatch.daemon.leases import Lease, as_utc
    from govwatch.store.models import Document, Run, Version

    now = as_utc(now) if now is not None else datetime.now(UTC)
    run = Run.__table__  # type: ignore[attr-defined]
    doc = Document.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        missing = {"run", "document", "version"} - tables
        if missing:
            raise LookupError(f"no govwatch tables ({', '.join(sorted(missing))}) in this database")
        latest = (sa.select(run.c.source_id, sa.func.max(run.c.id).label("rid"))
                  .group_by(run.c.source_id).subquery())
        last_runs = {r.source_id: r for r in conn.execute(
            sa.select(run).join(latest, latest.c.rid == run.c.id)).all()}
        last_ok = dict(conn.execute(sa.select(run.c.source_id, sa.func.max(run.c.finished_at))
                                    .where(run.c.outcome == "ok").group_by(run.c.source_id)).all())
        docs = dict(conn.execute(sa.select(doc.c.source_id, sa.func.count()).group_by(doc.c.source_id)).all())
        gone = dict(conn.execute(sa.select(doc.c.source_id, sa.func.count()).where(doc.c.status == "gone")
                                 .group_by(doc.c.source_id)).all())
        totals = {
            "documents": conn.execute(sa.select(sa.func.count()).select_from(doc)).scalar_one(),
            "versions": conn.execute(sa.select(sa.func.count()).select_from(
                Version.__table__)).scalar_one(),  # type: ignore[attr-defined]
        }
        leases: dict[str, Any] = {}
        if "lease" in tables:
            lt = Lease.__table__  # type: ignore[attr-defined]
            leases = {r.source_id: r for r in conn.execute(sa.select(lt)).all()}
    rows: list[dict[str, Any]] = []
    configured = {s.id for s in cfg.sources}
    for src in cfg.sources:
        trig = trigger_for(src, interval=interval)
        nxt = trig.get_next_fire_time(None, now) if src.enabled else None
        last = last_runs.get(src.id)
        lease = leases.get(src.id)
        rows.append({
            "source": src.id,
            "name": src.name,
            "enabled": src.enabled,
            "schedule": str(trig),
            "next_run": _iso(nxt),
            "last_run": None if last is None else {
                "started": _iso(last.started_at),
                "finished": _iso(last.finished_at),
                "outcome": last.outcome or ("running" if last.finished_at is None else None),
                "counts": json.loads(last.counts_json or "{}"),
            },
            "last_success": _iso(last_ok.get(src.id)),
            "documents": docs.get(src.id, 0),
            "gone": gone.get(src.id, 0),
            "running_on": lease.owner if lease is not None and as_utc(lease.expires_at) > now else None,
        })
    for sid in sorted(set(docs) - configured):  # documents of sources no longer in the config
        last = last_runs.get(sid)
        rows.append({"source": sid, "name": None, "enabled": False, "schedule": "not in config",
                     "next_run": None,
                     "last_run": None if last is None else {
                         "started": _iso(last.started_at), "finished": _iso(last.finished_at),
                         "outcome": last.outcome, "counts": json.loads(last.counts_json or "{}")},
                     "last_success": _iso(last_ok.get(sid)), "documents": docs[sid], "gone": gone.get(sid, 0),
                     "running_on": None})
    return {"generated_at": _iso(now), "totals": totals, "sources": rows}


def render_table(report: dict[str, Any]) -> Any:
    """A rich Table of :func:`gather`'s report."""
    from rich.table import Table

    totals = report["totals"]
    table = Table(title=f"govwatch status — {totals['documents']} documents, {totals['versions']} versions",
                  show_lines=False)
    for col in ("source", "last run", "outcome", "new/chg/unch/fail", "next run", "schedule", "docs"):
        table.add_column(col, justify="right" if col == "docs" else "left")
    for row in report["sources"]:
        last = row["last_run"] or {}
        counts = last.get("counts") or {}
        outcome = last.get("outcome") or "never run"
        if row["running_on"]:
            outcome += f" (running on {row['running_on']})"
        keys = ("new", "changed", "unchanged", "failed")
        numbers = "/".join(str(counts.get(k, 0)) for k in keys) if counts else ""
        table.add_row(row["source"], (last.get("finished") or last.get("started") or "-").replace("T", " "),
                      outcome, numbers, (row["next_run"] or "-").replace("T", " "), row["schedule"],
                      str(row["documents"]))
    return table
