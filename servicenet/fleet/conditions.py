"""What is wrong with a kiosk, read from one heartbeat: a set of named conditions, each with its words.

A condition is a fact about the kiosk now (the paper is out), not an event, so the network can raise an alert
when one appears and resolve it when it is gone (servicenet/fleet/alerts.py). `offline` is not read from a
beat (a silent kiosk sends none): servicenet/fleet/alerts.py's sweep decides it from the time of the last one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

QUEUE_STUCK_S = 30 * 60  # rows waiting and no successful sync for this long: the queue is not draining
CLOCK_SKEW_S = 120  # the kiosk's clock this far from the network's (signatures fail at 300 s)
DISK_LOW_FRACTION = 0.10  # free space under 10 % of the disk …
DISK_LOW_MB = 500  # … or under 500 MB
OFFLINE_AFTER_S = 10 * 60  # no beat for this long: the kiosk is offline


@dataclass(frozen=True)
class Condition:
    code: str
    severity: str  # "error" | "warning"
    text: str  # Chinese, for the page and the technician's SMS


LABELS = {
    "paper_out": "打印机缺纸", "paper_low": "打印纸将尽", "printer_fault": "打印机故障", "reader_missing": "读卡器未连接或故障",
    "a4_fault": "A4打印机故障", "offline": "终端失联", "quarantined": "有隔离办件待处理", "queue_stuck": "待传队列积压未下降",
    "disk_low": "磁盘空间不足", "clock_skew": "终端时钟偏差过大",
}
A4_SUPPLIES = {("paper", "out"): "缺纸", ("paper", "low"): "纸将尽", ("toner", "out"): "缺墨粉", ("toner", "low"): "墨粉将尽"}


def _unix(text: str | None) -> float | None:
    return datetime.fromisoformat(text).timestamp() if text else None


def from_beat(beat: dict[str, Any], received_unix: float) -> dict[str, Condition]:
    """Every condition a beat (the HeartbeatIn as JSON) shows, by code."""
    out: dict[str, Condition] = {}

    def add(code: str, severity: str, detail: str = "") -> None:
        out[code] = Condition(code, severity, LABELS[code] + (f"（{detail}）" if detail else ""))

    printer, reader = beat.get("printer") or {}, beat.get("reader") or {}
    paper = printer.get("paper")
    if paper == "out":
        add("paper_out", "error")
    elif paper == "low":
        add("paper_low", "warning")
    if printer.get("health") == "error" and paper != "out":  # low paper and an open cover are two things to fix
        add("printer_fault", "error", str(printer.get("reason", ""))[:60])
    if reader.get("health") == "error":
        add("reader_missing", "error", str(reader.get("reason", ""))[:60])
    a4 = beat.get("a4")
    if a4 and (a4.get("health") == "error" or "out" in (a4.get("paper"), a4.get("toner"))):
        supplies = [A4_SUPPLIES[key, a4.get(key)] for key in ("paper", "toner") if (key, a4.get(key)) in A4_SUPPLIES]
        add("a4_fault", "error", "，".join(supplies) or str(a4.get("reason", ""))[:60])
    if beat.get("quarantined"):
        add("quarantined", "warning", f"{beat['quarantined']} 件")
    sent = _unix(beat.get("at")) or received_unix
    last_sync = _unix(beat.get("last_sync"))
    depth = int(beat.get("queue_depth") or 0)
    if depth and (last_sync is None or sent - last_sync > QUEUE_STUCK_S):
        add("queue_stuck", "warning", f"{depth} 件待传")
    disk = beat.get("disk_space")
    if beat.get("disk") == "full":  # a write failed for lack of space
        add("disk_low", "error", "已满，无法保存新申请")
    elif disk and disk.get("total_mb"):
        free, total = int(disk["free_mb"]), int(disk["total_mb"])
        if free < DISK_LOW_MB or free < total * DISK_LOW_FRACTION:
            add("disk_low", "warning", f"剩余 {free} MB")
    skew = sent - received_unix
    if abs(skew) > CLOCK_SKEW_S:
        add("clock_skew", "warning", f"{'快' if skew > 0 else '慢'} {int(abs(skew))} 秒")
    return out


def offline(minutes: int) -> Condition:
    return Condition("offline", "error", f"{LABELS['offline']}（{minutes} 分钟未上报）")
