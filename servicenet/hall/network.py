"""The network's side of the halls' uplink: what a hall node pushes (tickets, calls, ends, check-ins, its
booking rules) is stored once per key; a hall node pulls its appointments by cursor and its kiosks' keys.

Every route is signed by the hall node's own device key (it enrolls like a kiosk), and answers only about the
hall that device was enrolled for (devices.hall_name).
"""
from __future__ import annotations

import base64
import json
from collections import defaultdict
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from servicenet import enroll
from servicenet.db import devices, serialize_writers
from servicenet.hall.tables import appointment_rules, appointments, hall_figures
from servicenet.store import now_iso

MAX_EVENTS = 100


class HallEvent(BaseModel):
    key: str
    body: str  # canonical JSON of the event, as the hall wrote it in its outbox


class HallEventsIn(BaseModel):
    events: list[HallEvent]


def _hall(engine: Engine, request: Request) -> enroll.Device:
    device = enroll.get_device(engine, request.scope.get("state", {}).get("device_id", ""))
    if device is None or not device.hall_name:
        raise HTTPException(403, "该终端未登记所属大厅 / this device has no hall")
    return device


def next_seq(conn: sa.Connection) -> int:
    serialize_writers(conn, appointments)
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(appointments.c.seq), 0))).scalar_one()) + 1


def set_appointment_status(conn: sa.Connection, appointment_id: str, status: str, hall_name: str,
                           only_from: tuple[str, ...] = ()) -> None:
    """The hall's word on an appointment; with `only_from`, only over one of those statuses."""
    where = [appointments.c.appointment_id == appointment_id, appointments.c.hall_name == hall_name]
    if only_from:
        where.append(appointments.c.status.in_(only_from))
    conn.execute(sa.update(appointments).where(*where).values(status=status, seq=next_seq(conn)))


def store_events(engine: Engine, hall: enroll.Device, events: list[HallEvent]) -> list[dict[str, str]]:
    """Each event once (a key already stored answers "duplicate"); check-ins and rules take effect here."""
    results = []
    for event in events:
        try:
            body = json.loads(event.body)
        except ValueError:
            results.append({"key": event.key, "result": "rejected", "detail": "body is not JSON"})
            continue
        kind = str(body.get("kind", ""))
        with engine.begin() as conn:
            if conn.execute(sa.select(hall_figures.c.key).where(hall_figures.c.key == event.key)).first():
                results.append({"key": event.key, "result": "duplicate"})
                continue
            conn.execute(sa.insert(hall_figures).values(
                key=event.key[:80], hall=hall.device_id, hall_name=hall.hall_name, kind=kind[:20],
                ticket_id=str(body.get("ticket_id", ""))[:48], body=event.body, received_at=now_iso()))
            if kind == "issued" and body.get("appointment_id"):
                set_appointment_status(conn, str(body["appointment_id"]), "checked_in", hall.hall_name)
            elif kind == "no_show":
                # only over a booking: one the resident cancelled while the hall had not heard is no no-show
                set_appointment_status(conn, str(body.get("appointment_id", "")), "no_show", hall.hall_name,
                                       only_from=("booked",))
            elif kind == "rules":
                conn.execute(sa.delete(appointment_rules).where(appointment_rules.c.hall_name == hall.hall_name))
                conn.execute(sa.insert(appointment_rules).values(hall_name=hall.hall_name,
                                                                 body=json.dumps(body["rules"], ensure_ascii=False),
                                                                 updated_at=now_iso()))
        results.append({"key": event.key, "result": "stored"})
    return results


def figures(engine: Engine) -> list[dict[str, Any]]:
    """Per hall and business: tickets issued, called, ended, the cases linked, and the average wait (issue to
    first call), from what the halls pushed."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(hall_figures.c.hall_name, hall_figures.c.kind, hall_figures.c.ticket_id,
                                      hall_figures.c.body).order_by(hall_figures.c.received_at)).all()
    business: dict[str, str] = {}
    first_wait: dict[str, float] = {}
    out: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"issued": 0, "called": 0, "ended": 0, "cases": 0, "priority": 0, "_waits": []})
    for r in rows:
        body = json.loads(r.body)
        if r.kind == "issued":
            business[r.ticket_id] = body.get("business", "")
            f = out[(r.hall_name, business[r.ticket_id])]
            f["issued"] += 1
            f["priority"] += bool(body.get("priority"))
    for r in rows:
        if r.kind not in ("call", "end", "case"):
            continue
        body = json.loads(r.body)
        f = out[(r.hall_name, business.get(r.ticket_id, body.get("business", "")))]
        if r.kind == "call" and r.ticket_id not in first_wait:
            first_wait[r.ticket_id] = float(body.get("waited", 0))
            f["called"] += 1
            f["_waits"].append(first_wait[r.ticket_id])
        elif r.kind == "end":
            f["ended"] += 1
        elif r.kind == "case":
            f["cases"] += 1
    result = []
    for (hall_name, name), f in sorted(out.items()):
        waits = f.pop("_waits")
        result.append({"hall_name": hall_name, "business": name, **f,
                       "avg_wait_minutes": round(sum(waits) / len(waits) / 60, 1) if waits else None})
    return result


def ticket_of_case(engine: Engine, case_code: str) -> dict[str, Any] | None:
    """The hall ticket a clerk linked to this case (the back office shows it beside the case)."""
    with engine.connect() as conn:
        link = conn.execute(sa.select(hall_figures.c.ticket_id, hall_figures.c.hall_name).where(
            hall_figures.c.kind == "case", hall_figures.c.body.like(f'%"case_code":"{case_code}"%'))).first()
        if link is None:
            return None
        issued = conn.execute(sa.select(hall_figures.c.body).where(hall_figures.c.ticket_id == link.ticket_id,
                                                                   hall_figures.c.kind == "issued")).first()
    body = json.loads(issued.body) if issued else {}
    return {"ticket_id": link.ticket_id, "hall_name": link.hall_name, "number": body.get("number", ""),
            "business": body.get("business", "")}


def router(engine: Engine) -> APIRouter:
    r = APIRouter()

    @r.post("/v1/hall/events/batch")
    async def push(body: HallEventsIn, request: Request) -> dict[str, Any]:
        if len(body.events) > MAX_EVENTS:
            raise HTTPException(413, f"一次最多 {MAX_EVENTS} 条 / at most {MAX_EVENTS} events")
        hall = await run_in_threadpool(_hall, engine, request)
        return {"results": await run_in_threadpool(store_events, engine, hall, body.events)}

    @r.get("/v1/hall/appointments")
    def pull(request: Request, cursor: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
             limit: Annotated[int, Query(ge=1, le=500)] = 200) -> dict[str, Any]:
        hall = _hall(engine, request)
        with engine.connect() as conn:
            rows = conn.execute(sa.select(appointments).where(appointments.c.hall_name == hall.hall_name,
                                                              appointments.c.seq > cursor)
                                .order_by(appointments.c.seq).limit(limit)).all()
            rules = conn.execute(sa.select(appointment_rules.c.body).where(
                appointment_rules.c.hall_name == hall.hall_name)).first()
        items = [{k: v for k, v in row._mapping.items() if k not in ("hall_name", "created_at", "masked_name")}
                 for row in rows]
        return {"appointments": items, "cursor": rows[-1].seq if rows else cursor,
                "rules": json.loads(rules.body) if rules else None}

    @r.get("/v1/hall/devices")
    def hall_devices(request: Request) -> dict[str, Any]:
        """The kiosks of this hall (their public keys), so the hall node checks their signatures itself."""
        hall = _hall(engine, request)
        with engine.connect() as conn:
            rows = conn.execute(sa.select(devices).where(devices.c.hall_name == hall.hall_name)).all()
        return {"devices": [{"device_id": d.device_id, "region": d.region, "number": d.number,
                             "public_key": d.public_key, "status": d.status, "enrolled_at": d.enrolled_at}
                            for d in rows if base64.b64decode(d.public_key)]}

    return r
