"""The one place where case status and its allowed transitions are written down."""
from __future__ import annotations

from enum import Enum


class CaseStatus(str, Enum):
    """Business status of a case on the network (the same for kiosk and web cases)."""

    SUBMITTED = "submitted"  # 已提交: received by the network, not yet looked at
    ACCEPTED = "accepted"  # 受理
    IN_PROGRESS = "in_progress"  # 办理中
    COMPLETED = "completed"  # 办结
    REJECTED = "rejected"  # 不予受理


ALLOWED: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.SUBMITTED: frozenset({CaseStatus.ACCEPTED, CaseStatus.REJECTED}),
    CaseStatus.ACCEPTED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.REJECTED}),
    CaseStatus.IN_PROGRESS: frozenset({CaseStatus.COMPLETED, CaseStatus.REJECTED}),
    CaseStatus.COMPLETED: frozenset(),
    CaseStatus.REJECTED: frozenset(),
}

LABELS_ZH: dict[CaseStatus, str] = {
    CaseStatus.SUBMITTED: "已提交",
    CaseStatus.ACCEPTED: "受理",
    CaseStatus.IN_PROGRESS: "办理中",
    CaseStatus.COMPLETED: "办结",
    CaseStatus.REJECTED: "不予受理",
}


class IllegalTransition(ValueError):
    pass


def can_move(src: CaseStatus, dst: CaseStatus) -> bool:
    return dst in ALLOWED[src]


def check_move(src: CaseStatus, dst: CaseStatus) -> None:
    if not can_move(src, dst):
        raise IllegalTransition(f"{src.value} -> {dst.value} is not allowed")


class SyncState(str, Enum):
    """Where a case stands in the kiosk's outbox (local only)."""

    QUEUED = "queued"
    SENDING = "sending"
    ACCEPTED = "accepted"  # the network holds it
    QUARANTINED = "quarantined"


SYNC_ALLOWED: dict[SyncState, frozenset[SyncState]] = {
    SyncState.QUEUED: frozenset({SyncState.SENDING}),
    SyncState.SENDING: frozenset({SyncState.ACCEPTED, SyncState.QUARANTINED, SyncState.QUEUED}),
    SyncState.ACCEPTED: frozenset(),
    SyncState.QUARANTINED: frozenset({SyncState.QUEUED}),
}
