"""The network's pages of the halls: a resident books, sees and cancels appointments (/web/appointments);
staff read the halls' queue figures and the tickets linked to cases (/admin/halls)."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine

from domain import wire
from servicenet.backoffice.roles import Role, Staff, require_role
from servicenet.db import services
from servicenet.hall import appointments as booking
from servicenet.hall import network
from servicenet.hall.pages import ENV
from servicenet.hall.tables import hall_figures
from servicenet.webchannel import login
from servicenet.webchannel.pages import HEADERS

WEEKDAYS = "一二三四五六日"


def _render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(template).render(**context), status_code=status_code, headers=HEADERS)


def _day_label(d: date) -> str:
    return f"{d.month}月{d.day}日 周{WEEKDAYS[d.weekday()]}"


def router(engine: Engine, person_key: str) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def service_list() -> list[Any]:
        with engine.connect() as conn:
            return conn.execute(sa.select(services.c.code, services.c.name).where(services.c.deleted.is_(False))
                                .order_by(services.c.name)).all()

    @r.get("/web/appointments", response_model=None)
    async def my_appointments(request: Request, person: login.SignedIn, done: str = "",
                              error: str = "") -> Response:
        rows = await run_in_threadpool(booking.mine, engine, wire.person_hash(person_key, person.id_number))
        return _render("appointments.html", me=person, path=request.url.path, rows=rows, done=done[:200],
                       error=error[:200])

    @r.get("/web/appointments/new", response_model=None)
    async def new_appointment(request: Request, person: login.SignedIn, hall: str = "", service: str = "",
                              day: str = "", error: str = "") -> Response:
        halls = await run_in_threadpool(booking.halls, engine)
        hall = hall if hall in halls else (halls[0] if len(halls) == 1 else "")
        rules = await run_in_threadpool(booking.rules_of, engine, hall) if hall else None
        days = booking.open_days(rules, date.today()) if rules else []
        chosen = next((d for d in days if d.isoformat() == day), None)
        free = await run_in_threadpool(booking.slots, engine, hall, chosen) if chosen else []
        return _render("appointment_new.html", me=person, path=request.url.path, halls=halls, hall=hall,
                       services=await run_in_threadpool(service_list), service=service,
                       days=[(d.isoformat(), _day_label(d)) for d in days], day=day, slots=free, error=error[:200])

    @r.post("/web/appointments", response_model=None)
    async def book(request: Request, person: login.SignedIn) -> Response:
        form = await request.form()
        hall, service, day, start = (str(form.get(k, "")) for k in ("hall", "service", "day", "start"))
        try:
            made = await run_in_threadpool(booking.book, engine, person, person_key, hall, service,
                                           date.fromisoformat(day), start, datetime.now())
        except (booking.BookingRefused, ValueError) as exc:
            text = str(exc) if isinstance(exc, booking.BookingRefused) else "请选择日期和时段"
            back = urlencode({"hall": hall, "service": service, "day": day})
            return RedirectResponse(f"/web/appointments/new?{back}&error={quote(text)}", status_code=303)
        text = f"预约成功：{made['day']} {made['start']} {made['hall_name']}（{made['service_name']}）"
        return RedirectResponse(f"/web/appointments?done={quote(text)}", status_code=303)

    @r.post("/web/appointments/{appointment_id}/cancel", response_model=None)
    async def cancel(request: Request, appointment_id: str, person: login.SignedIn) -> Response:
        try:
            await run_in_threadpool(booking.cancel, engine, wire.person_hash(person_key, person.id_number),
                                    appointment_id[:40])
        except booking.BookingRefused as exc:
            return RedirectResponse(f"/web/appointments?error={quote(str(exc))}", status_code=303)
        return RedirectResponse(f"/web/appointments?done={quote('预约已取消')}", status_code=303)

    @r.get("/admin/halls", response_model=None)
    async def hall_figures_page(request: Request,
                                staff: Annotated[Staff, require_role(Role.SUPERVISOR, Role.ADMIN)]) -> Response:
        return _render("admin_halls.html", staff=staff, me=None, path=request.url.path,
                       figures=await run_in_threadpool(network.figures, engine),
                       links=await run_in_threadpool(linked_cases, engine))

    return r


def linked_cases(engine: Engine, limit: int = 50) -> list[dict[str, Any]]:
    """The latest tickets a clerk linked to a case."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(hall_figures.c.ticket_id, hall_figures.c.hall_name, hall_figures.c.body)
                            .where(hall_figures.c.kind == "case").order_by(hall_figures.c.received_at.desc())
                            .limit(limit)).all()
    out = []
    for row in rows:
        body = json.loads(row.body)
        out.append({"ticket_id": row.ticket_id, "hall_name": row.hall_name, "case_code": body.get("case_code", ""),
                    "number": row.ticket_id.rsplit("-", 1)[-1]})
    return out
