"""HTTP of the SMS side: the gateway's uplink callback (/notify/sms/…) and, with the sandbox provider only,
/sandbox/sms/… (the phones: an inbox page, their messages as JSON, a reply, and a gateway outage)."""
from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from servicenet.sms.gateway import SmsGateway
from servicenet.sms.outbox import BadPhone, canonical_phone
from servicenet.sms.sandbox import SandboxSms

router = APIRouter()

INBOX = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="5">
<title>短信沙箱收件箱</title><style>body{{font-family:"Noto Sans CJK SC",sans-serif;margin:1em;font-size:17px}}
li{{margin:.6em 0;padding:.6em;border:1px solid #ccc;border-radius:8px;list-style:none}}
.meta{{color:#666;font-size:.85em}}</style></head><body><h1>短信沙箱收件箱{title}</h1>
<form method="get"><label>手机号 <input name="phone" value="{phone}" inputmode="numeric"></label>
<button>筛选</button></form><ul>{items}</ul></body></html>"""


class ReplyIn(BaseModel):
    phone: str = Field(min_length=11, max_length=20)
    text: str = Field(min_length=1, max_length=70)


class FailIn(BaseModel):
    times: int = Field(1, ge=0, le=100)


def sms(request: Request) -> SmsGateway:
    gw: SmsGateway = request.app.state.sms
    return gw


def sandbox(request: Request) -> SandboxSms:
    provider = sms(request).provider
    if not isinstance(provider, SandboxSms):
        raise HTTPException(404, "sandbox controls exist only with the sandbox SMS provider")
    return provider


def _phone(text: str) -> str:
    if not text:
        return ""
    try:
        return canonical_phone(text)
    except BadPhone as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/sandbox/sms/inbox", response_class=HTMLResponse, tags=["sandbox"])
async def inbox_page(request: Request, phone: str = "") -> HTMLResponse:
    """The phones' inbox: every message the sandbox gateway delivered, newest first."""
    box = sandbox(request)
    try:
        wanted = canonical_phone(phone) if phone else ""
    except BadPhone:
        wanted = ""
    rows = await run_in_threadpool(box.inbox, wanted)
    items = "".join(
        f"<li><div class=meta>{escape(r['phone'])} · {datetime.fromtimestamp(r['received_at']):%Y-%m-%d %H:%M:%S}"
        f"</div><div>{escape(r['text'])}</div></li>" for r in rows) or "<li>暂无短信</li>"
    return HTMLResponse(INBOX.format(items=items, phone=escape(wanted),
                                     title=f"（{escape(wanted)}）" if wanted else ""))


@router.get("/sandbox/sms/messages", tags=["sandbox"])
async def messages(request: Request, phone: str = "") -> dict[str, Any]:
    """The same inbox as JSON (tests and the demo read it)."""
    return {"messages": await run_in_threadpool(sandbox(request).inbox, _phone(phone))}


@router.post("/sandbox/sms/reply", tags=["sandbox"])
async def reply(request: Request, body: ReplyIn) -> dict[str, str]:
    """A phone replies (e.g. TD): the gateway delivers it to the network as an uplink message."""
    sandbox(request)
    phone = _phone(body.phone)
    return {"result": await run_in_threadpool(sms(request).reply, phone, body.text)}


@router.post("/sandbox/sms/outage", tags=["sandbox"])
async def outage(request: Request, body: FailIn) -> dict[str, int]:
    """The gateway is down for the next `times` sends (the outbox keeps them and sends them later)."""
    sandbox(request).fail_next(body.times)
    return {"times": body.times}
