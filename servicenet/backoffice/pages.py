"""The staff's pages (/admin): sign in (password + TOTP), work a case (受理, 补正, 办结, 不予办理), the overdue list,
every kiosk's health, the staff list. Each route declares its roles (servicenet/backoffice/roles.py); the same
rules as the API (servicenet/backoffice/cases.py), rendered with the web channel's templates."""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine

from domain import regcode
from domain.status import IllegalTransition
from servicenet import heartbeat, store
from servicenet.backoffice import accounts, auth, casefile, complaints, figures, scope, supervise
from servicenet.backoffice import cases as office
from servicenet.backoffice.roles import Role, Staff, require_role
from servicenet.backoffice.view import today_local
from servicenet.hall import network as hall_network
from servicenet.payments import refunds
from servicenet.results import delivery, documents, sendout
from servicenet.results.routes import signing_key
from servicenet.webchannel.pages import render
from servicenet.webchannel.session import STAFF_COOKIE

LEVELS = {"ok": "正常", "warning": "告警", "error": "故障", "silent": "失联"}
PAPERS = {"ok": "纸量正常", "low": "纸将尽", "out": "缺纸", "unknown": "未知"}
CASE_ROLES = (Role.WINDOW, Role.HANDLER, Role.SUPERVISOR, Role.COMPLAINTS)
Viewer = Annotated[Staff, require_role(*CASE_ROLES)]
Window = Annotated[Staff, require_role(Role.WINDOW)]
Handler = Annotated[Staff, require_role(Role.HANDLER)]
Admin = Annotated[Staff, require_role(Role.ADMIN)]
Fleet = Annotated[Staff, require_role(Role.ADMIN, Role.SUPERVISOR)]


def _safe_next(target: str) -> str:
    return target if target.startswith("/admin/") and "//" not in target and "\\" not in target else ""


def router(engine: Engine) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/admin/login", response_class=HTMLResponse)
    async def login_form(request: Request, next: str = "") -> HTMLResponse:  # noqa: A002 - the query parameter is ?next=
        return render("admin_login.html", staff=None, me=None, path=request.url.path, error="",
                      next=_safe_next(next), staff_id="")

    @r.post("/admin/login", response_model=None)
    async def login(request: Request) -> Response:
        data = await request.form()
        staff_id = str(data.get("staff_id", ""))[:200]  # canonicalised by sign_in, never cut to fit
        target = _safe_next(str(data.get("next", "")))
        try:
            staff = await run_in_threadpool(accounts.sign_in, engine, staff_id, str(data.get("password", ""))[:200],
                                            str(data.get("code", ""))[:20], request.app.state.clock())
        except accounts.SignInRefused as exc:
            return render("admin_login.html", 401, staff=None, me=None, path="/admin/login", next=target,
                          error=str(exc), staff_id=staff_id)
        resp = RedirectResponse(target or staff.home, status_code=303)
        auth.start_session(request, resp, staff)
        return resp

    @r.post("/admin/logout")
    async def logout(request: Request) -> RedirectResponse:
        staff = await run_in_threadpool(auth.session_staff, request)
        if staff is not None:  # the cookie is dead everywhere, not only in this browser
            await run_in_threadpool(accounts.end_sessions, engine, staff.staff_id)
        resp = RedirectResponse("/admin/login", status_code=303)
        resp.delete_cookie(STAFF_COOKIE, path="/admin")
        return resp

    @r.get("/admin/kiosks", response_model=None)
    async def kiosks(request: Request, staff: Fleet) -> Response:
        fleet = await run_in_threadpool(heartbeat.fleet, engine, request.app.state.clock())
        counts = {level: sum(1 for k in fleet if k["level"] == level) for level in LEVELS}
        return render("admin_kiosks.html", staff=staff, me=None, path=request.url.path, kiosks=fleet,
                      counts=counts, levels=LEVELS, papers=PAPERS, stale_minutes=int(heartbeat.STALE_AFTER // 60),
                      pending=sum(1 for k in fleet if k.get("restart_pending")))

    @r.get("/admin/staff", response_model=None)
    async def staff_list(request: Request, staff: Admin) -> Response:
        found = await run_in_threadpool(accounts.listing, engine)
        return render("admin_staff.html", staff=staff, me=None, path=request.url.path, accounts=found,
                      labels={r.value: r.label for r in Role})

    @r.get("/admin/supervision", response_model=None)
    async def supervision(request: Request, staff: Annotated[Staff, require_role(Role.SUPERVISOR)]) -> Response:
        today = today_local()
        found = await run_in_threadpool(figures.recent, supervise.board, engine, today)
        return render("admin_supervision.html", staff=staff, me=None, path=request.url.path, board=found,
                      today=today.isoformat())

    @r.get("/admin/figures", response_model=None)
    async def figures_page(request: Request, staff: Annotated[Staff, require_role(Role.SUPERVISOR)]) -> Response:
        found = await run_in_threadpool(figures.cached, engine, today_local())
        return render("admin_figures.html", staff=staff, me=None, path=request.url.path, f=found)

    @r.get("/admin/figures.csv", response_model=None)
    async def figures_csv(request: Request, staff: Annotated[Staff, require_role(Role.SUPERVISOR)]) -> Response:
        found = await run_in_threadpool(figures.cached, engine, today_local())
        return Response(figures.to_csv(found), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="figures-{found["today"]}.csv"', "Cache-Control": "no-store"})

    @r.get("/admin/complaints", response_model=None)
    async def complaint_list(request: Request, staff: Annotated[Staff, require_role(Role.COMPLAINTS, Role.SUPERVISOR)],
                             error: str = "") -> Response:
        items = await run_in_threadpool(complaints.listing, engine)
        return render("admin_complaints.html", staff=staff, me=None, path=request.url.path, items=items,
                      levels=figures.LEVELS, can_reply=staff.has(Role.COMPLAINTS), error=error[:200])

    @r.post("/admin/complaints/{code}/reply", response_model=None)
    async def complaint_reply(request: Request, code: str,
                              staff: Annotated[Staff, require_role(Role.COMPLAINTS)]) -> Response:
        text = str((await request.form()).get("reply", ""))
        try:
            await run_in_threadpool(complaints.reply, engine, code, text, staff.staff_id, store.now_iso())
        except complaints.ReplyRefused as exc:
            return RedirectResponse(f"/admin/complaints?error={quote(str(exc).split(' / ')[0])}", status_code=303)
        return RedirectResponse("/admin/complaints", status_code=303)

    @r.get("/admin/cases", response_model=None)
    async def cases(request: Request, staff: Viewer, overdue: int = 0) -> Response:
        seen = await run_in_threadpool(scope.services_seen, engine, staff)
        found = await run_in_threadpool(office.list_views, engine, "", bool(overdue), 100, None, seen)
        found = await run_in_threadpool(scope.visible, engine, staff, found)
        return render("admin_cases.html", staff=staff, me=None, path=request.url.path, cases=found,
                      overdue=bool(overdue))

    async def _case_page(request: Request, staff: Staff, code: str, error: str = "",
                         status_code: int = 200, filled: dict[str, str] | None = None) -> HTMLResponse:
        try:
            await run_in_threadpool(scope.check_see, engine, staff, code)
            view = await run_in_threadpool(store.case_view, engine, code)
        except store.CaseNotFound:
            return render("message.html", 404, office=True, staff=staff, me=None, path=request.url.path,
                          title="未找到该办件", text=f"没有登记编码为 {code[:40]} 的办件。")
        department = await run_in_threadpool(scope.department_of, engine, code)
        ticket = await run_in_threadpool(hall_network.ticket_of_case, engine, view["code"])  # 取号 at a hall
        issued = await run_in_threadpool(documents.for_case, engine, view["code"])
        prints = await run_in_threadpool(documents.prints_of, engine, view["code"]) if issued else []
        fees = await run_in_threadpool(refunds.for_case, engine, view["code"])  # orders and refunds
        return render("admin_case.html", status_code, staff=staff, me=None, path=request.url.path, view=view,
                      error=error, department=department, window=staff.has(Role.WINDOW),
                      handler=staff.may_process(department), ticket=ticket, documents=issued, prints=prints,
                      given_back_words=documents.GIVE_BACK_WORDS, fees=fees,
                      kinds=documents.KINDS, open_for_results=documents.OPEN_FOR_RESULTS, carriers=delivery.CARRIERS,
                      filled=filled or {})  # a refused form comes back as typed

    @r.get("/admin/cases/{code}", response_model=None)
    async def case(request: Request, code: str, staff: Viewer) -> Response:
        try:  # the code as a receipt prints it (440105 001 …) or a Chinese input method types it: the case's page
            canonical = regcode.validate(code)
        except regcode.InvalidCode:
            canonical = code
        if canonical != code:
            return RedirectResponse(f"/admin/cases/{canonical}", status_code=303)
        return await _case_page(request, staff, code)

    async def _act(request: Request, staff: Staff, code: str, call: Callable[[dict[str, str]], Any],
                   processing: bool = False) -> Response:
        data = {k: str(v) for k, v in (await request.form()).items()}
        try:
            if processing:
                await run_in_threadpool(scope.check_process, engine, staff, code)
            await run_in_threadpool(call, data)
        except store.CaseNotFound:
            return await _case_page(request, staff, code)
        except (IllegalTransition, ValueError) as exc:  # "中文 / English": the page says the Chinese
            return await _case_page(request, staff, code, str(exc).split(" / ")[0], 409, data)
        return RedirectResponse(f"/admin/cases/{code}", status_code=303)

    def note(data: dict[str, str]) -> str:
        return data.get("note", "")[:500]

    @r.post("/admin/cases/{code}/accept", response_model=None)
    async def accept(request: Request, code: str, staff: Window) -> Response:
        return await _act(request, staff, code, lambda d: office.accept(engine, code, note(d)))

    @r.post("/admin/cases/{code}/supplement", response_model=None)
    async def supplement(request: Request, code: str, staff: Window) -> Response:
        def call(d: dict[str, str]) -> Any:
            missing = [m for m in d.get("missing", "").splitlines() if m.strip()][:office.MAX_MISSING]
            return office.request_supplement(engine, code, missing, note(d), staff.staff_id)
        return await _act(request, staff, code, call)

    @r.post("/admin/cases/{code}/received", response_model=None)
    async def received(request: Request, code: str, staff: Window) -> Response:
        return await _act(request, staff, code, lambda d: office.supplement_received(engine, code))

    @r.post("/admin/cases/{code}/reject", response_model=None)
    async def reject(request: Request, code: str, staff: Window) -> Response:
        return await _act(request, staff, code, lambda d: office.reject(engine, code, d.get("reason", "")[:500]))

    @r.post("/admin/cases/{code}/refund", response_model=None)
    async def refund(request: Request, code: str, staff: Window) -> Response:
        """退费 at the counter: a paid order of the case, whichever channel took it (servicenet/payments/refunds.py)."""
        from servicenet.payments.routes import gateway_of

        gw = gateway_of(request.app.state)
        return await _act(request, staff, code, lambda d: refunds.by_clerk(
            gw, code, d.get("out_trade_no", "")[:40], d.get("reason", "")[:500], staff.staff_id))

    @r.post("/admin/cases/{code}/start", response_model=None)
    async def start(request: Request, code: str, staff: Handler) -> Response:
        return await _act(request, staff, code, lambda d: office.start(engine, code, note(d)), processing=True)

    @r.post("/admin/cases/{code}/complete", response_model=None)
    async def complete(request: Request, code: str, staff: Handler) -> Response:
        return await _act(request, staff, code, lambda d: office.complete(engine, code, note(d)), processing=True)

    # -- sending the result out: the same functions (and checks, and audit entries) as the API's ----------------

    @r.post("/admin/cases/{code}/results", response_model=None)
    async def issue(request: Request, code: str, staff: sendout.Sender) -> Response:
        """出具结果文书: one document (kind, title, approval text or a PDF file), stamped and signed."""
        form = await request.form()
        upload = form.get("pdf")
        raw = await upload.read(documents.MAX_PDF + 1) if upload is not None and hasattr(upload, "read") else b""
        key, base = signing_key(request), str(request.base_url)
        return await _act(request, staff, code, lambda d: sendout.issue(
            engine, key, staff, code, [sendout.form_document(form, raw)], base, store.now_iso()))

    @r.post("/admin/cases/{code}/posted", response_model=None)
    async def posted(request: Request, code: str, staff: sendout.Sender) -> Response:
        """已寄出: the carrier and the waybill of a case collected by post (the posted SMS goes with it)."""
        done = await _act(request, staff, code, lambda d: sendout.posted(
            engine, staff, code, d.get("carrier", "")[:32], d.get("waybill", "")[:80], store.now_iso()))
        request.app.state.sms.kick()
        return done

    @r.get("/admin/cases/{code}/results/{doc_code}/pdf", response_model=None)
    async def result_pdf(request: Request, code: str, doc_code: str, staff: Viewer) -> Response:
        """The issued document as signed, for a staff member who may see the case; the download is audited."""
        try:
            await run_in_threadpool(scope.check_see, engine, staff, code)
            if doc_code not in [d["doc_code"] for d in await run_in_threadpool(documents.for_case, engine, code)]:
                raise documents.UnknownDocument(doc_code)
            data = await run_in_threadpool(documents.pdf, engine, doc_code)
        except (store.CaseNotFound, documents.UnknownDocument):
            return render("message.html", 404, office=True, staff=staff, me=None, path=request.url.path,
                          title="未找到该结果文书", text=f"办件 {code[:40]} 没有核验码为 {doc_code[:40]} 的结果文书。")
        await run_in_threadpool(casefile.append, engine, staff.staff_id, "result_pdf",
                                {"code": code, "staff_name": staff.name, "document": doc_code}, store.now_iso())
        return Response(data, media_type="application/pdf", headers={
            "Content-Disposition": f'inline; filename="{doc_code}.pdf"', "Cache-Control": "no-store"})

    return r

