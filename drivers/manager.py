"""DeviceManager: builds the configured devices, re-probes them every few seconds, publishes status changes.

    manager = DeviceManager(interval=5.0)
    manager.add("printer", "printer", lambda: EscposReceiptPrinter(host, port))   # built on first probe
    manager.subscribe(lambda event: ...)     # StatusEvent(name, old, new), from the probing thread
    manager.start()                          # probes now, then every `interval` seconds
    manager.snapshot()                       # {name: DeviceInfo}
    printer = ManagedPrinter(manager, "printer")   # a ReceiptPrinter that follows the device

Discovery never crashes (the habit of Electrum's plugins and Odoo's IoT interfaces): a factory that
raises ImportError (pyscard not installed) gives the status LIBRARY_MISSING with the module in the
detail, any other failure DEVICE_BROKEN, a UserFacingError its own message; a failed factory is tried
again on the next pass. No Qt here: the kiosk turns events into signals. Clock and sleep are parameters
(`clock`, `sleep(seconds) -> stop?`), so tests drive `probe()` themselves.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from domain.models import Person, Receipt
from domain.queue import QueueTicket
from drivers.base import Condition, DeviceStatus, DeviceUnavailable, Health, Scan, UserFacingError, message
from drivers.listeners import Listeners
from drivers.periodic import Periodic

log = logging.getLogger(__name__)

LIBRARY_MISSING = message("This device cannot be used because part of its software is missing. "
                          "Please ask the staff for help.")
DEVICE_BROKEN = message("This device is not working. Please ask the staff for help.")
NOT_CONFIGURED = message("This device is not set up on this kiosk.")

Factory = Callable[[], Any]


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # "id_reader", "sscard", "printer", "scanner" ...
    kind: str  # "card_reader" | "printer" | "scanner"
    status: DeviceStatus
    detail: str = ""  # technical (exception text, module name) for the log and the staff screen
    since: float = 0.0  # clock() when this status began
    checked: float = 0.0  # clock() of the last probe

    @property
    def ok(self) -> bool:
        return self.status.health is Health.OK


@dataclass(frozen=True)
class StatusEvent:
    name: str
    old: DeviceInfo | None  # None: first probe
    new: DeviceInfo


@dataclass
class _Entry:
    kind: str
    factory: Factory | None
    device: Any = None
    info: DeviceInfo | None = None
    owned: bool = True  # closed by the manager


class DeviceManager:
    def __init__(
        self,
        *,
        interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], bool] | None = None,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._loop = Periodic(self.probe, lambda: self.interval, name="device-manager", what="device probe pass",
                              join_timeout=10, sleep=sleep)
        self._entries: dict[str, _Entry] = {}
        self._listeners: Listeners[StatusEvent] = Listeners("device status")
        self._lock = threading.RLock()  # entries
        self._probe_lock = threading.Lock()  # one pass at a time

    # -- set-up ---------------------------------------------------------------------------------

    def add(self, name: str, kind: str, factory: Factory) -> None:
        """A device built by `factory` on its first probe (and again after a failed build)."""
        with self._lock:
            self._entries[name] = _Entry(kind, factory)

    def add_device(self, name: str, kind: str, device: Any, *, owned: bool = True) -> None:
        """An already built device."""
        with self._lock:
            self._entries[name] = _Entry(kind, None, device, owned=owned)

    def subscribe(self, listener: Callable[[StatusEvent], None]) -> Callable[[], None]:
        return self._listeners.add(listener)

    # -- reading --------------------------------------------------------------------------------

    def names(self) -> list[str]:
        with self._lock:
            return list(self._entries)

    def get(self, name: str) -> Any:
        """The device, or None when it is not (yet) built."""
        with self._lock:
            entry = self._entries.get(name)
            return entry.device if entry else None

    def info(self, name: str) -> DeviceInfo:
        with self._lock:
            entry = self._entries.get(name)
            if entry is None:
                return DeviceInfo(name, "", DeviceStatus.error(NOT_CONFIGURED, Condition.NOT_CONNECTED))
            if entry.info is None:
                return DeviceInfo(name, entry.kind, DeviceStatus(Health.WARNING, ""), "not probed yet")
            return entry.info

    def snapshot(self) -> dict[str, DeviceInfo]:
        """Every device's last known status (probed ones; others say "not probed yet")."""
        return {name: self.info(name) for name in self.names()}

    # -- probing --------------------------------------------------------------------------------

    def probe(self, name: str | None = None) -> None:
        """One pass over every device (or just `name`): build it if needed, ask its status, publish changes."""
        with self._probe_lock:
            for each in [name] if name is not None else self.names():
                self._probe_one(each)

    def start(self) -> "DeviceManager":
        """Probe on a background thread now and then every `interval` seconds."""
        self._loop.start()
        return self

    def stop(self) -> None:
        self._loop.stop()

    def close(self) -> None:
        """Stop probing and close every device the manager built or was given to own."""
        self.stop()
        with self._lock:
            entries = list(self._entries.items())
        for name, entry in entries:
            if entry.device is not None and entry.owned:
                try:
                    entry.device.close()
                except Exception:
                    log.exception("closing device %s failed", name)
                if entry.factory is not None:
                    entry.device = None

    def _probe_one(self, name: str) -> None:
        with self._lock:
            entry = self._entries.get(name)
        if entry is None:
            return
        status, detail = self._build(name, entry) if entry.device is None else (None, "")
        if entry.device is not None:
            status, detail = self._status(name, entry.device)
        assert status is not None
        self._publish(name, entry, status, detail)

    def _build(self, name: str, entry: _Entry) -> tuple[DeviceStatus | None, str]:
        assert entry.factory is not None
        try:
            device = entry.factory()
        except ImportError as exc:
            missing = exc.name or str(exc)
            return DeviceStatus.error(LIBRARY_MISSING, Condition.FAULT), f"cannot import {missing}: {exc}"
        except UserFacingError as exc:
            return DeviceStatus.failed(exc), exc.detail
        except Exception as exc:
            log.exception("building device %s failed", name)
            return DeviceStatus.error(DEVICE_BROKEN, Condition.FAULT), f"{type(exc).__name__}: {exc}"
        with self._lock:
            entry.device = device
        return None, ""

    @staticmethod
    def _status(name: str, device: Any) -> tuple[DeviceStatus, str]:
        try:
            status = device.status()
        except UserFacingError as exc:
            return DeviceStatus.failed(exc), exc.detail
        except Exception as exc:
            log.exception("status of device %s failed", name)
            return DeviceStatus.error(DEVICE_BROKEN, Condition.FAULT), f"{type(exc).__name__}: {exc}"
        detail = str(getattr(device, "error", "") or "") if status.health is not Health.OK else ""
        return status, detail

    def _publish(self, name: str, entry: _Entry, status: DeviceStatus, detail: str) -> None:
        now = self._clock()
        with self._lock:
            old = entry.info
            if old is not None and old.status == status:
                entry.info = replace(old, checked=now, detail=detail)
                return
            entry.info = new = DeviceInfo(name, entry.kind, status, detail, since=now, checked=now)
        level = logging.INFO if status.health is Health.OK else logging.WARNING
        log.log(level, "device %s: %s %s %s", name, status.health.value, status.reason, detail)
        self._listeners.emit(StatusEvent(name, old, new))


# -- stable front objects for the kiosk: they follow whatever device the manager holds --------------

class _Managed:
    def __init__(self, manager: DeviceManager, name: str) -> None:
        self._manager = manager
        self.name = name

    def _device(self) -> Any:
        device = self._manager.get(self.name)
        if device is None:
            self._manager.probe(self.name)  # maybe it can be built now
            device = self._manager.get(self.name)
        if device is None:
            info = self._manager.info(self.name)
            raise DeviceUnavailable(info.status.reason or DEVICE_BROKEN, detail=info.detail)
        return device

    def status(self) -> DeviceStatus:
        self._manager.probe(self.name)
        return self._manager.info(self.name).status

    def close(self) -> None:
        """The manager owns the device: closing the front object closes nothing."""


class ManagedReader(_Managed):
    """drivers.base.CardReader"""

    def read_person(self, timeout: float = 5.0) -> Person:
        person: Person = self._device().read_person(timeout)
        return person


class ManagedPrinter(_Managed):
    """drivers.base.ReceiptPrinter"""

    def print_receipt(self, receipt: Receipt) -> None:
        self._device().print_receipt(receipt)

    def print_slip(self, title: str, lines: Sequence[str]) -> None:
        self._device().print_slip(title, lines)

    def print_ticket(self, ticket: QueueTicket) -> None:
        self._device().print_ticket(ticket)


class ManagedDocumentPrinter(_Managed):
    """drivers.base.DocumentPrinter (the A4 printer)"""

    def print_pdf(self, data: bytes, copies: int = 1, title: str = "") -> str:
        job: str = self._device().print_pdf(data, copies, title)
        return job

    def job_state(self, job_id: str) -> str:
        state: str = self._device().job_state(job_id)
        return state


class ManagedScanner(_Managed):
    """drivers.base.Scanner"""

    def next_scan(self, timeout: float = 5.0) -> Scan:
        scan: Scan = self._device().next_scan(timeout)
        return scan

    def subscribe(self, listener: Callable[[Scan], None]) -> Callable[[], None]:
        unsubscribe: Callable[[], None] = self._device().subscribe(listener)
        return unsubscribe

    def clear(self) -> None:
        device = self._manager.get(self.name)
        if device is not None:
            device.clear()
