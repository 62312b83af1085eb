"""Form fields from a service's JSON schema, and their checks: plain Python, no Qt."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain import idnumber
from domain.models import Person
from kiosk.viewmodels.common import Lazy, lazy, raw

KINDS = ("text", "number", "date", "choice", "address", "phone", "id_number")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d+$")
_PHONE = re.compile(r"^1\d{10}$")


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
        if self.value == "":
            return None
        if self.kind == "number" or (self.kind == "choice" and self.schema.get("type") in ("integer", "number")):
            return int(self.value) if self.schema.get("type") == "integer" else float(self.value)
        if self.kind == "id_number":
            return self.value.strip().upper()
        return self.value.strip()


def kind_of(prop: dict[str, Any]) -> str:
    fmt = prop.get("x-format")
    if fmt in ("phone", "id_number", "address"):
        return str(fmt)
    if "enum" in prop:
        return "choice"
    if prop.get("type") in ("integer", "number"):
        return "number"
    if prop.get("format") == "date":
        return "date"
    if prop.get("x-prefill") == "address":
        return "address"
    return "text"


def fields_from_schema(schema: dict[str, Any]) -> list[Field]:
    props: dict[str, dict[str, Any]] = schema.get("properties", {})
    order = [n for n in schema.get("x-order", []) if n in props]
    order += [n for n in props if n not in order]
    required = set(schema.get("required", []))
    return [Field(n, str(props[n].get("title", n)), kind_of(props[n]), n in required, props[n]) for n in order]


def prefill(fields: list[Field], person: Person) -> None:
    wire = person.to_wire()
    for f in fields:
        value = wire.get(f.prefill_key) if f.prefill_key else None
        if value:
            f.value = str(value)
            f.read_only = person.source == "id_card"  # what the card says is not retyped by hand


def check(f: Field) -> Lazy | None:
    value = f.value.strip()
    if value == "":
        return lazy("form", "Please fill this in.") if f.required else None
    s = f.schema
    if f.kind == "number":
        return _check_number(value, s)
    if f.kind == "choice":
        return None if value in f.choices else lazy("form", "Please choose one of the options.")
    if f.kind == "date":
        return _check_date(value)
    if f.kind == "id_number":
        return _check_id(value)
    if "maxLength" in s and len(value) > int(s["maxLength"]):
        return lazy("form", "Please use at most %1 characters.", s["maxLength"])
    if "minLength" in s and len(value) < int(s["minLength"]):
        return lazy("form", "Please use at least %1 characters.", s["minLength"])
    pattern = s.get("pattern") or (_PHONE.pattern if f.kind == "phone" else None)
    if pattern and not re.search(pattern, value):
        if s.get("x-error"):
            return raw(str(s["x-error"]))
        if f.kind == "phone":
            return lazy("form", "Please enter an 11-digit mobile number.")
        return lazy("form", "This does not look right. Please check it.")
    return None


def _check_number(value: str, s: dict[str, Any]) -> Lazy | None:
    if not _INT.match(value):
        return lazy("form", "Please enter a whole number.")
    n = int(value)
    lo, hi = s.get("minimum"), s.get("maximum")
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        if lo is not None and hi is not None:
            return lazy("form", "Please enter a number from %1 to %2.", lo, hi)
        if lo is not None:
            return lazy("form", "Please enter a number of at least %1.", lo)
        return lazy("form", "Please enter a number of at most %1.", hi)
    return None


def _check_date(value: str) -> Lazy | None:
    if _DATE.match(value):
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return lazy("form", "Please enter a date like 1956-03-08 (year-month-day).")


def _check_id(value: str) -> Lazy | None:
    v = value.upper()
    if not re.match(r"^\d{17}[\dX]$", v):
        return lazy("form", "An ID number has 18 characters: 17 digits, then a digit or X.")
    if idnumber.check_char(v[:17]) != v[17]:
        return lazy("form", "This ID number is not right: please check each digit again.")
    if not idnumber.is_valid(v):
        return lazy("form", "The birth date inside this ID number is not a real date.")
    return None
