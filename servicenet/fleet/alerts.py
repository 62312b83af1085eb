"""Alerts from heartbeats: one open alert per kiosk and condition, resolved when the condition clears.

- `on_beat(conn, device_id, beat, now)` runs in the transaction that keeps the beat (servicenet/heartbeat.py):
  conditions the beat shows and no open alert has are raised, open ones the beat no longer shows are resolved.
- `sweep(engine, now)` raises `offline` for kiosks whose last beat is older than the limit (any node may run
  it: the database keeps it one alert) and resolves it on the next beat.
- Deduplicated in the database, not in a process: an open alert holds `open_key` = "<device>:<condition>",
  which is unique; a resolved one holds NULL. Two nodes raising the same alert at once: one insert wins.
- The responsible technician (fleet_technicians: for a kiosk, else for its hall, else for every kiosk) is told
  through the SMS outbox in the same transaction, once when the alert is raised and once when it clears; the
  kiosk's webhook (servicenet/fleet/webhooks.py) gets the same two events through its own outbox.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from servicenet.columns import serial_id, table, unix_time
from servicenet.db import devices
from servicenet.enroll import device_id_typed
from servicenet.fleet import conditions as cond
from servicenet.fleet import webhooks
from servicenet.sms import outbox as sms

fleet_alerts = table(
    "fleet_alerts",
    serial_id(),
    sa.Column("device_id", sa.String(32), nullable=False, index=True),
    sa.Column("condition", sa.String(24), nullable=False),
    sa.Column("severity", sa.String(8), nullable=False),
    sa.Column("text", sa.String(200), nullable=False),
    sa.Column("open_key", sa.String(60), nullable=True, unique=True),  # set while open: one open alert per pair
    unix_time("raised_at"),
    unix_time("resolved_at", nullable=True),
    sa.Column("notified", sa.Text, nullable=False, default=""),  # whom it went to: phones, webhook:<scope>
    sqlite_autoincrement=True,
)

# Who is told: scope "device:<id>", "hall:<hall name>" or "*" (every kiosk); the most specific scope wins.
fleet_technicians = table(
    "fleet_technicians",
    sa.Column("scope", sa.String(220), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, default=""),
    sa.Column("phone", sa.String(20), nullable=False),
)


def set_technician(engine: Engine, scope: str, phone: str, name: str = "") -> str:
    """Make `phone` the technician of a scope; returns the canonical phone (sms.BadPhone when not a mobile)."""
    if not (scope == "*" or scope.startswith(("device:", "hall:"))) or len(scope) > 220:
        raise ValueError("scope: device:<id>, hall:<name> or *")
    phone = sms.canonical_phone(phone)
    with engine.begin() as conn:
        if scope.startswith("device:"):  # a device id typed with full-width digits or spaces is the same kiosk
            device = device_id_typed(scope.split(":", 1)[1])
            if conn.execute(sa.select(devices.c.device_id).where(devices.c.device_id == device)).first() is None:
                raise ValueError(f"没有终端 {device} / no such kiosk: {device}")
            scope = f"device:{device}"
        conn.execute(sa.delete(fleet_technicians).where(fleet_technicians.c.scope == scope))
        conn.execute(sa.insert(fleet_technicians).values(scope=scope, name=name.strip()[:64], phone=phone))
    return phone


def technicians(engine: Engine) -> list[dict[str, str]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(fleet_technicians).order_by(fleet_technicians.c.scope))]


def technician(conn: Connection, device_id: str) -> tuple[str, str] | None:
    """(name, phone) of whoever looks after this kiosk, or None."""
    hall = conn.execute(sa.select(devices.c.hall_name).where(devices.c.device_id == device_id)).scalar()
    rows = {r.scope: (r.name, r.phone) for r in conn.execute(sa.select(fleet_technicians).where(
        fleet_technicians.c.scope.in_([f"device:{device_id}", f"hall:{hall or ''}", "*"])))}
    for scope in (f"device:{device_id}", f"hall:{hall or ''}", "*"):
        if scope in rows:
            return rows[scope]
    return None


def _tell(conn: Connection, alert_id: int, device_id: str, text: str, event: str, now: float) -> str:
    """Tell the technician (SMS) and the kiosk's webhook; returns whom: phones and "webhook:<scope>"."""
    hall = conn.execute(sa.select(devices.c.hall_name).where(devices.c.device_id == device_id)).scalar() or ""
    alert = conn.execute(sa.select(fleet_alerts).where(fleet_alerts.c.id == alert_id)).one()
    told = []
    scope = webhooks.enqueue(conn, f"fleet-alert:{alert_id}:{event}", device_id, {
        "event": f"alert.{event}", "at": _iso(now),
        "alert": {"id": alert_id, "device_id": device_id, "hall_name": hall, "condition": alert.condition,
                  "severity": alert.severity, "text": text, "raised_at": _iso(alert.raised_at),
                  "resolved_at": _iso(alert.resolved_at)}}, now)
    who = technician(conn, device_id)
    template = "fleet_alert" if event == "raised" else "fleet_alert_cleared"
    if who is not None and sms.enqueue(conn, f"fleet-alert:{alert_id}:{event}", who[1], template,
                                       {"device": device_id, "hall": hall, "problem": text}, now):
        told.append(who[1])
    if scope:
        told.append(f"webhook:{scope}")
    return ",".join(told)


def _iso(t: float | None) -> str | None:
    return datetime.fromtimestamp(t).astimezone().isoformat(timespec="seconds") if t is not None else None


def _open(conn: Connection, device_id: str) -> dict[str, Any]:
    rows = conn.execute(sa.select(fleet_alerts.c.id, fleet_alerts.c.condition, fleet_alerts.c.text)
                        .where(fleet_alerts.c.device_id == device_id, fleet_alerts.c.open_key.is_not(None)))
    return {r.condition: r for r in rows}


def _raise(conn: Connection, device_id: str, c: cond.Condition, now: float) -> bool:
    """Insert the open alert unless another node just did (the unique open_key); tell the technician."""
    try:
        with conn.begin_nested():
            alert_id = conn.execute(sa.insert(fleet_alerts).values(
                device_id=device_id, condition=c.code, severity=c.severity, text=c.text[:200],
                open_key=f"{device_id}:{c.code}", raised_at=now, notified="")).inserted_primary_key[0]
    except sa.exc.IntegrityError:
        return False
    told = _tell(conn, alert_id, device_id, c.text, "raised", now)
    if told:
        conn.execute(sa.update(fleet_alerts).where(fleet_alerts.c.id == alert_id).values(notified=told))
    return True


def _resolve(conn: Connection, alert_id: int, device_id: str, text: str, now: float) -> None:
    if conn.execute(sa.update(fleet_alerts).where(fleet_alerts.c.id == alert_id, fleet_alerts.c.open_key.is_not(None))
                    .values(open_key=None, resolved_at=now)).rowcount:
        _tell(conn, alert_id, device_id, text, "cleared", now)


def on_beat(conn: Connection, device_id: str, beat: dict[str, Any], now: float) -> None:
    """Raise and resolve this kiosk's alerts from its newest beat (in the caller's transaction)."""
    now_shows = cond.from_beat(beat, now)
    held = _open(conn, device_id)
    for code, c in now_shows.items():
        if code not in held:
            _raise(conn, device_id, c, now)
    for code, row in held.items():
        if code not in now_shows:  # includes offline: a beat came
            _resolve(conn, row.id, device_id, row.text, now)


def sweep(engine: Engine, now: float, offline_after: float = cond.OFFLINE_AFTER_S) -> int:
    """Raise `offline` for every active kiosk silent for longer than `offline_after`; returns how many."""
    from servicenet.heartbeat import device_heartbeats  # the beats' table (heartbeat.py imports this module)

    raised = 0
    with engine.begin() as conn:
        rows = conn.execute(sa.select(devices.c.device_id, device_heartbeats.c.received_unix)
                            .select_from(devices.join(device_heartbeats,
                                                      device_heartbeats.c.device_id == devices.c.device_id))
                            .where(devices.c.status == "active",
                                   device_heartbeats.c.received_unix < now - offline_after)).all()
        for r in rows:
            if "offline" not in _open(conn, r.device_id):
                raised += _raise(conn, r.device_id, cond.offline(int((now - r.received_unix) // 60)), now)
    return raised


def listing(engine: Engine, open_only: bool = False, limit: int = 200) -> list[dict[str, Any]]:
    """Alerts, open ones first, newest first, with the kiosk's hall."""
    q = (sa.select(fleet_alerts, devices.c.hall_name)
         .select_from(fleet_alerts.outerjoin(devices, devices.c.device_id == fleet_alerts.c.device_id))
         .order_by(fleet_alerts.c.resolved_at.is_not(None), fleet_alerts.c.raised_at.desc(), fleet_alerts.c.id.desc())
         .limit(limit))
    if open_only:
        q = q.where(fleet_alerts.c.open_key.is_not(None))
    with engine.connect() as conn:
        rows = conn.execute(q).all()

    return [{"id": r.id, "device_id": r.device_id, "hall_name": r.hall_name or "", "condition": r.condition,
             "severity": r.severity, "text": r.text, "open": r.open_key is not None, "raised_at": _iso(r.raised_at),
             "resolved_at": _iso(r.resolved_at), "notified": r.notified} for r in rows]
