"""The kiosk's heartbeat to the network (POST /v1/devices/heartbeat): queue, last sync, printer and reader."""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from drivers.base import Condition, DeviceStatus, Health
from sync.client import NetClient
from sync.model import SyncHealth

log = logging.getLogger(__name__)


def _device(status: DeviceStatus | None) -> dict[str, str]:
    """A drivers.base.DeviceStatus as the wire's DeviceHealthIn; a missing device is an error."""
    if status is None:
        return {"health": "error", "reason": "not configured"}
    return {"health": status.health.value, "reason": status.reason[:200]}


def _supply(status: DeviceStatus | None, out: Condition, low: Condition) -> str:
    """ok | low | out | unknown for the wire's paper and toner, read from the device's conditions (never its words:
    they are for people and may be reworded); "unknown" when the device does not say (an error of another kind)."""
    if status is None:
        return "unknown"
    if out in status.conditions:
        return "out"
    if low in status.conditions:
        return "low"
    return "ok" if status.health is Health.OK else "unknown"


def _paper(status: DeviceStatus | None) -> str:
    return _supply(status, Condition.PAPER_OUT, Condition.PAPER_LOW)


def _toner(status: DeviceStatus | None) -> str:
    return _supply(status, Condition.TONER_OUT, Condition.TONER_LOW)


def disk_usage(path: str) -> dict[str, int] | None:
    """Free and total MB of the disk holding `path` (the kiosk's data), None when it cannot be read."""
    import shutil

    try:
        usage = shutil.disk_usage(path)
    except OSError:
        return None
    return {"free_mb": usage.free // 2**20, "total_mb": usage.total // 2**20}


def beat(health: SyncHealth, devices: Mapping[str, DeviceStatus], now: datetime, version: str,
         disk: dict[str, int] | None = None) -> dict[str, Any]:
    """The heartbeat body. `devices`: name → drivers.base.DeviceStatus (drivers.manager snapshot); `disk`:
    disk_usage() of the data folder (sent as disk_space)."""
    printer = devices.get("printer")
    reader = devices.get("id_reader") or devices.get("sscard")
    a4 = devices.get("a4printer")
    return ({"disk_space": disk} if disk is not None else {}) | {
        "at": now.isoformat(timespec="seconds"),
        "queue_depth": health.queued,
        "quarantined": health.quarantined,
        "last_sync": health.last_success.isoformat(timespec="seconds") if health.last_success else None,
        "online": health.online,
        "disk": "full" if health.disk_full else "ok",
        "printer": _device(printer) | {"paper": _paper(printer)},
        "reader": _device(reader),
        "app_version": version[:40],
    } | ({"a4": _device(a4) | {"paper": _paper(a4), "toner": _toner(a4)}} if a4 is not None else {})


class Heartbeat:
    """Sends a beat every `interval` seconds from the sync engine's thread; never raises."""

    def __init__(self, client: NetClient, body: Callable[[], dict[str, Any]], interval: float = 60.0,
                 clock: Callable[[], float] | None = None, retry: float = 5.0,
                 on_answer: Callable[[dict[str, Any]], None] | None = None) -> None:
        import time

        self.client = client
        self.body = body
        self.on_answer = on_answer  # the network's answer (newer settings ride on it: sync/remote_settings.py)
        self.interval = interval
        self.retry = retry  # after a failed beat, try again this soon (the link may just have come back)
        self.clock = clock or time.monotonic
        self._next = 0.0
        self.sent = 0

    def due(self) -> bool:
        return self.clock() >= self._next

    def send(self) -> bool:
        self._next = self.clock() + self.interval
        try:
            answer = self.client.heartbeat(self.body())
        except Exception as exc:  # offline, refused, a device that would not answer: try at the next beat
            log.info("heartbeat not sent: %s", exc)
            self._next = self.clock() + min(self.retry, self.interval)
            return False
        self.sent += 1
        if answer.get("ignored"):  # taken, but these fields were malformed (a fault of this kiosk's build)
            log.warning("heartbeat: the network left out %s as malformed", ", ".join(map(str, answer["ignored"])))
        if self.on_answer is not None:
            self.on_answer(answer)
        return True
