"""Form fields from a service's JSON schema, worded for the resident: the rules are domain/forms.py. No Qt."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain import forms
from domain.models import Person
from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.viewmodels.common import Lazy, lazy, raw

QR_SOURCES = ("e_sscard", "e_id")  # Person.source of a 亮码's holder (drivers.base.IdentityCode.kind)


@dataclass
class Field:
    name: str
    title: str
    kind: str
    required: bool
    schema: dict[str, Any]
    value: str = ""
    touched: bool = False
    read_only: bool = False
    origin: str = ""  # a locked value: "card" (read from the card), "code" (a 亮码 the network checked) or "given"
    # (entered on an earlier screen)

    @property
    def choices(self) -> list[str]:
        return [str(c) for c in self.schema.get("enum", [])]

    @property
    def prefill_key(self) -> str:
        return str(self.schema.get("x-prefill", ""))

    def error(self) -> Lazy | None:
        """What is wrong with the value now, or None."""
        return check(self)

    def shown_error(self) -> Lazy | None:
        """Errors show once the resident has typed here (an empty field is not scolded at once)."""
        if not self.touched and self.value == "":
            return None
        return check(self)

    def typed(self) -> Any:
        return forms.typed(self.kind, self.schema, self.value)


def fields_from_schema(schema: dict[str, Any]) -> list[Field]:
    return [Field(f.name, f.title, f.kind, f.required, f.schema) for f in forms.field_specs(schema)]


def prefill(fields: list[Field], person: Person, known: dict[str, str] | None = None) -> None:
    """Fill in what the card says (locked when it is an ID card) and what the resident already gave (locked)."""
    wire = person.to_wire()
    for f in fields:
        value = wire.get(f.prefill_key) if f.prefill_key else None
        if value:
            f.value = str(value)
            # what the ID card's chip or the identity provider (亮码) says is not retyped by hand
            f.read_only = person.source in ("id_card", *QR_SOURCES)
            f.origin = "code" if person.source in QR_SOURCES else "card"
        if f.prefill_key and known and known.get(f.prefill_key):
            f.value, f.read_only, f.origin = known[f.prefill_key], True, "given"


_WORDS: dict[str, str] = {
    "required": QT_TRANSLATE_NOOP("form", "Please fill this in."),
    "whole_number": QT_TRANSLATE_NOOP("form", "Please enter a whole number."),
    "choice": QT_TRANSLATE_NOOP("form", "Please choose one of the options."),
    "date": QT_TRANSLATE_NOOP("form", "Please enter a date like 1956-03-08 (year-month-day)."),
    "id_shape": QT_TRANSLATE_NOOP("form", "An ID number has 18 characters: 17 digits, then a digit or X."),
    "id_chars": QT_TRANSLATE_NOOP("form", "Please use only the digits 0-9 and X."),
    "id_check": QT_TRANSLATE_NOOP("form", "This ID number is not right: please check each digit again."),
    "id_birth": QT_TRANSLATE_NOOP("form", "The birth date inside this ID number is not a real date."),
    "phone": QT_TRANSLATE_NOOP("form", "Please enter an 11-digit mobile number."),
    "phone_chars": QT_TRANSLATE_NOOP("form", "Please use only the digits 0-9."),
    "credit_chars": QT_TRANSLATE_NOOP("form", "A credit code uses the digits 0-9 and capital letters, but not "
                                              "I, O, Z, S or V."),
    "credit_shape": QT_TRANSLATE_NOOP("form", "A unified social credit code has 18 characters."),
    "credit_check": QT_TRANSLATE_NOOP("form", "This credit code is not right: please check each character "
                                              "against the business licence."),
}


def check(f: Field) -> Lazy | None:
    """The resident's words for what domain.forms finds wrong with the field, or None."""
    p = forms.problem(f.kind, f.required, f.schema, f.value)
    if p is None:
        return None
    if p.code == "range":
        lo, hi = p.values
        if lo is not None and hi is not None:
            return lazy("form", "Please enter a number from %1 to %2.", lo, hi)
        if lo is not None:
            return lazy("form", "Please enter a number of at least %1.", lo)
        return lazy("form", "Please enter a number of at most %1.", hi)
    if p.code == "max_length":
        return lazy("form", "Please use at most %1 characters.", p.values[0])
    if p.code == "min_length":
        return lazy("form", "Please use at least %1 characters.", p.values[0])
    if p.code == "pattern":
        return raw(p.values[0]) if p.values[0] else lazy("form", "This does not look right. Please check it.")
    return lazy("form", _WORDS[p.code])
