"""POST /v1/identity/qr (kiosks, signed): who a scanned 亮码 belongs to, through the configured provider; and,
with the sandbox provider only, /sandbox/identity/codes (the resident's phone app in tests and the demo)."""
from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from domain import idnumber
from servicenet.adapters import ProviderDown
from servicenet.qrid import sandbox
from servicenet.qrid.provider import CodeRefused, make_provider


class QrIn(BaseModel):
    code: str = Field(min_length=1, max_length=200)


class QrHolder(BaseModel):
    name: str
    id_number: str
    source: str  # Person.source on the kiosk: e_sscard | e_id


class SandboxCodeIn(BaseModel):
    name: str
    id_number: str
    kind: str = "e_sscard"


def router(engine: Any) -> APIRouter:
    provider = make_provider(os.environ.get("SERVICENET_QRID", "sandbox"), engine)
    r = APIRouter()

    @r.post("/v1/identity/qr", response_model=QrHolder,
            responses={409: {"description": "the provider refused the code"}, 503: {"description": "provider down"}})
    async def verify(body: QrIn) -> dict[str, Any]:
        try:
            holder = await run_in_threadpool(provider.verify, body.code.strip())
        except CodeRefused as exc:
            raise HTTPException(409, f"{exc} / code refused: {exc.reason}") from None
        except ProviderDown:
            raise HTTPException(503, "身份核验服务暂不可用 / identity provider unavailable",
                                headers={"Retry-After": "5"}) from None
        try:
            number = idnumber.validate(holder.id_number)
        except idnumber.InvalidIdNumber:
            raise HTTPException(409, "身份核验结果无效 / the provider's ID number is not valid") from None
        return {"name": holder.name, "id_number": number, "source": holder.kind}

    if provider.name == sandbox.NAME:
        @r.post("/sandbox/identity/codes", include_in_schema=False)
        async def issue(body: SandboxCodeIn) -> dict[str, Any]:
            try:
                code, expires = await run_in_threadpool(sandbox.issue, engine, body.name, body.id_number, body.kind)
            except ValueError as exc:
                raise HTTPException(422, str(exc)) from None
            return {"code": code, "expires_at": expires}

    return r
