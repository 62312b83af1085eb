"""Which cases a staff member may see and work: 事项办理 only those of its own departments."""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet import store
from servicenet.backoffice.roles import Role, Staff, refuse
from servicenet.db import cases, services


def departments_of(engine: Engine, codes: list[str]) -> dict[str, str]:
    """The department (of its service item) of each case."""
    if not codes:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(sa.select(cases.c.code, services.c.data)
                            .select_from(cases.join(services, services.c.code == cases.c.service_code))
                            .where(cases.c.code.in_(codes))).all()
    return {r.code: str(json.loads(r.data).get("department", "")) for r in rows}


def department_of(engine: Engine, code: str) -> str:
    found = departments_of(engine, [code])
    if code not in found:
        raise store.CaseNotFound(code)
    return found[code]


def check_see(engine: Engine, staff: Staff, code: str) -> str:
    """The case's department, or 403 when this account may not see the case."""
    department = department_of(engine, code)
    if not staff.may_see(department):
        raise refuse(f"该办件属于「{department}」，不在您的办理部门内 / the case belongs to another department")
    return department


def check_process(engine: Engine, staff: Staff, code: str) -> str:
    """The case's department, or 403 when this account may not process (办理/办结) it."""
    department = department_of(engine, code)
    if not staff.may_process(department):
        raise refuse(f"该办件属于「{department}」，您不能办理 / only 事项办理 of {department} may process it")
    return department


def check_send_out(engine: Engine, staff: Staff, code: str) -> str:
    """The case's department, or 403: 窗口受理 sends out (results, waybill) any case, 事项办理 only its own."""
    if staff.has(Role.WINDOW):
        return department_of(engine, code)
    return check_process(engine, staff, code)


def services_seen(engine: Engine, staff: Staff) -> list[str] | None:
    """The service items whose cases this account may see, for a list to ask for those only (None: every case).
    A list cut to its newest rows first and to the account's departments after came out short, or empty for a
    department behind a busier one."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(services.c.code, services.c.data)).all()
    seen = [r.code for r in rows if staff.may_see(str(json.loads(r.data).get("department", "")))]
    return None if len(seen) == len(rows) else seen


def visible(engine: Engine, staff: Staff, views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The views this account may see (all, unless it is 事项办理 only)."""
    deps = departments_of(engine, [v["code"] for v in views])
    for v in views:
        v["department"] = deps.get(v["code"], "")
    return [v for v in views if staff.may_see(v["department"])]
