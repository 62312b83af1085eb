"""Values the sync package hands to the kiosk."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.models import Commitment, FaceCheck, Person, ServiceItem
from domain.status import CaseStatus, SyncState


@dataclass(frozen=True)
class Attachment:
    """A scanned material or the commitment-letter signature, stored by content hash with its case."""

    slot: str  # the material's name from the service item, or "signature"
    media_type: str  # "image/png", "image/jpeg"
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Application:
    """What the resident submits: frozen into bytes by Outbox.enqueue."""

    service: ServiceItem
    applicant: Person
    form: dict[str, Any]
    channel: str = "kiosk"
    attachments: tuple[Attachment, ...] = ()
    agent: Person | None = None  # 代办: the person at the kiosk applying on the applicant's behalf
    assisted_by: str = ""  # staff id when a clerk submits at the counter
    commitment: Commitment | None = None  # 告知承诺书 as signed (its text, version, materials promised)
    delivery: str = "window"  # how the result is collected (domain.models.DELIVERY_METHODS)
    face_check: FaceCheck | None = None  # 人证合一: matched (and the distance) or confirmed by a clerk; no image


RATING_LEVELS = (5, 4, 3, 2, 1)  # 非常满意 满意 基本满意 不满意 非常不满意 (好差评)


@dataclass(frozen=True)
class StatusEntry:
    status: CaseStatus
    at: datetime
    note: str = ""


@dataclass(frozen=True)
class LocalCase:
    """A case as the kiosk knows it: local sync state plus the last status seen from the network."""

    code: str
    service_code: str
    service_name: str
    applicant_masked_name: str
    status: CaseStatus
    sync_state: SyncState
    submitted_at: datetime
    due_date: date | None
    history: tuple[StatusEntry, ...] = field(default=())
    last_error: str = ""
    printed: bool = False
    supplement: tuple[str, ...] = ()  # 补正: materials the office still asks for (open request only)
    supplement_note: str = ""
    rated: bool = False  # the network holds a 好差评 rating of it (from any channel): one per case
    rating: int | None = None  # that rating's level (RATING_LEVELS), when known here: the one that stood


@dataclass(frozen=True)
class SyncHealth:
    """What the staff view and the residents' small indicator show about the link to the network."""

    queued: int  # cases and events waiting (queued or sending)
    quarantined: int
    last_success: datetime | None  # last pass that reached the network
    online: bool  # the last pass reached the network
    last_error: str = ""  # why the last pass failed (empty after a good one): never "sending failed" alone
    disk_full: bool = False  # a write failed for lack of space and no write has succeeded since ("磁盘已满")
    salvaged: bool = False  # a damaged kiosk.db was set aside and staff have not acknowledged the note yet
    refused: bool = False  # that error is the network refusing this kiosk, not the network out of reach
    # the staff's notes beside the link (a salvaged database, a full disk): drivers.base Notes (said()), which the
    # staff screen says in the clerk's language; their str is English, for the logs and the diagnostics bundle
    notes: tuple[str, ...] = ()


class Offline(Exception):
    """The network could not be reached (connection refused, timeout, 5xx)."""
