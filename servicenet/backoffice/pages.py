"""The staff's pages (/admin): log in with a staff token, work a case (accept, 补正, approve/finish, reject),
the overdue list (电子监察) and every kiosk's health from its heartbeats. Same rules as the API
(servicenet/backoffice/cases.py), rendered with the web channel's templates."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine

from domain.status import IllegalTransition
from servicenet import heartbeat, store
from servicenet.backoffice import cases as office
from servicenet.backoffice.auth import Staff, staff_for
from servicenet.webchannel.pages import render
from servicenet.webchannel.session import STAFF_COOKIE, CookieBox, cookie_box

LEVELS = {"ok": "正常", "warning": "告警", "error": "故障", "silent": "失联"}
PAPERS = {"ok": "纸量正常", "low": "纸将尽", "out": "缺纸", "unknown": "未知"}
ACTIONS = ("accept", "supplement", "received", "complete", "reject")


def router(engine: Engine) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def box(request: Request) -> CookieBox:
        return cookie_box(request.app.state, "staff")

    def who(request: Request) -> Staff | None:
        doc = box(request).open(request.cookies.get(STAFF_COOKIE))
        return staff_for(engine, doc.get("token")) if doc else None

    def to_login(request: Request) -> RedirectResponse:
        return RedirectResponse(f"/admin/login?next={quote(request.url.path)}", status_code=303)

    @r.get("/admin/login", response_class=HTMLResponse)
    async def login_form(request: Request, next: str = "/admin/cases") -> HTMLResponse:  # noqa: A002
        return render("admin_login.html", staff=None, me=None, path=request.url.path, error="",
                      next=next if next.startswith("/admin/") else "/admin/cases")

    @r.post("/admin/login", response_model=None)
    async def login(request: Request) -> Response:
        data = await request.form()
        token, target = str(data.get("token", "")).strip(), str(data.get("next", "/admin/cases"))
        if not target.startswith("/admin/") or "//" in target:
            target = "/admin/cases"
        if await run_in_threadpool(staff_for, engine, token) is None:
            return render("admin_login.html", 401, staff=None, me=None, path="/admin/login", next=target,
                          error="令牌无效或已停用")
        resp = RedirectResponse(target, status_code=303)
        resp.set_cookie(STAFF_COOKIE, box(request).seal({"token": token}, max_age=8 * 3600), httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/admin")
        return resp

    @r.post("/admin/logout")
    async def logout() -> RedirectResponse:
        resp = RedirectResponse("/admin/login", status_code=303)
        resp.delete_cookie(STAFF_COOKIE, path="/admin")
        return resp

    @r.get("/admin/kiosks", response_model=None)
    async def kiosks(request: Request) -> Response:
        staff = await run_in_threadpool(who, request)
        if staff is None:
            return to_login(request)
        fleet = await run_in_threadpool(heartbeat.fleet, engine, request.app.state.clock())
        counts = {level: sum(1 for k in fleet if k["level"] == level) for level in LEVELS}
        return render("admin_kiosks.html", staff=staff, me=None, path=request.url.path, kiosks=fleet,
                      counts=counts, levels=LEVELS, papers=PAPERS, stale_minutes=int(heartbeat.STALE_AFTER // 60))

    @r.get("/admin/cases", response_model=None)
    async def cases(request: Request, overdue: int = 0) -> Response:
        staff = await run_in_threadpool(who, request)
        if staff is None:
            return to_login(request)
        found = await run_in_threadpool(office.list_views, engine, "", bool(overdue), 100)
        return render("admin_cases.html", staff=staff, me=None, path=request.url.path, cases=found,
                      overdue=bool(overdue))

    async def _case_page(request: Request, staff: Staff, code: str, error: str = "",
                         status_code: int = 200) -> HTMLResponse:
        try:
            view = await run_in_threadpool(store.case_view, engine, code)
        except store.CaseNotFound:
            return render("message.html", 404, staff=staff, me=None, path=request.url.path, title="未找到该办件",
                          text=f"没有登记编码为 {code[:40]} 的办件。")
        return render("admin_case.html", status_code, staff=staff, me=None, path=request.url.path, view=view,
                      error=error)

    @r.get("/admin/cases/{code}", response_model=None)
    async def case(request: Request, code: str) -> Response:
        staff = await run_in_threadpool(who, request)
        if staff is None:
            return to_login(request)
        return await _case_page(request, staff, code)

    @r.post("/admin/cases/{code}/{action}", response_model=None)
    async def act(request: Request, code: str, action: str) -> Response:
        staff = await run_in_threadpool(who, request)
        if staff is None:
            return to_login(request)
        if action not in ACTIONS:
            return await _case_page(request, staff, code, "未知的操作", 404)
        data = await request.form()
        note = str(data.get("note", ""))[:500]
        calls: dict[str, tuple[Any, ...]] = {
            "accept": (office.accept, engine, code, note),
            "supplement": (office.request_supplement, engine, code,
                           [m for m in str(data.get("missing", "")).splitlines() if m.strip()][:office.MAX_MISSING],
                           note, staff.staff_id),
            "received": (office.supplement_received, engine, code),
            "complete": (office.complete, engine, code, note),
            "reject": (office.reject, engine, code, str(data.get("reason", ""))[:500]),
        }
        fn, *args = calls[action]
        try:
            await run_in_threadpool(fn, *args)
        except store.CaseNotFound:
            return await _case_page(request, staff, code)
        except (IllegalTransition, ValueError) as exc:
            return await _case_page(request, staff, code, str(exc), 409)
        return RedirectResponse(f"/admin/cases/{code}", status_code=303)

    return r
