"""Remote settings: an administrator changes a hall's or a kiosk's settings; each kiosk gets them signed.

- A change is a row of fleet_settings (append-only: the audit log of settings). Its id is the version. A
  scope holds a document of the keys set for it; the newest row of a scope is its document.
- A kiosk's settings are its hall's document with its own on top; their version is the newest id of the two.
- A change is checked with the kiosk's own schema (domain.kiosksettings.remote) before it is kept: a bad value
  is refused here and never reaches a kiosk.
- The kiosk says the version it runs in each heartbeat; when the network holds a newer one it answers with
  {device_id, version, settings} and an Ed25519 signature (the "settings-sign" key, given at enrollment).
  The device id is signed too, so one kiosk's settings cannot be replayed to another.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from domain import kiosksettings
from servicenet.columns import serial_id, table, unix_time
from servicenet.db import devices
from servicenet.enroll import device_id_typed
from servicenet.results.signing import SigningKey

KEY_NAME = "settings-sign"

fleet_settings = table(
    "fleet_settings",
    serial_id("version"),
    sa.Column("scope", sa.String(220), nullable=False, index=True),  # "hall:<name>" | "device:<id>"
    sa.Column("doc", sa.Text, nullable=False),  # the scope's keys after this change (canonical JSON)
    sa.Column("previous", sa.Text, nullable=False),  # the scope's keys before it
    sa.Column("staff_id", sa.String(64), nullable=False),
    unix_time("at"),
    sqlite_autoincrement=True,
)


class SettingsRefused(ValueError):
    """The change is not allowed or a value is bad; the message names the key."""


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _latest(conn: Connection, scope: str) -> tuple[int, dict[str, Any]]:
    row = conn.execute(sa.select(fleet_settings.c.version, fleet_settings.c.doc).where(fleet_settings.c.scope == scope)
                       .order_by(fleet_settings.c.version.desc()).limit(1)).first()
    return (row.version, json.loads(row.doc)) if row else (0, {})


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = (out.get(key) or {}) | value if isinstance(value, dict) else value
    return out


def check(doc: dict[str, Any]) -> None:
    """SettingsRefused unless the kiosk's schema takes `doc` (checked over the defaults)."""
    try:
        kiosksettings.remote(kiosksettings.Settings(), doc)
    except kiosksettings.ConfigError as exc:
        raise SettingsRefused(str(exc)) from None


def change(engine: Engine, scope: str, keys: dict[str, Any], staff_id: str, now: float) -> int:
    """Set `keys` for a scope (on top of what it holds); returns the new version. Refuses a bad value."""
    if not scope.startswith(("hall:", "device:")) or len(scope) > 220 or not scope.split(":", 1)[1].strip():
        raise SettingsRefused("scope: hall:<name> or device:<id>")
    if scope.startswith("device:"):  # as typed: full-width digits, spaces
        scope = f"device:{device_id_typed(scope.split(':', 1)[1])}"
    with engine.begin() as conn:
        _, held = _latest(conn, scope)
        doc = merge(held, keys)
        if scope.startswith("device:"):
            device = scope.split(":", 1)[1]
            hall = conn.execute(sa.select(devices.c.hall_name).where(devices.c.device_id == device)).scalar()
            if hall is None:
                raise SettingsRefused(f"没有终端 {device} / no such kiosk")
            check(merge(_latest(conn, f"hall:{hall}")[1], doc))
        else:
            check(doc)
        return int(conn.execute(sa.insert(fleet_settings).values(
            scope=scope, doc=canonical(doc), previous=canonical(held), staff_id=staff_id, at=now))
            .inserted_primary_key[0])


def effective(conn: Connection, device_id: str) -> tuple[int, dict[str, Any]]:
    """(version, settings) of a kiosk: its hall's document with its own on top."""
    hall = conn.execute(sa.select(devices.c.hall_name).where(devices.c.device_id == device_id)).scalar() or ""
    hall_version, hall_doc = _latest(conn, f"hall:{hall}")
    own_version, own_doc = _latest(conn, f"device:{device_id}")
    return max(hall_version, own_version), merge(hall_doc, own_doc)


def for_beat(engine: Engine, device_id: str, running: int, key: SigningKey) -> dict[str, Any] | None:
    """The signed settings when the kiosk runs an older version than the network holds, else None."""
    with engine.connect() as conn:
        version, doc = effective(conn, device_id)
    if version == 0 or version == running:
        return None
    return {"version": version, "settings": doc, "signature": key.sign(kiosksettings.statement(device_id, version, doc))}


def history(engine: Engine, limit: int = 100) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(fleet_settings).order_by(fleet_settings.c.version.desc()).limit(limit)).all()
    return [{"version": r.version, "scope": r.scope, "doc": json.loads(r.doc), "previous": json.loads(r.previous),
             "staff_id": r.staff_id, "at": datetime.fromtimestamp(r.at).astimezone().isoformat(timespec="seconds")}
            for r in rows]
