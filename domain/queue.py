"""The hall's queue rules (取号、叫号), the same for the hall node and the kiosk: numbers, priority, the spoken call.

A ticket number is the business's prefix letter and a per-day sequence (A012); the sequence is issued by the
hall node inside one database transaction. Priority (优先) goes to residents aged 70 or more (from the birth
date in the ID number) and to residents who booked an appointment (预约) and checked in.
"""
from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

ELDERLY_AGE = 70
PREFIXES = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: they read like 1 and 0 on a ticket


class QueueRefused(ValueError):
    """A queue request the hall cannot take; the message is for the resident or the clerk (Chinese)."""


class TicketStatus(str, enum.Enum):
    WAITING = "waiting"   # 等候
    CALLED = "called"     # 已叫号 (the resident walks to the counter)
    SERVING = "serving"   # 办理中
    DONE = "done"         # 已完成
    SKIPPED = "skipped"   # 过号


LABELS_ZH = {TicketStatus.WAITING: "等候中", TicketStatus.CALLED: "已叫号", TicketStatus.SERVING: "办理中",
             TicketStatus.DONE: "已完成", TicketStatus.SKIPPED: "已过号"}
OPEN = frozenset({TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING})
EXPIRED_ZH = "该号已过期（仅限取号当日有效）"


def expired(status: str, day: str, today: str) -> bool:
    """A ticket still open (waiting, called, being served) from an earlier day (ISO dates): the queue starts anew
    each morning and never calls it, so it is no longer valid."""
    return day < today and status in {s.value for s in OPEN}

# what a clerk may do to a ticket in each state (transfer puts it back in the queue of another counter)
MOVES: dict[str, dict[TicketStatus, TicketStatus]] = {
    "start": {TicketStatus.CALLED: TicketStatus.SERVING},
    "recall": {TicketStatus.CALLED: TicketStatus.CALLED},
    "skip": {TicketStatus.CALLED: TicketStatus.SKIPPED},
    "transfer": {TicketStatus.CALLED: TicketStatus.WAITING, TicketStatus.SERVING: TicketStatus.WAITING},
    "end": {TicketStatus.CALLED: TicketStatus.DONE, TicketStatus.SERVING: TicketStatus.DONE},
}
MOVE_LABELS = {"start": "开始办理", "recall": "重呼", "skip": "过号", "transfer": "转窗口", "end": "办结"}


def next_status(move: str, current: str) -> TicketStatus:
    """The state after `move`, or QueueRefused naming the state the ticket is in."""
    allowed = MOVES.get(move)
    if allowed is None:
        raise QueueRefused(f"未知操作 {move}")
    try:
        return allowed[TicketStatus(current)]
    except (KeyError, ValueError):
        label = LABELS_ZH.get(TicketStatus(current), current) if current in TicketStatus._value2member_map_ else current
        raise QueueRefused(f"该号当前为“{label}”，不能{MOVE_LABELS.get(move, move)}") from None


def canonical_prefix(text: str) -> str:
    """A business prefix: one letter of PREFIXES after NFKC and upper-casing (Ａ → A), else QueueRefused."""
    value = unicodedata.normalize("NFKC", text or "").strip().upper()
    if len(value) != 1 or value not in PREFIXES:
        raise QueueRefused(f"业务代号须为一个字母（{PREFIXES[0]}–{PREFIXES[-1]}，不含 I、O）")
    return value


def ticket_number(prefix: str, seq: int) -> str:
    """A012: the prefix and at least three digits."""
    return f"{prefix}{seq:03d}"


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def priority_reason(birth: date | None, today: date, appointment: bool) -> str:
    """"appointment", "elderly" or "" (no priority)."""
    if appointment:
        return "appointment"
    if birth is not None and age_on(birth, today) >= ELDERLY_AGE:
        return "elderly"
    return ""


PRIORITY_LABELS = {"appointment": "预约优先", "elderly": "老年人优先", "": ""}


def spoken_call(number: str, counter: int) -> str:
    """What the hall says for a call: 请A012号到3号窗口办理."""
    return f"请{number}号到{counter}号窗口办理"


def estimate_minutes(ahead: int, minutes_each: float, open_counters: int) -> int:
    """Estimated wait: the people ahead times the average service time, shared by the open counters."""
    if ahead <= 0:
        return 0
    return max(1, round(ahead * minutes_each / max(1, open_counters)))


@dataclass(frozen=True)
class QueueTicket:
    """A ticket as the kiosk prints it (the hall node's answer to POST /v1/queue/tickets)."""

    number: str
    business: str
    ahead: int
    estimate_minutes: int
    hall_name: str
    follow_url: str  # the resident's page of this ticket (the QR)
    priority_label: str = ""  # 老年人优先 / 预约优先
    issued_at: datetime | None = None

    @classmethod
    def from_wire(cls, d: dict[str, Any]) -> "QueueTicket":
        at = d.get("at")
        return cls(str(d["number"]), str(d["business"]), int(d["ahead"]), int(d["estimate_minutes"]),
                   str(d.get("hall_name", "")), str(d.get("follow_url", "")), str(d.get("priority_label", "")),
                   datetime.fromtimestamp(float(at)).astimezone() if at is not None else None)
