"""A service's form, from its JSON schema: field kinds, checks and typed values — one set of rules for the
kiosk and the web channel. A check names the problem (a code and its values); each channel words it."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain import canonical, creditcode, idnumber, phone

KINDS = ("text", "number", "date", "choice", "address", "phone", "id_number", "credit_code")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_INT = re.compile(r"^-?\d+$")
NFKC_KINDS = ("number", "date")  # read in their canonical form: full-width ２０２６－１０－０１ is 2026-10-01
_ID_PROBLEMS = {canonical.CHARS: "id_chars", canonical.LENGTH: "id_shape", canonical.CHECK: "id_check",
                canonical.DATE: "id_birth"}
_CREDIT_PROBLEMS = {canonical.CHARS: "credit_chars", canonical.LENGTH: "credit_shape",
                    canonical.CHECK: "credit_check"}
# the identifier kinds and their canonical forms (domain/canonical.py)
CANONICAL = {"id_number": idnumber.validate, "phone": phone.validate, "credit_code": creditcode.validate}


@dataclass(frozen=True)
class Problem:
    """What is wrong with a value: `code` is one of required, whole_number, range, choice, date, id_shape,
    id_chars, id_check, id_birth, credit_chars, credit_shape, credit_check, max_length, min_length, phone,
    phone_chars, pattern; `values` fill the channel's wording
    (range: minimum, maximum — either may be None; max_length/min_length: the limit; pattern: x-error text)."""

    code: str
    values: tuple[Any, ...] = ()


def kind_of(prop: dict[str, Any]) -> str:
    fmt = prop.get("x-format")
    if fmt in ("phone", "id_number", "address", "credit_code"):
        return str(fmt)
    if "enum" in prop:
        return "choice"
    if prop.get("type") in ("integer", "number"):
        return "number"
    if prop.get("format") == "date":
        return "date"
    return "address" if prop.get("x-prefill") == "address" else "text"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    title: str
    kind: str
    required: bool
    schema: dict[str, Any]


def field_specs(schema: dict[str, Any]) -> list[FieldSpec]:
    """The fields in the schema's x-order (then any others), with their kinds."""
    props: dict[str, dict[str, Any]] = schema.get("properties", {})
    order = [n for n in schema.get("x-order", []) if n in props]
    order += [n for n in props if n not in order]
    required = set(schema.get("required", []))
    return [FieldSpec(n, str(props[n].get("title", n)), kind_of(props[n]), n in required, props[n]) for n in order]


def problem(kind: str, required: bool, schema: dict[str, Any], value: str) -> Problem | None:
    """What is wrong with `value` for this field, or None."""
    value = (unicodedata.normalize("NFKC", value) if kind in NFKC_KINDS else value).strip()
    if value == "":
        return Problem("required") if required else None
    if kind == "number":
        if not _INT.match(value):
            return Problem("whole_number")
        n, lo, hi = int(value), schema.get("minimum"), schema.get("maximum")
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            return Problem("range", (lo, hi))
        return None
    if kind == "choice":
        return None if value in [str(c) for c in schema.get("enum", [])] else Problem("choice")
    if kind == "date":
        if _DATE.match(value):
            try:
                date.fromisoformat(value)
                return None
            except ValueError:
                pass
        return Problem("date")
    if kind == "id_number":
        try:
            idnumber.validate(value)
        except idnumber.InvalidIdNumber as exc:
            return Problem(_ID_PROBLEMS[exc.reason])
        return None
    if kind == "credit_code":
        try:
            creditcode.validate(value)
        except creditcode.InvalidCreditCode as exc:
            return Problem(_CREDIT_PROBLEMS.get(exc.reason, "credit_shape"))
        return None
    if kind == "phone":
        try:
            value = phone.validate(value)
        except phone.InvalidPhone as exc:
            if exc.reason == canonical.CHARS:
                return Problem("phone_chars")
            return Problem("pattern", (str(schema["x-error"]),)) if schema.get("x-error") else Problem("phone")
    if "maxLength" in schema and len(value) > int(schema["maxLength"]):
        return Problem("max_length", (schema["maxLength"],))
    if "minLength" in schema and len(value) < int(schema["minLength"]):
        return Problem("min_length", (schema["minLength"],))
    pattern = schema.get("pattern")
    if pattern and not re.search(pattern, value):
        if schema.get("x-error"):
            return Problem("pattern", (str(schema["x-error"]),))
        return Problem("pattern", ("",))
    return None


def typed(kind: str, schema: dict[str, Any], value: str) -> Any:
    """The value as the case carries it: integers as numbers, ID numbers and phone numbers in their canonical
    form, blank as None."""
    value = (unicodedata.normalize("NFKC", value) if kind in NFKC_KINDS else value).strip()
    if value == "":
        return None
    if schema.get("type") == "integer" and _INT.match(value):
        return int(value)
    if schema.get("type") == "number":
        try:
            return float(value)
        except ValueError:
            return value
    if kind in CANONICAL:
        try:
            return CANONICAL[kind](value)
        except canonical.Invalid:
            return value  # problem() says what is wrong with it
    return value


def not_canonical(schema: dict[str, Any], form: dict[str, Any], specs: list[FieldSpec] | None = None) -> list[str]:
    """The fields of `form` holding an identifier (ID number, phone, credit code) that is not in its canonical
    form, or not valid: what a network refuses rather than rewrites (the case's digest covers the bytes).
    `specs`: the schema's field_specs, when the caller made them once for many forms."""
    bad = []
    for spec in specs if specs is not None else field_specs(schema):
        value = form.get(spec.name)
        if spec.kind in CANONICAL and isinstance(value, str) and value.strip():
            try:
                if CANONICAL[spec.kind](value) != value:
                    bad.append(spec.name)
            except canonical.Invalid:
                bad.append(spec.name)
    return bad
