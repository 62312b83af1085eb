"""Staff mode (综合受理): PIN pad or staff card, then the counter dashboard. Thin: the work is in
kiosk.staff (login, lockout) and sync.staff / services.sync (queue, quarantine, end of day)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from domain import regcode as codes
from domain.status import CaseStatus, SyncState
from kiosk.i18n import QT_TRANSLATE_NOOP, current, fill, tr, tr_error
from kiosk.logs import REDACTOR
from kiosk.qt import Property, QObject, QTimer, Signal, Slot
from kiosk.staff.auth import Login, pad
from kiosk.staff.backend import StaffBackend
from kiosk.staff.provisioning import redacted_toml
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, date_text, lazy, show
from kiosk.viewmodels.diagupload import DiagnosticsUpload
from kiosk.viewmodels.hardware import ROLE_LABELS
from kiosk.viewmodels.notes import say
from kiosk.viewmodels.refunds import RefundsViewModel
from kiosk.viewmodels.track import SYNC_TEXT, status_label
from sync.model import SyncHealth
from sync.staff import DayCount

log = logging.getLogger(__name__)
# The device manager's names (kiosk/wiring.py) as the set-up wizard calls the same devices.
DEVICE_ROLES = {"id_reader": "reader", "sscard": "sscard", "printer": "printer", "scanner": "scanner", "a4printer": "a4"}


def device_label(name: str) -> str:
    """身份证读卡器, not id_reader: the clerk reads the device's name, not the manager's key for it."""
    role = DEVICE_ROLES.get(name)
    return tr("provision", ROLE_LABELS[role]) if role else name


# Why the network would not take a case (sync/engine.py keeps "<outcome>: <the network's 中文 / English words>").
REFUSALS = {"conflict": QT_TRANSLATE_NOOP("staff", "The network holds another case under this code"),
            "invalid": QT_TRANSLATE_NOOP("staff", "The network refused this case")}


def quarantine_reason(kept: str) -> str:
    """A quarantined case's reason in the clerk's language: "网络上已有同号的其他办件：…", not "conflict: … / …"."""
    outcome, sep, message = kept.partition(": ")
    if not sep or outcome not in REFUSALS:
        return kept
    chinese, _, english = message.partition(" / ")
    return fill(tr("staff", "%1: %2"), tr("staff", REFUSALS[outcome]), english if current() == "en" and english else chinese)


# Why nothing is sent now, in the clerk's words (the sender's own words, for the technician, follow them).
UNREACHABLE = QT_TRANSLATE_NOOP("staff", "The network cannot be reached: cases stay on this kiosk and are sent when "
                                         "it is back.")
REFUSED = QT_TRANSLATE_NOOP("staff", "The network refuses this kiosk (not enrolled, stopped, or a wrong network "
                                     "address): please call the technician.")


def link_words(health: SyncHealth) -> str:
    """The staff's notes (a salvaged database, a full disk) in the clerk's language, then the sender's last error
    said in the clerk's language first, its own words after."""
    error = health.last_error
    if error:
        words = tr("staff", REFUSED if health.refused else UNREACHABLE)
        error = fill(tr("staff", "%1 (%2)"), words, error)
    return tr("staff", "; ").join(filter(None, [*(say(n) for n in health.notes), error]))


def day_row(k: DayCount) -> dict[str, Any]:
    """A line of today's counts in words (已提交 · 已发送到政务服务网), not the stored codes (submitted · accepted)."""
    try:
        status = status_label(CaseStatus(k.status))
    except ValueError:  # a status this kiosk does not know: as stored
        status = k.status
    try:
        sync = tr("status", SYNC_TEXT[SyncState(k.sync_state)])
    except (ValueError, KeyError):  # a draft, or a state this kiosk does not know
        sync = k.sync_state
    return {"service": k.service_name, "status": status, "sync": sync, "count": k.count, "assisted": k.assisted}


def refused(login: Login) -> Lazy:
    """Why a staff sign-in (PIN or card) was refused, in the clerk's words."""
    if login.locked_for > 0:
        return lazy("staff", "Too many wrong attempts. Try again in %1 seconds.", int(login.locked_for + 0.999))
    return lazy("staff", "Wrong PIN.")


class StaffViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._pin = ""
        self._login: Login | None = None
        self._message: Lazy | None = None
        self._notice: Lazy | None = None
        self._health: Any = None
        self._quarantined: list[Any] = []  # sync.model.LocalCase, each with its reason in last_error
        self._devices: dict[str, Any] = {}  # name -> DeviceInfo; in words when read (the language may change)
        self._day: list[DayCount] = []
        self._last_screen = "home"
        self._refunds = RefundsViewModel(ctx, lambda: self.staffId, self._record)
        self._upload = DiagnosticsUpload(ctx, lambda: self.staffId, self._record)

    @property
    def backend(self) -> StaffBackend | None:
        return self._ctx.services.staff

    def _record(self, step: str, actor: str = "", **detail: Any) -> None:
        backend = self.backend
        if backend is not None:
            backend.record(step, actor, **detail)

    # -- properties
    payments = Property(QObject, lambda self: self._refunds, constant=True)  # orders and refunds of a case
    upload = Property(QObject, lambda self: self._upload, constant=True)  # the diagnostics bundle to the network
    pin = Property(str, lambda self: "●" * len(self._pin), notify=changed)
    message = Property(str, lambda self: show(self._message), notify=changed)
    notice = Property(str, lambda self: show(self._notice), notify=changed)
    loggedIn = Property(bool, lambda self: bool(self._login and self._login.ok), notify=changed)
    staffId = Property(str, lambda self: self._login.staff_id if self._login and self._login.ok else "", notify=changed)
    # who the header names: a staff card's holder; not the shared PIN's id ("counter" names nobody)
    shownId = Property(str, lambda self: "" if self.backend is not None
                       and self.staffId == self.backend.auth.policy.pin_staff_id else self.staffId, notify=changed)
    technician = Property(bool, lambda self: bool(self._login and self._login.role == "technician"), notify=changed)
    queued = Property(int, lambda self: self._health.queued if self._health else 0, notify=changed)
    quarantinedCount = Property(int, lambda self: self._health.quarantined if self._health else 0, notify=changed)
    online = Property(bool, lambda self: bool(self._health and self._health.online), notify=changed)
    lastSync = Property(str, lambda self: date_text(self._health.last_success) if self._health and
                        self._health.last_success else tr("staff", "never"), notify=changed)
    lastError = Property(str, lambda self: link_words(self._health) if self._health else "", notify=changed)
    salvaged = Property(bool, lambda self: bool(self._health and self._health.salvaged), notify=changed)
    quarantine = Property("QVariantList", lambda self: [
        {"code": q.code, "pretty": codes.pretty(q.code) if q.code else "—", "service": q.service_name,
         "reason": quarantine_reason(q.last_error or ""), "kept": q.last_error or ""} for q in self._quarantined],
        notify=changed)
    devices = Property("QVariantList", lambda self: self._device_rows(), notify=changed)
    endOfDay = Property("QVariantList", lambda self: [day_row(k) for k in self._day], notify=changed)
    dayTotal = Property(int, lambda self: sum(int(k.count) for k in self._day), notify=changed)

    def _device_rows(self) -> list[dict[str, str]]:
        return [{"name": name, "label": device_label(name), "health": info.status.health.value,
                 "reason": tr("drivers", info.status.reason) if info.status.reason else "", "detail": info.detail}
                for name, info in sorted(self._devices.items())]

    # -- entering
    @Slot()
    def open(self) -> None:
        """The hidden entry (a long press on the home title): the PIN pad."""
        self.reset()
        self._ctx.navigate("staffLogin")

    @Slot(str)
    def press(self, key: str) -> None:
        self._pin = pad(self._pin, key)
        self._message = None
        self.changed.emit()

    @Slot()
    def submitPin(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        backend, pin = self.backend, self._pin
        self._pin = ""
        if backend is None:
            self._message = lazy("staff", "Staff mode is not set up on this kiosk.")
            self.changed.emit()
            return
        self._ctx.runner.run(lambda: backend.auth.login_pin(pin), self._logged_in, self._failed)

    @Slot()
    def cardLogin(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        """Log in with a staff member's own card: its person hash must be on the kiosk's staff list."""
        backend, reader = self.backend, self._ctx.services.reader
        if backend is None:
            return
        self._ctx.runner.run(lambda: backend.card_login(reader, self._ctx.card_timeout_s), self._logged_in,
                             self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._message = lambda: tr_error(exc)
        self.changed.emit()

    def _logged_in(self, login: Login) -> None:
        self._login = login
        if not login.ok:
            self._message = refused(login)
            self.changed.emit()
            return
        self._message = None
        self.changed.emit()
        if login.role == "technician":
            self._ctx.navigate("provision")
        else:
            self._ctx.navigate("staff")
            self.refresh()

    # -- the dashboard
    @Slot()
    def refresh(self) -> None:
        backend, sync = self.backend, self._ctx.services.sync
        if backend is None or not self.loggedIn:
            return
        today = self._ctx.services.clock().date()

        def job() -> dict[str, Any]:
            health = sync.health() if sync else None
            quarantined = sync.quarantined() if sync else []
            devices = backend.devices()
            return {"health": health, "quarantined": quarantined, "devices": devices,
                    "day": backend.desk.end_of_day(today)}

        self._ctx.runner.run(job, self._show, self._failed)

    def _show(self, got: dict[str, Any]) -> None:
        self._health = got["health"]
        self._quarantined = list(got["quarantined"])
        self._devices, self._day = dict(got["devices"]), list(got["day"])
        self.changed.emit()

    def _act(self, action: str, job: Any, done: Lazy) -> None:
        backend = self.backend
        if backend is None or not self.loggedIn:
            return
        staff_id = self.staffId

        def run() -> Any:
            result = job()
            backend.record("staff_action", staff_id, action=action)
            return result

        def finished(result: Any) -> None:
            self._notice = (lambda: fill(done(), str(result))) if result is not None else done
            self.changed.emit()
            self.refresh()

        self._ctx.runner.run(run, finished, self._failed)

    @Slot(str)
    def requeue(self, code: str) -> None:
        sync = self._ctx.services.sync
        if sync is not None:
            self._act("requeue", lambda: sync.requeue(code), lazy("staff", "Sent back to the queue."))

    @Slot()
    def acknowledgeSalvage(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        sync, staff_id, now = self._ctx.services.sync, self.staffId, self._ctx.services.clock()
        if sync is not None:
            self._act("acknowledge_salvage", lambda: sync.acknowledge_salvage(staff_id, now) and None,
                      lazy("staff", "The note about the damaged database was acknowledged."))

    @Slot()
    def sendNow(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        sync = self._ctx.services.sync
        if sync is not None:
            self._act("send_now", sync.wake, lazy("staff", "Sending now."))

    def _export_path(self, name: str) -> Path:
        backend = self.backend
        assert backend is not None
        return Path(backend.export_dir) / name

    @Slot(str)
    def exportCase(self, code: str) -> None:  # noqa: N802 - QML calls it by this camelCase name
        sync = self._ctx.services.sync
        if sync is None:
            return

        def job() -> str:
            path = self._export_path(f"case-{code}.json")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(sync.export(code))
            return str(path)

        self._act("export_case", job, lazy("staff", "Saved to %1"))

    @Slot(str)
    def reprint(self, code: str) -> None:
        services = self._ctx.services
        try:
            code = codes.validate(code)
        except codes.InvalidCode:
            self._notice = lazy("staff", "That is not a registration code.")
            self.changed.emit()
            return
        self._act("reprint", lambda: services.printer.print_receipt(services.cases.receipt(code)),
                  lazy("staff", "Receipt reprinted."))

    @Slot()
    def exportEndOfDay(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        backend = self.backend
        if backend is None:
            return
        today = self._ctx.services.clock().date()

        def job() -> str:
            path = self._export_path(f"end-of-day-{today.isoformat()}.csv")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(backend.desk.csv(today, backend.desk.end_of_day(today)))
            return str(path)

        self._act("end_of_day", job, lazy("staff", "Saved to %1"))

    @Slot()
    def exportDiagnostics(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        backend = self.backend
        if backend is None:
            return
        self._act("diagnostics", lambda: str(diagnostics(backend, self._ctx.services.sync,
                                                            Path(backend.export_dir))),
                  lazy("staff", "Saved to %1"))

    @Slot()
    def assist(self) -> None:
        """This clerk applies on a resident's behalf: a fresh session whose application records the clerk's id
        (Draft.assisted_by -> Application.assisted_by)."""
        self._begin_for_resident("assist", self._ctx.assist)

    @Slot()
    def householdEntry(self) -> None:  # noqa: N802 - QML name
        """This clerk confirms the next resident's identity from the 户口簿 (no card): a fresh session whose
        applicant is typed in from the 户口簿 and recorded as such, with the clerk's id."""
        self._begin_for_resident("household_register", self._ctx.household)

    def _begin_for_resident(self, action: str, begin: Callable[[str], None]) -> None:
        """A clerk's action that starts a fresh session for the next resident: recorded in the audit log, then
        begun with the clerk's id; with no clerk signed in, back home."""
        backend, staff_id = self.backend, self.staffId
        if backend is None or not staff_id:
            self._ctx.navigate("home")
            return
        backend.record("staff_action", staff_id, action=action)
        begin(staff_id)

    @Slot()
    def logout(self) -> None:
        backend, staff_id = self.backend, self.staffId
        if backend is not None and staff_id:
            backend.record("staff_action", staff_id, action="logout")
        self._ctx.navigate("home")

    # -- supervision of every screen (the root's `changed`)
    def screen_seen(self) -> None:
        screen = self._ctx.screen()
        backend = self.backend
        if backend is None:
            return
        if backend.first_run and screen == "home":  # a blank kiosk has nothing for residents yet
            QTimer.singleShot(0, lambda: self._ctx.navigate("provision") if self._ctx.screen() == "home" else None)
        if screen != self._last_screen:
            self._last_screen = screen
            backend.record("screen", self.staffId, screen=screen)

    def reset(self) -> None:
        self._pin = ""
        self._login = None
        self._message = None
        self._notice = None
        self._health = None
        self._quarantined, self._devices, self._day = [], {}, []
        self._refunds.reset()
        self._upload.reset()
        self.changed.emit()

    def retranslate(self) -> None:
        self._refunds.retranslate()
        self._upload.retranslate()
        self.changed.emit()


def bundle_parts(backend: StaffBackend, sync: Any) -> dict[str, Any]:
    """What goes into the diagnostics bundle: logs, settings without secrets, device status, queue and audit."""
    settings = backend.provision.draft
    devices = {n: {"health": i.status.health.value, "reason": i.status.reason, "detail": i.detail}
               for n, i in backend.devices().items()}
    health = sync.health() if sync else None
    check = backend.audit.verify() if backend.audit is not None else None
    extra = {"sync": {"queued": health.queued, "quarantined": health.quarantined, "online": health.online,
                      "last_error": health.last_error, "notes": [str(n) for n in health.notes],
                      "last_success": str(health.last_success)} if health else None,
             "audit": {"rows": check.count, "ok": check.ok, "problems": check.problems} if check else None}
    # the summary's words (a refused case's error, a device's detail) are redacted as the logs are
    return {"now": datetime.now().astimezone(), "device_id": settings.device_id,
            "config_text": redacted_toml(settings), "devices": REDACTOR.value("", devices),
            "logs_dir": Path(settings.data_dir) / "logs", "extra": REDACTOR.value("", extra)}


def diagnostics(backend: StaffBackend, sync: Any, folder: Path) -> Path:
    """The diagnostics bundle on a USB stick."""
    return Path(backend.desk.write_bundle(folder, **bundle_parts(backend, sync)))
