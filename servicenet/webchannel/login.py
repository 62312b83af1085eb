"""Logging in on the web channel, and out of it everywhere.

- **SMS login** (the login that proves something): name, ID number and a mobile phone that is *on record* for
  that person, i.e. given on a kiosk case whose applicant was identified by a card (ID card, social-security
  card) or a 亮码; a 6-digit code goes to that phone through the SMS gateway adapter (servicenet/sms/otp.py,
  purpose "login"), and the session records `acr = "sms"` and the name the card gave on that case (the name
  typed proves nothing).
- **Single sign-on** with the provincial identity provider (servicenet/webchannel/oidc.py), `acr = "oidc"`.
- There is no login by name and ID number alone: ID numbers are not secrets. Every per-person page (my cases,
  applying, uploads, appointments, rating) needs a session proven one of these two ways (session.PROVEN).
- **Lockout**: attempts per client (LOGIN_CLIENT_LIMIT) and failures per ID number (LOGIN_ID_LIMIT) are
  counted in the database (servicenet/ratelimit.py); past either, the login answers 429 until the window ends.
- **Sessions** are sealed cookies that expire (session.MAX_AGE) and carry the person's login generation;
  "退出所有设备" bumps the generation (web_login_generations), so every cookie issued before is dead at once.
"""
from __future__ import annotations

import json
import os
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.engine import Engine

from domain import wire
from servicenet import ratelimit
from servicenet.columns import table
from servicenet.db import cases
from servicenet.sms import otp
from servicenet.sms.outbox import BadPhone, canonical_phone
from servicenet.webchannel.phone import code_sent
from servicenet.webchannel.session import RESIDENT_COOKIE, LoginRefused, check_login, session_cookie

LOGIN_CLIENT_LIMIT = ratelimit.Limit.from_env("LOGIN", 20, 600)
LOGIN_ID_LIMIT = ratelimit.Limit.from_env("LOGIN_ID", 5, 900)
CARD_SOURCES = ("id_card", "social_security", "e_sscard", "e_id")  # an applicant a device identified

web_login_generations = table(
    "web_login_generations",
    sa.Column("person_hash", sa.String(64), primary_key=True),
    sa.Column("generation", sa.Integer, nullable=False),
)


def generation(engine: Engine, person: str) -> int:
    with engine.connect() as conn:
        found = conn.execute(sa.select(web_login_generations.c.generation)
                             .where(web_login_generations.c.person_hash == person)).scalar()
    return int(found or 0)


_BUMP = sa.text(
    "INSERT INTO web_login_generations (person_hash, generation) VALUES (:p, 1) "
    "ON CONFLICT (person_hash) DO UPDATE SET generation = web_login_generations.generation + 1")


def resident(app_state: Any, value: str | None) -> Any:
    """The logged-in resident of a resident cookie (domain Person), or None: expired, forged, or logged out
    everywhere since it was issued (app_state: the app's engine, person_key and cookie keys)."""
    from servicenet.webchannel.session import cookie_box, resident_from

    return resident_from(cookie_box(app_state, "resident"), value,
                         lambda number: generation(app_state.engine, wire.person_hash(app_state.person_key, number)))


def to_login(request: Request) -> RedirectResponse:
    """To the login page, and back to this page after it."""
    return RedirectResponse(login_target(request), status_code=303)


def login_target(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/web/login?next={quote(target)}"


def signed_in(request: Request) -> Any:
    """The signed-in resident (a session proven by SMS code or single sign-on, not logged out everywhere since),
    for a route that takes `me: SignedIn`; anyone else is sent to the login page and back (303)."""
    from servicenet.webchannel.session import RESIDENT_COOKIE

    found = resident(request.app.state, request.cookies.get(RESIDENT_COOKIE))
    if found is None:
        raise HTTPException(303, "请先登录", headers={"Location": login_target(request)})
    return found


SignedIn = Annotated[Any, Depends(signed_in)]


def log_out_everywhere(engine: Engine, person: str) -> None:
    """Every session of this person issued so far stops working (单点退出)."""
    with engine.begin() as conn:
        conn.execute(_BUMP, {"p": person})


def phones_on_record(engine: Engine, open_case: Any, person: str, limit: int = 20) -> dict[str, str]:
    """The mobile phones given on this person's kiosk cases whose applicant a card or a 亮码 identified, each with
    the applicant's name as the card gave it (newest case first)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(cases.c.payload).where(cases.c.person_hash == person, cases.c.channel == "kiosk")
                            .order_by(cases.c.received_at.desc()).limit(limit)).all()
    found: dict[str, str] = {}
    for row in rows:
        try:
            opened = open_case(json.loads(row.payload))
        except ValueError:
            continue
        applicant, form = opened.get("applicant") or {}, opened.get("form") or {}
        if applicant.get("source") in CARD_SOURCES and isinstance(form.get("phone"), str):
            try:
                found.setdefault(canonical_phone(form["phone"]), str(applicant.get("name") or ""))
            except BadPhone:
                continue
    return found


def locked(engine: Engine, client: str, id_number: str) -> ratelimit.Verdict | None:
    """A refusal when this client or this ID number may not try now (counts the client's attempt)."""
    verdict = ratelimit.hit(engine, f"login:{client}", LOGIN_CLIENT_LIMIT)
    if not verdict.allowed:
        return verdict
    if ratelimit.peek(engine, f"login-id:{id_number}", LOGIN_ID_LIMIT) >= LOGIN_ID_LIMIT.hits:
        return ratelimit.Verdict(False, LOGIN_ID_LIMIT.hits, LOGIN_ID_LIMIT.window)
    return None


def failed(engine: Engine, id_number: str) -> None:
    ratelimit.hit(engine, f"login-id:{id_number}", LOGIN_ID_LIMIT)


def lockout_words(verdict: ratelimit.Verdict) -> str:
    minutes = max(1, -(-verdict.retry_after // 60))
    return f"登录尝试次数过多，为保护您的账户，请 {minutes} 分钟后再试。"


def add_routes(r: Any, engine: Engine, person_key: str, page: Any, box: Any, safe_next: Any) -> None:
    """/web/login (SMS code) and /web/logout on the pages' router; `page`, `box` and `safe_next` are
    the pages' own helpers (servicenet/webchannel/pages.py)."""
    def refused(request: Request, status: int, target: str, error: str, data: Any, sms: str = "") -> Response:
        return page(request, "login.html", status, next=target, error=error, name=str(data.get("name", ""))[:30],
                    id_number=str(data.get("id_number", ""))[:30], phone=str(data.get("phone", ""))[:20], sms=sms)

    def signed_in(request: Request, target: str, resident: Any, acr: str, person: str) -> Response:
        resp = RedirectResponse(target, status_code=303)
        resp.set_cookie(RESIDENT_COOKIE, session_cookie(box(request), resident, acr, generation(engine, person)),
                        httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")
        return resp

    @r.get("/web/login", response_model=None)
    async def login_form(request: Request, next: str = "/web") -> Response:  # noqa: A002 - the query parameter is ?next=
        return page(request, "login.html", next=safe_next(next), error="", name="", id_number="", phone="", sms="")

    @r.post("/web/login", response_model=None)
    async def login(request: Request) -> Response:
        data = await request.form()
        target = safe_next(str(data.get("next", "/web")))
        try:
            resident = check_login(str(data.get("name", "")), str(data.get("id_number", "")))
        except LoginRefused as exc:
            return refused(request, 400, target, str(exc), data)
        person = wire.person_hash(person_key, resident.id_number)
        stop = await run_in_threadpool(locked, engine, ratelimit.client_of(request), person)
        if stop is not None:
            resp = refused(request, 429, target, lockout_words(stop), data)
            resp.headers["Retry-After"] = str(stop.retry_after)
            return resp
        action = str(data.get("action", "sms"))  # "send": text me a code; anything else: check the code
        phone_text = str(data.get("phone", ""))
        try:
            phone = canonical_phone(phone_text)
        except BadPhone:
            return refused(request, 400, target, "请填写正确的11位手机号码。", data)
        on_record = await run_in_threadpool(phones_on_record, engine, request.app.state.seal_key.open_case, person)
        if phone not in on_record:  # the same answer whether or not the person is known: no oracle
            await run_in_threadpool(failed, engine, person)
            return refused(request, 400, target, "该手机号码不是您在自助终端刷证办事时登记的号码，无法用短信登录。"
                                                 "请使用登记过的号码，或到自助终端、窗口刷身份证办理。", data)
        if action == "send":
            try:
                await run_in_threadpool(otp.issue, engine, phone, "login")
            except otp.TooSoon as exc:
                return refused(request, 400, target, str(exc), data)  # its Chinese half (pages.said)
            return refused(request, 200, target, "", data, sms=code_sent(phone))
        code = str(data.get("code", ""))
        if not code.strip():  # Enter before a code was asked for: no guess, so no failure counted
            return refused(request, 400, target, "请先点击“获取验证码”，再填写短信中的验证码。", data)
        try:
            await run_in_threadpool(otp.check, engine, phone, "login", code)
        except otp.WrongCode:
            await run_in_threadpool(failed, engine, person)
            return refused(request, 400, target, "验证码不正确或已失效，请重新获取。", data)
        # the code proved the phone on record for this ID number, not the name typed beside it: the session
        # carries the name the card gave on that case
        resident = replace(resident, name=on_record[phone] or resident.name)
        return signed_in(request, target, resident, "sms", person)

    @r.post("/web/logout")
    async def logout(request: Request) -> RedirectResponse:
        data = await request.form()
        me = box(request).open(request.cookies.get(RESIDENT_COOKIE))
        everywhere = str(data.get("everywhere", "")) == "1" and me is not None and isinstance(me.get("id"), str)
        if everywhere:
            await run_in_threadpool(log_out_everywhere, engine, wire.person_hash(person_key, me["id"]))
        # a single sign-on session: end the provider's session too (单点退出 reaches every application)
        sso = everywhere and me.get("acr") == "oidc" and os.environ.get("SERVICENET_OIDC_ISSUER")
        resp = RedirectResponse("/web/logout/oidc" if sso else "/web", status_code=303)
        resp.delete_cookie(RESIDENT_COOKIE, path="/")
        return resp
