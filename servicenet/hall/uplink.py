"""The hall node's link to the provincial network: push the outbox up, pull appointments and kiosk keys down.

Exactly once: an outbox row is written in the same transaction as the change it reports, is sent with its key,
and is marked sent only after the network answered for that key ("stored" or "duplicate"). A row sent but not
marked (the link or the process died in between) is sent again and answered "duplicate". With the link down
the rows wait; nothing on the hall's LAN waits for them.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import requests
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain.signing import DeviceKey, RequestSigner
from servicenet.db import devices
from servicenet.hall.queue import day_of, enqueue
from servicenet.hall.tables import hall_appointments, hall_outbox, hall_state

log = logging.getLogger(__name__)
BATCH = 100


class NotEnrolled(RuntimeError):
    """The hall node has no device key on the network yet (`servicenet hall enroll`)."""


def get_state(engine: Engine, name: str, default: str = "") -> str:
    with engine.connect() as conn:
        row = conn.execute(sa.select(hall_state.c.value).where(hall_state.c.name == name)).first()
    return row.value if row else default


def set_state(conn: sa.Connection, name: str, value: str) -> None:
    conn.execute(sa.delete(hall_state).where(hall_state.c.name == name))
    conn.execute(sa.insert(hall_state).values(name=name, value=value))


def pending(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(hall_outbox).where(
            hall_outbox.c.sent_at.is_(None))).scalar_one())


class Uplink:
    """One round: push() the outbox, pull() appointments and the hall's kiosks; run() repeats it in a thread."""

    def __init__(self, engine: Engine, upstream: str, *, timeout: float = 5.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.upstream = upstream.rstrip("/")
        self.timeout = timeout
        self.clock = clock
        pem = get_state(engine, "device_key")
        if not pem:
            raise NotEnrolled("本大厅节点尚未在政务服务网登记（servicenet hall enroll）")
        self.http = requests.Session()
        self.http.auth = RequestSigner(DeviceKey.from_pem(pem.encode("ascii")), get_state(engine, "device_id"))
        self._stop = threading.Event()
        self.thread: threading.Thread | None = None
        self.online = False

    def close(self) -> None:
        self.stop()
        self.http.close()

    def _get(self, path: str, **params: Any) -> Any:
        resp = self.http.get(self.upstream + path, params=params, timeout=self.timeout)
        resp.raise_for_status()
        return resp.json()

    def push(self) -> int:
        """Send the unsent outbox rows in order; the number the network answered for."""
        done = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(sa.select(hall_outbox.c.id, hall_outbox.c.key, hall_outbox.c.body).where(
                    hall_outbox.c.sent_at.is_(None)).order_by(hall_outbox.c.id).limit(BATCH)).all()
            if not rows:
                return done
            resp = self.http.post(self.upstream + "/v1/hall/events/batch", timeout=self.timeout,
                                  json={"events": [{"key": r.key, "body": r.body} for r in rows]})
            resp.raise_for_status()
            answered = {x["key"] for x in resp.json()["results"] if x.get("result") in ("stored", "duplicate")}
            with self.engine.begin() as conn:
                conn.execute(sa.update(hall_outbox).where(hall_outbox.c.key.in_(answered),
                                                          hall_outbox.c.sent_at.is_(None)).values(sent_at=self.clock()))
            done += len(answered)
            if len(answered) < len(rows):  # a row the network refused: keep it, log it, try again next round
                log.warning("network refused %d hall event(s)", len(rows) - len(answered))
                return done

    def pull(self) -> int:
        """Appointments changed since the cursor (a local check-in is kept), the booking rules, the kiosks."""
        count = 0
        while True:
            cursor = int(get_state(self.engine, "appointments_cursor", "0"))
            page = self._get("/v1/hall/appointments", cursor=cursor)
            with self.engine.begin() as conn:
                for a in page["appointments"]:
                    mine = conn.execute(sa.select(hall_appointments.c.status).where(
                        hall_appointments.c.appointment_id == a["appointment_id"])).first()
                    values = {k: a[k] for k in ("person_hash", "service_name", "category", "day", "start", "status")}
                    if mine is None:
                        conn.execute(sa.insert(hall_appointments).values(appointment_id=a["appointment_id"], **values))
                    elif mine.status in ("booked", "cancelled"):
                        conn.execute(sa.update(hall_appointments).where(
                            hall_appointments.c.appointment_id == a["appointment_id"]).values(**values))
                if page["rules"] is not None:
                    set_state(conn, "rules", json.dumps(page["rules"], ensure_ascii=False))
                set_state(conn, "appointments_cursor", str(page["cursor"]))
            count += len(page["appointments"])
            if not page["appointments"]:
                break
        self.pull_devices()
        return count

    def pull_devices(self) -> None:
        listed = self._get("/v1/hall/devices")["devices"]
        with self.engine.begin() as conn:
            for d in listed:
                conn.execute(sa.delete(devices).where(devices.c.device_id == d["device_id"]))
                conn.execute(sa.insert(devices).values(**d, hall_name=get_state(self.engine, "hall_name")))

    def mark_no_shows(self) -> int:
        """Booked appointments past their start plus the hall's grace minutes become no-shows (sent up)."""
        rules = json.loads(get_state(self.engine, "rules", "null") or "null") or {}
        grace = float(rules.get("no_show_minutes", 30))
        now = self.clock()
        late = []
        with self.engine.begin() as conn:
            rows = conn.execute(sa.select(hall_appointments).where(hall_appointments.c.status == "booked",
                                                                   hall_appointments.c.day <= day_of(now))).all()
            for a in rows:
                start = datetime.fromisoformat(f"{a.day}T{a.start}")
                if start + timedelta(minutes=grace) < datetime.fromtimestamp(now):
                    still_booked = conn.execute(sa.update(hall_appointments).where(  # a check-in just now stands
                        hall_appointments.c.appointment_id == a.appointment_id,
                        hall_appointments.c.status == "booked").values(status="no_show")).rowcount
                    if not still_booked:
                        continue
                    enqueue(conn, f"{a.appointment_id}:no_show", "no_show", {"appointment_id": a.appointment_id,
                                                                             "at": now}, now)
                    late.append(a.appointment_id)
        return len(late)

    def round(self) -> None:
        try:
            self.mark_no_shows()
            self.push()
            self.pull()
            self.online = True
        except (requests.RequestException, ValueError, KeyError) as exc:
            if self.online:
                log.warning("uplink to %s lost: %s", self.upstream, type(exc).__name__)
            self.online = False

    def run(self, interval: float = 1.0) -> None:
        while not self._stop.is_set():
            self.round()
            self._stop.wait(interval if self.online else min(5.0, interval * 3))

    def start(self, interval: float = 1.0) -> None:
        self.thread = threading.Thread(target=self.run, args=(interval,), name="hall-uplink", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self.thread is not None:
            self.thread.join(10)
