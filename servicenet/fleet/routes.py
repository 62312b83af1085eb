"""The fleet's alerts for staff: the /admin/alerts page and GET /v1/backoffice/alerts; the offline sweep."""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine

from servicenet import leased
from servicenet.backoffice.roles import Role, Staff, require_role
from servicenet.fleet import alerts, conditions, files, retention, rollout, settings, webhooks
from servicenet.webchannel.pages import render

log = logging.getLogger(__name__)
SEVERITY = {"error": "故障", "warning": "告警"}
SCOPES = {"device": "终端", "hall": "大厅", "region": "区划", "all": "全部终端"}
KEPT_LABELS = {"newest": "最新发布", "previous": "上一次发布", "fleet": "全部终端的版本", "fleet_previous": "回退目标",
               "rollout": "发布进行中或已暂停", "offered": "下载凭证未过期", "running": "有终端在运行"}
Fleet = Annotated[Staff, require_role(Role.ADMIN, Role.SUPERVISOR)]  # 管理员 and 监察 see the fleet
Admin = Annotated[Staff, require_role(Role.ADMIN)]  # only 管理员 changes it
INT_FIELDS = ("idle_timeout", "printer.port")
FLOAT_FIELDS = ("printer.timeout",)
FORM_FIELDS = ("hall_name", "idle_timeout", "voice", "language", "orientation", "printer.kind", "printer.host",
               "printer.port", "printer.timeout", "printer.qr_mode")


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


class SettingsIn(BaseModel):
    scope: str = Field(max_length=220, description="hall:<hall name> or device:<device id>")
    settings: dict[str, Any] = Field(description="keys to set (domain/kiosksettings.py REMOTE)")


class SettingsChangeOut(BaseModel):
    version: int


class ReleaseIn(BaseModel):
    manifest: str = Field(max_length=20_000_000, description="BUILD-MANIFEST.json exactly as signed")
    signature: str = Field(max_length=100, description="base64 of BUILD-MANIFEST.sig (raw Ed25519)")


class RolloutIn(BaseModel):
    version: str = Field(max_length=40)
    canary: str = Field(max_length=32, description="the device id of the canary kiosk")


def release_key() -> bytes:
    """The release key kiosks trust (PEM), from $SERVICENET_RELEASE_KEY (a file)."""
    path = os.environ.get("SERVICENET_RELEASE_KEY", "")
    if not path:
        raise rollout.RolloutRefused("未配置发布公钥：请把 SERVICENET_RELEASE_KEY 设为 update-key.pub 的路径 / "
                                     "no release key: set SERVICENET_RELEASE_KEY to update-key.pub")
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise rollout.RolloutRefused(f"cannot read the release key: {exc.strerror}") from None


def form_keys(form: dict[str, str]) -> dict[str, Any]:
    """The filled fields of the settings form as a settings document (an empty field is left as it is)."""
    out: dict[str, Any] = {}
    for name in FORM_FIELDS:
        text = str(form.get(name, "")).strip()
        if not text:
            continue
        value: Any = text
        try:
            value = int(text) if name in INT_FIELDS else float(text) if name in FLOAT_FIELDS else text
        except ValueError:
            raise settings.SettingsRefused(f"{name}: 应为数字 / must be a number") from None
        if "." in name:
            table, key = name.split(".")
            out.setdefault(table, {})[key] = value
        else:
            out[name] = value
    return out


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


def webhook_poller(engine: Engine) -> leased.Poller:
    """Delivers the webhook outbox every $SERVICENET_WEBHOOK_POLL seconds (default 1) and when kicked."""
    sender = webhooks.Sender(engine)
    return leased.Poller("fleet-webhooks", sender.drain, float(os.environ.get("SERVICENET_WEBHOOK_POLL", 1.0)))


def router(engine: Engine) -> APIRouter:
    r = APIRouter()

    @r.get("/v1/backoffice/alerts", response_model=AlertsOut, tags=["back office"],
           responses={401: {"description": "no valid staff token"}, 403: {"description": "not 管理员 or 监察"}})
    async def alerts_api(_staff: Fleet, open_only: bool = False) -> dict[str, Any]:
        return {"alerts": await run_in_threadpool(alerts.listing, engine, open_only)}

    @r.get("/admin/alerts", response_model=None, include_in_schema=False)
    async def alerts_page(request: Request, staff: Fleet) -> Response:
        return await _alerts_page(request, staff)

    async def _alerts_page(request: Request, staff: Staff, status_code: int = 200, **shown: Any) -> Response:
        found = await run_in_threadpool(alerts.listing, engine)
        return render("admin_alerts.html", status_code, staff=staff, me=None, path=request.url.path, alerts=found,
                      open_count=sum(1 for a in found if a["open"]), severity=SEVERITY,
                      offline_minutes=int(offline_after() // 60), scopes=SCOPES,
                      technicians=await run_in_threadpool(alerts.technicians, engine),
                      hooks=await run_in_threadpool(webhooks.listing, engine),
                      is_admin=Role.ADMIN in staff.roles, **({"error": "", "secret": "", "form": {}} | shown))

    @r.post("/admin/alerts/webhook", response_model=None, include_in_schema=False)
    async def webhook_form(request: Request, staff: Admin) -> Response:
        form = {k: str(v)[:500] for k, v in (await request.form()).items()}
        kind, target = form.get("scope_kind", "hall"), form.get("target", "").strip()
        scope = "*" if kind == "all" else f"{kind}:{target}"
        try:
            if form.get("remove"):
                await run_in_threadpool(webhooks.remove_webhook, engine, scope)
                return RedirectResponse("/admin/alerts#webhooks", status_code=303)
            secret = await run_in_threadpool(webhooks.set_webhook, engine, scope, form.get("url", ""),
                                             staff.staff_id, "", request.app.state.clock())
        except webhooks.BadWebhook as exc:
            return await _alerts_page(request, staff, 422, error=str(exc), form=form)
        log.info("webhook for %s set by %s", scope, staff.staff_id)
        return await _alerts_page(request, staff, secret=secret, secret_scope=scope)

    @r.post("/v1/backoffice/settings", response_model=SettingsChangeOut, tags=["back office"],
            responses={401: {"description": "no valid staff token"}, 403: {"description": "not 管理员"},
                       422: {"description": "a key may not be set remotely, or a value is bad"}})
    async def change_settings(body: SettingsIn, request: Request, staff: Admin) -> dict[str, Any]:
        try:
            version = await run_in_threadpool(settings.change, engine, body.scope.strip(), body.settings,
                                              staff.staff_id, request.app.state.clock())
        except settings.SettingsRefused as exc:
            raise HTTPException(422, f"设置无效 / settings refused: {exc}") from None
        return {"version": version}

    @r.get("/v1/backoffice/settings", tags=["back office"],
           responses={401: {"description": "no valid staff token"}, 403: {"description": "not 管理员 or 监察"}})
    async def settings_history(_staff: Fleet) -> dict[str, Any]:
        """Every settings change, newest first (the audit log of settings)."""
        return {"changes": await run_in_threadpool(settings.history, engine)}

    @r.post("/v1/backoffice/releases", tags=["back office"],
            responses={401: {"description": "no valid staff token"}, 403: {"description": "not 管理员"},
                       422: {"description": "not signed with the release key"}})
    async def publish(body: ReleaseIn, request: Request, staff: Admin) -> dict[str, Any]:
        try:
            version = await run_in_threadpool(rollout.publish, engine, body.manifest.encode("utf-8"),
                                              body.signature, release_key(), staff.staff_id,
                                              request.app.state.clock())
        except rollout.RolloutRefused as exc:
            raise HTTPException(422, str(exc)) from None
        return {"version": version}

    @r.post("/v1/backoffice/rollouts", tags=["back office"],
            responses={401: {"description": "no valid staff token"}, 403: {"description": "not 管理员"},
                       409: {"description": "no such release or kiosk, or a rollout is running"}})
    async def start_rollout(body: RolloutIn, request: Request, _staff: Admin) -> dict[str, Any]:
        try:
            if await run_in_threadpool(files.missing, engine, body.version):
                raise rollout.RolloutRefused(f"版本 {body.version} 的文件不全 / the network lacks its files "
                                             "(servicenet fleet publish BUILD)")
            rid = await run_in_threadpool(rollout.start, engine, body.version, body.canary, request.app.state.clock())
        except rollout.RolloutRefused as exc:
            raise HTTPException(409, str(exc)) from None
        return {"id": rid}

    @r.get("/v1/backoffice/rollouts", tags=["back office"],
           responses={401: {"description": "no valid staff token"}, 403: {"description": "not 管理员 or 监察"}})
    async def rollouts(_staff: Fleet) -> dict[str, Any]:
        return await run_in_threadpool(rollout.overview, engine)

    @r.get("/admin/versions", response_model=None, include_in_schema=False)
    async def versions_page(request: Request, staff: Fleet) -> Response:
        return await _versions_page(request, staff)

    async def _versions_page(request: Request, staff: Staff, error: str = "", status_code: int = 200) -> Response:
        from servicenet import heartbeat

        kiosks = await run_in_threadpool(heartbeat.fleet, engine, request.app.state.clock())
        counts: dict[str, int] = {}
        for k in kiosks:
            version = k["app_version"] or "未上报版本"  # a kiosk that never sent a heartbeat, not "—：1 台"
            counts[version] = counts.get(version, 0) + 1
        return render("admin_versions.html", status_code, staff=staff, me=None, path=request.url.path,
                      kiosks=kiosks, counts=sorted(counts.items()), error=error,
                      kept=await run_in_threadpool(retention.plan, engine, request.app.state.clock()),
                      reasons=KEPT_LABELS, **await run_in_threadpool(rollout.overview, engine),
                      states={"running": "进行中", "paused": "已暂停", "done": "已完成", "superseded": "已被取代"})

    @r.post("/admin/versions/publish", response_model=None, include_in_schema=False)
    async def publish_form(request: Request, staff: Admin) -> Response:
        """A signed build folder uploaded as a tar archive: checked and stored with its files."""
        limit = files.max_release_bytes()
        if int(request.headers.get("content-length") or 0) > limit:  # refused before it is spooled to disk
            return await _versions_page(request, staff, f"归档过大：上传超过 {limit / 2**20:.4g} MB 的上限"
                                        f"（SERVICENET_RELEASE_MAX_MB） / the upload is larger than "
                                        f"{limit / 2**20:.4g} MB (SERVICENET_RELEASE_MAX_MB)", 413)
        upload = (await request.form()).get("build")
        try:
            if upload is None or isinstance(upload, str):
                raise rollout.RolloutRefused("请选择版本归档 / choose the build's tar archive")
            await run_in_threadpool(files.publish_archive, engine, upload.file, release_key(),
                                    staff.staff_id, request.app.state.clock())
        except rollout.RolloutRefused as exc:
            return await _versions_page(request, staff, str(exc), 422)
        return RedirectResponse("/admin/versions", status_code=303)

    @r.post("/admin/versions/rollout", response_model=None, include_in_schema=False)
    async def rollout_form(request: Request, staff: Admin) -> Response:
        form = await request.form()
        version, canary = str(form.get("version", "")).strip()[:40], str(form.get("canary", "")).strip()[:32]
        try:
            if await run_in_threadpool(files.missing, engine, version):
                raise rollout.RolloutRefused(f"版本 {version} 的文件不全 / the network lacks its files")
            await run_in_threadpool(rollout.start, engine, version, canary, request.app.state.clock())
        except rollout.RolloutRefused as exc:
            return await _versions_page(request, staff, str(exc), 409)
        return RedirectResponse("/admin/versions", status_code=303)

    @r.post("/admin/versions/prune", response_model=None, include_in_schema=False)
    async def prune_form(request: Request, staff: Admin) -> Response:
        """Remove the releases no ring, download or rollback can need (as after each publish), now."""
        await run_in_threadpool(retention.prune, engine, staff.staff_id, request.app.state.clock())
        return RedirectResponse("/admin/versions", status_code=303)

    @r.get("/admin/settings", response_model=None, include_in_schema=False)
    async def settings_page(request: Request, staff: Admin) -> Response:
        return await _settings_page(request, staff)

    async def _settings_page(request: Request, staff: Staff, error: str = "", status_code: int = 200,
                             form: dict[str, str] | None = None) -> Response:
        found = await run_in_threadpool(settings.history, engine)
        return render("admin_settings.html", status_code, staff=staff, me=None, path=request.url.path,
                      changes=found, error=error, form=form or {}, fields=FORM_FIELDS)

    @r.post("/admin/settings", response_model=None, include_in_schema=False)
    async def settings_form(request: Request, staff: Admin) -> Response:
        form = {k: str(v)[:200] for k, v in (await request.form()).items()}
        scope = f"{form.get('scope_kind', 'hall')}:{form.get('target', '').strip()}"
        try:
            keys = form_keys(form)
            if not keys:
                raise settings.SettingsRefused("没有填写要修改的设置 / nothing to change")
            await run_in_threadpool(settings.change, engine, scope, keys, staff.staff_id, request.app.state.clock())
        except settings.SettingsRefused as exc:
            return await _settings_page(request, staff, str(exc), 422, form)
        return RedirectResponse("/admin/settings", status_code=303)

    return r
