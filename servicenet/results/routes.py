"""Back-office HTTP of the results side: the clerk enters the waybill of a posted result."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from servicenet import store
from servicenet.backoffice.auth import Staff, require_staff
from servicenet.results import delivery
from servicenet.schemas import CaseView

Who = Annotated[Staff, Depends(require_staff)]


class PostedIn(BaseModel):
    carrier: str = Field("", max_length=32, description=f"one of {', '.join(delivery.CARRIERS)}")
    waybill: str = Field(min_length=1, max_length=60)


def _posted(engine: Any, code: str, body: PostedIn) -> dict[str, Any]:
    try:
        store.case_view(engine, code)
        delivery.post(engine, code, body.carrier, body.waybill, store.now_iso())
    except store.CaseNotFound:
        raise HTTPException(404, f"未找到该办件 / case not found: {code}") from None
    except delivery.DeliveryRefused as exc:
        raise HTTPException(409, str(exc)) from None
    return store.case_view(engine, code)


router = APIRouter(prefix="/v1/backoffice", tags=["back office"])


@router.post("/cases/{code}/posted", response_model=CaseView,
             responses={404: {"description": "no such case"}, 409: {"description": "not collected by post"}})
async def staff_posted(code: str, body: PostedIn, request: Request, _staff: Who) -> dict[str, Any]:
    """The result was posted: keep the waybill (the track page shows it) and send the posted notice."""
    view = await run_in_threadpool(_posted, request.app.state.engine, code, body)
    request.app.state.sms.kick()
    return view
