"""The fleet's alerts for staff: the /admin/alerts page and GET /v1/backoffice/alerts; the offline sweep."""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from servicenet.backoffice.roles import Role, Staff, require_role
from servicenet.fleet import alerts, conditions
from servicenet.webchannel.pages import render

log = logging.getLogger(__name__)
SEVERITY = {"error": "故障", "warning": "告警"}
Fleet = Annotated[Staff, require_role(Role.ADMIN, Role.SUPERVISOR)]  # 管理员 and 监察 see the fleet


class AlertOut(BaseModel):
    id: int
    device_id: str
    hall_name: str
    condition: str
    severity: str
    text: str
    open: bool
    raised_at: str | None
    resolved_at: str | None
    notified: str


class AlertsOut(BaseModel):
    alerts: list[AlertOut]


def offline_after() -> float:
    """Seconds without a beat before a kiosk is offline ($SERVICENET_OFFLINE_MINUTES, default 10)."""
    return float(os.environ.get("SERVICENET_OFFLINE_MINUTES", conditions.OFFLINE_AFTER_S / 60)) * 60


class Sweeper:
    """Every `every` seconds, raise `offline` for silent kiosks (any node may: the database keeps it one)."""

    def __init__(self, engine: Engine, clock: Callable[[], float], kick: Callable[[], None],
                 every: float | None = None) -> None:
        self.engine, self.clock, self.kick = engine, clock, kick
        self.every = every if every is not None else float(os.environ.get("SERVICENET_FLEET_SWEEP", 30))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        raised = alerts.sweep(self.engine, self.clock(), offline_after())
        if raised:
            self.kick()
        return raised

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.run_once()
            except Exception:  # the database is away: try at the next round
                log.exception("fleet: offline sweep failed")

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="fleet-sweep", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None


def router(engine: Engine) -> APIRouter:
    r = APIRouter()

    @r.get("/v1/backoffice/alerts", response_model=AlertsOut, tags=["back office"],
           responses={401: {"description": "no valid staff token"}, 403: {"description": "not 管理员 or 监察"}})
    async def alerts_api(_staff: Fleet, open_only: bool = False) -> dict[str, Any]:
        return {"alerts": await run_in_threadpool(alerts.listing, engine, open_only)}

    @r.get("/admin/alerts", response_model=None, include_in_schema=False)
    async def alerts_page(request: Request, staff: Fleet) -> Response:
        found = await run_in_threadpool(alerts.listing, engine)
        return render("admin_alerts.html", staff=staff, me=None, path=request.url.path, alerts=found,
                      open_count=sum(1 for a in found if a["open"]), severity=SEVERITY,
                      offline_minutes=int(offline_after() // 60))

    return r
