"""The hall node's API for the hall's kiosks (signed with their device keys, like every kiosk request):
the businesses one can queue for, and taking a ticket."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine

from domain.queue import QueueRefused
from servicenet.hall import queue
from servicenet.hall.pages import changes

_HASH = re.compile(r"^[0-9a-f]{64}$")


class TicketIn(BaseModel):
    prefix: str = Field(min_length=1, max_length=4, description="the business's letter (A = 综合窗口)")
    person_hash: str | None = Field(default=None, description="domain.wire.person_hash of the ID number, when "
                                    "the resident identified (an appointment today gives priority)")
    birth: str | None = Field(default=None, description="YYYY-MM-DD from the ID number (age ≥ 70 gives priority)")


class AppointmentIn(BaseModel):
    person_hash: str = Field(description="domain.wire.person_hash of the ID number read from the card")


class Appointment(BaseModel):
    appointment_id: str
    service_name: str
    day: str
    start: str = Field(description="HH:MM, the booked slot")
    prefix: str = Field(description="the business to queue for (the appointment's category, else A)")


class AppointmentOut(BaseModel):
    appointment: Appointment | None


class Business(BaseModel):
    prefix: str
    name: str
    category: str
    waiting: int


class BusinessesOut(BaseModel):
    hall_name: str
    businesses: list[Business]


class TicketOut(BaseModel):
    ticket_id: str
    number: str
    business: str
    prefix: str
    day: str
    priority: str
    priority_label: str
    ahead: int
    estimate_minutes: int
    hall_name: str
    follow_url: str = Field(description="the resident's page for this ticket (the QR on the ticket)")


def router(engine: Engine, hall_name: str) -> APIRouter:
    r = APIRouter()

    @r.get("/v1/queue/businesses", response_model=BusinessesOut)
    def list_businesses() -> dict[str, Any]:
        return {"hall_name": hall_name, "businesses": queue.businesses(engine)}

    @r.post("/v1/queue/appointment", response_model=AppointmentOut, responses={422: {"description": "refused"}})
    async def todays_appointment(body: AppointmentIn) -> dict[str, Any]:
        """The card holder's appointment today at this hall, if any (checked in by taking the ticket)."""
        person = body.person_hash.strip().lower()
        if not _HASH.match(person):
            raise HTTPException(422, "person_hash: 64 lowercase hex digits")
        return {"appointment": await run_in_threadpool(queue.appointment_today, engine, person)}

    @r.post("/v1/queue/tickets", response_model=TicketOut, responses={422: {"description": "refused"}})
    async def take_ticket(body: TicketIn, request: Request) -> dict[str, Any]:
        person = body.person_hash.strip().lower() if body.person_hash else None
        if person is not None and not _HASH.match(person):
            raise HTTPException(422, "person_hash: 64 lowercase hex digits")
        try:
            birth = date.fromisoformat(body.birth) if body.birth else None
        except ValueError:
            raise HTTPException(422, "birth: YYYY-MM-DD") from None
        device = request.scope.get("state", {}).get("device_id", "")
        try:
            ticket = await run_in_threadpool(lambda: queue.issue(engine, body.prefix, device_id=device,
                                                                 person_hash=person, birth=birth))
        except QueueRefused as exc:
            raise HTTPException(422, str(exc)) from None
        changes(request).notify()
        base = str(request.base_url).rstrip("/")
        return {**ticket, "hall_name": hall_name, "follow_url": f"{base}/hall/t/{ticket['ticket_id']}"}

    return r
