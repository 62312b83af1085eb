"""Sending a result out: issue the signed result documents of a case and enter the waybill of a posted one.

The one path both the back-office API (/v1/backoffice/cases/<code>/results and /posted, routes.py) and the case
page's forms (/admin/cases/<code>/results and /posted, servicenet/backoffice/pages.py) take: the same roles
(`Sender`: 窗口受理, or 事项办理 of the case's own department), the same scope check, the same rules, and one
entry in the back office's hash-chained audit chain (`office`, servicenet/backoffice/casefile.py) per action,
naming the staff member: step result_issued (with the documents' codes) or result_posted (with the waybill).
"""
from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from sqlalchemy.engine import Engine
from starlette.datastructures import FormData

from servicenet import store
from servicenet.backoffice import casefile, scope
from servicenet.backoffice.roles import Role, Staff, require_role
from servicenet.results import delivery, documents
from servicenet.results.signing import SigningKey

Sender = Annotated[Staff, require_role(Role.WINDOW, Role.HANDLER)]  # the window or the department sends results out
MAX_TEXT = 5000
MAX_TITLE = 100


def issue(engine: Engine, key: SigningKey, staff: Staff, code: str, docs: list[dict[str, Any]], base_url: str,
          now_iso: str) -> list[dict[str, Any]]:
    """Stamp, sign and keep `docs` ({kind, title, pdf: bytes, text}) for case `code`; every document of the case.

    StaffRefused (403) outside the staff member's scope, CaseNotFound, ResultRefused / NotAPdf (the clerk's
    words) when a document cannot be issued."""
    scope.check_send_out(engine, staff, code)
    found = documents.attach(engine, key, code, docs, base_url, staff.staff_id, now_iso)
    issued = [d["doc_code"] for d in found[-len(docs):]]  # attach keeps them in order, the new ones last
    casefile.append(engine, staff.staff_id, "result_issued",
                    {"code": code, "staff_name": staff.name, "documents": issued}, now_iso)
    return found


def posted(engine: Engine, staff: Staff, code: str, carrier: str, waybill: str, now_iso: str) -> dict[str, Any]:
    """The result was posted: keep the waybill, send the posted notice; the case view after it."""
    scope.check_send_out(engine, staff, code)
    kept = delivery.post(engine, code, carrier, waybill, now_iso)
    casefile.append(engine, staff.staff_id, "result_posted",
                    {"code": code, "staff_name": staff.name, "carrier": kept[0], "waybill": kept[1]}, now_iso)
    return store.case_view(engine, code)


def form_document(form: FormData, pdf: bytes) -> dict[str, Any]:
    """One document from the case page's form (kind, title, text, an optional PDF file), or ResultRefused."""
    def text_of(name: str) -> str:
        return unicodedata.normalize("NFKC", str(form.get(name, "") or "")).strip()

    title, text = text_of("title"), str(form.get("text", "") or "").strip()
    if len(title) > MAX_TITLE:
        raise documents.ResultRefused(f"文书标题不能超过{MAX_TITLE}个字，现为{len(title)}个字")
    if len(text) > MAX_TEXT:
        raise documents.ResultRefused(f"批文内容不能超过{MAX_TEXT}个字，现为{len(text)}个字")
    if len(pdf) > documents.MAX_PDF:
        raise documents.ResultRefused("PDF过大（上限10MB），请压缩后重新上传")
    return {"kind": text_of("kind"), "title": title, "pdf": pdf, "text": text}
