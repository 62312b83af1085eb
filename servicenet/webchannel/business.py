"""法人 forms on the web: the organisation a signed-in person applied for last time, offered on the next one.

The person's newest case of a business service (its form has a credit code field, domain/organisation.py),
from either channel, is opened (it is sealed at rest) and its credit code and organisation name are read by
the fields' x-prefill keys (`credit_code`, `org_name`), whatever the fields are called in that service. The
code must still be a canonical, valid 统一社会信用代码 (domain.creditcode, NFKC then ASCII and the GB 32100
check character) and the name 1 to 60 characters, or nothing is offered. The values fill the form's fields
but stay editable: the person may stand for another organisation this time. The role is not carried over.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import creditcode
from domain.organisation import AUTHORISATION, AUTHORISED_AGENT, CREDIT_CODE, ROLE_ZH, asks_credit_code, role_on_form
from servicenet.db import cases
from servicenet.webchannel import catalogue

ORG_NAME = "org_name"  # the x-prefill key of the organisation's name
LOOK_BACK = 20  # the person's newest cases looked at


def as_applied(item: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The service item as this applicant must bring it (the kiosk's Organisation.materials): an authorised
    agent chosen on the form adds the letter of authorisation (授权委托书) to the materials."""
    if role_on_form(item.get("form_schema", {}), values) != AUTHORISED_AGENT or letter_held(item):
        return item
    return {**item, "materials": [*item.get("materials", []), AUTHORISATION.to_wire()]}


def letter_held(item: dict[str, Any]) -> bool:
    return any(isinstance(m, dict) and m.get("name") == AUTHORISATION.name for m in item.get("materials", []))


def agent_letter(item: dict[str, Any]) -> dict[str, Any] | None:
    """What the apply page shows for an agent-only letter, when a 法人 form lets the applicant choose to be an
    authorised agent and the item does not list the letter already: the material, the role field's name and
    the choice that asks for it (the page shows the row only while that choice is made)."""
    schema = item.get("form_schema", {})
    props: dict[str, dict[str, Any]] = schema.get("properties", {})
    field = next((name for name, p in props.items() if p.get("x-prefill") == "rep_role"), None)
    if field is None or letter_held(item):
        return None
    return {**AUTHORISATION.to_wire(), "field": field, "choice": ROLE_ZH[AUTHORISED_AGENT]}


def _by_prefill_key(schema: dict[str, Any], form: dict[str, Any]) -> dict[str, str]:
    props: dict[str, dict[str, Any]] = schema.get("properties", {})
    return {str(p["x-prefill"]): str(form[name]) for name, p in props.items()
            if p.get("x-prefill") in (CREDIT_CODE, ORG_NAME) and isinstance(form.get(name), str)}


def checked(values: dict[str, str]) -> dict[str, str]:
    """The credit code (canonical, valid) and the organisation's name (1-60 characters), or {}."""
    try:
        code = creditcode.validate(values.get(CREDIT_CODE, ""))
    except creditcode.InvalidCreditCode:
        return {}
    name = " ".join(values.get(ORG_NAME, "").split())
    return {CREDIT_CODE: code, **({ORG_NAME: name} if 0 < len(name) <= 60 else {})}


def on_record(engine: Engine, open_case: Callable[[dict[str, Any]], dict[str, Any]],
              person: str) -> dict[str, str]:
    """{credit_code, org_name} of this person's newest business case, checked; {} when there is none."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(cases.c.service_code, cases.c.payload).where(cases.c.person_hash == person)
                            .order_by(cases.c.received_at.desc(), cases.c.code.desc()).limit(LOOK_BACK)).all()
    schemas: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.service_code not in schemas:
            item = catalogue.get(engine, row.service_code)
            schemas[row.service_code] = (item or {}).get("form_schema", {})
        schema = schemas[row.service_code]
        if not asks_credit_code(schema):
            continue
        try:
            form = open_case(json.loads(row.payload)).get("form") or {}
        except ValueError:
            continue
        found = checked(_by_prefill_key(schema, form))
        if found:
            return found
    return {}
