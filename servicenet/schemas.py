"""Pydantic models of the wire contract (docs/wire.md), used for validation and /openapi.json."""
from __future__ import annotations

import dataclasses
import functools
import operator
from datetime import date
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model

from domain import staffid
from domain.models import Person
from domain.status import CaseStatus

MAX_BATCH = 100


def _as_sent(kind: Any) -> Any:
    """The type of a record's field as the wire carries it (domain.models.wire_fields): a date as its ISO text."""
    if kind is date:
        return str
    if get_origin(kind) in (Union, UnionType):
        return functools.reduce(operator.or_, (_as_sent(k) for k in get_args(kind)))
    return kind


def wire_model(record: type[Any], doc: str, **constraints: Any) -> type[BaseModel]:
    """The model of what `record.to_wire()` sends: the record's WIRE fields, in that order, with its types (as
    sent) and defaults; `constraints` adds pydantic Field arguments by field name. Keys beyond these are allowed
    (a newer kiosk may send more)."""
    kinds = get_type_hints(record)
    defaults = {f.name: f.default for f in dataclasses.fields(record)}
    fields: dict[str, Any] = {
        name: (_as_sent(kinds[name]),
               Field(... if defaults[name] is dataclasses.MISSING else defaults[name], **constraints.get(name, {})))
        for name in record.WIRE
    }
    return create_model(record.__name__ + "In", __config__=ConfigDict(extra="allow"), __doc__=doc, **fields)


def staff_id_field(description: str, *, required: bool = False) -> Any:
    """A staff id a clerk's request carries (domain/staffid.py): the canonical form is declared and nothing else
    passes. Not required: "" is nobody."""
    body = f"^{staffid.PATTERN}$" if required else f"^(?:{staffid.PATTERN})?$"
    return Field(... if required else "", max_length=staffid.MAX, pattern=body,
                 description=f"{description}; a staff id: ASCII letters, digits, . _ -, a letter or a digit first")


def _staff_id_or_nobody(value: Any) -> Any:
    """A case's staff id in its canonical form ("" is nobody); InvalidStaffId (a ValueError: the case is invalid,
    the reason in its message) for text that has none. Not text is left to the str check."""
    return staffid.optional(value) if isinstance(value, str) else value


def case_staff_id_field(description: str) -> Any:
    """A staff id in a case (assisted_by, face_check.clerk): taken as its canonical form (domain/staffid.py), which
    is what the network stores; a value that has none makes the case invalid. No pattern is declared: ｓ００１ and
    ' S001 ' are taken (a kiosk's cases queued before its settings made staff ids canonical hold such bytes,
    frozen; refusing them would leave those residents' cases stuck for ever)."""
    return Field("", description=(
        f"{description}; a staff id, taken as its canonical form: NFKC (full-width letters and digits become ASCII), "
        "the whitespace around it trimmed, then 1-64 ASCII letters, digits, . _ -, a letter or a digit first "
        "(ｓ００１ is s001, ' S001 ' is S001). Only the canonical form is stored, hashed and shown; a value that has "
        "none makes the case invalid. \"\" is nobody"))


CaseStaffId = Annotated[str, BeforeValidator(_staff_id_or_nobody)]


PersonIn = wire_model(Person, "The applicant as Person.to_wire() sends it.", name={"min_length": 1})


class AttachmentRef(BaseModel):
    """An attachment slot a case references: the file is uploaded apart, by its sha256 (resumable)."""

    slot: str = Field(min_length=1, max_length=100)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=1)
    media_type: str = Field(min_length=1, max_length=100)


class DeliveryIn(BaseModel):
    """How the result is collected (servicenet/results/delivery.py); sealed with the personal part."""

    method: Literal["window", "kiosk", "post"] = Field("window", description=(
        "one of the service item's delivery_methods (all three when the catalogue lists none); another is refused, "
        "unless `offered` holds it on a kiosk case: then the case is taken and collected by the service's default "
        "method (窗口领取 where offered), which its first status event says"))
    phone: str = Field("", max_length=20)
    address: str = Field("", max_length=200)
    offered: list[Literal["window", "kiosk", "post"]] | None = Field(default=None, max_length=3, description=(
        "kiosk: the methods its catalogue offered for the service when the resident chose (a case queued offline "
        "before the catalogue changed)"))


class PromisedIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    days: int = Field(ge=0, le=3660, description="working days given to hand it in")
    due_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")


class CommitmentIn(BaseModel):
    """告知承诺书 as signed: the text shown, its version, the materials promised for later with their due date."""

    text: str = Field(min_length=1, max_length=5000)
    version: str = Field(min_length=1, max_length=40)
    missing: list[PromisedIn] = Field(default_factory=list, max_length=50)


class FaceCheckIn(BaseModel):
    """人证合一 as it ended at the kiosk (domain.models.FaceCheck): the outcome only, never an image."""

    outcome: Literal["matched", "clerk_confirmed"]
    distance: float | None = Field(default=None, ge=0, le=4, description="of the last comparison that measured one")
    reason: str = Field(default="", max_length=40, pattern=r"^[a-z_]*$",
                        description="clerk_confirmed: what the camera check ended with (mismatch, no_face, ...)")
    clerk: CaseStaffId = case_staff_id_field("clerk_confirmed: the clerk who confirmed")


class CaseIn(BaseModel):
    """A case as the kiosk (or the web channel) sends it; the registration code is the idempotency key."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(description="registration code: 20 digits, the last a check digit (domain.regcode)")
    service_code: str
    channel: Literal["kiosk", "web"]
    device_id: str = ""
    submitted_at: AwareDatetime
    applicant: PersonIn
    form: dict[str, Any]
    agent: PersonIn | None = Field(default=None, description="代办: the person applying on the applicant's behalf")
    assisted_by: CaseStaffId = case_staff_id_field("代办 at the counter: the clerk who submitted it")
    attachments: list[AttachmentRef] = Field(default_factory=list)
    delivery: DeliveryIn | None = Field(default=None, description="how the result is collected (default window)")
    commitment: CommitmentIn | None = Field(default=None, description="告知承诺书 as signed (kiosk and web)")
    face_check: FaceCheckIn | None = Field(default=None, description="人证合一, where the service item asks for it")


# staff ids (domain/staffid.py) a case holds: each is made canonical before the case's digest and row
_STAFF_IDS = {("assisted_by",): "代办工号", ("face_check", "clerk"): "人证核验确认人的工号"}


def with_canonical_staff_ids(raw: Any) -> Any:
    """The case as the network keeps it: its staff ids (_STAFF_IDS) in their canonical form, so that the digest
    (idempotency: the same bytes sent again are the same case), the payload row, the back office's pages and the
    PDF only ever see that form. `raw` itself when nothing changes (no copy on the common path); a value that has
    no canonical form is left as it is, for CaseIn to refuse with the reason."""
    for path in _STAFF_IDS:
        raw = _canonical_at(raw, path)
    return raw


def _canonical_at(node: Any, path: tuple[str, ...]) -> Any:
    """`node` with the staff id at `path` made canonical, copied along the path only where it changes."""
    if not isinstance(node, dict):
        return node
    key, rest = path[0], path[1:]
    value = node.get(key)
    if rest:
        new = _canonical_at(value, rest)
    elif isinstance(value, str) and not staffid.is_canonical(value):
        try:
            new = staffid.validate(value)
        except staffid.InvalidStaffId:
            return node
    else:
        return node
    return node if new is value else {**node, key: new}


def malformed(exc: ValidationError) -> str:
    """Why a case is invalid, from its validation errors (the first three; a staff id's in words)."""
    for e in exc.errors():
        label = _STAFF_IDS.get(tuple(e["loc"]))
        if label is not None:
            return (f"{label}无效（规范形式为1-64位半角字母、数字或 . _ -，以字母或数字开头） / "
                    f"{'.'.join(map(str, e['loc']))} is not a staff id: {e['msg']}")
    parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3]]
    return "申请格式错误 / malformed case: " + "; ".join(parts)


class BatchIn(BaseModel):
    """Up to 100 cases. Each is checked on its own: a malformed case is answered `invalid`, not the batch."""

    cases: list[CaseIn | dict[str, Any]] = Field(max_length=MAX_BATCH)


class BatchResult(BaseModel):
    """The answer for one case of a batch, in the same order as sent."""

    code: str | None
    result: Literal["created", "duplicate", "conflict", "invalid"]
    status: CaseStatus | None
    message: str
    first_response: dict[str, Any] | None = Field(default=None, description="on a duplicate: the first answer")


class BatchOut(BaseModel):
    results: list[BatchResult]


class StatusIn(BaseModel):
    """A staff decision on a case."""

    status: CaseStatus
    note: str = ""


class HistoryEntry(BaseModel):
    status: CaseStatus
    at: str
    note: str


class SlotView(BaseModel):
    slot: str
    sha256: str
    size: int
    media_type: str
    filled: bool


class RatingView(BaseModel):
    level: int
    reasons: list[str]
    at: str


class SupplementView(BaseModel):
    """补正: the one-time list of what the applicant must still hand in (一次性告知)."""

    missing: list[str]
    note: str
    requested_at: str


class DeliveryView(BaseModel):
    """The collection method and, once posted, the waybill (never the address or the phone)."""

    method: Literal["window", "kiosk", "post"]
    method_label: str
    carrier: str = ""
    waybill: str = ""
    posted_at: str | None = None


class CaseView(BaseModel):
    """What a resident (kiosk or web) may see of a case: no personal data beyond the masked name."""

    code: str
    service_code: str
    service_name: str
    channel: str
    status: CaseStatus
    submitted_at: str
    due_date: str
    time_limit_days: int
    applicant_masked_name: str = ""
    complete: bool = Field(description="every attachment slot the case references is filled")
    attachments: list[SlotView] = Field(default_factory=list)
    rating: RatingView | None = None
    history: list[HistoryEntry]
    # back office (servicenet/backoffice/view.py): the open 补正 request and the time limit (电子监察)
    supplement: SupplementView | None = Field(default=None, description="open 补正 request: what is missing")
    deadline: str = Field(default="", description="due date plus the days paused for 补正 (ISO date)")
    days_left: int | None = Field(default=None, description="days to the deadline; null once finished")
    overdue: bool = Field(default=False, description="open past the deadline, or finished after it")
    light: str = Field(default="", description="电子监察: green, yellow (one working day left), red (late); "
                                               "empty once finished")
    delivery: DeliveryView | None = Field(default=None, description="how the result is collected")


class CasesOut(BaseModel):
    cases: list[CaseView]


class EventsIn(BaseModel):
    """Up to 100 case events {key, kind, code, device_id, at, body}; each is checked on its own."""

    events: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class EventResult(BaseModel):
    key: str | None
    code: str | None
    result: Literal["created", "duplicate", "conflict", "invalid", "already_rated"] = Field(
        description="already_rated only to a sender that asks for it (?results=already_rated): a second rating "
                    "of the case, final; the first stands")
    message: str
    first_response: dict[str, Any] | None = None
    rating: RatingView | None = Field(default=None, description="on already_rated: the rating that stands")


class EventsOut(BaseModel):
    results: list[EventResult]


class FeedEvent(BaseModel):
    seq: int
    code: str
    status: CaseStatus
    at: str
    note: str


class FeedOut(BaseModel):
    events: list[FeedEvent]
    cursor: int


class CatalogueOut(BaseModel):
    """ServiceItem.to_wire() + "deleted": false, or {"code": c, "deleted": true} for a deleted item. An item's
    `delivery_methods` (a list of "window", "kiosk", "post") are the ways its result may be collected; absent
    means all three."""

    items: list[dict[str, Any]]
    cursor: int
    more: bool
    remaining: int = Field(default=0, description="changes after this page")
    calendar: dict[str, Any] | None = Field(
        default=None, description="the working-day calendar (version, holidays, workdays, confirmed and "
                                  "provisional years), unless the kiosk already holds this version")


class Health(BaseModel):
    ok: bool
