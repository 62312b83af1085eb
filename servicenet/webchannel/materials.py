"""Material uploads on the web channel: the browser sends each file with tus (tus-js-client, served from
static/ with its license, no CDN) to /web/uploads (servicenet/tus.py), named by its sha256, and the form
carries what was uploaded; here the network checks that list before it becomes the case's attachments, with
a new application or, for an open 补正 request, on the applicant's track page (slots named "补正：<item>")."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.engine import Engine

from domain import regcode, wire
from servicenet import attachments, store
from servicenet.backoffice.view import case_supplements
from servicenet.db import case_attachments
from servicenet.webchannel import login
from servicenet.webchannel.session import RESIDENT_COOKIE

STATIC = Path(__file__).with_name("static")
FILES = {"tus.min.js": "text/javascript; charset=utf-8", "materials.js": "text/javascript; charset=utf-8",
         "tus-js-client.LICENSE": "text/plain; charset=utf-8"}
MAX_FILES = 20


class MaterialsRefused(ValueError):
    """The uploaded materials listed with a form are not acceptable; the message says why, in Chinese."""


SUPPLEMENT = "补正："  # the slot name of a material handed in for a 补正 request


def router(engine: Engine, person_key: str) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.post("/track/{code}/materials", response_model=None)
    async def supplement(request: Request, code: str) -> Response:
        """The applicant hands in the materials of an open 补正 request (uploaded with tus beforehand)."""
        try:
            code = regcode.validate(code)
        except regcode.InvalidCode:
            raise HTTPException(404, "未找到该办件") from None
        me = login.resident(request.app.state, request.cookies.get(RESIDENT_COOKIE))  # honours 单点退出
        link = await run_in_threadpool(store.link_of, engine, code)
        if me is None or link is None or link["person_hash"] != wire.person_hash(person_key, me.id_number):
            raise HTTPException(403, "只有申请人本人登录后才能提交补正材料")
        view = await run_in_threadpool(store.case_view, engine, code)
        if not view.get("supplement"):
            return RedirectResponse(f"/track/{code}?materials=none", status_code=303)
        wanted = {"materials": [{"name": m} for m in view["supplement"]["missing"]]}
        raw = str((await request.form()).get("attachments", ""))
        try:
            files = await run_in_threadpool(chosen, engine, wanted, raw)
        except MaterialsRefused:
            return RedirectResponse(f"/track/{code}?materials=refused", status_code=303)
        received = await run_in_threadpool(add_to_case, engine, code, files, view["supplement"]["missing"])
        return RedirectResponse(f"/track/{code}?materials={'received' if received else len(files)}", status_code=303)

    @r.get("/web/static/{name}")
    def static(name: str) -> Response:
        if name not in FILES:
            raise HTTPException(404, "未找到该文件")
        return Response((STATIC / name).read_bytes(), media_type=FILES[name],
                        headers={"Cache-Control": "public, max-age=3600"})

    return r


def chosen(engine: Engine, item: dict[str, Any], raw: str) -> list[dict[str, Any]]:
    """The attachments of a web form: [{"slot", "sha256", "size", "media_type"}], each slot one of the item's
    materials, each upload filled on the network. An empty field is no materials."""
    if not raw.strip():
        return []
    try:
        listed = json.loads(raw)
    except ValueError:
        raise MaterialsRefused("材料清单有误，请重新选择文件") from None
    if not isinstance(listed, list) or len(listed) > MAX_FILES:
        raise MaterialsRefused("材料清单有误，请重新选择文件")
    names = {str(m.get("name")) for m in item.get("materials", []) if isinstance(m, dict)}
    out: list[dict[str, Any]] = []
    for entry in listed:
        if not isinstance(entry, dict):
            raise MaterialsRefused("材料清单有误，请重新选择文件")
        slot, sha = str(entry.get("slot", "")), str(entry.get("sha256", "")).lower()
        if slot not in names or not attachments.valid_sha(sha):
            raise MaterialsRefused("材料清单有误，请重新选择文件")
        held = attachments.slot(engine, sha)
        if held is None or not held.complete:
            raise MaterialsRefused(f"“{slot}”尚未上传完成，请稍候或重新选择文件")
        media = str(entry.get("media_type") or "application/octet-stream")[:100]
        out.append({"slot": slot, "sha256": sha, "size": held.length, "media_type": media})
    if len({a["slot"] for a in out}) != len(out):
        raise MaterialsRefused("每项材料只能上传一个文件")
    return out


def add_to_case(engine: Engine, code: str, files: list[dict[str, Any]], missing: list[str]) -> bool:
    """The 补正 materials become attachment slots of the case (a slot handed in again takes the new file). When
    they are every item `missing` lists, the open request is received, as after a hand-in at a kiosk (the time
    limit runs again); returns whether it was."""
    with engine.begin() as conn:
        for f in files:
            slot = SUPPLEMENT + f["slot"]
            conn.execute(sa.delete(case_attachments).where(case_attachments.c.code == code,
                                                           case_attachments.c.slot == slot))
            conn.execute(sa.insert(case_attachments).values(code=code, slot=slot, sha256=f["sha256"],
                                                            size=f["size"], media_type=f["media_type"]))
        if not files or not set(missing) <= {f["slot"] for f in files}:
            return False
        return bool(conn.execute(sa.update(case_supplements).where(
            case_supplements.c.code == code, case_supplements.c.resolved_at.is_(None))
            .values(resolved_at=store.now_iso(), resolution="received")).rowcount)

