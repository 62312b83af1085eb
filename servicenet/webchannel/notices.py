"""短信通知设置 (/web/notices): a signed-in resident turns case notices off and on for her own phones.

Her phones are the ones proven hers: given on her kiosk cases where a card or a 亮码 identified her (the phones
the SMS login accepts, login.phones_on_record) and the ones she proved on the web with an SMS code
(phone.web_phones) — the page itself proves one more: she types it, gets a code by SMS and enters it, as on the
apply form (phone.send_code, phone.prove). Turning notices off writes the same record a TD reply writes (sms_optouts, how="web"),
so the outbox drops every later notice to that phone; verification codes (login, proving a phone) still go,
as they do after TD. Turning them on removes the record, however it was made. The page needs a session
proven by SMS or single sign-on (session.PROVEN); like the other /web forms it relies on the session cookie
being SameSite=Lax (a cross-site POST does not carry it).
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.engine import Engine

from domain import wire
from domain.phone import mask
from servicenet.sms import outbox
from servicenet.sms.tables import sms_optouts
from servicenet.webchannel import phone as proof
from servicenet.webchannel.login import SignedIn, phones_on_record
from servicenet.webchannel.phone import web_phones

HOW = {"reply": "回复TD退订", "web": "网上设置"}


def her_phones(engine: Engine, open_case: Any, person: str) -> list[dict[str, Any]]:
    """Each phone of this person (see the module docstring), with whether notices to it are off and how."""
    found = list(phones_on_record(engine, open_case, person))
    with engine.connect() as conn:
        for row in conn.execute(sa.select(web_phones.c.phone).where(web_phones.c.person_hash == person)
                                .order_by(web_phones.c.verified_at.desc())):
            if row.phone not in found:
                found.append(row.phone)
        off = {r.phone: r.how for r in conn.execute(sa.select(sms_optouts).where(sms_optouts.c.phone.in_(found)))}
    return [{"phone": p, "masked": mask(p), "off": p in off, "how": HOW.get(off.get(p, ""), "")} for p in found]


class NoticeRefused(ValueError):
    """Not one of her phones, or not a choice the page offers (the message is for her)."""


def set_notices(engine: Engine, open_case: Any, person: str, phone_text: str, on: bool) -> None:
    """Turn case notices to one of her phones on or off; NoticeRefused when it is not hers."""
    try:
        phone = outbox.canonical_phone(phone_text)
    except outbox.BadPhone:
        raise NoticeRefused("手机号码格式不正确，请从列表中选择。") from None
    if phone not in [p["phone"] for p in her_phones(engine, open_case, person)]:
        raise NoticeRefused("只能设置您本人登记或验证过的手机号码。")
    if on:
        outbox.opt_in(engine, phone)
    else:
        outbox.opt_out(engine, phone, how="web")


def add_routes(r: Any, engine: Engine, person_key: str, page: Any) -> None:
    """GET and POST /web/notices on the pages' router (signed-in residents only: login.SignedIn); `page` is the pages' helper
    (servicenet/webchannel/pages.py)."""

    async def show(request: Request, me: Any, status: int = 200, done: str = "", error: str = "",
                   adding: str = "") -> Response:
        person = wire.person_hash(person_key, me.id_number)
        phones = await run_in_threadpool(her_phones, engine, request.app.state.seal_key.open_case, person)
        return page(request, "notices.html", status, phones=phones, done=done, error=error, adding=adding)

    @r.get("/web/notices", response_model=None)
    async def notices_page(request: Request, me: SignedIn, done: str = "") -> Response:
        said = {"on": "已恢复发送办件进度短信。", "off": "已停止发送办件进度短信；验证码短信仍会发送。",
                "added": "手机号码已验证并添加，办件进度短信会发送到这个号码。"}
        return await show(request, me, done=said.get(done, ""))

    @r.post("/web/notices", response_model=None)
    async def notices_set(request: Request, me: SignedIn) -> Response:
        data = await request.form()
        action = str(data.get("action", ""))
        person = wire.person_hash(person_key, me.id_number)
        typed = str(data.get("phone", ""))[:40]
        if action in ("send", "add"):  # adding a phone: a code to it first, then the code back
            try:
                if action == "send":
                    sent = await run_in_threadpool(proof.send_code, engine, typed)
                    return await show(request, me, done=sent, adding=typed)
                await run_in_threadpool(proof.prove, engine, person, typed, str(data.get("code", ""))[:12])
            except proof.PhoneRefused as exc:
                return await show(request, me, 400, error=str(exc), adding=typed)
            return RedirectResponse("/web/notices?done=added", status_code=303)
        if action not in ("on", "off"):
            return await show(request, me, 400, error="请选择“停止接收”或“恢复接收”。")
        try:
            await run_in_threadpool(set_notices, engine, request.app.state.seal_key.open_case, person,
                                    typed, action == "on")
        except NoticeRefused as exc:
            return await show(request, me, 400, error=str(exc))
        return RedirectResponse(f"/web/notices?done={action}", status_code=303)
