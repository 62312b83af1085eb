"""Result documents: the clerk attaches them to a case (PDFs, or approval text made into one); the network
stamps each with a verification code and a QR (stamp.py) and signs, with its Ed25519 key (signing.py), a
statement naming the sha256 of the stamped bytes. Kiosks list a person's printable results, fetch the PDF and
report each print; a document prints at most the service item's `print_limit` copies in all (default 2).
"""
from __future__ import annotations

import hashlib
import json
import secrets
import unicodedata
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from domain import wire
from domain.models import ServiceItem
from domain.results import ResultDoc
from domain.status import LABELS_ZH
from servicenet.db import cases, services
from servicenet.results import stamp
from servicenet.results.signing import SigningKey
from servicenet.results.tables import result_documents, result_prints

KINDS = ("批文", "证明", "证照")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_LENGTH = 16
DEFAULT_PRINT_LIMIT = ServiceItem.print_limit  # the service item sets it (domain/models.py)
MAX_PDF = 10 * 1024 * 1024
ISSUER = "政务服务网"
OPEN_FOR_RESULTS = ("accepted", "in_progress", "completed")
# why a kiosk gave a print back (result_prints.return_reason), as the back office says it
GiveBackReason = Literal["refused", "failed", "unanswered", "interrupted"]
GIVE_BACK_WORDS = {"refused": "打印机未接收作业", "failed": "打印作业中止或被取消", "unanswered": "计数应答丢失，未送打印",
                   "interrupted": "终端重启，未送打印"}


class ResultRefused(ValueError):
    """The documents cannot be attached or printed (the message is for the clerk or the resident)."""


class PrintLimit(ResultRefused):
    """The document has been printed as often as the service item allows."""


class UnknownDocument(LookupError):
    """No result document with this verification code."""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def pretty(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def canonical_code(text: str) -> str:
    """NFKC, without dashes and spaces, upper-case; UnknownDocument for anything not a code's shape."""
    value = "".join(unicodedata.normalize("NFKC", str(text)).split()).replace("-", "").upper()
    if len(value) != CODE_LENGTH or not value.isascii() or any(ch not in ALPHABET for ch in value):
        raise UnknownDocument(text)
    return value


def verify_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/verify/{code}"


def _case(conn: Connection, code: str) -> Any:
    row = conn.execute(sa.select(cases.c.code, cases.c.status, cases.c.applicant_masked_name, services.c.data)
                       .select_from(cases.outerjoin(services, services.c.code == cases.c.service_code))
                       .where(cases.c.code == code)).first()
    if row is None:
        from servicenet.store import CaseNotFound

        raise CaseNotFound(code)
    return row


def attach(engine: Engine, key: SigningKey, code: str, documents: list[dict[str, Any]], base_url: str,
           staff_id: str = "", now_iso: str = "") -> list[dict[str, Any]]:
    """Stamp, sign and keep each {kind, title, pdf: bytes} or {kind, title, text: str} for case `code`."""
    if not documents:
        raise ResultRefused("请至少附一份结果文书 / attach at least one document")
    with engine.connect() as conn:
        case = _case(conn, code)
    if case.status not in OPEN_FOR_RESULTS:
        said = {s.value: word for s, word in LABELS_ZH.items()}.get(case.status, case.status)
        raise ResultRefused(f"该办件状态为“{said}”，不能出具结果 / results only for an accepted case")
    limit = int(json.loads(case.data or "{}").get("print_limit", DEFAULT_PRINT_LIMIT))
    rows = []
    for doc in documents:
        kind, title = str(doc.get("kind", "")), str(doc.get("title", "")).strip()[:100]
        if kind not in KINDS:
            raise ResultRefused(f"文书类别须为：{'、'.join(KINDS)}")
        if not title:
            raise ResultRefused("请填写文书标题 / a title is required")
        raw = doc.get("pdf") or (stamp.text_pdf(title, str(doc["text"])) if doc.get("text") else b"")
        if not raw:
            raise ResultRefused("请上传PDF或填写批文内容 / a PDF or the approval text is required")
        if len(raw) > MAX_PDF:
            raise ResultRefused("PDF过大（上限10MB） / the PDF is over 10 MB")
        doc_code = new_code()
        stamped = stamp.stamp(raw, pretty(doc_code), verify_url(base_url, doc_code))
        sha = hashlib.sha256(stamped).hexdigest()
        statement = {"v": 1, "doc": doc_code, "case": code, "kind": kind, "title": title, "sha256": sha,
                     "holder": case.applicant_masked_name or "", "issued_at": now_iso, "issuer": ISSUER}
        text = wire.canonical(statement)
        rows.append(dict(doc_code=doc_code, case_code=code, kind=kind, title=title, sha256=sha, size=len(stamped),
                         data=stamped, holder_masked=statement["holder"], issued_at=now_iso, issued_by=staff_id,
                         print_limit=limit, statement=text.decode("utf-8"), signature=key.sign(text)))
    try:
        with engine.begin() as conn:
            seq = conn.execute(sa.select(sa.func.coalesce(sa.func.max(result_documents.c.seq), 0))
                               .where(result_documents.c.case_code == code)).scalar_one()
            for i, row in enumerate(rows, start=1):
                conn.execute(sa.insert(result_documents).values(seq=int(seq) + i, **row))
    except sa.exc.IntegrityError:  # the same number taken a moment ago: a double press, or two clerks at once
        raise ResultRefused("该办件刚出具了另一份结果文书（重复提交，或另一位工作人员同时出具），请刷新页面核对后再出具"
                            " / another document was issued for this case at the same moment") from None
    return for_case(engine, code)


COUNTED = result_prints.c.returned_at.is_(None)  # a print given back no longer counts


def _views(conn: Connection, where: Any) -> list[dict[str, Any]]:
    printed = sa.select(result_prints.c.doc_code, sa.func.sum(result_prints.c.copies).label("copies")) \
        .where(COUNTED).group_by(result_prints.c.doc_code).subquery()
    rows = conn.execute(sa.select(result_documents.c.doc_code, result_documents.c.case_code, result_documents.c.kind,
                                  result_documents.c.title, result_documents.c.sha256, result_documents.c.size,
                                  result_documents.c.issued_at, result_documents.c.print_limit,
                                  sa.func.coalesce(printed.c.copies, 0).label("printed"))
                        .select_from(result_documents.outerjoin(printed,
                                                                printed.c.doc_code == result_documents.c.doc_code))
                        .where(where).order_by(result_documents.c.case_code, result_documents.c.seq)).all()
    return [ResultDoc(r.doc_code, pretty(r.doc_code), r.case_code, r.kind, r.title, r.sha256, int(r.size), r.issued_at,
                      int(r.print_limit), int(r.printed)).to_wire() for r in rows]


def for_case(engine: Engine, code: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return _views(conn, result_documents.c.case_code == code)


def for_person(engine: Engine, person_hash: str, limit: int = 50) -> list[dict[str, Any]]:
    """A person's completed cases that have result documents, newest first, each with its documents."""
    return _finished(engine, cases.c.person_hash == person_hash, limit)


def for_case_code(engine: Engine, code: str) -> list[dict[str, Any]]:
    """The one case (a receipt's code) when it is completed with result documents, else nothing."""
    return _finished(engine, cases.c.code == code, 1)


def _finished(engine: Engine, where: Any, limit: int) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        found = conn.execute(
            sa.select(cases.c.code, cases.c.submitted_at, services.c.name)
            .select_from(cases.outerjoin(services, services.c.code == cases.c.service_code))
            .where(where, cases.c.status == "completed",
                   cases.c.code.in_(sa.select(result_documents.c.case_code)))
            .order_by(cases.c.submitted_at.desc()).limit(limit)).all()
        docs = _views(conn, result_documents.c.case_code.in_([c.code for c in found]))
    return [{"code": c.code, "service_name": c.name or "", "submitted_at": c.submitted_at,
             "documents": [d for d in docs if d["case_code"] == c.code]} for c in found]


def pdf(engine: Engine, doc_code: str) -> bytes:
    with engine.connect() as conn:
        data = conn.execute(sa.select(result_documents.c.data)
                            .where(result_documents.c.doc_code == canonical_code(doc_code))).scalar()
    if data is None:
        raise UnknownDocument(doc_code)
    return bytes(data)


def _take_turn(conn: Connection, code: str, doc_code: str) -> None:
    """The write first: it takes SQLite's write lock (PostgreSQL: the document's row lock) before the count is
    read, so two kiosks' reports of the last copy (or a report and a give-back) take turns instead of both
    reading "one left"."""
    if conn.execute(sa.update(result_documents).where(result_documents.c.doc_code == code)
                    .values(print_limit=result_documents.c.print_limit)).rowcount == 0:
        raise UnknownDocument(doc_code)


def record_print(engine: Engine, doc_code: str, key: str, device_id: str, copies: int, at: str) -> dict[str, Any]:
    """Count a print (idempotent by `key`); PrintLimit when it would pass the document's limit."""
    code = canonical_code(doc_code)
    if not 1 <= copies <= 10:
        raise ResultRefused("份数须为1至10 / copies: 1 to 10")
    with engine.begin() as conn:
        _take_turn(conn, code, doc_code)
        if conn.execute(sa.select(result_prints.c.key).where(result_prints.c.key == key)).first() is None:
            doc = conn.execute(sa.select(result_documents.c.print_limit)
                               .where(result_documents.c.doc_code == code)).one()
            done = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(result_prints.c.copies), 0))
                                .where(result_prints.c.doc_code == code, COUNTED)).scalar_one()
            if int(done) + copies > int(doc.print_limit):
                raise PrintLimit(f"该文书最多打印{doc.print_limit}份，已打印{done}份 / print limit reached")
            conn.execute(sa.insert(result_prints).values(key=key[:80], doc_code=code, device_id=device_id[:64],
                                                         copies=copies, at=at))
        return _views(conn, result_documents.c.doc_code == code)[0]


def give_back(engine: Engine, doc_code: str, key: str, device_id: str, reason: str, at: str) -> dict[str, Any]:
    """The print `key` did not come out of the A4 printer: it no longer counts (its copies, once: a repeat
    changes nothing). A give-back before its count keeps the key with no copies, so the count is void if it
    still arrives. Only the kiosk that counted the print gives it back (ResultRefused otherwise)."""
    code = canonical_code(doc_code)
    with engine.begin() as conn:
        _take_turn(conn, code, doc_code)
        row = conn.execute(sa.select(result_prints.c.doc_code, result_prints.c.device_id,
                                     result_prints.c.returned_at).where(result_prints.c.key == key)).first()
        if row is None:
            conn.execute(sa.insert(result_prints).values(key=key[:80], doc_code=code, device_id=device_id[:64],
                                                         copies=0, at=at, returned_at=at, return_reason=reason))
        elif row.doc_code != code or row.device_id != device_id[:64]:
            raise ResultRefused("该打印记录不属于此文书或本终端，不能退回 / not this kiosk's print of this document")
        elif row.returned_at is None:
            conn.execute(sa.update(result_prints).where(result_prints.c.key == key)
                         .values(returned_at=at, return_reason=reason))
        return _views(conn, result_documents.c.doc_code == code)[0]


def prints_of(engine: Engine, case_code: str) -> list[dict[str, Any]]:
    """The print record of a case's documents, oldest first (the back office's case page)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(result_prints.c.doc_code, result_prints.c.device_id, result_prints.c.copies,
                                      result_prints.c.at, result_prints.c.returned_at, result_prints.c.return_reason)
                            .select_from(result_prints.join(result_documents,
                                                            result_documents.c.doc_code == result_prints.c.doc_code))
                            .where(result_documents.c.case_code == case_code)
                            .order_by(result_prints.c.at, result_prints.c.key)).all()
    return [{**r._asdict(), "pretty": pretty(r.doc_code)} for r in rows]


def statement_of(engine: Engine, doc_code: str) -> Any:
    with engine.connect() as conn:
        row = conn.execute(sa.select(result_documents.c.statement, result_documents.c.signature,
                                     result_documents.c.sha256, result_documents.c.data)
                           .where(result_documents.c.doc_code == canonical_code(doc_code))).first()
    if row is None:
        raise UnknownDocument(doc_code)
    return row
