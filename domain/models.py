"""Dataclasses that cross package boundaries: Person, ServiceItem, Receipt."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar
from unicodedata import normalize

from domain import idnumber
from domain.workdays import WorkCalendar

STEPS = {"accept": "受理", "process": "办理", "complete": "办结"}

# How a resident collects the result, chosen at apply time (kiosk and web); the network keeps it per case.
DELIVERY_METHODS = {"window": "窗口领取", "kiosk": "自助终端打印", "post": "邮寄"}
# What an item offers when its catalogue entry does not say (every method, as before items said which).
ALL_DELIVERY = tuple(DELIVERY_METHODS)
# The form fields a kiosk posts a result to (it has no other place to ask them): 邮寄 needs both on the item's form.
POST_FIELDS = frozenset({"address", "phone"})


def delivery_key(text: str) -> str:
    """A delivery method as written (the catalogue, a web form) in its canonical form: NFKC, trimmed, lower-case."""
    return normalize("NFKC", text).strip().lower()


def default_delivery(methods: Iterable[str]) -> str:
    """Of the methods offered (in the catalogue's order), the one chosen until the resident picks another: 窗口领取
    where offered, else the first."""
    offered = tuple(methods)
    return "window" if "window" in offered else offered[0]


def delivery_methods(raw: Any, strict: bool = False) -> tuple[str, ...]:
    """An item's delivery_methods as the catalogue gives them, canonical: each NFKC, trimmed, lower-case, once,
    in the author's order. strict (the network's import): ValueError, in words, for a list that is not one of
    known methods or is empty. Not strict (a kiosk reading a newer network's catalogue): a method it does not
    know is left out, and nothing left means every method it knows."""
    if raw is None:
        return ALL_DELIVERY
    if not isinstance(raw, (list, tuple)) or not all(isinstance(m, str) for m in raw):
        if strict:
            raise ValueError("delivery_methods 须为领取方式的列表 / delivery_methods must be a list of methods")
        return ALL_DELIVERY
    methods: list[str] = []
    for m in raw:
        key = delivery_key(m)
        if key not in DELIVERY_METHODS:
            if strict:
                raise ValueError(f"未知的领取方式 / unknown delivery method: {m[:20]!r} "
                                 f"(可选 / known: {', '.join(DELIVERY_METHODS)})")
            continue
        if key not in methods:
            methods.append(key)
    if not methods and strict:
        raise ValueError("事项至少须提供一种领取方式 / delivery_methods must list at least one method")
    return tuple(methods) or ALL_DELIVERY


def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧**娜: the first character (and the last, for long names) stay."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def wire_fields(record: object, *names: str) -> dict[str, Any]:
    """The named fields of a record as the wire carries them, in that order: a date in ISO form, a tuple as a
    list, a nested record by its own to_wire()."""
    return {name: _wire(getattr(record, name)) for name in names}


def _wire(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_wire(v) for v in value]
    if hasattr(value, "to_wire"):
        return value.to_wire()
    return value


@dataclass(frozen=True)
class Person:
    """A resident as read from an identity document."""

    # What travels (to_wire; servicenet.schemas.PersonIn is built from it): no document dates, no photo
    WIRE: ClassVar[tuple[str, ...]] = ("name", "id_number", "sex", "nation", "birth", "address", "source")

    name: str
    id_number: str
    sex: str = ""
    nation: str = ""
    birth: date | None = None
    address: str = ""
    authority: str = ""
    valid_from: date | None = None
    valid_to: date | None = None  # None = 长期 (long-term)
    photo: bytes = field(default=b"", repr=False)
    source: str = "id_card"

    @classmethod
    def of_number(cls, name: str, id_number: str, source: str) -> "Person":
        """A person known by name and ID number only (户口簿, an identity provider): the number is canonicalised
        and checked (InvalidIdNumber); birth date and sex are the ones it encodes (GB 11643)."""
        number = idnumber.validate(id_number)
        return cls(" ".join(name.split()), number, sex="男" if int(number[16]) % 2 else "女",
                   birth=date(int(number[6:10]), int(number[10:12]), int(number[12:14])), source=source)

    def is_expired(self, today: date) -> bool:
        return self.valid_to is not None and self.valid_to < today

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_id(self) -> str:
        return idnumber.mask(self.id_number)

    def to_wire(self) -> dict[str, Any]:
        """wire_fields(self, *WIRE) written out (a test holds them equal): it is on every enqueue's path."""
        birth = self.birth
        return {"name": self.name, "id_number": self.id_number, "sex": self.sex, "nation": self.nation,
                "birth": birth.isoformat() if birth is not None else None, "address": self.address,
                "source": self.source}


@dataclass(frozen=True)
class Material:
    name: str
    copies: int = 1
    required: bool = True
    note: str = ""

    @classmethod
    def from_wire(cls, d: dict[str, Any]) -> "Material":
        return cls(d["name"], int(d.get("copies", 1)), bool(d.get("required", True)), d.get("note", ""))

    def to_wire(self) -> dict[str, Any]:
        return wire_fields(self, "name", "copies", "required", "note")


@dataclass(frozen=True)
class ServiceItem:
    """One entry of the service catalogue (办事指南): the same on the kiosk and the network."""

    code: str  # unified item code
    name: str
    category: str  # 个人办事 / 法人办事
    department: str
    life_event: str = ""
    conditions: tuple[str, ...] = ()
    materials: tuple[Material, ...] = ()
    time_limit_days: int = 0
    fee_cents: int = 0
    fee_item: str = ""
    location: str = ""
    complaint: str = ""
    keywords: tuple[str, ...] = ()
    form_schema: dict[str, Any] = field(default_factory=dict)
    version: int = 1
    step_limits: dict[str, int] = field(default_factory=dict)  # 电子监察: working days per step (limits())

    def limits(self) -> dict[str, int]:
        """Working days per step: 受理 (accept, default 1), 办理 (process: from 受理 to the decision, default the
        rest of the time limit), 办结 (complete: the whole case, default the promised time limit)."""
        total = max(1, self.time_limit_days)
        given = {k: int(v) for k, v in self.step_limits.items() if k in STEPS and int(v) > 0}
        accept = given.get("accept", 1)
        return {"accept": accept, "process": given.get("process", max(1, total - accept)),
                "complete": given.get("complete", total)}
    accepts_expired_card: bool = False  # an expired ID card identifies the applicant (居民身份证换领: 到期换领)
    print_limit: int = 2  # copies of each result document kiosks may print in all (结果领取)
    face_match: bool = False  # 人证合一: the face at the kiosk's camera is compared with the card's photo
    # how its result may be collected (a card cannot be printed at a kiosk): the kiosk and the web offer only these
    delivery_methods: tuple[str, ...] = ALL_DELIVERY

    @property
    def default_delivery(self) -> str:
        """The method chosen until the resident picks another (`default_delivery`)."""
        return default_delivery(self.delivery_methods)

    @classmethod
    def from_wire(cls, d: dict[str, Any]) -> "ServiceItem":
        return cls(
            code=d["code"],
            name=d["name"],
            category=d.get("category", ""),
            department=d.get("department", ""),
            life_event=d.get("life_event", ""),
            conditions=tuple(d.get("conditions", ())),
            materials=tuple(Material.from_wire(m) for m in d.get("materials", ())),
            time_limit_days=int(d.get("time_limit_days", 0)),
            fee_cents=int(d.get("fee_cents", 0)),
            fee_item=d.get("fee_item", ""),
            location=d.get("location", ""),
            complaint=d.get("complaint", ""),
            keywords=tuple(d.get("keywords", ())),
            form_schema=dict(d.get("form_schema", {})),
            version=int(d.get("version", 1)),
            accepts_expired_card=bool(d.get("accepts_expired_card", False)),
            step_limits={str(k): int(v) for k, v in dict(d.get("step_limits", {})).items()},
            print_limit=int(d.get("print_limit", 2)),
            face_match=bool(d.get("face_match", False)),
            delivery_methods=delivery_methods(d.get("delivery_methods")),
        )

    def to_wire(self) -> dict[str, Any]:
        return {
            **wire_fields(self, "code", "name", "category", "department", "life_event", "conditions", "materials",
                          "time_limit_days", "fee_cents", "fee_item", "location", "complaint", "keywords",
                          "form_schema", "version", "accepts_expired_card"),
            **({"step_limits": dict(self.step_limits)} if self.step_limits else {}),
            **({"print_limit": self.print_limit} if self.print_limit != 2 else {}),
            **({"face_match": True} if self.face_match else {}),
            **({"delivery_methods": list(self.delivery_methods)} if self.delivery_methods != ALL_DELIVERY else {}),
        }


FACE_MATCHED, CLERK_CONFIRMED = "matched", "clerk_confirmed"


@dataclass(frozen=True)
class FaceCheck:
    """人证合一 as it ended: the face matched the card's photo (with the distance), or a clerk confirmed the
    resident (with why the camera could not: mismatch, no_face, no_photo, camera). No image is kept."""

    outcome: str  # FACE_MATCHED or CLERK_CONFIRMED
    distance: float | None = None  # of the last comparison that measured one
    reason: str = ""  # CLERK_CONFIRMED: what the camera check ended with
    clerk: str = ""  # CLERK_CONFIRMED: the staff id

    def to_wire(self) -> dict[str, Any]:
        return {k: v for k, v in wire_fields(self, "outcome", "distance", "reason", "clerk").items()
                if v not in ("", None)}


@dataclass(frozen=True)
class Receipt:
    """What the printer prints after a submission (or a reprint)."""

    code: str
    service_name: str
    applicant_masked_name: str
    applicant_masked_id: str
    submitted_at: datetime
    time_limit_days: int
    department: str
    track_url: str  # encoded in the QR; the code alone is inside it
    hall_name: str = ""
    notice: str = ""
    reprint: bool = False
    # the fee (sync/payments.py): paid -> order_no and paid_at; owed (pay later) -> pay_url, where to pay
    amount_cents: int = 0
    fee_item: str = ""
    order_no: str = ""
    paid_at: datetime | None = None
    pay_url: str = ""
    due_date: date | None = None  # the time limit's last working day (domain/workdays.py)
    promised: tuple[tuple[str, str], ...] = ()  # 告知承诺: (material, ISO date it is due) the resident promised
    delivery: str = ""  # how the result is collected: a DELIVERY_METHODS key


@dataclass(frozen=True)
class Commitment:
    """告知承诺书 as the resident signed it: the text shown, its version, and each material promised for later
    with the working days given to hand it in. Sent with the case (sealed with the personal part)."""

    text: str
    version: str
    missing: tuple[tuple[str, int], ...] = ()  # (material name, working days to hand it in)

    def to_wire(self, signed_on: date, calendar: WorkCalendar) -> dict[str, Any]:
        return {"text": self.text, "version": self.version,
                "missing": [{"name": name, "days": days,
                             "due_date": calendar.add_working_days(signed_on, days).isoformat()}
                            for name, days in self.missing]}
