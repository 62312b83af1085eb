"""FastAPI app of the service network: the kiosk-facing wire contract v1 (docs/wire.md)."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse

from domain.status import IllegalTransition
from servicenet import db, seed, store, web
from servicenet.schemas import BatchIn, BatchOut, CaseView, CatalogueOut, FeedOut, Health, StatusIn

NOT_FOUND = "未找到该办件 / case not found"


def create_app(db_url: str) -> FastAPI:
    """Build the app on a database URL: create the tables and seed the catalogue when it is empty."""
    engine = db.make_engine(db_url)
    db.create_all(engine)
    seed.seed_if_empty(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="servicenet", version="1", lifespan=lifespan,
                  description="Reference online service network (政务服务网) for hall kiosks: wire contract v1.")
    app.state.engine = engine

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]]
        return JSONResponse({"detail": "请求格式错误 / invalid request: " + "; ".join(parts)}, status_code=422)

    @app.get("/v1/health", response_model=Health)
    def health() -> dict[str, Any]:
        return {"ok": True}

    @app.get("/v1/catalogue", response_model=CatalogueOut)
    def catalogue(cursor: Annotated[int, Query(ge=0)] = 0,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> dict[str, Any]:
        return store.catalogue_page(engine, cursor, limit)

    @app.post("/v1/cases/batch", response_model=BatchOut)
    async def submit_batch(request: Request, body: BatchIn) -> dict[str, Any]:
        # The digest is taken over each case exactly as sent, so use the raw JSON, not the parsed models.
        raw = await request.json()
        results = await run_in_threadpool(store.submit_batch, engine, raw["cases"])
        return {"results": results}

    @app.get("/v1/cases/{code}", response_model=CaseView, responses={404: {"description": NOT_FOUND}})
    def get_case(code: str) -> dict[str, Any]:
        try:
            return store.case_view(engine, code)
        except store.CaseNotFound:
            raise HTTPException(404, f"{NOT_FOUND}: {code}") from None

    @app.post("/v1/cases/{code}/status", response_model=CaseView,
              responses={404: {"description": NOT_FOUND}, 409: {"description": "transition not allowed"}})
    def move_status(code: str, body: StatusIn) -> dict[str, Any]:
        try:
            return store.move_status(engine, code, body.status, body.note)
        except store.CaseNotFound:
            raise HTTPException(404, f"{NOT_FOUND}: {code}") from None
        except IllegalTransition as exc:
            raise HTTPException(409, str(exc)) from None

    @app.get("/v1/status-feed", response_model=FeedOut)
    def status_feed(cursor: Annotated[int, Query(ge=0)] = 0,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
        return store.status_feed(engine, cursor, limit)

    @app.get("/track/{code}", response_class=HTMLResponse, include_in_schema=False)
    def track_page(code: str) -> HTMLResponse:
        try:
            view: dict[str, Any] | None = store.case_view(engine, code)
        except store.CaseNotFound:
            view = None
        return HTMLResponse(web.case_page(view, code), status_code=200 if view else 404)

    return app
