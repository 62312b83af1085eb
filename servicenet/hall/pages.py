"""The hall node's pages: the display (叫号屏) with its event stream and spoken calls, the clerk's counter page,
and the resident's ticket page (the QR on the ticket). Kiosks use the signed API in servicenet/hall/api.py.

The display listens to Server-Sent Events (/hall/display/events): a call is pushed the moment the counter's
transaction commits in this process, and every second the stream also re-reads the database, so a change made
by another process (the CLI, a second worker) shows within a second. EventSource reconnects by itself.
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import Engine

from domain.queue import MOVE_LABELS, QueueRefused
from servicenet.backoffice.auth import staff_for
from servicenet.backoffice.roles import Role, Staff
from servicenet.hall import queue, speech
from servicenet.webchannel.pages import TEMPLATES, environment, in_words
from servicenet.webchannel.session import STAFF_COOKIE, cookie_box

HERE = Path(__file__).parent
ENV: Environment = environment()
ENV.loader = ChoiceLoader([FileSystemLoader(HERE / "templates"), FileSystemLoader(TEMPLATES)])
ENV.autoescape = select_autoescape(["html"])
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff",
           "Content-Security-Policy": "default-src 'self'; style-src 'unsafe-inline'; img-src 'self'; "
                                      "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"}
POLL_SECONDS = 1.0


def signed_in(engine: Engine, request: Request, role: Role) -> Staff | None:
    """The staff member signed in at this browser (the hall's staff cookie), when they hold `role`."""
    doc = cookie_box(request.app.state, "staff").open(request.cookies.get(STAFF_COOKIE))
    staff = staff_for(engine, doc.get("token")) if doc else None
    return staff if staff is not None and staff.has(role) else None


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(template).render(**in_words(context)), status_code=status_code, headers=HEADERS)


class Changes:
    """Wakes the display streams of this process when the queue changed. `version` counts the changes, so a
    stream that was busy reading when one came does not miss it (it waits only while nothing is new)."""

    def __init__(self) -> None:
        self.version = 0
        self._event = asyncio.Event()

    def notify(self) -> None:
        self.version += 1
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seen: int, timeout: float) -> None:
        """Return at the next change after version `seen` (at once if there was one), or after `timeout`."""
        if self.version != seen:
            return
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            pass


def changes(request: Request) -> Changes:
    found: Changes | None = getattr(request.app.state, "hall_changes", None)
    if found is None:
        found = request.app.state.hall_changes = Changes()
    return found


def router(engine: Engine, hall_name: str) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def who(request: Request) -> Staff | None:
        """The clerk signed in at this counter's browser (a staff token with the 窗口受理 role)."""
        return signed_in(engine, request, Role.WINDOW)

    # -- the display ----------------------------------------------------------------------------------
    @r.get("/hall/display", response_class=HTMLResponse)
    async def display_page() -> HTMLResponse:
        return render("hall_display.html", hall_name=hall_name)

    @r.get("/hall/display.js")
    async def display_script() -> Response:
        return FileResponse(HERE / "display.js", media_type="text/javascript", headers={"Cache-Control": "no-cache"})

    @r.get("/hall/counter.js")
    async def counter_script() -> Response:
        return FileResponse(HERE / "counter.js", media_type="text/javascript", headers={"Cache-Control": "no-cache"})

    @r.get("/hall/display/state")
    async def display_state() -> JSONResponse:
        return JSONResponse(await run_in_threadpool(queue.display, engine), headers={"Cache-Control": "no-store"})

    @r.get("/hall/display/events")
    async def display_events(request: Request) -> StreamingResponse:
        hub = changes(request)

        async def stream() -> AsyncIterator[str]:
            last = ""
            yield "retry: 1000\n\n"
            while not await request.is_disconnected():
                seen = hub.version  # before the read: a change during it wakes the next wait at once
                state = json.dumps(await run_in_threadpool(queue.display, engine), ensure_ascii=False)
                if state != last:
                    last = state
                    yield f"data: {state}\n\n"
                await hub.wait(seen, POLL_SECONDS)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    @r.get("/hall/speech/{call_id}.wav")
    async def spoken(call_id: int) -> Response:
        text = await run_in_threadpool(queue.call_text, engine, call_id)
        if text is None:
            return JSONResponse({"detail": "没有这次叫号"}, status_code=404)
        try:
            path = await run_in_threadpool(speech.render, text)
        except speech.SpeechUnavailable as exc:
            return JSONResponse({"detail": str(exc)}, status_code=503)
        return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "public, max-age=86400"})

    # -- the resident's ticket (the QR on the printed ticket) --------------------------------------------
    @r.get("/hall/t/{ticket_id}", response_class=HTMLResponse)
    async def ticket_page(ticket_id: str) -> HTMLResponse:
        view = await run_in_threadpool(queue.ticket_view, engine, ticket_id[:48])
        if view is None:
            return render("hall_message.html", 404, hall_name=hall_name, title="未找到该号",
                          message="未找到该排队号，请核对小票上的二维码。")
        return render("hall_ticket.html", hall_name=hall_name, t=view)

    # -- the clerk's counter page ---------------------------------------------------------------------
    @r.get("/hall/login", response_class=HTMLResponse)
    async def login_form(next: str = "/hall/counter/1") -> HTMLResponse:  # noqa: A002 - the query parameter is ?next=
        return render("hall_login.html", hall_name=hall_name, error="", next=_safe(next))

    @r.post("/hall/login", response_model=None)
    async def login(request: Request) -> Response:
        data = await request.form()
        token, target = str(data.get("token", "")).strip(), _safe(str(data.get("next", "")))
        staff = await run_in_threadpool(staff_for, engine, token)
        settings = target.startswith("/hall/settings")  # the hall's settings need 管理员; a counter 窗口受理
        if staff is None or not staff.has(Role.ADMIN if settings else Role.WINDOW):
            error = "令牌无效或已停用" if staff is None else (
                "该账户没有“管理员”角色，不能修改大厅设置" if settings else "该账户没有“窗口受理”角色，不能叫号")
            return render("hall_login.html", 401, hall_name=hall_name, next=target, error=error)
        resp = RedirectResponse(target, status_code=303)
        resp.set_cookie(STAFF_COOKIE, cookie_box(request.app.state, "staff").seal({"token": token}, max_age=12 * 3600),
                        httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/hall")
        return resp

    @r.get("/hall/counter/{number}", response_model=None)
    async def counter_page(request: Request, number: int, error: str = "", done: str = "") -> Response:
        me = await run_in_threadpool(who, request)
        if me is None:
            return RedirectResponse(f"/hall/login?next={quote(request.url.path)}", status_code=303)
        try:
            view = await run_in_threadpool(queue.counter_view, engine, number)
        except QueueRefused as exc:
            return render("hall_message.html", 404, hall_name=hall_name, title="窗口不存在", message=str(exc))
        return render("hall_counter.html", hall_name=hall_name, me=me, v=view, error=error[:200], done=done[:200],
                      labels=MOVE_LABELS)

    @r.post("/hall/counter/{number}", response_model=None)
    async def counter_action(request: Request, number: int) -> Response:
        me = await run_in_threadpool(who, request)
        if me is None:
            return RedirectResponse(f"/hall/login?next={quote(request.url.path)}", status_code=303)
        data = await request.form()
        move = str(data.get("move", ""))
        try:
            if move == "next":
                called = await run_in_threadpool(queue.call_next, engine, number)
                done = f"已叫 {called['number']}" if called else "当前没有等候的号"
            elif move == "case":
                linked = await run_in_threadpool(queue.link_case, engine, number, str(data.get("case_code", "")))
                done = f"{linked['number']} 已关联办件 {linked['case_code']}"
            else:
                to = str(data.get("to_counter", "")).strip()
                target = int(to) if to.isdigit() else None
                result = await run_in_threadpool(lambda: queue.act(engine, number, move, to_counter=target))
                done = f"{result['number']}：{MOVE_LABELS.get(move, move)}"
        except QueueRefused as exc:
            return RedirectResponse(f"/hall/counter/{number}?error={quote(str(exc))}", status_code=303)
        changes(request).notify()
        return RedirectResponse(f"/hall/counter/{number}?done={quote(done)}", status_code=303)

    return r


def _safe(target: str) -> str:
    return target if target.startswith("/hall/") and "//" not in target and "\\" not in target else "/hall/counter/1"
