"""HTTP of the results side: the clerk attaches result documents and enters a waybill (/v1/backoffice), a
kiosk lists a person's printable results, fetches a PDF and reports each print (/v1/results, signed), and
anyone checks a document (/verify, public, rate-limited per client in the database)."""
from __future__ import annotations

import base64
import threading
from typing import Annotated, Any, Literal, get_type_hints

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, create_model

from domain.results import ResultDoc
from servicenet import ratelimit, store
from servicenet.backoffice import scope
from servicenet.results import delivery, documents, handin, sendout, signing, verify
from servicenet.schemas import AttachmentRef, CaseView

MISSING = {"Servicenet-Missing": "1"}
VERIFY_LIMIT = ratelimit.Limit.from_env("VERIFY", 30, 600)
_lock = threading.Lock()


def signing_key(request: Request) -> signing.SigningKey:
    state = request.app.state
    key = getattr(state, "result_key", None)
    if key is None:
        with _lock:
            key = getattr(state, "result_key", None) or signing.load_or_create(state.engine)
            state.result_key = key
    return key


class PostedIn(BaseModel):
    carrier: str = Field("", max_length=32, description=f"one of {', '.join(delivery.CARRIERS)}")
    waybill: str = Field(min_length=1, max_length=60)


class DocumentIn(BaseModel):
    kind: Literal["批文", "证明", "证照"]
    title: str = Field(min_length=1, max_length=100)
    pdf_base64: str = Field("", description="the PDF, base64 (or give text)")
    text: str = Field("", max_length=5000, description="approval text: the network makes it an A4 PDF")


class ResultsIn(BaseModel):
    documents: list[DocumentIn] = Field(min_length=1, max_length=10)


# domain.results.ResultDoc as the network sends it (to_wire: its fields, then prints_left), for the OpenAPI document.
DocumentView = create_model("DocumentView", __module__=__name__,
                            **{name: (hint, ...) for name, hint in get_type_hints(ResultDoc).items()},
                            prints_left=(int, ...))


class ResultsOut(BaseModel):
    documents: list[DocumentView]


class ResultCase(BaseModel):
    code: str
    service_name: str
    submitted_at: str
    documents: list[DocumentView]


class ResultCasesOut(BaseModel):
    cases: list[ResultCase]


class PrintIn(BaseModel):
    key: str = Field(min_length=8, max_length=80, description="the kiosk's idempotency key of this print")
    copies: int = Field(1, ge=1, le=10)
    at: str = Field(min_length=10, max_length=40)


def _case_call(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except store.CaseNotFound as exc:
        raise HTTPException(404, f"未找到该办件 / case not found: {str(exc)[:40]}", headers=MISSING) from None
    except (documents.ResultRefused, delivery.DeliveryRefused) as exc:
        raise HTTPException(409, str(exc)) from None
    except documents.UnknownDocument:
        raise HTTPException(404, "未找到该结果文书 / no such document", headers=MISSING) from None


router = APIRouter()


@router.post("/v1/backoffice/cases/{code}/posted", response_model=CaseView, tags=["back office"],
             responses={403: {"description": "事项办理 of another department"}, 404: {"description": "no such case"},
                        409: {"description": "not collected by post"}})
async def staff_posted(code: str, body: PostedIn, request: Request, staff: sendout.Sender) -> dict[str, Any]:
    """The result was posted: keep the waybill (the track page shows it) and send the posted notice."""
    view = await run_in_threadpool(_case_call, sendout.posted, request.app.state.engine, staff, code, body.carrier,
                                   body.waybill, store.now_iso())
    request.app.state.sms.kick()
    return view


@router.post("/v1/backoffice/cases/{code}/results", response_model=ResultsOut, tags=["back office"],
             responses={403: {"description": "事项办理 of another department"}, 404: {"description": "no such case"},
                        409: {"description": "not open for results"},
                        422: {"description": "not a PDF"}})
async def staff_results(code: str, body: ResultsIn, request: Request, staff: sendout.Sender) -> dict[str, Any]:
    """Attach result documents (批文/证明/证照): each is stamped with a verification code and QR and signed."""
    await run_in_threadpool(_case_call, scope.check_send_out, request.app.state.engine, staff, code)
    docs = []
    for d in body.documents:
        try:
            raw = base64.b64decode(d.pdf_base64, validate=True) if d.pdf_base64 else b""
        except ValueError:  # binascii.Error, and ValueError for a character outside ASCII
            raise HTTPException(422, "pdf_base64 含有非 base64 字符，请重新上传PDF / pdf_base64 is not base64") from None
        if not raw and not d.text.strip():
            raise HTTPException(422, "请上传PDF或填写批文内容 / a PDF or the approval text is required")
        docs.append({"kind": d.kind, "title": d.title, "pdf": raw, "text": d.text})
    base = str(request.base_url)
    try:
        found = await run_in_threadpool(_case_call, sendout.issue, request.app.state.engine, signing_key(request),
                                        staff, code, docs, base, store.now_iso())
    except documents.stamp.NotAPdf as exc:
        raise HTTPException(422, str(exc)) from None
    return {"documents": found}


@router.get("/v1/results", response_model=ResultCasesOut, tags=["results"])
def person_results(request: Request, person: Annotated[str | None, Query(pattern=r"^[0-9a-f]{64}$")] = None,
                   case: Annotated[str | None, Query(pattern=r"^[0-9]{20}$")] = None) -> dict[str, Any]:
    """Completed cases with printable result documents (the kiosk's 结果领取), newest first: a person's (by
    the keyed hash of the ID number, from the ID card) or one case's (by the code on the receipt QR)."""
    if bool(person) == bool(case):
        raise HTTPException(422, "请求格式错误 / invalid request: give person or case")
    engine = request.app.state.engine
    return {"cases": documents.for_person(engine, person) if person else documents.for_case_code(engine, case or "")}


@router.get("/v1/results/{doc_code}/pdf", response_class=Response, tags=["results"],
            responses={404: {"description": "no such document"}})
def result_pdf(doc_code: str, request: Request) -> Response:
    """The stamped PDF, as signed (its sha256 is the document's)."""
    data = _case_call(documents.pdf, request.app.state.engine, doc_code)
    return Response(data, media_type="application/pdf")


@router.post("/v1/results/{doc_code}/prints", response_model=DocumentView, tags=["results"],
             responses={404: {"description": "no such document"}, 409: {"description": "print limit reached"}})
def result_printed(doc_code: str, body: PrintIn, request: Request) -> dict[str, Any]:
    """A kiosk printed the document: which kiosk (the signer), when, how many copies; the same key once."""
    device = getattr(request.state, "device_id", "") or ""
    view: dict[str, Any] = _case_call(documents.record_print, request.app.state.engine, doc_code, body.key, device,
                                      body.copies, body.at)
    return view


class GiveBackIn(BaseModel):
    key: str = Field(min_length=8, max_length=80, description="the key the print was counted under")
    reason: documents.GiveBackReason = Field(
        description="refused: the printer did not take the job; failed: the job ended aborted or cancelled; "
                    "unanswered: the count's answer was lost and nothing was sent to the printer; interrupted: "
                    "the kiosk restarted after the count, before the printer took the job")
    at: str = Field(min_length=10, max_length=40)


@router.post("/v1/results/{doc_code}/returns", response_model=DocumentView, tags=["results"],
             responses={404: {"description": "no such document"},
                        409: {"description": "the print is another kiosk's or another document's"}})
def result_given_back(doc_code: str, body: GiveBackIn, request: Request) -> dict[str, Any]:
    """A print the A4 printer did not take is given back by the kiosk that counted it: it no longer counts
    toward the print limit; its record keeps when and why. Idempotent by the print's key (a repeat gives back
    nothing more); a give-back before its count makes that count void."""
    device = getattr(request.state, "device_id", "") or ""
    view: dict[str, Any] = _case_call(documents.give_back, request.app.state.engine, doc_code, body.key, device,
                                      body.reason, body.at)
    return view


class HandInIn(BaseModel):
    attachments: list[AttachmentRef] = Field(min_length=1, max_length=20,
                                             description="the photographed materials, uploaded apart by sha256")


@router.post("/v1/cases/{code}/supplement", response_model=CaseView, tags=["results"],
             responses={404: {"description": "no such case"}, 409: {"description": "no open 补正 request"}})
def kiosk_hand_in(code: str, body: HandInIn, request: Request) -> dict[str, Any]:
    """补正 at a kiosk: the materials join the case and the open request is received (the clock runs again)."""
    refs = [a.model_dump() for a in body.attachments]
    try:
        view: dict[str, Any] = handin.hand_in(request.app.state.engine, code, refs, store.now_iso())
    except store.CaseNotFound:
        raise HTTPException(404, f"未找到该办件 / case not found: {code}", headers=MISSING) from None
    except handin.NothingAsked as exc:
        raise HTTPException(409, str(exc)) from None
    return view


# -- public verification ----------------------------------------------------------------------------------

def _page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    from servicenet.webchannel.pages import render

    return render("verify.html", status, me=None, path=request.url.path, **context)


def _throttled(request: Request) -> HTMLResponse | None:
    verdict = ratelimit.hit(request.app.state.engine, f"verify:{ratelimit.client_of(request)}", VERIFY_LIMIT)
    if verdict.allowed:
        return None
    minutes = max(1, verdict.retry_after // 60)
    resp = _page(request, 429, result=None, code="", error=f"核验次数过多，请 {minutes} 分钟后再试。")
    resp.headers["Retry-After"] = str(verdict.retry_after)
    return resp


@router.get("/verify", response_class=HTMLResponse, include_in_schema=False)
async def verify_form(request: Request, code: str = "") -> Response:
    if not code:
        return _page(request, result=None, code="", error="")
    try:
        return RedirectResponse(f"/verify/{documents.canonical_code(code)}", status_code=303)
    except documents.UnknownDocument:
        return _page(request, 400, result=None, code=code[:40], error="核验码应为16位字母或数字，请核对。")


async def _verify(request: Request, code: str, copy: bytes | None, sha: str = "") -> Response:
    slow = await run_in_threadpool(_throttled, request)
    if slow is not None:
        return slow
    try:
        canonical = documents.canonical_code(code)
    except documents.UnknownDocument:
        return _page(request, 404, result={"found": False}, code=code[:40], error="")
    result = await run_in_threadpool(verify.check, request.app.state.engine, signing_key(request).public_b64,
                                     canonical, copy, sha)
    status = 404 if not result["found"] else 409 if result["copy_matches"] is False else 200
    return _page(request, status, result=result, code=canonical, error="")


@router.get("/verify/{code}", response_class=HTMLResponse, include_in_schema=False)
async def verify_page(request: Request, code: str, sha256: str = "") -> Response:
    """Genuine and unchanged? The masked holder and the issue date; ?sha256= checks a copy by its hash."""
    return await _verify(request, code, None, sha256[:64])


@router.post("/verify/{code}", response_class=HTMLResponse, include_in_schema=False)
async def verify_upload(request: Request, code: str) -> Response:
    """Check an uploaded copy byte for byte against the signed hash (the file is not kept)."""
    form = await request.form()
    upload = form.get("file")
    data = await upload.read(documents.MAX_PDF + 1) if upload is not None and hasattr(upload, "read") else b""
    return await _verify(request, code, data if data else None)


@router.get("/verify-key", include_in_schema=False)
def verify_key(request: Request) -> dict[str, str]:
    """The network's public key for result documents (Ed25519, base64): verify a statement offline."""
    return {"alg": "ed25519", "public_key": signing_key(request).public_b64}
