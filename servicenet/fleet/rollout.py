"""Releases and their staged rollout: a canary kiosk, then its hall, then 10 % of the fleet, then every kiosk.

- A release is a build's BUILD-MANIFEST.json and its Ed25519 signature (deploy/update.py's scheme), published
  only when the signature holds with the release key kiosks trust (the manifest names every file's sha256, so
  a kiosk verifies the bytes it fetches against it).
- One rollout runs at a time. Its ring says who is offered the release, through the heartbeat's answer. A ring
  is done when every kiosk in it reports the release's version for `soak` seconds; then the next ring opens.
- A kiosk that rolled back (its self-test failed after the switch, or it crash-looped) says so in its beat
  (`rolled_back_from`). The rollout pauses at once: nobody else is offered the release. A new rollout (a fixed
  build) supersedes a paused one.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import unicodedata
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.engine import Connection, Engine

from servicenet.columns import serial_id, table, unix_time
from servicenet.db import devices

RINGS = ("canary", "hall", "ten_percent", "all")
RING_LABELS = {"canary": "试点终端", "hall": "试点大厅", "ten_percent": "10%终端", "all": "全部终端"}
SOAK_S = 600.0  # a ring runs the release this long before the next one opens ($SERVICENET_ROLLOUT_SOAK)


def soak_seconds() -> float:
    return float(os.environ.get("SERVICENET_ROLLOUT_SOAK", SOAK_S))

fleet_releases = table(
    "fleet_releases",
    sa.Column("version", sa.String(40), primary_key=True),
    sa.Column("manifest", sa.Text, nullable=False),  # BUILD-MANIFEST.json, the signed bytes as UTF-8
    sa.Column("signature", sa.String(100), nullable=False),  # base64 of the raw 64-byte Ed25519 signature
    unix_time("published_at"),
    sa.Column("staff_id", sa.String(64), nullable=False),
)

fleet_rollouts = table(
    "fleet_rollouts",
    serial_id(),
    sa.Column("version", sa.String(40), nullable=False),
    sa.Column("canary", sa.String(32), nullable=False),
    sa.Column("ring", sa.Integer, nullable=False),  # index into RINGS
    sa.Column("state", sa.String(12), nullable=False),  # running | paused | done | superseded
    sa.Column("reason", sa.String(200), nullable=False, default=""),
    unix_time("started_at"),
    unix_time("ring_since"),
    unix_time("ring_complete_at", nullable=True),  # every member runs the version since then
    sqlite_autoincrement=True,
)


class RolloutRefused(ValueError):
    """A release or rollout the network will not take; the message says why."""


def check_signature(manifest: bytes, signature_b64: str, release_key_pem: bytes) -> str:
    """The version of a manifest signed with the release key; RolloutRefused otherwise."""
    try:
        key = serialization.load_pem_public_key(release_key_pem)
        if not isinstance(key, Ed25519PublicKey):
            raise RolloutRefused("the release key is not an Ed25519 public key")
        key.verify(base64.b64decode(signature_b64, validate=True), manifest)
        doc = json.loads(manifest)
        version = str(doc["version"]).strip()
    except InvalidSignature:
        raise RolloutRefused("签名不符：清单不是用发布私钥签名的（与 SERVICENET_RELEASE_KEY 的公钥不配对） / "
                             "the manifest is not signed with the release key") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise RolloutRefused(f"清单无效 / not a build manifest ({type(exc).__name__})") from None
    if not version or len(version) > 40 or not isinstance(doc.get("files"), dict):
        raise RolloutRefused("清单无效 / not a build manifest")
    return version


def publish(engine: Engine, manifest: bytes, signature_b64: str, release_key_pem: bytes, staff_id: str,
            now: float) -> str:
    """Keep a signed release; returns its version. RolloutRefused for a bad signature or manifest."""
    version = check_signature(manifest, signature_b64, release_key_pem)
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(fleet_releases).values(version=version, manifest=manifest.decode("utf-8"),
                                                          signature=signature_b64, published_at=now,
                                                          staff_id=staff_id))
    except sa.exc.IntegrityError:
        raise RolloutRefused(f"版本 {version} 已发布 / already published") from None
    return version


def start(engine: Engine, version: str, canary: str, now: float) -> int:
    """Open a rollout at its canary ring; a paused one is superseded, a running one refuses. The version and the
    canary's device id are taken as typed (NFKC: full-width digits from a Chinese input method are the same)."""
    version, canary = (unicodedata.normalize("NFKC", text).strip() for text in (version, canary))
    if not canary.isascii():
        raise RolloutRefused(f"终端编号只含字母、数字和连字符：{canary} / a device id is ASCII: {canary}")
    with engine.begin() as conn:
        if conn.execute(sa.select(fleet_releases.c.version).where(fleet_releases.c.version == version)).first() is None:
            raise RolloutRefused(f"未发布版本 {version} / no such release")
        if conn.execute(sa.select(devices.c.device_id).where(devices.c.device_id == canary,
                                                             devices.c.status == "active")).first() is None:
            raise RolloutRefused(f"没有终端 {canary} / no such active kiosk")
        if conn.execute(sa.select(fleet_rollouts.c.id).where(fleet_rollouts.c.state == "running")).first():
            raise RolloutRefused("已有进行中的发布 / a rollout is running")
        conn.execute(sa.update(fleet_rollouts).where(fleet_rollouts.c.state == "paused").values(state="superseded"))
        return int(conn.execute(sa.insert(fleet_rollouts).values(
            version=version, canary=canary, ring=0, state="running", reason="", started_at=now, ring_since=now))
            .inserted_primary_key[0])


def current(conn: Connection) -> Any:
    """The running or paused rollout, or None."""
    return conn.execute(sa.select(fleet_rollouts).where(fleet_rollouts.c.state.in_(("running", "paused")))
                        .order_by(fleet_rollouts.c.id.desc()).limit(1)).first()


def members(conn: Connection, rollout: Any) -> set[str]:
    """The kiosks the rollout's ring (and every ring before it) offers the release to."""
    active = [r.device_id for r in conn.execute(sa.select(devices.c.device_id, devices.c.hall_name)
                                                .where(devices.c.status == "active"))]
    out = {rollout.canary}
    if rollout.ring >= 1:
        hall = conn.execute(sa.select(devices.c.hall_name).where(devices.c.device_id == rollout.canary)).scalar()
        out |= {r.device_id for r in conn.execute(sa.select(devices.c.device_id).where(
            devices.c.hall_name == hall, devices.c.status == "active"))}
    if rollout.ring >= 2:  # a stable 10 % for this version: the same kiosks on every node
        ranked = sorted(active, key=lambda d: hashlib.sha256(f"{rollout.version}:{d}".encode()).hexdigest())
        out |= set(ranked[:math.ceil(len(active) * 0.10)])
    if rollout.ring >= 3:
        out |= set(active)
    return out & set(active)


def on_beat(conn: Connection, device_id: str, beat: dict[str, Any],
            versions: Callable[[Connection, set[str]], dict[str, str]], now: float, soak: float | None = None) -> None:
    """In the beat's transaction: pause on a rollback, open the next ring when this one has soaked.
    `versions(conn, ids)`: the app_version these kiosks last reported (this beat's included)."""
    soak = soak_seconds() if soak is None else soak
    rollout = current(conn)
    if rollout is None:
        return
    if beat.get("rolled_back_from") == rollout.version and rollout.state == "running":
        conn.execute(sa.update(fleet_rollouts).where(fleet_rollouts.c.id == rollout.id).values(
            state="paused", reason=f"{device_id} 回退 / rolled back from {rollout.version}"[:200]))
        return
    if rollout.state != "running":
        return
    ring = members(conn, rollout)
    reported = versions(conn, ring)
    if any(reported.get(d) != rollout.version for d in ring):
        if rollout.ring_complete_at is not None:
            conn.execute(sa.update(fleet_rollouts).where(fleet_rollouts.c.id == rollout.id)
                         .values(ring_complete_at=None))
        return
    if rollout.ring_complete_at is None:
        conn.execute(sa.update(fleet_rollouts).where(fleet_rollouts.c.id == rollout.id).values(ring_complete_at=now))
        if soak > 0:
            return
    elif now - rollout.ring_complete_at < soak:
        return
    last = rollout.ring >= len(RINGS) - 1
    conn.execute(sa.update(fleet_rollouts).where(fleet_rollouts.c.id == rollout.id).values(
        ring=rollout.ring if last else rollout.ring + 1, state="done" if last else "running", ring_since=now,
        ring_complete_at=None))


def offer(conn: Connection, device_id: str, running_version: str) -> dict[str, Any] | None:
    """The release for this kiosk when its ring is open and it runs something else."""
    rollout = current(conn)
    if rollout is None or rollout.state != "running" or running_version == rollout.version:
        return None
    if device_id not in members(conn, rollout):
        return None
    rel = conn.execute(sa.select(fleet_releases).where(fleet_releases.c.version == rollout.version)).first()
    return {"version": rel.version, "manifest": rel.manifest, "signature": rel.signature}


def overview(engine: Engine) -> dict[str, Any]:
    """The rollouts, newest first, with the ring's name."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(fleet_rollouts).order_by(fleet_rollouts.c.id.desc()).limit(20)).all()
        releases = [r.version for r in conn.execute(sa.select(fleet_releases.c.version)
                                                    .order_by(fleet_releases.c.published_at.desc()))]
    return {"releases": releases,
            "rollouts": [{"id": r.id, "version": r.version, "canary": r.canary, "ring": RINGS[r.ring],
                          "ring_label": RING_LABELS[RINGS[r.ring]], "state": r.state, "reason": r.reason}
                         for r in rows]}
