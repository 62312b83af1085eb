"""Build retention: a release's files leave the database once no rollout ring or kiosk can still need them.

Every release keeps its files as 1 MiB rows (servicenet/fleet/filestore.py), so without this the database grows
by a whole build with each release. A release is KEPT while any of these holds (`kept` says which):

- `newest` / `previous`: it is one of the two newest releases published (the fleet has one channel; a release
  just published has not reached anyone yet, and the one before it is what an administrator rolls back to);
- `fleet` / `fleet_previous`: it is what the newest finished rollout spread to every kiosk, or the one finished
  before it (the fleet's rollback target, whatever was published since);
- `rollout`: a rollout of it is running or paused;
- `offered`: a rollout offered it less than files.TOKEN_TTL_S ago: a kiosk may hold a download token for it (a
  token is only given while its rollout runs and opens nothing after that long), so a download under way, or
  resumed from its .part, still finds every byte;
- `running`: an enrolled, active kiosk's latest heartbeat reports it as its app_version.

`prune` removes every other release: its row in fleet_releases, and the files (index rows and chunks) that no
kept release also lists (releases share files by sha256). It runs in one transaction that takes the release
table's writer lock (servicenet.db.serialize_writers: a table lock, SQLite's write lock), so a
release published meanwhile is either seen and kept or listed after the prune, and publish_build then stores
again any file of it a prune removed (files.publish_build). Each prune that removes something writes one
entry to the back office's audit chain (step releases_pruned: who, the versions, the files and bytes freed).
A pruned version can be published again from its signed build.
"""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from servicenet.db import devices, serialize_writers
from servicenet.fleet import filestore, rollout

OFFERED_FOR_S = 3600.0  # files.TOKEN_TTL_S: how long a download token handed out with an offer stays good


def _files(manifest: str) -> set[str]:
    return {str(i["sha256"]) for i in json.loads(manifest)["files"].values()}


def kept(conn: Connection, now: float, offered_for: float = OFFERED_FOR_S) -> dict[str, list[str]]:
    """The releases that must stay, each with why (the reasons in the module's docstring)."""
    from servicenet.heartbeat import device_heartbeats  # the heartbeat module imports the fleet's

    why: dict[str, list[str]] = {}

    def keep(version: str | None, reason: str) -> None:
        if version and reason not in why.get(version, []):
            why.setdefault(version, []).append(reason)

    releases = rollout.fleet_releases
    newest = conn.execute(sa.select(releases.c.version)
                          .order_by(releases.c.published_at.desc(), releases.c.version.desc()).limit(2)).all()
    for row, reason in zip(newest, ("newest", "previous"), strict=False):
        keep(row.version, reason)
    outs = rollout.fleet_rollouts
    rows = conn.execute(sa.select(outs.c.id, outs.c.version, outs.c.state, outs.c.started_at, outs.c.ring_since)
                        .order_by(outs.c.id)).all()
    done = [r.version for r in rows if r.state == "done"]
    for version, reason in zip(reversed(done), ("fleet", "fleet_previous"), strict=False):
        keep(version, reason)
    for i, r in enumerate(rows):
        if r.state in ("running", "paused"):
            keep(r.version, "rollout")
            continue
        # it stopped offering when it finished (done: ring_since is set then) or when the next one started
        ended = r.ring_since if r.state == "done" else rows[i + 1].started_at if i + 1 < len(rows) else now
        if now - float(ended) < offered_for:
            keep(r.version, "offered")
    beats = conn.execute(sa.select(device_heartbeats.c.body).select_from(device_heartbeats.join(
        devices, devices.c.device_id == device_heartbeats.c.device_id)).where(devices.c.status == "active"))
    for b in beats:
        keep(str(json.loads(b.body).get("app_version", "")), "running")
    return why


def plan(engine: Engine, now: float) -> dict[str, Any]:
    """What a prune would do now, without doing it: {kept: {version: [why]}, removable: [versions]}."""
    with engine.connect() as conn:
        why = kept(conn, now)
        every = [r.version for r in conn.execute(sa.select(rollout.fleet_releases.c.version)
                                                 .order_by(rollout.fleet_releases.c.published_at))]
    return {"kept": {v: why[v] for v in every if v in why}, "removable": [v for v in every if v not in why]}


def prune(engine: Engine, staff_id: str, now: float) -> dict[str, Any]:
    """Remove the releases no one can need and their files; returns {removed, files, bytes, kept}."""
    from servicenet import store
    from servicenet.backoffice import casefile

    releases, index, chunks = rollout.fleet_releases, filestore.fleet_release_files, filestore.fleet_release_chunks
    with engine.begin() as conn:
        serialize_writers(conn, releases)
        why = kept(conn, now)
        every = {r.version: r.manifest for r in conn.execute(sa.select(releases.c.version, releases.c.manifest))}
        removed = sorted(v for v in every if v not in why)
        still = set().union(*(_files(m) for v, m in every.items() if v in why))
        gone = sorted(set().union(*(_files(every[v]) for v in removed)) - still)
        freed = 0
        if removed:
            conn.execute(sa.delete(releases).where(releases.c.version.in_(removed)))
        for start in range(0, len(gone), 500):
            part = gone[start:start + 500]
            freed += int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(index.c.size), 0))
                                      .where(index.c.sha256.in_(part))).scalar_one())
            conn.execute(sa.delete(chunks).where(chunks.c.sha256.in_(part)))
            conn.execute(sa.delete(index).where(index.c.sha256.in_(part)))
    from servicenet.fleet import files  # files imports this module for the prune after a publish

    files.forget(engine, removed)
    result = {"removed": removed, "files": len(gone), "bytes": freed, "kept": {v: why[v] for v in sorted(why)}}
    if removed:
        casefile.append(engine, staff_id, "releases_pruned",
                        {"code": "releases", "versions": removed, "files": len(gone), "bytes": freed},
                        store.now_iso())
    return result
