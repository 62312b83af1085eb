"""The SMS a resident gets at each step of a case, queued in the same transaction as the step (at-least-once
through servicenet/sms/outbox.py; the event key makes each notice one message):

    accepted          <code>:accepted
    补正 asked         <code>:supplement:<request id>    (with the list of what is missing)
    completed         <code>:completed                  (ready: collect at the window / print at a kiosk;
                                                         post: the waybill follows)
    posted            <code>:posted:<carrier>:<waybill> (with them: a corrected waybill is sent again)
    rejected          <code>:rejected                   (不予受理 from submitted, 不予办理 after 受理; with the
                                                         clerk's reason, cut to REASON_MAX; no word of a fee)
    refunded          <code>:refunded:<refund no>        (the fee of a refused case is back: the amount; sent
                                                         when the provider has refunded, servicenet/payments/
                                                         refunds.py)
    refund_failed     <code>:refund_failed:<refund no>   (the provider refused it and the money is not back: to
                                                         the counter, with the amount and the place)
"""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.models import DELIVERY_METHODS
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


# The clerk's reason may run to 500 characters (RejectIn); the phone gets its first REASON_MAX. A long SMS is
# split into 67-character parts (70 for a single one); the notice's fixed words, the service name, the code, the
# hall and the opt-out hint take about 110, so 60 of reason keeps a usual notice within 3 parts (201 characters),
# one message on the phone that still reads whole. The full reason is in the case's history: the SMS says where
# to look it up (and templates.MAX_PARAM, 120, would cut it anyway, mid-sentence and without saying so).
REASON_MAX = 60


def short_reason(reason: str) -> str:
    """The clerk's reason for an SMS: one line, no closing stop (the template adds its own), at most REASON_MAX
    characters with … when cut."""
    text = " ".join(reason.split()).rstrip("。．.；;，,、 ")
    if not text:
        return "未注明"
    return text if len(text) <= REASON_MAX else text[:REASON_MAX - 1].rstrip() + "…"


def _place(row: Any) -> str:
    """Where the service is handled (the catalogue's location), or the hall in general."""
    return str(json.loads(row.data or "{}").get("location", "") or "政务服务中心")


def _send(conn: Connection, code: str, event: str, template: str, **params: Any) -> bool:
    return _send_to(conn, _case(conn, code), code, event, template, **params)


def _send_to(conn: Connection, row: Any, code: str, event: str, template: str, **params: Any) -> bool:
    """The notice for a case already read (_case): none for a case not found or without a phone."""
    if row is None or not row.phone:
        return False
    return outbox.enqueue(conn, f"{code}:{event}", row.phone, template,
                          {"service": row.name or "", "code": code, **params})


def on_status(conn: Connection, code: str, status: str, note: str = "", src: str = "") -> None:
    """Called by store.move_status inside its transaction (src: the status the case moved from)."""
    if status == "accepted":
        row = _case(conn, code)
        days = int(row.time_limit_days or 0) if row else 0
        if days > 0:
            _send_to(conn, row, code, "accepted", "accepted", days=days)
        else:  # 即办件: no "0个工作日"
            _send_to(conn, row, code, "accepted", "accepted_now")
    elif status == "completed":
        row = _case(conn, code)
        if row is None:
            return
        if row.method == "post":
            _send_to(conn, row, code, "completed", "completed", outcome="结果将邮寄送达，寄出后另行短信告知运单号。")
        elif row.method == "kiosk":
            _send_to(conn, row, code, "completed", "ready_kiosk")
        else:
            _send_to(conn, row, code, "completed", "ready_window", place=_place(row))
    elif status == "rejected":
        row = _case(conn, code)
        if row is None:
            return
        # 不予受理 before 受理, 不予办理 after it; one key for both: a case is rejected once
        template = "not_accepted" if src in ("", "submitted") else "refused"
        _send_to(conn, row, code, "rejected", template, reason=short_reason(note), place=_place(row))


def delivery_changed(conn: Connection, code: str, asked: str, instead: str) -> None:
    """The case came with a way of collecting its result the service no longer offers (delivery.as_offered): the
    resident's receipt says what she chose, so she is told at once how she will get it instead."""
    _send(conn, code, "delivery_changed", "delivery_changed", asked=DELIVERY_METHODS[asked],
          instead=DELIVERY_METHODS[instead])


def refunded(conn: Connection, code: str, refund_no: str, amount: str) -> None:
    """Called by the refund job inside the transaction that marks it done (amount as residents read it)."""
    _send(conn, code, f"refunded:{refund_no}", "refunded", amount=amount)


def refund_failed(conn: Connection, code: str, refund_no: str, amount: str) -> None:
    """Called by the refund job inside the transaction that marks it failed: she is to come to the counter."""
    row = _case(conn, code)
    if row is not None:
        _send_to(conn, row, code, f"refund_failed:{refund_no}", "refund_failed", amount=amount, place=_place(row))


def supplement(conn: Connection, code: str, request_id: int, missing: list[str]) -> None:
    """Called by the back office inside the transaction that opens a 补正 request."""
    _send(conn, code, f"supplement:{request_id}", "supplement", missing="、".join(missing))


def posted(conn: Connection, code: str, carrier: str, waybill: str) -> None:
    """One notice per carrier and waybill: the clerk who corrects a mistyped waybill sends the right one."""
    _send(conn, code, f"posted:{carrier}:{waybill}", "posted", carrier=carrier, waybill=waybill)
