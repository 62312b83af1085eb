"""The service network's operations over the database: catalogue, cases, status moves, status feed."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine

from domain import codes, idnumber, wire
from domain.models import ServiceItem
from domain.status import LABELS_ZH, CaseStatus, IllegalTransition, check_move
from servicenet.db import cases, services, status_events
from servicenet.schemas import CaseIn


class CaseNotFound(LookupError):
    """No case with this registration code."""


def now_iso() -> str:
    """Server time, ISO 8601 with the local offset."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


# ---------------------------------------------------------------- catalogue


def service_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(services)).scalar_one())


def _next_seq(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(services.c.seq), 0))).scalar_one()) + 1


def import_catalogue(engine: Engine, items: list[dict[str, Any]]) -> int:
    """Insert new items and update changed ones (each takes the next change seq); return how many changed."""
    changed = 0
    with engine.begin() as conn:
        for raw in items:
            item = ServiceItem.from_wire(raw).to_wire()
            data = json.dumps(item, ensure_ascii=False)  # keeps the author's key order
            row = conn.execute(sa.select(services.c.data, services.c.deleted).where(services.c.code == item["code"])).first()
            if row is not None and row.data == data and not row.deleted:
                continue
            values = {"seq": _next_seq(conn), "deleted": False, "name": item["name"],
                      "time_limit_days": item["time_limit_days"], "data": data}
            if row is None:
                conn.execute(sa.insert(services).values(code=item["code"], **values))
            else:
                conn.execute(sa.update(services).where(services.c.code == item["code"]).values(**values))
            changed += 1
    return changed


def retire_service(engine: Engine, code: str) -> bool:
    """Mark a service deleted (it reaches kiosks as a deletion); False if unknown or already deleted."""
    with engine.begin() as conn:
        res = conn.execute(
            sa.update(services)
            .where(services.c.code == code, services.c.deleted == sa.false())
            .values(deleted=True, seq=_next_seq(conn))
        )
        return res.rowcount == 1


def catalogue_page(engine: Engine, cursor: int, limit: int) -> dict[str, Any]:
    """Changes with seq > cursor, oldest first; `cursor` is the last seq returned (unchanged when none)."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(services.c.code, services.c.seq, services.c.deleted, services.c.data)
            .where(services.c.seq > cursor)
            .order_by(services.c.seq)
            .limit(limit + 1)
        ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items: list[dict[str, Any]] = []
    for r in rows:
        items.append({"code": r.code, "deleted": True} if r.deleted else {**json.loads(r.data), "deleted": False})
    return {"items": items, "cursor": rows[-1].seq if rows else cursor, "more": more}


def _service(conn: Connection, code: str) -> dict[str, Any] | None:
    row = conn.execute(
        sa.select(services.c.data).where(services.c.code == code, services.c.deleted == sa.false())
    ).first()
    return json.loads(row.data) if row else None


# ---------------------------------------------------------------- cases


def _result(code: Any, result: str, status: str | None, message: str) -> dict[str, Any]:
    return {"code": code if isinstance(code, str) else None, "result": result, "status": status, "message": message}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


def _validation_message(exc: ValidationError) -> str:
    parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3]]
    return "申请格式错误 / malformed case: " + "; ".join(parts)


def _check(conn: Connection, raw: dict[str, Any]) -> tuple[CaseIn, dict[str, Any]] | str:
    """The parsed case and its service, or why the case is invalid."""
    try:
        case = CaseIn.model_validate(raw)
    except ValidationError as exc:
        return _validation_message(exc)
    service = _service(conn, case.service_code)
    if service is None:
        return f"未知的办事事项 / unknown service_code: {case.service_code}"
    try:
        idnumber.validate(case.applicant.id_number)
    except idnumber.InvalidIdNumber as exc:
        return f"申请人公民身份号码无效 / applicant id_number: {exc}"
    props = service.get("form_schema", {}).get("properties", {})
    missing = [f for f in service.get("form_schema", {}).get("required", []) if _blank(case.form.get(f))]
    if missing:
        titles = "、".join(str(props.get(f, {}).get("title", f)) for f in missing)
        return f"缺少必填项：{titles} / missing required form field(s): {', '.join(missing)}"
    return case, service


def _classify(conn: Connection, code: str, dg: str) -> dict[str, Any] | None:
    """duplicate / conflict for a code already held, None for a new code."""
    row = conn.execute(sa.select(cases.c.digest, cases.c.status).where(cases.c.code == code)).first()
    if row is None:
        return None
    if row.digest == dg:
        return _result(code, "duplicate", row.status, "已收到相同的申请 / same case already received")
    return _result(code, "conflict", row.status,
                   "登记编号已被内容不同的申请使用 / code already used by a case with different content (digest mismatch)")


def submit_one(engine: Engine, raw: Any) -> dict[str, Any]:
    """Create one case, or say duplicate / conflict / invalid."""
    if not isinstance(raw, dict):
        return _result(None, "invalid", None, "申请须为 JSON 对象 / a case is a JSON object")
    code_raw = raw.get("code")
    if not isinstance(code_raw, str):
        return _result(None, "invalid", None, "缺少登记编号 / missing registration code")
    try:
        code = codes.validate(code_raw)
    except codes.InvalidCode as exc:
        return _result(code_raw, "invalid", None, f"登记编号无效 / invalid registration code: {exc}")
    if code != code_raw:
        return _result(code_raw, "invalid", None, "登记编号须为20位数字，不含空格 / code must be 20 bare digits")
    dg = wire.digest(raw)
    with engine.connect() as conn:
        known = _classify(conn, code, dg)
        if known is not None:
            return known
        checked = _check(conn, raw)
    if isinstance(checked, str):
        return _result(code, "invalid", None, checked)
    case, service = checked
    submitted = case.submitted_at
    due = submitted.date() + timedelta(days=int(service["time_limit_days"]))  # calendar days
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(cases).values(
                code=code, service_code=case.service_code, digest=dg,
                payload=wire.canonical(raw).decode("utf-8"), status=CaseStatus.SUBMITTED.value,
                channel=case.channel, device_id=case.device_id, submitted_at=submitted.isoformat(),
                due_date=due.isoformat(), received_at=now_iso(),
            ))
            conn.execute(sa.insert(status_events).values(
                code=code, status=CaseStatus.SUBMITTED.value, at=submitted.isoformat(),
                note="",  # where it came from is in the case (channel, device_id), not in words for residents
            ))
    except sa.exc.IntegrityError:  # the same code arrived concurrently
        with engine.connect() as conn:
            known = _classify(conn, code, dg)
        if known is None:
            raise
        return known
    return _result(code, "created", CaseStatus.SUBMITTED.value, "已提交 / created")


def submit_batch(engine: Engine, batch: list[Any]) -> list[dict[str, Any]]:
    """One result per case, same order; each case is its own transaction."""
    return [submit_one(engine, raw) for raw in batch]


def case_view(engine: Engine, code: str) -> dict[str, Any]:
    """The public view of a case (no personal data) with its status history."""
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(cases, services.c.name.label("service_name"), services.c.time_limit_days)
            .select_from(cases.outerjoin(services, services.c.code == cases.c.service_code))
            .where(cases.c.code == code)
        ).first()
        if row is None:
            raise CaseNotFound(code)
        history = conn.execute(
            sa.select(status_events.c.status, status_events.c.at, status_events.c.note)
            .where(status_events.c.code == code)
            .order_by(status_events.c.seq)
        ).all()
    return {
        "code": row.code, "service_code": row.service_code, "service_name": row.service_name or "",
        "channel": row.channel, "status": row.status, "submitted_at": row.submitted_at, "due_date": row.due_date,
        "time_limit_days": int(row.time_limit_days or 0),
        "history": [{"status": h.status, "at": h.at, "note": h.note} for h in history],
    }


def move_status(engine: Engine, code: str, dst: CaseStatus, note: str = "") -> dict[str, Any]:
    """Move a case to `dst` if domain.status allows it and write a status event; return the case view."""
    with engine.begin() as conn:
        row = conn.execute(sa.select(cases.c.status).where(cases.c.code == code)).first()
        if row is None:
            raise CaseNotFound(code)
        src = CaseStatus(row.status)
        try:
            check_move(src, dst)
        except IllegalTransition as exc:
            raise IllegalTransition(
                f"不允许的状态变更：{LABELS_ZH[src]} → {LABELS_ZH[dst]} / transition {exc}") from None
        res = conn.execute(
            sa.update(cases).where(cases.c.code == code, cases.c.status == src.value).values(status=dst.value)
        )
        if res.rowcount != 1:
            raise IllegalTransition("办件状态已被他人变更，请刷新 / the case changed meanwhile, reload and retry")
        conn.execute(sa.insert(status_events).values(code=code, status=dst.value, at=now_iso(), note=note))
    return case_view(engine, code)


def status_feed(engine: Engine, cursor: int, limit: int) -> dict[str, Any]:
    """Status events with seq > cursor, oldest first; `cursor` is the last seq returned (unchanged when none)."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(status_events).where(status_events.c.seq > cursor).order_by(status_events.c.seq).limit(limit)
        ).all()
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
