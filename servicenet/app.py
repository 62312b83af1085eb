"""FastAPI app of the service network: the kiosk-facing wire contract v1 (docs/wire.md)."""
from __future__ import annotations

import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from domain.status import IllegalTransition
from domain.wire import DEV_PERSON_KEY
from servicenet import (
    attachments,
    audit,
    auth,
    benchbare,
    db,
    enroll,
    events,
    heartbeat,
    keys,
    limits,
    seed,
    store,
    tus,
    webchannel,
)
from servicenet.backoffice import auth as office_auth
from servicenet.backoffice import cases as office
from servicenet.backoffice import filepages as office_files
from servicenet.backoffice import pages as office_pages
from servicenet.backoffice import roles as office_roles
from servicenet.calendar import current as workdays_now
from servicenet.catalogue import catalogue_page
from servicenet.fleet import diagnostics as fleet_diagnostics
from servicenet.fleet import routes as fleet_routes
from servicenet.fleet import settings as fleet_settings
from servicenet.hall import network as hall_network  # registers the hall tables before create_all
from servicenet.hall import web as hall_web
from servicenet.payments import routes as payments  # registers the payment tables before create_all
from servicenet.qrid import routes as qrid_routes
from servicenet.results import routes as results_routes  # registers its tables before create_all
from servicenet.results import signing as result_signing
from servicenet.schemas import (
    MAX_BATCH,
    BatchIn,
    BatchOut,
    CasesOut,
    CaseView,
    CatalogueOut,
    EventsIn,
    EventsOut,
    FeedOut,
    Health,
    StatusIn,
)
from servicenet.sms import routes as sms_routes
from servicenet.sms.gateway import SmsGateway

NOT_FOUND = "未找到该办件 / case not found"
API_HEADER = (b"servicenet-api", b"1")  # the kiosk knows a servicenet answer by it (not a portal, not a wrong host)
MISSING = {"Servicenet-Missing": "1"}  # a 404 for a resource, not for a path this API lacks
MAX_CURSOR = 2**63 - 1  # a sequence number fits a signed 64-bit column (a larger cursor was a 500 on SQLite)


class ApiHeader:
    """Pure ASGI middleware: mark every answer as servicenet's."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def marked(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), API_HEADER]
            await send(message)

        await self.app(scope, receive, marked)


def _not_found(code: str) -> HTTPException:
    return HTTPException(404, f"{NOT_FOUND}: {code}", headers=MISSING)


def _body(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI for a JSON body the handler reads itself."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}}


async def _batch(request: Request, field: str) -> list[Any]:
    """The list under `field` of a JSON body: 422 when it is not one, 413 when it holds more than MAX_BATCH."""
    try:
        body = await request.json()
    except ValueError:
        raise HTTPException(422, "请求格式错误 / invalid request: the body is not JSON") from None
    items = body.get(field) if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise HTTPException(422, f"请求格式错误 / invalid request: body.{field} must be a list")
    if len(items) > MAX_BATCH:
        raise HTTPException(413, limits.too_large(field, len(items)))
    return items


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's spec, with the 422 body this app really sends ({"detail": str}, see _invalid_request)."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schemas = spec.get("components", {}).get("schemas", {})
        if "HTTPValidationError" in schemas:
            schemas["HTTPValidationError"] = {"title": "HTTPValidationError", "type": "object", "required": ["detail"],
                                              "properties": {"detail": {"type": "string", "title": "Detail"}}}
            schemas.pop("ValidationError", None)
        auth.declare(spec, office_auth.unsigned)  # the staff's bearer scheme comes from its FastAPI dependency
        app.openapi_schema = spec
    return app.openapi_schema


def create_app(db_url: str, person_key: str | None = None, *, max_skew: float | None = None,
               seal_key_file: str | None = None, clock: Any = time.time, role: str = "network",
               upstream: str | None = None) -> FastAPI:
    """Build the app on a database URL: create the tables and seed the catalogue when it is empty.

    Every request but the public ones must be signed by an enrolled device (servicenet/auth.py);
    max_skew (default $SERVICENET_MAX_SKEW, else 300 s) is the clock-skew window of a signature.
    role "hall" serves a hall node instead (servicenet/hall/node.py): the queue, its pages, the uplink."""
    engine = db.make_engine(db_url)
    db.create_all(engine)
    seed.seed_if_empty(engine)
    key = person_key or os.environ.get("SERVICENET_PERSON_KEY") or DEV_PERSON_KEY
    seal_key = keys.load_or_create(engine, seal_key_file)
    skew = max_skew if max_skew is not None else float(os.environ.get("SERVICENET_MAX_SKEW", auth.DEFAULT_MAX_SKEW))

    sms = SmsGateway(engine)
    hooks = fleet_routes.webhook_poller(engine)  # alerts to webhooks (servicenet/fleet/webhooks.py)

    def kick() -> None:  # alerts were raised: tell them now rather than at the next poll
        sms.kick()
        hooks.kick()

    sweeper = fleet_routes.Sweeper(engine, clock, kick)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        uplink = getattr(_app.state, "uplink", None)
        if uplink is not None:
            uplink.start()
        if role != "hall":
            sms.start()
            hooks.start()
            sweeper.start()
            refunds.start()
        yield
        refunds.stop()
        sweeper.stop()
        hooks.stop()
        sms.stop()
        if uplink is not None:
            uplink.close()
        engine.dispose()

    app = FastAPI(title="servicenet", version="1", lifespan=lifespan,
                  description="Reference online service network (政务服务网) for hall kiosks: wire contract v1.")
    app.state.engine = engine
    app.state.clock = clock
    app.state.seal_key = seal_key
    app.state.person_key = key  # the web channel's logins are kept per keyed hash of the ID number
    app.state.sms = sms
    app.state.webhooks = hooks
    refunds = payments.refund_poller(app.state)  # a refused case's fee goes back (servicenet/payments/refunds.py)
    # the device-signature guard (auth.py) minus the residents' and staff's pages (backoffice/auth.py)
    app.add_middleware(office_auth.Guard, verifier=auth.Verifier(engine, skew, clock))
    limits.install(app)  # 429 + Retry-After past the in-flight bounds (batches, reads), before any work
    app.add_middleware(tus.TusProtocol)  # tus discovery and version on the upload endpoints, refusals included
    app.add_middleware(ApiHeader)  # outermost: refusals carry the header too
    office_roles.install(app)  # 401/403 of require_role: JSON on the API, sign-in or a 403 page on /admin

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]]
        return JSONResponse({"detail": "请求格式错误 / invalid request: " + "; ".join(parts)}, status_code=422)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]  # FastAPI's documented schema hook

    @app.get("/v1/health", response_model=Health)
    def health() -> dict[str, Any]:
        return {"ok": True}

    if role == "hall":
        from servicenet.hall import node

        node.mount(app, engine, upstream)
        return app
    app.state.settings_key = result_signing.load_or_create(engine, fleet_settings.KEY_NAME)
    app.include_router(enroll.router(engine, seal_key.public_b64, key, app.state.settings_key.public_b64))
    app.include_router(audit.router(engine))
    app.include_router(payments.router)
    app.include_router(webchannel.router(engine, key))
    app.include_router(office.router(engine))
    app.include_router(office_pages.router(engine))
    app.include_router(office_files.router(engine))
    app.include_router(heartbeat.router(engine))
    app.include_router(fleet_routes.router(engine))
    app.include_router(fleet_diagnostics.router(engine))
    from servicenet.fleet import files as release_files

    app.state.release_files_secret = release_files.secret_from(
        result_signing.load_or_create(engine, release_files.KEY_NAME).private)
    app.include_router(release_files.router(engine, app.state.release_files_secret))
    app.include_router(hall_network.router(engine))
    app.include_router(hall_web.router(engine, key))
    app.include_router(sms_routes.router)
    app.include_router(qrid_routes.router(engine))
    app.include_router(results_routes.router)
    if benchbare.enabled():  # bench/servicenet_load.py's bare limit, never in production
        benchbare.mount(app, engine, _batch)

    @app.get("/v1/catalogue", response_model=CatalogueOut)
    def catalogue(cursor: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 500,
                  calendar: Annotated[str, Query(max_length=64, description="the working-day calendar version "
                                                 "the kiosk holds; the page carries the calendar when it differs")]
                  = "") -> dict[str, Any]:
        page = catalogue_page(engine, cursor, limit)
        held = workdays_now()
        page["calendar"] = held.to_wire() if calendar != held.version else None
        return page

    @app.post("/v1/cases/batch", response_model=BatchOut, openapi_extra=_body(BatchIn),
              responses={422: {"description": "not a batch"}, 413: {"description": "more than 100 cases"}})
    async def submit_batch(request: Request) -> Response:
        # The digest is taken over each case exactly as sent, so use the raw JSON, not parsed models; each case
        # is checked on its own (store.submit_batch), so the batch is parsed once here and answered as is.
        raw = await _batch(request, "cases")
        results = await run_in_threadpool(store.submit_batch, engine, raw, key, seal_key.open_case)
        return Response(json.dumps({"results": results}, ensure_ascii=False), media_type="application/json")

    @app.post("/v1/events/batch", response_model=EventsOut, openapi_extra=_body(EventsIn),
              responses={422: {"description": "not a batch"}, 413: {"description": "more than 100 events"}})
    async def submit_events(request: Request, results: Annotated[str, Query(
            max_length=200, description="answers the sender reads beyond created, duplicate, conflict and invalid "
            "(comma-separated; words this network does not know are left out): `already_rated`, a second rating "
            "of a case, final (the first stands), instead of `conflict`")] = "") -> dict[str, Any]:
        raw = await _batch(request, "events")
        return {"results": await run_in_threadpool(events.submit_batch, engine, raw, events.reads_of(results))}

    @app.get("/v1/cases", response_model=CasesOut)
    def cases_by_person(person: Annotated[str, Query(pattern=r"^[0-9a-f]{64}$")],
                        limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
        return {"cases": store.cases_by_person(engine, person, limit)}

    @app.get("/v1/cases/{code}", response_model=CaseView, responses={404: {"description": NOT_FOUND}})
    def get_case(code: str) -> dict[str, Any]:
        try:
            return store.case_view(engine, code)
        except store.CaseNotFound:
            raise _not_found(code) from None

    @app.post("/v1/cases/{code}/status", response_model=CaseView,
              responses={404: {"description": NOT_FOUND}, 409: {"description": "transition not allowed"},
                         422: {"description": "a malformed body, or a rejection without a reason (note)"}})
    def move_status(code: str, body: StatusIn) -> dict[str, Any]:
        try:
            return store.move_status(engine, code, body.status, body.note)
        except store.CaseNotFound:
            raise _not_found(code) from None
        except store.ReasonRequired as exc:
            raise HTTPException(422, str(exc)) from None
        except IllegalTransition as exc:
            raise HTTPException(409, str(exc)) from None

    @app.get("/v1/status-feed", response_model=FeedOut)
    def status_feed(cursor: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100, device: str = "") -> dict[str, Any]:
        return store.status_feed(engine, cursor, limit, device)

    # tus 1.0 uploads (servicenet/tus.py): kiosks sign every request (the guard above checked it already),
    # residents of the web channel upload with their session cookie
    app.include_router(tus.router(engine, tus.KIOSK_ENDPOINT, lambda _request: None, store.now_iso))
    app.include_router(tus.router(engine, tus.WEB_ENDPOINT, webchannel.resident_only, store.now_iso))

    @app.get("/v1/attachments/{sha}", response_class=Response)
    def attachment_bytes(sha: str) -> Response:
        data = attachments.read(engine, sha) if attachments.valid_sha(sha) else None
        if data is None:
            raise HTTPException(404, "未找到该附件或未上传完 / no such attachment, or not complete", headers=MISSING)
        return Response(data, media_type="application/octet-stream")

    return app
