"""Kiosk health from heartbeats: POST /v1/devices/heartbeat (signed by the kiosk), the staff's fleet view.

The network keeps each kiosk's latest heartbeat only (one row per device, replaced), so a province of kiosks
beating every minute costs one small write each. A kiosk is *silent* when its last beat is older than
`stale_after` seconds (or it never sent one); its problems are the conditions servicenet/fleet/conditions.py
reads from the beat, the same ones the alerts are raised from.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Annotated, Any, Literal, Self

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import AwareDatetime, BaseModel, Field, ModelWrapValidatorHandler, PrivateAttr, model_validator
from sqlalchemy.engine import Engine

from servicenet.backoffice.roles import Role, Staff, require_role
from servicenet.columns import iso_time, table, unix_time
from servicenet.db import devices
from servicenet.fleet import alerts, progress, rollout
from servicenet.fleet import conditions as cond
from servicenet.fleet import files as release_files
from servicenet.fleet import settings as fleet_settings

log = logging.getLogger(__name__)

INTERVAL = 60  # seconds between beats the network asks for
STALE_AFTER = float(cond.OFFLINE_AFTER_S)  # seconds without a beat before a kiosk shows as silent (失联)

device_heartbeats = table(
    "device_heartbeats",
    sa.Column("device_id", sa.String(32), primary_key=True),
    iso_time("received_at"),
    unix_time("received_unix"),
    iso_time("sent_at"),
    sa.Column("queue_depth", sa.Integer, nullable=False),
    sa.Column("quarantined", sa.Integer, nullable=False),
    sa.Column("last_sync", sa.String(40), nullable=True),
    sa.Column("body", sa.Text, nullable=False),  # the beat as sent (canonical JSON)
)


class DeviceHealthIn(BaseModel):
    health: Literal["ok", "warning", "error"] = Field(description="drivers.base.Health")
    reason: str = Field("", max_length=200, description="why, when not ok (untranslated driver text)")


class PrinterHealthIn(DeviceHealthIn):
    paper: Literal["ok", "low", "out", "unknown"] = "unknown"


class A4HealthIn(PrinterHealthIn):
    toner: Literal["ok", "low", "out", "unknown"] = "unknown"


class DiskIn(BaseModel):
    free_mb: int = Field(ge=0, le=10**9)
    total_mb: int = Field(ge=0, le=10**9)


class HeartbeatIn(BaseModel):
    """What a kiosk reports about itself every INTERVAL seconds."""

    at: AwareDatetime = Field(description="the kiosk's clock when it sent the beat")
    queue_depth: int = Field(ge=0, le=10_000_000, description="outbox rows waiting (queued + sending)")
    quarantined: int = Field(0, ge=0, le=10_000_000)
    last_sync: AwareDatetime | None = Field(None, description="last pass that reached the network")
    online: bool = True
    printer: PrinterHealthIn
    reader: DeviceHealthIn
    a4: A4HealthIn | None = Field(None, description="the A4 printer for result documents, when the kiosk has one")
    app_version: str = Field("", max_length=40)
    disk: Literal["ok", "full"] = Field("ok", description="full: a write failed for lack of space (磁盘已满)")
    disk_space: DiskIn | None = Field(None, description="free and total space of the kiosk's data disk")
    settings_version: int = Field(0, ge=0, le=2**62, description="the newest version of the network's settings it "
                                  "received and wrote")
    settings_running: int | None = Field(None, ge=0, le=2**62, description="the newest version whose every key is "
                                         "in effect; lower than settings_version while a change waits for a restart")
    rolled_back_from: str = Field("", max_length=40, description="a release it switched to and rolled back from")
    update: progress.UpdateIn | None = Field(None, description="a release on its way to the kiosk (left out of the "
                                             "beat, and named in the answer's `ignored`, when malformed)")
    _ignored: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _lenient_update(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        data, why = progress.split_update(data)  # a bad progress report must not cost the kiosk its beat
        beat = handler(data)
        if why:
            beat._ignored["update"] = why
        return beat

    @property
    def ignored(self) -> dict[str, str]:
        """Fields left out of the beat as malformed, and why."""
        return self._ignored


class SignedSettingsOut(BaseModel):
    version: int
    settings: dict[str, Any] = Field(description="the keys the network sets (domain/kiosksettings.py REMOTE)")
    signature: str = Field(description="Ed25519 (the enrollment's settings_key), base64, over the canonical JSON "
                                       "of {device_id, version, settings}")


class ReleaseOut(BaseModel):
    version: str
    manifest: str = Field(description="BUILD-MANIFEST.json as signed (deploy/update.py)")
    signature: str = Field(description="base64 of the Ed25519 signature over the manifest's bytes")
    files_url: str = Field("", description="GET <files_url>/<sha256> for each file (a path on this network; "
                                            "HTTP Range); the token in it is fresh for an hour")


class HeartbeatOut(BaseModel):
    ok: bool
    received_at: str
    interval: int = Field(description="seconds until the next beat")
    settings: SignedSettingsOut | None = Field(None, description="newer settings than the kiosk runs, signed")
    release: ReleaseOut | None = Field(None, description="a release its rollout ring offers it")
    ignored: list[str] = Field(default_factory=list, description="fields of the beat left out as malformed (the "
                               "rest was taken)")


class KioskHealth(BaseModel):
    device_id: str
    hall_name: str
    status: str = Field(description="enrolled device status: active | revoked")
    level: Literal["ok", "warning", "error", "silent"]
    problems: list[str]
    last_beat: str | None
    queue_depth: int | None
    quarantined: int | None
    last_sync: str | None
    online: bool | None
    printer: dict[str, Any] | None
    reader: dict[str, Any] | None
    a4: dict[str, Any] | None = None
    app_version: str
    settings_version: int = 0
    rolled_back_from: str = Field("", description="a release this kiosk switched to and rolled back from")
    settings_running: int = 0
    restart_pending: bool = Field(False, description="settings received that take effect at the kiosk's next start")
    update: progress.UpdateIn | None = Field(None, description="a release on its way to the kiosk, as its latest "
                                             "beat said")
    update_text: str = Field("", description="the same in words (下载中 45%（150/333 MB）)")


class KiosksOut(BaseModel):
    kiosks: list[KioskHealth]


def _upsert(conn: sa.Connection, row: dict[str, Any]) -> None:
    if conn.dialect.name in ("sqlite", "postgresql"):
        dialect = __import__(f"sqlalchemy.dialects.{conn.dialect.name}", fromlist=["insert"])
        stmt = dialect.insert(device_heartbeats).values(**row)
        conn.execute(stmt.on_conflict_do_update(index_elements=["device_id"],
                                                set_={k: v for k, v in row.items() if k != "device_id"}))
        return
    if conn.execute(sa.update(device_heartbeats).where(device_heartbeats.c.device_id == row["device_id"])
                    .values(**row)).rowcount == 0:
        conn.execute(sa.insert(device_heartbeats).values(**row))


def reported_versions(conn: sa.Connection, device_ids: set[str]) -> dict[str, str]:
    """The app_version each of these kiosks sent in its latest beat."""
    rows = conn.execute(sa.select(device_heartbeats.c.device_id, device_heartbeats.c.body)
                        .where(device_heartbeats.c.device_id.in_(sorted(device_ids))))
    return {r.device_id: str(json.loads(r.body).get("app_version", "")) for r in rows}


def record(engine: Engine, device_id: str, beat: HeartbeatIn, now: float) -> str:
    """Keep the beat as the device's latest and raise or resolve its alerts; returns when it was received."""
    received = datetime.fromtimestamp(now).astimezone().isoformat(timespec="seconds")
    with engine.begin() as conn:
        _upsert(conn, {"device_id": device_id, "received_at": received, "received_unix": now,
                       "sent_at": beat.at.isoformat(), "queue_depth": beat.queue_depth,
                       "quarantined": beat.quarantined,
                       "last_sync": beat.last_sync.isoformat() if beat.last_sync else None,
                       "body": beat.model_dump_json()})
        body = beat.model_dump(mode="json")
        alerts.on_beat(conn, device_id, body, now)
        rollout.on_beat(conn, device_id, body, reported_versions, now)
    return received


def settings_state(beat: dict[str, Any]) -> dict[str, Any]:
    """The settings versions a beat reports; a kiosk that does not say what runs is taken to run what it has."""
    received = int(beat.get("settings_version") or 0)
    running = beat.get("settings_running")
    running = received if running is None else int(running)
    return {"settings_version": received, "settings_running": running, "restart_pending": running < received}


def _problems(beat: dict[str, Any], received_unix: float) -> tuple[str, list[str]]:
    """The worst severity and the words of the conditions the beat shows (the alerts read the same ones)."""
    shown = list(cond.from_beat(beat, received_unix).values())
    level = "error" if any(c.severity == "error" for c in shown) else "warning" if shown else "ok"
    return level, [c.text for c in shown]


def offer_release(engine: Engine, device_id: str, running: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        return rollout.offer(conn, device_id, running)


def fleet(engine: Engine, now: float, stale_after: float = STALE_AFTER) -> list[dict[str, Any]]:
    """Every enrolled kiosk with its latest beat and what is wrong with it, worst first."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(devices.c.device_id, devices.c.hall_name, devices.c.status, device_heartbeats.c.received_at,
                      device_heartbeats.c.received_unix, device_heartbeats.c.body)
            .select_from(devices.outerjoin(device_heartbeats, device_heartbeats.c.device_id == devices.c.device_id))
            .order_by(devices.c.device_id)).all()
    out = []
    for r in rows:
        item: dict[str, Any] = {"device_id": r.device_id, "hall_name": r.hall_name or "", "status": r.status,
                                "last_beat": r.received_at, "queue_depth": None, "quarantined": None,
                                "last_sync": None, "online": None, "printer": None, "reader": None,
                                "a4": None, "app_version": "", "update": None, "update_text": ""}
        if r.body is None:
            item.update(level="silent", problems=["从未上报心跳"])
        else:
            beat = json.loads(r.body)
            item.update({k: beat.get(k) for k in ("queue_depth", "quarantined", "last_sync", "online", "printer",
                                                  "reader", "a4")}, app_version=beat.get("app_version", ""),
                        rolled_back_from=str(beat.get("rolled_back_from") or ""), **settings_state(beat),
                        update=beat.get("update"), update_text=progress.words(beat.get("update")))
            level, problems = _problems(beat, r.received_unix)
            if r.received_unix < now - stale_after:
                problems.insert(0, cond.offline(int((now - r.received_unix) // 60)).text)
                level = "silent"
            item.update(level=level, problems=problems)
        if r.status != "active":
            item.update(level="ok", problems=["已停用"])
        out.append(item)
    rank = {"silent": 0, "error": 1, "warning": 2, "ok": 3}
    return sorted(out, key=lambda k: (rank[k["level"]], k["device_id"]))


def router(engine: Engine) -> APIRouter:
    r = APIRouter()

    @r.post("/v1/devices/heartbeat", response_model=HeartbeatOut,
            responses={401: {"description": "not signed by an enrolled device"}})
    async def heartbeat(beat: HeartbeatIn, request: Request) -> dict[str, Any]:
        device_id = getattr(request.state, "device_id", None)
        if not device_id:  # only reachable without servicenet/auth.py's guard in front
            raise HTTPException(401, "心跳须由已注册终端签名 / a heartbeat must be signed by an enrolled kiosk")
        for name, why in beat.ignored.items():
            log.warning("heartbeat from %s: its %s field is malformed and was left out (%s)", device_id, name, why)
        received = await run_in_threadpool(record, engine, device_id, beat, request.app.state.clock())
        newer = await run_in_threadpool(fleet_settings.for_beat, engine, device_id, beat.settings_version,
                                        request.app.state.settings_key)
        release = await run_in_threadpool(offer_release, engine, device_id, beat.app_version)
        if release is not None:
            release["files_url"] = release_files.files_path(request.app.state.release_files_secret, device_id,
                                                            release["version"], request.app.state.clock())
        return {"ok": True, "received_at": received, "interval": INTERVAL, "settings": newer, "release": release,
                "ignored": sorted(beat.ignored)}

    @r.get("/v1/backoffice/kiosks", response_model=KiosksOut, tags=["back office"],
           responses={401: {"description": "no valid staff token"}, 403: {"description": "not this role"}})
    async def kiosks(request: Request,
                     _staff: Annotated[Staff, require_role(Role.ADMIN, Role.SUPERVISOR)]) -> dict[str, Any]:
        return {"kiosks": await run_in_threadpool(fleet, engine, request.app.state.clock())}

    return r
