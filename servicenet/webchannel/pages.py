"""The residents' web pages (网上办事): browse and search the catalogue, read a guide, log in, apply, track
by code, see one's cases of every channel, rate. Server-rendered (Jinja2), sized for a phone first."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import Engine

from domain import regcode, wire
from domain.canonical import CHARS
from domain.models import Person, default_delivery
from domain.organisation import asks_credit_code
from domain.status import LABELS_ZH, CaseStatus
from servicenet import attachments, events, proofs, ratelimit, store
from servicenet.backoffice import complaints
from servicenet.results import documents
from servicenet.webchannel import business, catalogue, forms, login, materials, notices, oidc, phone, submit
from servicenet.webchannel.regseq import CodesExhausted
from servicenet.webchannel.session import RESIDENT_COOKIE, CookieBox, cookie_box

TEMPLATES = Path(__file__).with_name("templates")
RATING_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
RATING_REASONS = ("办事效率高", "服务态度好", "材料要求清楚", "等待时间长", "材料要求不清楚", "需要多次跑腿")
CHANNELS = {"kiosk": "自助终端", "web": "网上办事"}
TRACK_COOKIE = "hk_track"  # the codes this browser proved a link to (sealed, path /track/)
TRACK_MAX_AGE = 30 * 60
# /track/<code> lookups and link proofs per client, and proofs per case (servicenet/ratelimit.py)
TRACK_LIMIT = ratelimit.Limit.from_env("TRACK", 30, 600)
PROVE_LIMIT = ratelimit.Limit.from_env("PROVE", 10, 600)
PROVE_CODE_LIMIT = ratelimit.Limit.from_env("PROVE_CODE", 10, 3600)


def public_view(view: dict[str, Any]) -> dict[str, Any]:
    """What anyone with the code sees: the status and its dates, nothing about who applied for what."""
    return {"code": view["code"], "status": view["status"],
            "history": [{"status": h["status"], "at": h["at"], "note": ""} for h in view["history"]]}


def _code_error(exc: regcode.InvalidCode) -> str:
    if exc.reason == CHARS:
        return "登记编码只能包含数字 0-9，请核对回执上的编码。"
    return "登记编码有误：应为20位数字，请核对回执上的编码。"


def _when(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


def _status(value: str) -> str:
    try:
        return LABELS_ZH[CaseStatus(value)]
    except ValueError:
        return value


def _yuan(cents: int) -> str:
    return f"{cents / 100:.2f}"


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(pretty=regcode.pretty, when=_when, status=_status, yuan=_yuan,
                       channel=lambda c: CHANNELS.get(c, c))
    env.globals.update(rating_labels=RATING_LABELS, max_upload=attachments.MAX_LENGTH,  # the forms' file limit
                       default_delivery=default_delivery)
    return env


ENV = environment()


# scripts only from this site (the material uploads: tus-js-client and materials.js, no inline script), which
# talk to this site only; the one stylesheet is inline; forms post to this site only; no framing (clickjacking)
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff",
           "Content-Security-Policy": "default-src 'none'; script-src 'self'; connect-src 'self'; "
                                      "style-src 'unsafe-inline'; img-src 'self'; "
                                      "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"}


def said(text: str) -> str:
    """A page speaks Chinese: of a refusal in the API's "中文 / English" words, the Chinese half."""
    chinese, sep, _english = text.partition(" / ")
    return chinese if sep and any("\u4e00" <= ch <= "\u9fff" for ch in chinese) else text


def in_words(context: dict[str, Any]) -> dict[str, Any]:
    """A page's context with its error (a refusal's text, often the API's bilingual one) in Chinese only."""
    if isinstance(context.get("error"), str):
        context["error"] = said(context["error"])
    return context


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = ENV.get_template(template).render(**in_words(context))
    return HTMLResponse(html, status_code=status_code, headers=HEADERS)


def _safe_next(target: str) -> str:
    """Only our own pages after a login (no open redirect)."""
    return target if target.startswith(("/web", "/track/")) and "//" not in target and "\\" not in target else "/web"


def router(engine: Engine, person_key: str) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def box(request: Request) -> CookieBox:
        return cookie_box(request.app.state, "resident")

    def track_box(request: Request) -> CookieBox:
        return cookie_box(request.app.state, "track")

    def who(request: Request) -> Person | None:
        found: Person | None = login.resident(request.app.state, request.cookies.get(RESIDENT_COOKIE))
        return found

    def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return render(template, status_code, me=who(request), path=request.url.path, **context)

    to_login = login.to_login

    # -- catalogue and guides ---------------------------------------------------------------------------

    @r.get("/web", response_class=HTMLResponse)
    @r.get("/web/", response_class=HTMLResponse)
    async def home(request: Request, q: str = "", category: str = "",
                   page_no: Annotated[int, Query(alias="page")] = 1) -> HTMLResponse:
        q, category = q.strip()[:60], category if category in catalogue.CATEGORIES else ""
        page_no = max(1, min(page_no, 10_000))
        items, total = await run_in_threadpool(catalogue.search, engine, q, category, page_no)
        pages = max(1, -(-total // catalogue.PAGE))
        return page(request, "index.html", q=q, category=category, categories=catalogue.CATEGORIES, items=items,
                    total=total, page_no=page_no, pages=pages)

    @r.get("/web/services/{code}", response_class=HTMLResponse)
    async def guide(request: Request, code: str) -> HTMLResponse:
        item = await run_in_threadpool(catalogue.get, engine, code)
        if item is None:
            return page(request, "message.html", 404, title="未找到该事项",
                        text="该事项不存在或已停止办理，请返回首页重新查找。")
        return page(request, "guide.html", item=item, agent_letter=business.agent_letter(item),
                    methods=phone.offered(item))

    # -- login --------------------------------------------------------------------------------------------

    login.add_routes(r, engine, person_key, page, box, _safe_next)
    oidc.add_routes(r, engine, person_key, page, _safe_next)
    notices.add_routes(r, engine, person_key, page)
    ENV.globals.update(sso=oidc.enabled())

    # -- apply ----------------------------------------------------------------------------------------------

    def _prefill(me: Person) -> dict[str, str]:
        return {"name": me.name, "id_number": me.id_number}

    async def _applying(request: Request, code: str) -> tuple[Person, dict[str, Any]] | Response:
        """The logged-in resident and the service applied for, or the page to show instead."""
        me = who(request)
        if me is None:
            return to_login(request)
        item = await run_in_threadpool(catalogue.get, engine, code)
        if item is None:
            return page(request, "message.html", 404, title="未找到该事项", text="该事项不存在或已停止办理。")
        return me, item

    @r.get("/web/apply/{code}", response_model=None)
    async def apply_form(request: Request, code: str) -> Response:
        if isinstance(found := await _applying(request, code), Response):
            return found
        me, item = found
        schema = item.get("form_schema", {})
        fields = forms.prefilled(forms.fields_of(schema), _prefill(me))
        earlier = {} if not asks_credit_code(schema) else await run_in_threadpool(
            business.on_record, engine, request.app.state.seal_key.open_case, wire.person_hash(person_key, me.id_number))
        return page(request, "apply.html", item=item, fields=fields, token=submit.new_token(), error="",
                    methods=phone.offered(item), data={}, sent="", organisation_filled=forms.suggested(fields, earlier),
                    agent_letter=business.agent_letter(item))

    @r.post("/web/apply/{code}", response_model=None)
    async def apply(request: Request, code: str) -> Response:
        if isinstance(found := await _applying(request, code), Response):
            return found
        me, item = found
        data = {k: str(v) for k, v in (await request.form()).items()}
        fields = forms.fields_of(item.get("form_schema", {}))
        form, ok = forms.fill(fields, data, _prefill(me))
        token = data.get("token", "")
        item = business.as_applied(item, data)  # an authorised agent brings the letter of authorisation

        def again(status: int, error: str = "", sent: str = "", new_token: bool = False) -> Response:
            return page(request, "apply.html", status, item=item, fields=fields, methods=phone.offered(item),
                        data=data,
                        token=submit.new_token() if new_token else token, error=error, sent=sent,
                        agent_letter=business.agent_letter(item))

        if data.get("action") == "send_code":  # 获取验证码: the SMS goes out, the form comes back as filled
            try:
                sent = await run_in_threadpool(phone.send_code, engine, data.get("phone", ""))
            except phone.PhoneRefused as exc:
                return again(400, error=str(exc))
            request.app.state.sms.kick()
            return again(200, sent=sent)
        if not ok:
            return again(400, "请按提示修改后再提交。")
        person = wire.person_hash(person_key, me.id_number)
        try:
            proven = await run_in_threadpool(phone.prove, engine, person, str(form.get("phone", data.get("phone", ""))),
                                             data.get("sms_code", ""))
            delivery = phone.delivery_of(data, proven, item)
        except phone.PhoneRefused as exc:
            return again(400, str(exc))
        try:
            files = await run_in_threadpool(materials.chosen, engine, item, data.get("attachments", ""))
        except materials.MaterialsRefused as exc:
            return again(400, str(exc))
        try:
            issued = await run_in_threadpool(submit.submit, engine, request.app.state.seal_key, person_key, item,
                                             me, form, token, delivery=delivery, attachments=files)
        except (submit.NotAccepted, CodesExhausted) as exc:
            return again(400, str(exc), new_token=True)
        return RedirectResponse(f"/track/{issued}?new=1", status_code=303)

    # -- track, my cases, rate -----------------------------------------------------------------------------

    def _linked(request: Request, code: str, link: dict[str, Any]) -> tuple[bool, bool]:
        """(mine, linked): logged in as the applicant; or the viewer proved a link earlier (track cookie)."""
        me = who(request)
        mine = me is not None and link["person_hash"] == wire.person_hash(person_key, me.id_number)
        proven = code in (track_box(request).open(request.cookies.get(TRACK_COOKIE)) or {}).get("codes", [])
        return mine, mine or proven

    def _slow_down(request: Request, verdict: ratelimit.Verdict) -> HTMLResponse:
        minutes = max(1, -(-verdict.retry_after // 60))
        resp = page(request, "message.html", 429, title="查询过于频繁",
                    text=f"为保护申请人信息，查询次数已达上限，请 {minutes} 分钟后再试。")
        resp.headers["Retry-After"] = str(verdict.retry_after)
        return resp

    @r.get("/web/track", response_model=None)
    async def track_form(request: Request, code: str = "") -> Response:
        if not code:
            return page(request, "track_form.html", error="", code="")
        try:
            found = regcode.validate(code)
        except regcode.InvalidCode as exc:
            return page(request, "track_form.html", 400, code=code[:40], error=_code_error(exc))
        return RedirectResponse(f"/track/{found}", status_code=303)

    @r.get("/track/{code}", response_model=None)
    async def track(request: Request, code: str, new: int = 0, materials: str = "") -> Response:
        try:
            canonical = regcode.validate(code)
        except regcode.InvalidCode as exc:
            return page(request, "track_form.html", 404, code=code[:40], error=_code_error(exc))
        if canonical != code:
            return RedirectResponse(f"/track/{canonical}", status_code=303)
        verdict = await run_in_threadpool(ratelimit.hit, engine, f"track:{ratelimit.client_of(request)}",
                                          TRACK_LIMIT)
        if not verdict.allowed:
            return _slow_down(request, verdict)
        link = await run_in_threadpool(store.link_of, engine, code)
        view = await run_in_threadpool(store.case_view, engine, code) if link is not None else None
        if link is None or view is None:
            return page(request, "track.html", 404, view=None, code=code, mine=False, linked=False, new=False)
        mine, linked = _linked(request, code, link)
        if not linked:
            view = public_view(view)
        follow_up = await run_in_threadpool(complaints.of, engine, code) if linked else None
        issued = (await run_in_threadpool(documents.for_case, engine, code)
                  if linked and view["status"] == "completed" else [])
        return page(request, "track.html", view=view, code=code, mine=mine, linked=linked, new=bool(new) and mine,
                    reasons=RATING_REASONS, proof_error="", complaint=follow_up, documents=issued,
                    handed_in=materials[:10] if mine else "")  # what /track/{code}/materials did

    @r.post("/track/{code}/prove", response_model=None)
    async def prove(request: Request, code: str) -> Response:
        try:
            code = regcode.validate(code)
        except regcode.InvalidCode as exc:
            return page(request, "track_form.html", 404, code=code[:40], error=_code_error(exc))
        client = ratelimit.client_of(request)
        for bucket, limit in ((f"prove:{client}", PROVE_LIMIT), (f"prove-code:{code}", PROVE_CODE_LIMIT)):
            verdict = await run_in_threadpool(ratelimit.hit, engine, bucket, limit)
            if not verdict.allowed:
                return _slow_down(request, verdict)
        link = await run_in_threadpool(store.link_of, engine, code)
        text = str((await request.form()).get("proof", ""))[:60]
        if link is None or not proofs.holds(person_key, code, link, text):
            view = await run_in_threadpool(store.case_view, engine, code) if link is not None else None
            if view is None:
                return page(request, "track.html", 404, view=None, code=code, mine=False, linked=False, new=False)
            return page(request, "track.html", 400, view=public_view(view), code=code, mine=False, linked=False,
                        new=False, reasons=RATING_REASONS, proof_error="姓名或身份证号码后4位与申请人不符，请核对。")
        held = (track_box(request).open(request.cookies.get(TRACK_COOKIE)) or {}).get("codes", [])
        resp = RedirectResponse(f"/track/{code}", status_code=303)
        resp.set_cookie(TRACK_COOKIE, track_box(request).seal({"codes": [*held[-19:], code]}, max_age=TRACK_MAX_AGE),
                        max_age=TRACK_MAX_AGE, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                        path="/track/")
        return resp

    @r.post("/track/{code}/rate", response_model=None)
    async def rate(request: Request, code: str, me: login.SignedIn) -> Response:
        link = await run_in_threadpool(store.link_of, engine, code)
        if link is None or link["person_hash"] != wire.person_hash(person_key, me.id_number):
            return page(request, "message.html", 403, title="无法评价", text="只有申请人本人登录后才能评价该办件。")
        data = await request.form()
        try:
            level = int(str(data.get("level", "")))
        except ValueError:
            level = 0
        if level not in RATING_LABELS:
            return page(request, "message.html", 400, title="请选择评价等级", text="请返回并选择一个满意程度。")
        reasons = [str(x) for x in data.getlist("reasons") if str(x) in RATING_REASONS]
        event = {"key": f"{code}:rating", "kind": "rating", "code": code, "device_id": "", "channel": "web",
                 "at": store.now_iso(), "body": {"level": level, "reasons": reasons}}
        result = await run_in_threadpool(events.submit_one, engine, event)
        if result["result"] not in ("created", "duplicate"):
            return page(request, "message.html", 409, title="未能评价", text="该办件已经评价过了，感谢您的反馈。")
        return RedirectResponse(f"/track/{code}", status_code=303)

    @r.get("/web/cases", response_model=None)
    async def my_cases(request: Request, me: login.SignedIn) -> Response:
        found = await run_in_threadpool(store.cases_by_person, engine, wire.person_hash(person_key, me.id_number),
                                        100)
        return page(request, "cases.html", cases=found)

    return r
