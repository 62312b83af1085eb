"""The service network's cases over the database: views, status moves, status feed (new cases come in through
servicenet/intake.py; submit_batch and submit_one are reachable from here as before)."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from domain.status import LABELS_ZH, CaseStatus, IllegalTransition, check_move
from servicenet.backoffice.view import decorate
from servicenet.calendar import now_iso
from servicenet.db import (
    append_feed,
    attachments,
    case_attachments,
    cases,
    one_statement,
    services,
    status_events,
)
from servicenet.intake import submit_batch as submit_batch
from servicenet.intake import submit_one as submit_one
from servicenet.payments import refunds
from servicenet.ratings import ratings_of
from servicenet.results import delivery, notices


class CaseNotFound(LookupError):
    """No case with this registration code."""


class ReasonRequired(ValueError):
    """不予受理 (or 不予办理 after 受理) without a reason the applicant can read."""


def _reason(src: CaseStatus, note: str) -> str:
    """The reason of a rejection, trimmed; ReasonRequired when there is none: a reason has at least one letter or
    digit after NFKC (whitespace or punctuation alone, "。" or "——", counts as none). The text is kept as the clerk
    wrote it: NFKC would turn its Chinese punctuation into ASCII."""
    if not any(unicodedata.category(ch)[0] in "LN" for ch in unicodedata.normalize("NFKC", note)):
        word = "不予受理" if src is CaseStatus.SUBMITTED else "不予办理"
        raise ReasonRequired(f"须写明{word}的理由（申请人会在短信和办件查询中看到） / a rejection needs a reason the "
                             f"applicant reads (note)")
    return note.strip()


def _views(conn: Connection, where: Any, limit: int | None = None) -> list[dict[str, Any]]:
    """Public views (no personal data beyond the masked name) of the cases matching `where`, newest first."""
    query = (sa.select(cases, services.c.name.label("service_name"), services.c.time_limit_days)
             .select_from(cases.outerjoin(services, services.c.code == cases.c.service_code))
             .where(where).order_by(cases.c.submitted_at.desc(), cases.c.code.desc()))
    rows = conn.execute(query.limit(limit) if limit else query).all()
    if not rows:
        return []
    found = [r.code for r in rows]
    history: dict[str, list[dict[str, str]]] = {c: [] for c in found}
    for h in conn.execute(sa.select(status_events.c.code, status_events.c.status, status_events.c.at,
                                    status_events.c.note)
                          .where(status_events.c.code.in_(found)).order_by(status_events.c.seq)).all():
        history[h.code].append({"status": h.status, "at": h.at, "note": h.note})
    slots: dict[str, list[dict[str, Any]]] = {c: [] for c in found}
    for a in conn.execute(sa.select(case_attachments, attachments.c.complete)
                          .select_from(case_attachments.outerjoin(
                              attachments, attachments.c.sha256 == case_attachments.c.sha256))
                          .where(case_attachments.c.code.in_(found)).order_by(case_attachments.c.slot)).all():
        slots[a.code].append({"slot": a.slot, "sha256": a.sha256, "size": int(a.size), "media_type": a.media_type,
                              "filled": bool(a.complete)})
    rated = ratings_of(conn, found)
    how = delivery.views(conn, found)
    return decorate(conn, [{  # + supplement (补正) and the time-limit flags (servicenet/backoffice/view.py)
        "code": r.code, "service_code": r.service_code, "service_name": r.service_name or "",
        "channel": r.channel, "status": r.status, "submitted_at": r.submitted_at, "due_date": r.due_date,
        "time_limit_days": int(r.time_limit_days or 0), "applicant_masked_name": r.applicant_masked_name or "",
        "complete": all(a["filled"] for a in slots[r.code]), "attachments": slots[r.code],
        "rating": rated.get(r.code), "history": history[r.code], "delivery": how[r.code],
    } for r in rows])


def link_of(engine: Engine, code: str) -> dict[str, str | None] | None:
    """The case's owner (person hash) and link proofs (servicenet/proofs.py), or None for an unknown code."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(cases.c.person_hash, cases.c.name_proof, cases.c.id4_proof)
                           .where(cases.c.code == code)).first()
    return dict(row._mapping) if row is not None else None


def case_view(engine: Engine, code: str) -> dict[str, Any]:
    """The public view of a case with its status history; `complete` once every attachment slot is filled."""
    with engine.connect() as conn:
        found = _views(conn, cases.c.code == code)
    if not found:
        raise CaseNotFound(code)
    return found[0]


def cases_by_status(engine: Engine, status: str = "", limit: int = 50,
                    service_codes: list[str] | None = None) -> list[dict[str, Any]]:
    """Case views in one status (every status when empty), newest first: the back office's list (of these
    service items only, with service_codes)."""
    where = cases.c.status == status if status else sa.true()
    if service_codes is not None:
        where = sa.and_(where, cases.c.service_code.in_(service_codes))
    with engine.connect() as conn:
        return _views(conn, where, limit)


def cases_by_person(engine: Engine, person: str, limit: int = 50) -> list[dict[str, Any]]:
    """A person's cases from every channel, newest first, found by the keyed hash of the ID number."""
    with engine.connect() as conn:
        return _views(conn, cases.c.person_hash == person, limit)


def move_status(engine: Engine, code: str, dst: CaseStatus, note: str = "",
                guard: Callable[[Connection], None] | None = None) -> dict[str, Any]:
    """Move a case to `dst` if domain.status allows it and write a status event; return the case view.
    `guard(conn)` runs after the move, under the case's write lock, and may raise to undo it (a rule that another
    table holds, e.g. no open 补正 request when 办结)."""
    with engine.begin() as conn:
        row = conn.execute(sa.select(cases.c.status, cases.c.device_id).where(cases.c.code == code)).first()
        if row is None:
            raise CaseNotFound(code)
        src = CaseStatus(row.status)
        try:
            check_move(src, dst)
        except IllegalTransition as exc:
            raise IllegalTransition(
                f"该办件当前状态为「{LABELS_ZH[src]}」，不能改为「{LABELS_ZH[dst]}」，可能已由其他工作人员办理，"
                f"请查看最新状态 / transition {exc}") from None
        res = conn.execute(
            sa.update(cases).where(cases.c.code == code, cases.c.status == src.value).values(status=dst.value)
        )
        if res.rowcount != 1:
            raise IllegalTransition("办件状态已被他人变更，请刷新 / the case changed meanwhile, reload and retry")
        if dst == CaseStatus.COMPLETED:  # every way of 办结 (back office, `servicenet advance`, the status API)
            delivery.ready_to_complete(conn, code)  # 自助终端打印: a result document to print
        if dst == CaseStatus.REJECTED:  # every way of rejecting, likewise: the applicant is told why
            note = _reason(src, note)
        if guard is not None:
            guard(conn)
        notices.on_status(conn, code, dst.value, note, src.value)  # the resident's SMS, queued with the move
        if dst == CaseStatus.REJECTED:  # a fee she paid goes back, queued with the move (payments/refunds.py)
            refunds.owe(conn, code, src.value)
        append_feed(conn, [dict(code=code, status=dst.value, at=now_iso(), note=note, device_id=row.device_id)])
    return case_view(engine, code)


def status_feed(engine: Engine, cursor: int, limit: int, device: str = "") -> dict[str, Any]:
    """Status events with seq > cursor, oldest first (only one device's cases when `device` is given);
    `cursor` is the last seq returned (unchanged when none)."""
    query = sa.select(status_events).where(status_events.c.seq > cursor)
    if device:
        query = query.where(status_events.c.device_id == device)  # the case's, copied (servicenet/db.py)
    with one_statement(engine) as conn:
        rows = conn.execute(query.order_by(status_events.c.seq).limit(limit)).all()
    events = [{"seq": r.seq, "code": r.code, "status": r.status, "at": r.at, "note": r.note} for r in rows]
    return {"events": events, "cursor": rows[-1].seq if rows else cursor}


def list_cases(engine: Engine) -> list[dict[str, Any]]:
    """All cases, oldest code first (for the staff CLI)."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(cases.c.code, cases.c.status, cases.c.channel, cases.c.submitted_at, cases.c.due_date,
                      services.c.name.label("service_name"))
            .select_from(cases.outerjoin(services, services.c.code == cases.c.service_code))
            .order_by(cases.c.code)
        ).all()
    return [dict(r._mapping) for r in rows]
