"""Diagnostics bundles from kiosks: a technician presses one button on the kiosk and the network keeps the bundle.

- POST /v1/devices/diagnostics, signed by the kiosk (servicenet/auth.py: the device is the signature's keyid and
  the body's digest is signed), the body the bundle's zip bytes (sync/staff.py write_bundle: logs already
  redacted, settings with their secrets blanked, queue counts, device status). At most MAX_BYTES
  ($SERVICENET_DIAGNOSTICS_MAX_MB, default 8): more is 413 with the limit in words; not a bundle (a zip with
  summary.json) is 422. A kiosk keeps its newest KEEP bundles here; older ones are deleted as a new one comes.
- Kept in the database (fleet_diagnostics), so every node serves every bundle.
- /admin/diagnostics lists them and /admin/diagnostics/<id> downloads one, for 管理员 only (the logs say what
  a kiosk did, which is for the people who run the fleet).
- The back office's audit chain (servicenet/backoffice/casefile.py `append`) gets one entry per bundle received
  (actor: the kiosk) and one per download (actor: the staff member).
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from domain import staffid
from servicenet import store
from servicenet.backoffice import casefile
from servicenet.backoffice.roles import Role, Staff, require_role
from servicenet.db import devices, metadata
from servicenet.webchannel.pages import render

KEEP = 20  # bundles kept per kiosk
Admin = Annotated[Staff, require_role(Role.ADMIN)]  # the logs say what a kiosk did: for those who run the fleet
NAME = re.compile(r"^[A-Za-z0-9._-]{1,120}\.zip$")

fleet_diagnostics = sa.Table(
    "fleet_diagnostics",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("device_id", sa.String(32), nullable=False, index=True),
    sa.Column("name", sa.String(128), nullable=False),  # the kiosk's file name, diagnostics-<device>-<time>.zip
    sa.Column("staff_id", sa.String(64), nullable=False, default=""),  # who pressed the button on the kiosk
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
    sqlite_autoincrement=True,
)


class DiagnosticsOut(BaseModel):
    id: int
    size: int
    sha256: str


def max_bytes() -> int:
    return int(float(os.environ.get("SERVICENET_DIAGNOSTICS_MAX_MB", 8)) * 1024 * 1024)


def megabytes(size: int) -> str:
    return f"{size / 2**20:.3g} MB"


def too_large(size: int, limit: int) -> str:
    return (f"诊断包过大 / bundle too large: {megabytes(size)}, the network takes at most {megabytes(limit)}; "
            "save it to a USB stick instead")


def check_bundle(data: bytes) -> None:
    """A diagnostics bundle is a zip holding summary.json; anything else is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "summary.json" not in z.namelist():
                raise HTTPException(422, "不是诊断包 / not a diagnostics bundle: summary.json is missing")
    except zipfile.BadZipFile:
        raise HTTPException(422, "不是诊断包 / not a diagnostics bundle: not a zip file") from None


def keep(engine: Engine, device_id: str, name: str, staff_id: str, data: bytes, now: float) -> dict[str, Any]:
    """Store a bundle, drop the kiosk's oldest past KEEP, and write the audit entry."""
    digest = hashlib.sha256(data).hexdigest()
    with engine.begin() as conn:
        new_id = int(conn.execute(sa.insert(fleet_diagnostics).values(
            device_id=device_id, name=name, staff_id=staff_id, size=len(data), sha256=digest, data=data,
            received_at=now)).inserted_primary_key[0])
        old = [r.id for r in conn.execute(sa.select(fleet_diagnostics.c.id).where(
            fleet_diagnostics.c.device_id == device_id).order_by(fleet_diagnostics.c.id.desc()).offset(KEEP))]
        if old:
            conn.execute(sa.delete(fleet_diagnostics).where(fleet_diagnostics.c.id.in_(old)))
    casefile.append(engine, device_id, "diagnostics_received",
                    {"code": f"diagnostics:{new_id}", "size": len(data), "sha256": digest, "staff_id": staff_id},
                    store.now_iso())
    return {"id": new_id, "size": len(data), "sha256": digest}


def listing(engine: Engine, limit: int = 200) -> list[dict[str, Any]]:
    cols = [c for c in fleet_diagnostics.c if c.name != "data"]
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*cols, devices.c.hall_name)
                            .select_from(fleet_diagnostics.outerjoin(
                                devices, devices.c.device_id == fleet_diagnostics.c.device_id))
                            .order_by(fleet_diagnostics.c.id.desc()).limit(limit)).all()
    return [dict(r._mapping, hall_name=r.hall_name or "",
                 received=datetime.fromtimestamp(r.received_at).astimezone().isoformat(timespec="seconds"))
            for r in rows]


def fetch(engine: Engine, bundle_id: int) -> Any:
    with engine.connect() as conn:
        return conn.execute(sa.select(fleet_diagnostics).where(fleet_diagnostics.c.id == bundle_id)).first()


def router(engine: Engine) -> APIRouter:
    r = APIRouter()

    @r.post("/v1/devices/diagnostics", response_model=DiagnosticsOut, tags=["kiosk"],
            openapi_extra={"requestBody": {"required": True, "content": {"application/zip": {
                "schema": {"type": "string", "format": "binary"}}}}},
            responses={401: {"description": "not signed by an enrolled device"},
                       413: {"description": "larger than the network takes"},
                       422: {"description": "not a diagnostics bundle, or a bad name"}})
    async def upload(request: Request, name: Annotated[str, Query(max_length=128)],
                     staff: Annotated[str, Query(max_length=staffid.MAX)] = "") -> dict[str, Any]:
        """A kiosk's diagnostics bundle (zip), sent when a technician presses 上传诊断包."""
        device_id = getattr(request.state, "device_id", None)
        if not device_id:  # only reachable without servicenet/auth.py's guard in front
            raise HTTPException(401, "须由已注册终端签名 / must be signed by an enrolled kiosk")
        if not NAME.fullmatch(name) or not (staff == "" or staffid.is_canonical(staff)):  # refused, not rewritten
            raise HTTPException(422, "文件名或工号格式错误 / name must be <letters, digits, ._->.zip, staff an id")
        limit = max_bytes()
        declared = int(request.headers.get("content-length") or 0)
        if declared > limit:
            raise HTTPException(413, too_large(declared, limit))
        data = await request.body()
        if len(data) > limit:
            raise HTTPException(413, too_large(len(data), limit))
        check_bundle(data)
        return await run_in_threadpool(keep, engine, device_id, name, staff, data, request.app.state.clock())

    @r.get("/admin/diagnostics", response_model=None, include_in_schema=False)
    async def page(request: Request, staff: Admin) -> Response:
        found = await run_in_threadpool(listing, engine)
        return render("admin_diagnostics.html", staff=staff, me=None, path=request.url.path, bundles=found,
                      limit=megabytes(max_bytes()))

    @r.get("/admin/diagnostics/{bundle_id}", response_model=None, include_in_schema=False)
    async def download(bundle_id: int, staff: Admin) -> Response:
        row = await run_in_threadpool(fetch, engine, bundle_id)
        if row is None:
            raise HTTPException(404, "没有这个诊断包 / no such bundle")
        await run_in_threadpool(casefile.append, engine, staff.staff_id, "diagnostics_downloaded",
                                {"code": f"diagnostics:{bundle_id}", "staff_name": staff.name,
                                 "device_id": row.device_id}, store.now_iso())
        return Response(row.data, media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{row.name}"',
                                 "Cache-Control": "no-store"})

    return r
