"""How the resident collects the result (chosen at apply time on the kiosk and the web) and the waybill of a
posted result. The case carries it as `delivery` inside its sealed personal part:

    "delivery": {"method": "window" | "kiosk" | "post", "phone": "138…", "address": "…"}   (address: post only)

A case without it is collected at the window. The phone for notices is the delivery phone, else the form's. A kiosk
adds "offered": the methods its catalogue offered for the service (`as_offered`: what the service's catalogue entry
offers now decides; see docs/design-notes.md).

What each method promises at 办结 (the completion SMS, notices.py) and needs before it (`ready_to_complete`):
    window  结果可领取 at the window: the department's paper or card is handed over there; nothing on the network.
    post    结果将邮寄送达, the waybill follows (`post`): the address was checked at apply time.
    kiosk   结果可打印 at any kiosk: the kiosk prints only the network's result documents, so at least one must be
            issued first; 办结 without one is refused in the clerk's words.
"""
from __future__ import annotations

import unicodedata
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from domain.models import DELIVERY_METHODS, delivery_methods
from domain.status import IllegalTransition
from servicenet.results import notices
from servicenet.results.tables import case_delivery, result_documents
from servicenet.sms.outbox import BadPhone, canonical_phone

METHODS = DELIVERY_METHODS
CARRIERS = ("EMS", "中国邮政", "顺丰速运", "京东物流")


class DeliveryRefused(ValueError):
    """What the resident asked for cannot be done (no address for post, a waybill on a case not posted)."""


class NothingToCollect(IllegalTransition):
    """办结 refused: the way the resident collects the result needs something not issued yet."""


NO_DOCUMENT = ("申请人选择“自助终端打印”领取结果，但该办件尚未出具结果文书，办结后自助终端将无可打印的内容，"
               "因此不能办结。请先在办件页的“结果文书”栏填写批文内容或上传PDF，点“出具结果文书”（窗口受理或本部门事项办理"
               "人员均可出具），再点“审批通过并办结”；如不予许可，请用“不予办理”写明理由"
               " / collected by print at a kiosk: issue a result document (POST /v1/backoffice/cases/<code>/results) "
               "before 办结")


def ready_to_complete(conn: Connection, code: str) -> None:
    """NothingToCollect when the case's collection method needs what is not there yet (see the module's table).
    Called before 办结 and again under the case's write lock, so a document issued at the same moment is either
    seen or the 办结 is refused (never a completion SMS that says 可打印 with nothing to print)."""
    method = conn.execute(sa.select(case_delivery.c.method).where(case_delivery.c.code == code)).scalar()
    if method != "kiosk":
        return
    issued = conn.execute(sa.select(result_documents.c.doc_code)
                          .where(result_documents.c.case_code == code).limit(1)).first()
    if issued is None:
        raise NothingToCollect(NO_DOCUMENT)


def _post_address(case: dict[str, Any]) -> str:
    """Where a case's result would be posted: its delivery address, else the form's (a kiosk posts there)."""
    asked = case.get("delivery")
    given = asked.get("address") if isinstance(asked, dict) else None
    return unicodedata.normalize("NFKC", str(given or (case.get("form") or {}).get("address") or "")).strip()


def _can_post(phone: str, address: str) -> bool:
    return bool(phone) and len(address) >= 6


def row_for(code: str, case: dict[str, Any]) -> dict[str, Any] | str:
    """The case_delivery row of an opened case, or why its delivery part is invalid (a resident's words)."""
    asked = case.get("delivery") or {}
    if not isinstance(asked, dict):
        return "领取方式格式错误 / delivery must be an object"
    method = str(asked.get("method") or "window")
    if method not in METHODS:
        return f"未知的领取方式 / unknown delivery method: {method[:20]}"
    phone_text = str(asked.get("phone") or (case.get("form") or {}).get("phone") or "")
    try:
        phone = canonical_phone(phone_text) if phone_text else ""
    except BadPhone as exc:
        return f"领取方式：{exc}"
    address = _post_address(case)
    if method == "post" and not _can_post(phone, address):
        return "邮寄须填写收件地址和手机号码 / post needs an address and a phone"
    return {"code": code, "method": method, "phone": phone, "address": address[:200] if method == "post" else ""}


def as_offered(row: dict[str, Any], service: dict[str, Any], case: dict[str, Any]) -> tuple[dict[str, Any], str] | str:
    """The delivery row as the service's catalogue entry allows it, and the method the resident chose when it was
    changed ("" when not: `changed_note`, and an SMS, say so); or why the case is refused (a resident's words, with
    what the service offers).

    A method the service does not offer is refused (the web, an older kiosk, a request made by hand), except
    from a kiosk whose case says its catalogue offered the method when the resident chose it (`offered`: a case
    queued before the catalogue changed): that case is taken, collected by the service's default way instead,
    and the history says so. Its bytes are frozen and signed; refusing it would leave it stuck on the kiosk."""
    offered = delivery_methods(service.get("delivery_methods"))
    method = row["method"]
    if method in offered:
        return row, ""
    asked = case.get("delivery") if isinstance(case.get("delivery"), dict) else {}
    words = "、".join(METHODS[m] for m in offered)
    if case.get("channel") != "kiosk" or method not in (asked.get("offered") or ()):
        return (f"该事项不提供“{METHODS[method]}”领取结果，可选择：{words} / {service.get('code', '')} does "
                f"not offer delivery {method!r}; it offers {', '.join(offered)}")
    address = _post_address(case)
    can_post = _can_post(row["phone"], address)
    instead = next((m for m in ("window", "kiosk", "post") if m in offered and (m != "post" or can_post)), None)
    if instead is None:
        return (f"该事项现只提供“{words}”领取结果，申请中缺少收件地址或手机号码 / {service.get('code', '')} now "
                f"offers only {', '.join(offered)}, and the case has no address or phone to post to")
    return {**row, "method": instead, "address": address[:200] if instead == "post" else ""}, method


def changed_note(asked: str, instead: str) -> str:
    """The first status event's note (and the batch answer's) of a case whose method as_offered changed: the track
    page, on the web and on kiosks, shows it to the resident, so it is in her words only, as the SMS is."""
    return f"申请人选择的“{METHODS[asked]}”该事项已不再提供，结果改为“{METHODS[instead]}”。"


def public(row: Any) -> dict[str, Any] | None:
    """What the case view shows of it: the method and the waybill (never the address or the phone)."""
    if row is None:
        return None
    return {"method": row.method, "method_label": METHODS[row.method], "carrier": row.carrier,
            "waybill": row.waybill, "posted_at": row.posted_at}


def views(conn: Connection, found: list[str]) -> dict[str, dict[str, Any] | None]:
    rows = {r.code: r for r in conn.execute(sa.select(case_delivery).where(case_delivery.c.code.in_(found)))}
    return {c: public(rows.get(c)) for c in found}


def canonical_waybill(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII), trimmed, upper-case; DeliveryRefused otherwise."""
    waybill = unicodedata.normalize("NFKC", text).strip().upper()
    if not waybill.isascii():
        raise DeliveryRefused("运单号只能由英文字母和数字组成，请勿输入汉字或中文符号 / a waybill is ASCII letters "
                              "and digits")
    if not (6 <= len(waybill) <= 40 and waybill.isalnum()):
        raise DeliveryRefused("运单号应为6至40位字母或数字，中间不含空格或符号 / a waybill is 6-40 letters or digits")
    return waybill


def post(engine: Engine, code: str, carrier: str, waybill: str, now_iso: str) -> tuple[str, str]:
    """The clerk posted the result: keep the waybill, tell the resident (the posted notice, once).
    Returns (carrier, waybill) as kept."""
    waybill = canonical_waybill(waybill)
    carrier = unicodedata.normalize("NFKC", carrier).strip() or CARRIERS[0]
    if carrier not in CARRIERS:
        raise DeliveryRefused(f"快递公司须为：{'、'.join(CARRIERS)}")
    with engine.begin() as conn:
        row = conn.execute(sa.select(case_delivery).where(case_delivery.c.code == code)).first()
        if row is None or row.method != "post":
            raise DeliveryRefused("该办件未选择邮寄 / this case is not collected by post")
        conn.execute(sa.update(case_delivery).where(case_delivery.c.code == code).values(
            carrier=carrier, waybill=waybill, posted_at=now_iso))
        notices.posted(conn, code, carrier, waybill)
    return carrier, waybill
