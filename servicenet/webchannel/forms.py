"""A service's form on the web: fields from its JSON schema (the same one the kiosk renders) and their checks.

The rules are domain/forms.py, the same the kiosk uses (kiosk/viewmodels/fields.py); only the wording is the
web's. Values are typed alike, so a web case and a kiosk case of the same service carry the same form shape.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain import forms


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


def fields_of(schema: dict[str, Any]) -> list[WebField]:
    return [WebField(f.name, f.title, f.kind, f.required, f.schema) for f in forms.field_specs(schema)]


_WORDS = {
    "required": "此项必填",
    "whole_number": "请输入整数",
    "choice": "请从选项中选择",
    "date": "请按 年-月-日 填写，如 1956-03-08",
    "id_chars": "公民身份号码只能包含数字 0-9 和 X，请核对",
    "id_shape": "公民身份号码有误，请核对",
    "id_check": "公民身份号码有误，请核对",
    "id_birth": "公民身份号码有误，请核对",
    "phone": "请输入11位手机号码",
    "phone_chars": "手机号码只能包含数字 0-9，请核对",
    "credit_chars": "统一社会信用代码由数字和大写字母组成（不含 I、O、Z、S、V），请核对",
    "credit_shape": "统一社会信用代码为18位，请核对",
    "credit_check": "统一社会信用代码校验位不符，请对照营业执照核对",
}


def _problem(f: WebField) -> str:
    p = forms.problem(f.kind, f.required, f.schema, f.value)
    if p is None:
        return ""
    if p.code == "range":
        lo, hi = p.values
        return f"请输入 {lo if lo is not None else '…'} 至 {hi if hi is not None else '…'} 之间的数"
    if p.code == "max_length":
        return f"最多 {p.values[0]} 个字"
    if p.code == "min_length":
        return f"至少 {p.values[0]} 个字"
    if p.code == "pattern":
        return str(p.values[0] or "格式不对，请核对")
    return _WORDS[p.code]


def typed(f: WebField) -> Any:
    return forms.typed(f.kind, f.schema, f.value)


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


def suggested(fields: list[WebField], values: dict[str, str]) -> bool:
    """Fill the empty, editable fields whose x-prefill key is in `values` (an earlier case's organisation);
    whether any was filled."""
    filled = False
    for f in fields:
        key = str(f.schema.get("x-prefill", ""))
        if key in values and not f.value and not f.read_only:
            f.value, filled = values[key], True
    return filled
