"""/admin/cases/{code}/file (办件材料 on one page) and /admin/cases/{code}/file.pdf: the case unsealed on a
clerk's request, each opening recorded in the back office's audit chain (servicenet/backoffice/casefile.py)."""
from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.engine import Engine

from servicenet import store
from servicenet.backoffice import casefile, casepdf, scope
from servicenet.backoffice.roles import Role, Staff, require_role
from servicenet.webchannel.pages import HEADERS, render

Opener = Annotated[Staff, require_role(Role.WINDOW, Role.HANDLER)]  # 受理 and 办理 need the materials


def router(engine: Engine) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    async def _open(request: Request, staff: Staff, code: str, step: str) -> casefile.CaseFile | Response:
        try:
            department = await run_in_threadpool(scope.check_see, engine, staff, code)
        except store.CaseNotFound:
            return render("message.html", 404, office=True, staff=staff, me=None, path=request.url.path,
                          title="未找到该办件", text=f"没有登记编码为 {code[:40]} 的办件。")
        await run_in_threadpool(casefile.record, engine, staff, step, code, store.now_iso())
        return await run_in_threadpool(casefile.open_file, engine, request.app.state.seal_key, code, department)

    @r.get("/admin/cases/{code}/file", response_model=None)
    async def case_file(request: Request, code: str, staff: Opener) -> Response:
        found = await _open(request, staff, code, "case_opened")
        if isinstance(found, Response):
            return found
        inline = {m.slot: base64.b64encode(m.data).decode("ascii") for m in
                  [*found.materials, *([found.signature] if found.signature else [])] if m.is_image}
        history = await run_in_threadpool(casefile.openings, engine, code)
        page = render("admin_casefile.html", staff=staff, me=None, path=request.url.path, f=found, inline=inline,
                      history=history, statuses=casepdf.STATUS, channels=casepdf.CHANNELS, face=casepdf.face_words)
        # the materials are inline (data: URLs): one opening, one audit entry, no image URL to fetch again
        page.headers["Content-Security-Policy"] = HEADERS["Content-Security-Policy"].replace(
            "img-src 'self'", "img-src 'self' data:")
        return page

    @r.get("/admin/cases/{code}/file.pdf", response_model=None)
    async def case_pdf(request: Request, code: str, staff: Opener) -> Response:
        found = await _open(request, staff, code, "case_pdf")
        if isinstance(found, Response):
            return found
        data = await run_in_threadpool(casepdf.build, found, f"{staff.name or staff.staff_id}（{staff.staff_id}）")
        return Response(data, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{code}-banjian-cailiao.pdf"',
            "Cache-Control": "no-store"})

    return r
