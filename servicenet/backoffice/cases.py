"""The staff back office (API and CLI): accept, request more materials (补正), approve/finish, reject, overdue.

Every decision goes through domain/status.py (store.move_status), so a kiosk or web case moves the same way
and each move is a status event kiosks pull from the feed. A 补正 request is not a status: it is the one-time
list of what is missing (servicenet/backoffice/view.py), shown in the case view as `supplement` while open.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.engine import Engine

from domain.status import CaseStatus, IllegalTransition
from servicenet import store
from servicenet.backoffice import scope
from servicenet.backoffice.roles import Role, Staff, require_role
from servicenet.backoffice.view import FINISHED, case_supplements, decorate, today_local
from servicenet.calendar import current
from servicenet.db import cases, services
from servicenet.results import delivery, notices
from servicenet.schemas import CaseView

MAX_MISSING = 20
MISSING = {"Servicenet-Missing": "1"}


class SupplementRefused(IllegalTransition):
    """A 补正 request the rules do not allow (one open at a time, not on a finished case)."""


def _open_supplement(conn: sa.Connection, code: str) -> Any:
    return conn.execute(sa.select(case_supplements.c.id).where(case_supplements.c.code == code,
                                                               case_supplements.c.resolved_at.is_(None))).first()


def _case_status(conn: sa.Connection, code: str) -> CaseStatus:
    row = conn.execute(sa.select(cases.c.status).where(cases.c.code == code).with_for_update()).first()
    if row is None:
        raise store.CaseNotFound(code)
    return CaseStatus(row.status)


def _lock_open_case(conn: sa.Connection, code: str) -> None:
    """Take the case's write lock first (a no-op update: SQLite's database lock, PostgreSQL's row lock), so a 办结
    moving it at the same moment is wholly before or after; refuse a finished case."""
    held = conn.execute(sa.update(cases).where(cases.c.code == code, cases.c.status.notin_(FINISHED))
                        .values(status=cases.c.status)).rowcount
    if not held:
        status = _case_status(conn, code)
        raise SupplementRefused(f"办件已办结，不能再要求补正 / the case is {status.value}: no 补正 any more")


def _no_open_supplement(conn: sa.Connection, code: str) -> None:
    if _open_supplement(conn, code) is not None:
        raise SupplementRefused("补正材料未收齐，不能办结 / the 补正 request is still open")


def accept(engine: Engine, code: str, note: str = "") -> dict[str, Any]:
    """受理: submitted → accepted."""
    return store.move_status(engine, code, CaseStatus.ACCEPTED, note)


def start(engine: Engine, code: str, note: str = "") -> dict[str, Any]:
    """办理中: accepted → in_progress."""
    return store.move_status(engine, code, CaseStatus.IN_PROGRESS, note)


def request_supplement(engine: Engine, code: str, missing: list[str], note: str = "",
                       staff_id: str = "") -> dict[str, Any]:
    """补正: tell the applicant, once and completely, what is missing. The time limit pauses until received."""
    items = [m.strip() for m in missing if m and m.strip()]
    if not items:
        raise ValueError("补正告知须列明所缺材料 / list at least one missing item")
    try:
        with engine.begin() as conn:
            _lock_open_case(conn, code)
            if _open_supplement(conn, code) is not None:
                raise SupplementRefused("已有未收齐的补正告知（一次性告知） / a 补正 request is already open: "
                                        "mark it received before asking again")
            asked = conn.execute(sa.insert(case_supplements).values(
                code=code, missing=json.dumps(items, ensure_ascii=False), note=note.strip(),
                requested_at=store.now_iso(), requested_by=staff_id)).inserted_primary_key[0]
            notices.supplement(conn, code, int(asked), items)  # the resident's SMS, with the list
    except sa.exc.IntegrityError:  # another clerk's request won the race (the partial unique index)
        raise SupplementRefused("已有未收齐的补正告知（一次性告知） / a 补正 request is already open") from None
    return store.case_view(engine, code)


def supplement_received(engine: Engine, code: str) -> dict[str, Any]:
    """The applicant handed in what the 补正 request listed: the time limit runs again."""
    with engine.begin() as conn:
        _case_status(conn, code)
        done = conn.execute(sa.update(case_supplements)
                            .where(case_supplements.c.code == code, case_supplements.c.resolved_at.is_(None))
                            .values(resolved_at=store.now_iso(), resolution="received"))
        if done.rowcount == 0:
            raise SupplementRefused("该办件没有待收的补正材料 / no open 补正 request on this case")
    return store.case_view(engine, code)


def _close_supplement(engine: Engine, code: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.update(case_supplements)
                     .where(case_supplements.c.code == code, case_supplements.c.resolved_at.is_(None))
                     .values(resolved_at=store.now_iso(), resolution="closed"))


def complete(engine: Engine, code: str, note: str = "") -> dict[str, Any]:
    """Approve and finish (办结): from accepted (through in_progress) or in_progress; not while 补正 is open, nor
    before the result the resident was promised can be collected (delivery.ready_to_complete)."""
    with engine.connect() as conn:
        status = _case_status(conn, code)
        _no_open_supplement(conn, code)
        delivery.ready_to_complete(conn, code)  # 自助终端打印: a result document to print
    if status is CaseStatus.ACCEPTED:
        store.move_status(engine, code, CaseStatus.IN_PROGRESS, "")
    # checked again under the case's lock: a 补正 request asked meanwhile by another clerk stops the 办结
    # (store.move_status checks delivery.ready_to_complete there itself, for every way of 办结)
    return store.move_status(engine, code, CaseStatus.COMPLETED, note, guard=lambda conn: _no_open_supplement(conn, code))


def reject(engine: Engine, code: str, reason: str) -> dict[str, Any]:
    """不予受理 / 不予许可 with the reason the applicant reads; an open 补正 request is closed with it."""
    view = store.move_status(engine, code, CaseStatus.REJECTED, reason)  # store.ReasonRequired without one
    _close_supplement(engine, code)
    return store.case_view(engine, code) if view.get("supplement") else view


def overdue(engine: Engine, today: date | None = None, soon: int = 0, limit: int = 1000,
            service_codes: list[str] | None = None) -> list[dict[str, Any]]:
    """Open cases past their deadline (and, with soon=N, those due within N days), most late first (of these
    service items only, with service_codes).

    Only open cases whose due date is before today+soon can qualify (a 补正 pause only moves the deadline
    later), so the database narrows the search and the exact deadline is computed for those."""
    day = today or today_local()
    cutoff = current(day).add_working_days(day, max(0, soon)).isoformat()  # soon: working days
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(cases.c.code, cases.c.status, cases.c.channel, cases.c.device_id, cases.c.due_date,
                      cases.c.submitted_at, services.c.name.label("service_name"))
            .select_from(cases.outerjoin(services, services.c.code == cases.c.service_code))
            .where(cases.c.status.notin_(FINISHED), cases.c.due_date <= cutoff,
                   cases.c.service_code.in_(service_codes) if service_codes is not None else sa.true())
            .order_by(cases.c.due_date, cases.c.code).limit(limit)).all()
        views = [dict(r._mapping, history=[]) for r in rows]
        decorate(conn, views, day)
    hits = [v for v in views if v["overdue"] or (soon and v["days_left"] is not None and v["days_left"] <= soon)]
    return sorted(hits, key=lambda v: (v["days_left"], v["code"]))


def list_views(engine: Engine, status: str = "", overdue_only: bool = False, limit: int = 50,
               today: date | None = None, service_codes: list[str] | None = None) -> list[dict[str, Any]]:
    """Case views for the staff, newest first (only the overdue ones with overdue_only; only those of these
    service items with service_codes: scope.services_seen)."""
    if overdue_only:
        codes = [v["code"] for v in overdue(engine, today, limit=limit, service_codes=service_codes)]
        return [store.case_view(engine, c) for c in codes]
    return store.cases_by_status(engine, status, limit, service_codes)


# -- HTTP ------------------------------------------------------------------------------------------------


class NoteIn(BaseModel):
    note: str = Field("", max_length=500)


class SupplementIn(BaseModel):
    missing: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        min_length=1, max_length=MAX_MISSING, description="what the applicant must still hand in, all at once")
    note: str = Field("", max_length=500)

    @field_validator("missing")
    @classmethod
    def _not_blank(cls, v: list[str]) -> list[str]:
        if not all(m.strip() for m in v):
            raise ValueError("an item of missing is blank")
        return v


class RejectIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500, description="why, in words the applicant reads")

    @field_validator("reason")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the reason is blank")
        return v


class StaffCasesOut(BaseModel):
    cases: list[CaseView]


def _run(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except store.CaseNotFound:
        raise HTTPException(404, f"未找到该办件 / case not found: {args[1]}", headers=MISSING) from None
    except IllegalTransition as exc:
        raise HTTPException(409, str(exc)) from None
    except ValueError as exc:
        raise HTTPException(422, f"请求格式错误 / invalid request: {exc}") from None


Viewer = Annotated[Staff, require_role(Role.WINDOW, Role.HANDLER, Role.SUPERVISOR, Role.COMPLAINTS)]
Window = Annotated[Staff, require_role(Role.WINDOW)]
Handler = Annotated[Staff, require_role(Role.HANDLER)]
DOC = {404: {"description": "no such case"}, 409: {"description": "not allowed in the case's state"},
       401: {"description": "no valid staff token"}, 403: {"description": "not this role or department"}}


def _processing(engine: Engine, staff: Staff, fn: Any, code: str, *args: Any) -> Any:
    """事项办理 moves: only on cases of the clerk's own departments."""
    try:
        scope.check_process(engine, staff, code)
    except store.CaseNotFound:
        raise HTTPException(404, f"未找到该办件 / case not found: {code}", headers=MISSING) from None
    return _run(fn, engine, code, *args)


def router(engine: Engine) -> APIRouter:
    r = APIRouter(prefix="/v1/backoffice", tags=["back office"])

    @r.get("/cases", response_model=StaffCasesOut, responses={401: DOC[401], 403: DOC[403]})
    async def staff_cases(staff: Viewer, status: CaseStatus | None = None, overdue: bool = False,
                          limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
        seen = await run_in_threadpool(scope.services_seen, engine, staff)
        found = await run_in_threadpool(list_views, engine, status.value if status else "", overdue, limit, None, seen)
        return {"cases": await run_in_threadpool(scope.visible, engine, staff, found)}

    @r.post("/cases/{code}/accept", response_model=CaseView, responses=DOC)
    async def staff_accept(code: str, body: NoteIn, _staff: Window) -> dict[str, Any]:
        return await run_in_threadpool(_run, accept, engine, code, body.note)

    @r.post("/cases/{code}/start", response_model=CaseView, responses=DOC)
    async def staff_start(code: str, body: NoteIn, staff: Handler) -> dict[str, Any]:
        return await run_in_threadpool(_processing, engine, staff, start, code, body.note)

    @r.post("/cases/{code}/supplement", response_model=CaseView, responses=DOC)
    async def staff_supplement(code: str, body: SupplementIn, staff: Window) -> dict[str, Any]:
        return await run_in_threadpool(_run, request_supplement, engine, code, body.missing, body.note,
                                       staff.staff_id)

    @r.post("/cases/{code}/supplement/received", response_model=CaseView, responses=DOC)
    async def staff_received(code: str, _staff: Window) -> dict[str, Any]:
        return await run_in_threadpool(_run, supplement_received, engine, code)

    @r.post("/cases/{code}/complete", response_model=CaseView, responses=DOC)
    async def staff_complete(code: str, body: NoteIn, staff: Handler) -> dict[str, Any]:
        return await run_in_threadpool(_processing, engine, staff, complete, code, body.note)

    @r.post("/cases/{code}/reject", response_model=CaseView, responses=DOC)
    async def staff_reject(code: str, body: RejectIn, _staff: Window) -> dict[str, Any]:
        return await run_in_threadpool(_run, reject, engine, code, body.reason)

    return r
