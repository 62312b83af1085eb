"""A service's form on the web: fields from its JSON schema (the same one the kiosk renders) and their checks.

The rules mirror the kiosk's (kiosk/viewmodels/fields.py): servicenet does not import the kiosk's package.
Values are typed as the kiosk types them (integers as numbers, ID numbers upper-case), so a web case and a
kiosk case of the same service carry the same form shape.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain import idnumber

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d+$")
_PHONE = r"^1\d{10}$"


@dataclass
class WebField:
    name: str
    title: str
    kind: str  # text | number | date | choice | phone | id_number | address
    required: bool
    schema: dict[str, Any]
    value: str = ""
    error: str = ""
    read_only: bool = False

    @property
    def choices(self) -> list[str]:
        return [str(c) for c in self.schema.get("enum", [])]

    @property
    def input_type(self) -> str:
        return {"number": "number", "date": "date", "phone": "tel"}.get(self.kind, "text")


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
    return "address" if prop.get("x-prefill") == "address" else "text"


def fields_of(schema: dict[str, Any]) -> list[WebField]:
    props: dict[str, dict[str, Any]] = schema.get("properties", {})
    order = [n for n in schema.get("x-order", []) if n in props]
    order += [n for n in props if n not in order]
    required = set(schema.get("required", []))
    return [WebField(n, str(props[n].get("title", n)), kind_of(props[n]), n in required, props[n]) for n in order]


def _problem(f: WebField) -> str:
    value, s = f.value.strip(), f.schema
    if value == "":
        return "此项必填" if f.required else ""
    if f.kind == "number":
        if not _INT.match(value):
            return "请输入整数"
        n, lo, hi = int(value), s.get("minimum"), s.get("maximum")
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            return f"请输入 {lo if lo is not None else '…'} 至 {hi if hi is not None else '…'} 之间的数"
        return ""
    if f.kind == "choice":
        return "" if value in f.choices else "请从选项中选择"
    if f.kind == "date":
        try:
            if _DATE.match(value):
                date.fromisoformat(value)
                return ""
        except ValueError:
            pass
        return "请按 年-月-日 填写，如 1956-03-08"
    if f.kind == "id_number":
        return "" if idnumber.is_valid(value) else "公民身份号码有误，请核对"
    if "maxLength" in s and len(value) > int(s["maxLength"]):
        return f"最多 {s['maxLength']} 个字"
    if "minLength" in s and len(value) < int(s["minLength"]):
        return f"至少 {s['minLength']} 个字"
    pattern = s.get("pattern") or (_PHONE if f.kind == "phone" else None)
    if pattern and not re.search(pattern, value):
        return str(s.get("x-error") or ("请输入11位手机号码" if f.kind == "phone" else "格式不对，请核对"))
    return ""


def typed(f: WebField) -> Any:
    value = f.value.strip()
    if value == "":
        return None
    if f.schema.get("type") == "integer" and _INT.match(value):
        return int(value)
    if f.schema.get("type") == "number":
        try:
            return float(value)
        except ValueError:
            return value
    return value.upper() if f.kind == "id_number" else value


def fill(fields: list[WebField], submitted: dict[str, str], prefill: dict[str, str]) -> tuple[dict[str, Any], bool]:
    """Take the submitted values (prefilled ones from the login win and are read-only); check each field.
    Returns the typed form (blank optional fields left out) and whether every field is good."""
    form: dict[str, Any] = {}
    ok = True
    for f in fields:
        key = str(f.schema.get("x-prefill", ""))
        if key in prefill:
            f.value, f.read_only = prefill[key], True
        else:
            f.value = str(submitted.get(f.name, ""))[:500]
        f.error = _problem(f)
        ok = ok and not f.error
        value = typed(f)
        if value is not None:
            form[f.name] = value
    return form, ok


def prefilled(fields: list[WebField], prefill: dict[str, str]) -> list[WebField]:
    """The empty form with the login's name and ID number in place (read-only)."""
    for f in fields:
        key = str(f.schema.get("x-prefill", ""))
        if key in prefill:
            f.value, f.read_only = prefill[key], True
    return fields
