"""The staff desk over the kiosk's store: end-of-day counts (CSV), queue stats, the diagnostics bundle. No Qt.

Nothing here reads personal data: counts by service and status, outbox states, device status words, logs
(already redacted by kiosk.logs), the settings with their secrets blanked by the caller.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sync.store import Store

CSV_HEADER = ("date", "service_code", "service_name", "status", "sync_state", "assisted", "count")


@dataclass(frozen=True)
class DayCount:
    service_code: str
    service_name: str
    status: str  # the case status the network last reported (submitted, accepted …)
    sync_state: str  # queued, sending, accepted, quarantined
    assisted: int  # of them, submitted by a clerk at the counter
    count: int


class StaffDesk:
    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def _assisted(payload: bytes) -> bool:
        """assisted_by stays outside the sealed part of a case (it is a staff id, not personal data)."""
        try:
            return bool(json.loads(payload).get("assisted_by")) if payload else False
        except ValueError:
            return False

    def end_of_day(self, day: date) -> list[DayCount]:
        """Cases submitted on `day` (local date), by service, status and sync state."""
        with self.store.read() as c:
            rows = c.execute(
                "SELECT cases.code, service_code, service_name, status, outbox.state AS sync_state, "
                "outbox.payload AS payload FROM cases "
                "JOIN outbox ON outbox.kind='case' AND outbox.ref=cases.code "
                "WHERE substr(submitted_at, 1, 10) = ? ORDER BY service_code, status", (day.isoformat(),)).fetchall()
        groups: dict[tuple[str, str, str, str], list[bool]] = {}
        for r in rows:
            key = (r["service_code"], r["service_name"], r["status"], r["sync_state"])
            groups.setdefault(key, []).append(self._assisted(bytes(r["payload"])))
        return [DayCount(k[0], k[1], k[2], k[3], sum(v), len(v)) for k, v in sorted(groups.items())]

    @staticmethod
    def csv(day: date, counts: list[DayCount]) -> bytes:
        """UTF-8 with a BOM (a spreadsheet opens the Chinese names right), one row per group, then a total."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(CSV_HEADER)
        for k in counts:
            w.writerow([day.isoformat(), k.service_code, k.service_name, k.status, k.sync_state, k.assisted, k.count])
        w.writerow([day.isoformat(), "TOTAL", "合计", "", "", sum(k.assisted for k in counts),
                    sum(k.count for k in counts)])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")

    def queue_stats(self) -> dict[str, dict[str, int]]:
        """Outbox rows by kind and state."""
        out: dict[str, dict[str, int]] = {}
        with self.store.read() as c:
            for r in c.execute("SELECT kind, state, COUNT(*) AS n FROM outbox GROUP BY kind, state"):
                out.setdefault(r["kind"], {})[r["state"]] = int(r["n"])
        return out

    def bundle(self, *, now: datetime, device_id: str, config_text: str, devices: dict[str, Any],
               logs_dir: Path | None = None, extra: dict[str, Any] | None = None,
               max_log_bytes: int = 20_000_000) -> tuple[str, bytes]:
        """(diagnostics-<device>-<time>.zip, its bytes): logs (newest first, up to `max_log_bytes` of them),
        settings without secrets, queue stats, device status, anything in `extra` (sync health, audit check)."""
        name = f"diagnostics-{device_id}-{now.strftime('%Y%m%d-%H%M%S')}.zip"
        summary = {"device_id": device_id, "at": now.isoformat(timespec="seconds"), "queue": self.queue_stats(),
                   "devices": devices, **(extra or {})}
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("summary.json", json.dumps(summary, ensure_ascii=False, indent=1, default=str))
            z.writestr("kiosk.toml", config_text)
            budget = max_log_bytes
            if logs_dir is not None and logs_dir.is_dir():
                for path in sorted(logs_dir.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True):
                    if path.is_file() and path.stat().st_size <= budget:
                        z.write(path, f"logs/{path.name}")
                        budget -= path.stat().st_size
        return name, buf.getvalue()

    def write_bundle(self, folder: Path, **parts: Any) -> Path:
        """The bundle (`bundle`'s keywords) as a file in `folder` (a USB stick), written whole or not at all."""
        name, data = self.bundle(**parts)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        tmp = folder / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(target)
        return target
