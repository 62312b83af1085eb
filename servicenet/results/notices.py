"""The SMS a resident gets at each step of a case, queued in the same transaction as the step (at-least-once
through servicenet/sms/outbox.py; the event key makes each notice one message):

    accepted          <code>:accepted
    补正 asked         <code>:supplement:<request id>    (with the list of what is missing)
    completed         <code>:completed                  (ready: collect at the window / print at a kiosk;
                                                         post: the waybill follows)
    posted            <code>:posted:<carrier>:<waybill> (with them: a corrected waybill is sent again)
"""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from servicenet.db import cases, services
from servicenet.results.tables import case_delivery
from servicenet.sms import outbox


def _case(conn: Connection, code: str) -> Any:
    return conn.execute(
        sa.select(cases.c.code, services.c.name, services.c.time_limit_days, services.c.data,
                  case_delivery.c.method, case_delivery.c.phone)
        .select_from(cases.join(case_delivery, case_delivery.c.code == cases.c.code)
                     .outerjoin(services, services.c.code == cases.c.service_code))
        .where(cases.c.code == code)).first()


def _send(conn: Connection, code: str, event: str, template: str, **params: Any) -> bool:
    row = _case(conn, code)
    if row is None or not row.phone:
        return False
    return outbox.enqueue(conn, f"{code}:{event}", row.phone, template,
                          {"service": row.name or "", "code": code, **params})


def on_status(conn: Connection, code: str, status: str, note: str = "") -> None:
    """Called by store.move_status inside its transaction."""
    if status == "accepted":
        row = _case(conn, code)
        days = int(row.time_limit_days or 0) if row else 0
        if days > 0:
            _send(conn, code, "accepted", "accepted", days=days)
        else:  # 即办件: no "0个工作日"
            _send(conn, code, "accepted", "accepted_now")
    elif status == "completed":
        row = _case(conn, code)
        if row is None:
            return
        if row.method == "post":
            _send(conn, code, "completed", "completed", outcome="结果将邮寄送达，寄出后另行短信告知运单号。")
        elif row.method == "kiosk":
            _send(conn, code, "completed", "ready_kiosk")
        else:
            place = json.loads(row.data or "{}").get("location", "") or "政务服务中心"
            _send(conn, code, "completed", "ready_window", place=place)


def supplement(conn: Connection, code: str, request_id: int, missing: list[str]) -> None:
    """Called by the back office inside the transaction that opens a 补正 request."""
    _send(conn, code, f"supplement:{request_id}", "supplement", missing="、".join(missing))


def posted(conn: Connection, code: str, carrier: str, waybill: str) -> None:
    """One notice per carrier and waybill: the clerk who corrects a mistyped waybill sends the right one."""
    _send(conn, code, f"posted:{carrier}:{waybill}", "posted", carrier=carrier, waybill=waybill)
