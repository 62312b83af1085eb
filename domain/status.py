"""The one place where case status, outbox sync state and their allowed transitions are written down."""
from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar


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
    """A move the state machine does not allow."""


S = TypeVar("S", bound=Enum)


def _check(allowed: Mapping[S, frozenset[S]], src: S, dst: S, machine: str) -> None:
    """IllegalTransition unless `allowed` has the move: the one check of both machines."""
    if dst not in allowed[src]:
        raise IllegalTransition(f"{machine}{src.value} -> {dst.value} is not allowed")


def can_move(src: CaseStatus, dst: CaseStatus) -> bool:
    return dst in ALLOWED[src]


def check_move(src: CaseStatus, dst: CaseStatus) -> None:
    _check(ALLOWED, src, dst, "")


class SyncState(str, Enum):
    """Where an outbox row (a case or a case event) stands on the kiosk (local only).

    draft → queued → sending → accepted | quarantined; sending → queued (retry, crash recovery);
    quarantined → queued (staff). Only a draft's bytes may change: from queued on, the payload is frozen.
    """

    DRAFT = "draft"
    QUEUED = "queued"
    SENDING = "sending"
    ACCEPTED = "accepted"  # the network holds it
    QUARANTINED = "quarantined"


SYNC_ALLOWED: dict[SyncState, frozenset[SyncState]] = {
    SyncState.DRAFT: frozenset({SyncState.QUEUED}),
    SyncState.QUEUED: frozenset({SyncState.SENDING}),
    SyncState.SENDING: frozenset({SyncState.ACCEPTED, SyncState.QUARANTINED, SyncState.QUEUED}),
    SyncState.ACCEPTED: frozenset(),
    SyncState.QUARANTINED: frozenset({SyncState.QUEUED}),
}

EDITABLE: frozenset[SyncState] = frozenset({SyncState.DRAFT})  # the payload may change only here
PENDING: frozenset[SyncState] = frozenset({SyncState.QUEUED, SyncState.SENDING})  # waiting for the network


def can_sync_move(src: SyncState, dst: SyncState) -> bool:
    return dst in SYNC_ALLOWED[src]


def check_sync_move(src: SyncState, dst: SyncState) -> None:
    _check(SYNC_ALLOWED, src, dst, "sync ")


class EventKind(str, Enum):
    """What an outbox row carries: the case itself, or an event about a case (each its own idempotency key)."""

    CASE = "case"
    RATING = "rating"  # 好差评, one per case
    PAYMENT = "payment"
    STAFF_ACTION = "staff_action"
    AUDIT = "audit"


# The network's answer to a second 好差评 rating of a case (same key, other bytes): final, the first rating stands.
# A sender gets it only when it says it reads it (POST /v1/events/batch?results=already_rated); an older kiosk
# is answered "conflict" as before. docs/wire.md, "Case events".
ALREADY_RATED = "already_rated"


def event_key(code: str, kind: EventKind, seq: int | None = None) -> str:
    """Idempotency key of a case event: code:kind (one per case) or code:kind:seq (many per case)."""
    if kind is EventKind.CASE:
        return code
    return f"{code}:{kind.value}" if seq is None else f"{code}:{kind.value}:{seq}"
