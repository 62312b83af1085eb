"""New cases into the service network: each case checked against its catalogue entry and form, then stored once by
its registration code (batch upsert: created, duplicate, conflict or invalid, one answer per case)."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine

from domain import forms, idnumber, regcode, wire
from domain.models import mask_name
from domain.status import CaseStatus
from domain.workdays import WorkCalendar
from servicenet import proofs
from servicenet.calendar import current, now_iso
from servicenet.db import append_feed, case_attachments, cases, insert_rows, services
from servicenet.results import delivery, notices
from servicenet.results.tables import case_delivery
from servicenet.schemas import CaseIn, malformed, with_canonical_staff_ids


def _service(conn: Connection, code: str) -> dict[str, Any] | None:
    row = conn.execute(
        sa.select(services.c.data).where(services.c.code == code, services.c.deleted == sa.false())
    ).first()
    return json.loads(row.data) if row else None


def _result(code: Any, result: str, status: str | None, message: str) -> dict[str, Any]:
    return {"code": code if isinstance(code, str) else None, "result": result, "status": status, "message": message}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


def _check(raw: dict[str, Any], service: dict[str, Any] | None,
           specs: list[forms.FieldSpec] | None = None) -> tuple[CaseIn, dict[str, Any], str] | str:
    """The parsed case, its delivery row and the method the resident chose when the service no longer offers it
    ("" when not: delivery.as_offered),
    or why it is invalid (service: the catalogue entry of its service_code, if any; specs: its form's
    field_specs, made once per batch)."""
    try:
        case = CaseIn.model_validate(raw)
    except ValidationError as exc:
        return malformed(exc)
    if service is None:
        return f"未知的办事事项 / unknown service_code: {case.service_code}"
    for who, person in (("applicant", case.applicant), ("agent", case.agent)):
        if person is None:
            continue
        label = "申请人" if who == "applicant" else "代办人"
        try:
            canonical = idnumber.validate(person.id_number)
        except idnumber.InvalidIdNumber as exc:
            return f"{label}公民身份号码无效 / {who} id_number: {exc}"
        if canonical != person.id_number:  # the digest covers the bytes as sent: refuse, do not rewrite
            return (f"{label}公民身份号码须为规范形式（半角数字，大写X，无空格） / {who} id_number must be in "
                    f"canonical form: {idnumber.mask(canonical)}")
    bad = forms.not_canonical(service.get("form_schema", {}), case.form, specs)
    if bad:
        return (f"表单中的证件号码、手机号码或信用代码须为有效的规范形式：{'、'.join(bad)} / form field(s) not in "
                f"canonical form: {', '.join(bad)}")
    slots = [a.slot for a in case.attachments]
    if len(set(slots)) != len(slots):
        return "附件栏位重复 / an attachment slot is listed twice"
    how = delivery.row_for(case.code, raw)
    if isinstance(how, str):
        return how
    fitted = delivery.as_offered(how, service, raw)  # only the ways of collecting the service offers
    if isinstance(fitted, str):
        return fitted
    props = service.get("form_schema", {}).get("properties", {})
    missing = [f for f in service.get("form_schema", {}).get("required", []) if _blank(case.form.get(f))]
    if missing:
        titles = "、".join(str(props.get(f, {}).get("title", f)) for f in missing)
        return f"缺少必填项：{titles} / missing required form field(s): {', '.join(missing)}"
    return case, *fitted


Opener = Callable[[dict[str, Any]], dict[str, Any]]


def _opened(raw: dict[str, Any], opener: Opener | None) -> dict[str, Any] | str:
    """The case with its sealed personal part opened (servicenet/keys.py), or why it cannot be."""
    if opener is None or "sealed" not in raw:
        return raw
    try:
        return opener(raw)
    except ValueError as exc:  # keys.CannotOpen, or JSON inside that is not JSON
        return str(exc)


def _known(code: str, dg: str, row: Any) -> dict[str, Any]:
    """duplicate (with the first answer given for this key) or conflict, for a code already held."""
    if row.digest == dg:
        res = _result(code, "duplicate", row.status, "已收到相同的申请 / same case already received")
        res["first_response"] = json.loads(row.first_response) if row.first_response else None
        return res
    return _result(code, "conflict", row.status,
                   "登记编码已被内容不同的申请使用 / "
                   "code already used by a case with different content (digest mismatch)")


def _code_of(raw: Any) -> str | dict[str, Any]:
    """The registration code of a raw case, or the `invalid` result saying why it has none."""
    if not isinstance(raw, dict):
        return _result(None, "invalid", None, "申请须为 JSON 对象 / a case is a JSON object")
    code_raw = raw.get("code")
    if not isinstance(code_raw, str):
        return _result(None, "invalid", None, "缺少登记编码 / missing registration code")
    try:
        code = regcode.validate(code_raw)
    except regcode.InvalidCode as exc:
        return _result(code_raw, "invalid", None, f"登记编码无效 / invalid registration code: {exc}")
    if code != code_raw:
        return _result(code_raw, "invalid", None, "登记编码须为20位数字，不含空格 / code must be 20 bare digits")
    return code


Rows = tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], dict[str, Any], dict[str, Any]]


def _rows_for(code: str, raw: dict[str, Any], case: CaseIn, service: dict[str, Any], dg: str,
              person_key: str, how: dict[str, Any], calendar: WorkCalendar | None = None,
              body: bytes | None = None, received: str | None = None, asked: str = "") -> Rows:
    """The cases row, its first status event, its attachment slots, the answer and the delivery row (how
    the result is collected, from the opened case, as _check made it) for a new case (body: raw's canonical
    bytes, when the digest's were kept; received: the batch's arrival time; asked: _check's, the method the
    resident chose when the service no longer offers it: the first event and the answer say so)."""
    note = delivery.changed_note(asked, how["method"]) if asked else ""
    submitted = case.submitted_at
    due = (calendar or current()).add_working_days(submitted.date(), int(service["time_limit_days"]))
    answer = _result(code, "created", CaseStatus.SUBMITTED.value, "已提交 / created" + (f"；{note}" if note else ""))
    received = received or now_iso()
    row = dict(
        code=code, service_code=case.service_code, digest=dg, payload=(body or wire.canonical(raw)).decode("utf-8"),
        status=CaseStatus.SUBMITTED.value, channel=case.channel, device_id=case.device_id,
        submitted_at=submitted.isoformat(), due_date=due.isoformat(), received_at=received,
        person_hash=wire.person_hash(person_key, case.applicant.id_number),
        applicant_masked_name=mask_name(case.applicant.name),
        **proofs.of_applicant(person_key, code, case.applicant.name, case.applicant.id_number),
        first_response=json.dumps(answer | {"received_at": received}, ensure_ascii=False),
    )
    # where it came from is in the case (channel, device_id), not in words for residents
    event = dict(code=code, status=CaseStatus.SUBMITTED.value, at=row["submitted_at"], note=note,
                 device_id=case.device_id)
    slots = [dict(code=code, slot=a.slot, sha256=a.sha256, size=a.size, media_type=a.media_type)
             for a in case.attachments]
    return row, event, slots, answer, how


def submit_batch(engine: Engine, batch: list[Any], person_key: str = wire.DEV_PERSON_KEY,
                 opener: Opener | None = None, calendar: WorkCalendar | None = None) -> list[dict[str, Any]]:
    """One result per case, same order; the new cases of a batch are written in one transaction.

    A concurrent upload of the same code (the unique key on cases.code refuses the second) makes the batch
    fall back to one transaction per case, where the loser is answered duplicate or conflict.
    """
    batch = [with_canonical_staff_ids(raw) for raw in batch]  # before any digest or row: ｓ００１ is kept as s001
    results: list[dict[str, Any] | None] = [None] * len(batch)
    wanted: dict[int, tuple[str, str]] = {}
    bodies: dict[int, bytes] = {}  # canonical bytes: the digest's, then the payload column's
    for i, raw in enumerate(batch):
        code = _code_of(raw)
        if isinstance(code, dict):
            results[i] = code
        else:
            bodies[i] = wire.canonical(raw)
            wanted[i] = (code, wire.digest_of(bodies[i]))
    if not wanted:
        return [r for r in results if r is not None]
    # unseal before the transaction (X25519 + AES-GCM of each case is much of a batch's time), and take the
    # day's calendar once for the batch
    opened_all = {i: _opened(batch[i], opener) for i in wanted}
    calendar = calendar or current()
    try:
        with engine.begin() as conn:
            held: dict[str, Any] = {r.code: r for r in conn.execute(
                sa.select(cases.c.code, cases.c.digest, cases.c.status, cases.c.first_response)
                .where(cases.c.code.in_({c for c, _ in wanted.values()}))).all()}
            service_codes = {s for s in (batch[i].get("service_code") for i in wanted) if isinstance(s, str)}
            known_services = {r.code: json.loads(r.data) for r in conn.execute(
                sa.select(services.c.code, services.c.data)
                .where(services.c.code.in_(service_codes), services.c.deleted == sa.false())).all()}
            specs = {c: forms.field_specs(s.get("form_schema", {})) for c, s in known_services.items()}
            received = now_iso()
            new_cases, new_events, new_slots, new_delivery = [], [], [], []
            changed: list[tuple[str, str, str]] = []  # (code, method chosen, method instead): told by SMS
            for i, (code, dg) in wanted.items():
                if code in held:
                    results[i] = _known(code, dg, held[code])
                    continue
                raw = batch[i]
                opened = opened_all[i]
                service = known_services.get(raw.get("service_code"))
                checked = opened if isinstance(opened, str) else _check(opened, service,
                                                                        specs.get(raw.get("service_code")))
                if isinstance(checked, str):
                    results[i] = _result(code, "invalid", None, checked)
                    continue
                row, event, slots, answer, how = _rows_for(code, raw, checked[0], known_services[checked[0].service_code],
                                                           dg, person_key, checked[1], calendar, bodies[i], received,
                                                           checked[2])
                if checked[2]:
                    changed.append((code, checked[2], how["method"]))
                held[code] = _Held(dg, row["status"], row["first_response"])
                new_delivery.append(how)
                new_cases.append(row)
                new_events.append(event)
                new_slots += slots
                results[i] = answer
            insert_rows(conn, cases, new_cases)
            insert_rows(conn, case_delivery, new_delivery)
            insert_rows(conn, case_attachments, new_slots)
            for code, asked, instead in changed:
                notices.delivery_changed(conn, code, asked, instead)
            append_feed(conn, new_events)  # last: on PostgreSQL the feed's appenders take turns from here to commit
    except sa.exc.IntegrityError:
        return [submit_one(engine, raw, person_key, opener, calendar) for raw in batch]
    return [r for r in results if r is not None]


class _Held:
    """A code taken earlier in the same batch (a batch that holds one code twice)."""

    def __init__(self, digest: str, status: str, first_response: str) -> None:
        self.digest, self.status, self.first_response = digest, status, first_response


def submit_one(engine: Engine, raw: Any, person_key: str = wire.DEV_PERSON_KEY,
               opener: Opener | None = None, calendar: WorkCalendar | None = None) -> dict[str, Any]:
    """Create one case in its own transaction, or say duplicate / conflict / invalid."""
    raw = with_canonical_staff_ids(raw)
    code = _code_of(raw)
    if isinstance(code, dict):
        return code
    dg = wire.digest(raw)
    with engine.connect() as conn:
        row = conn.execute(sa.select(cases.c.digest, cases.c.status, cases.c.first_response)
                           .where(cases.c.code == code)).first()
        if row is not None:
            return _known(code, dg, row)
        service = _service(conn, raw.get("service_code")) if isinstance(raw.get("service_code"), str) else None
    opened = _opened(raw, opener)
    checked = opened if isinstance(opened, str) else _check(opened, service)
    if isinstance(checked, str):
        return _result(code, "invalid", None, checked)
    assert service is not None
    new, event, slots, answer, how = _rows_for(code, raw, checked[0], service, dg, person_key, checked[1], calendar,
                                               asked=checked[2])
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(cases).values(**new))
            conn.execute(sa.insert(case_delivery).values(**how))
            if slots:
                conn.execute(sa.insert(case_attachments), slots)
            if checked[2]:
                notices.delivery_changed(conn, code, checked[2], how["method"])
            append_feed(conn, [event])
    except sa.exc.IntegrityError:  # the same code arrived concurrently
        with engine.connect() as conn:
            row = conn.execute(sa.select(cases.c.digest, cases.c.status, cases.c.first_response)
                               .where(cases.c.code == code)).first()
        if row is None:
            raise
        return _known(code, dg, row)
    return answer
