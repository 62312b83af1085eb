"""The case file: openings chained in the back office's audit log, the web channel's commitment letter, the PDF."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from servicenet import audit, db, keys, seed, store
from servicenet.backoffice import casefile, casepdf
from servicenet.backoffice.roles import Role, Staff
from servicenet.webchannel.submit import LETTER_VERSION, commitment
from tests.unit.servicenet.conftest import make_case

CLERK = Staff("W1", "王窗口", frozenset({Role.WINDOW}))


def engine_at(tmp_path: Path) -> Engine:
    eng = db.make_engine(f"sqlite:///{tmp_path / 'net.db'}")
    db.create_all(eng)
    seed.seed_if_empty(eng)
    return eng


def test_openings_are_a_verifiable_chain_naming_the_clerk(tmp_path: Path) -> None:
    eng = engine_at(tmp_path)
    try:
        assert casefile.record(eng, CLERK, "case_opened", "C1", "2026-12-04T10:00:00+08:00") == 1
        assert casefile.record(eng, CLERK, "case_pdf", "C1", "2026-12-04T10:01:00+08:00") == 2
        casefile.record(eng, CLERK, "case_opened", "C2", "2026-12-04T10:02:00+08:00")
        assert [(o["step"], o["actor"], o["name"]) for o in casefile.openings(eng, "C1")] == [
            ("case_pdf", "W1", "王窗口"), ("case_opened", "W1", "王窗口")]
        assert audit.verify_chain(eng, casefile.CHAIN)["ok"] is True
    finally:
        eng.dispose()


def test_the_web_letter_promises_the_materials_not_uploaded() -> None:
    service = {"name": "生育登记", "time_limit_days": 1,
               "materials": [{"name": "居民身份证", "required": True}, {"name": "结婚证", "required": False}]}
    c = commitment(service, set(), date(2026, 9, 30))
    assert c["version"] == LETTER_VERSION and "生育登记" in c["text"] and "居民身份证" in c["text"]
    assert c["missing"] == [{"name": "居民身份证", "days": 1, "due_date": "2026-10-08"}]  # after 国庆
    assert commitment(service, {"居民身份证"}, date(2026, 9, 30))["missing"] == []


def test_the_case_file_pdf_of_an_unsealed_case(tmp_path: Path) -> None:
    eng = engine_at(tmp_path)
    try:
        case = make_case.__wrapped__()(7, commitment={"text": "本人承诺……", "version": "kiosk-2026.1", "missing": [
            {"name": "居民户口簿", "days": 20, "due_date": "2026-12-24"}]})
        assert store.submit_batch(eng, [case])[0]["result"] == "created"
        found = casefile.open_file(eng, keys.load_or_create(eng), case["code"], "镇派出所")
        assert found.commitment["missing"][0]["name"] == "居民户口簿" and found.opened["form"]["phone"]
        # the answers by their titles on the form, in its order (the page and the PDF showed phone, id_number …)
        assert [t for t, _ in found.form] == ["申请人姓名", "公民身份号码", "联系电话", "家庭住址", "换领事由"]
        assert ("联系电话", "13800138000") in found.form
        pdf = casepdf.build(found, "王窗口（W1）")
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    finally:
        eng.dispose()


def test_a_field_the_service_no_longer_has_keeps_its_name() -> None:
    schema = {"x-order": ["phone"], "properties": {"name": {"title": "姓名"}, "phone": {"title": "联系电话"}}}
    assert casefile.form_rows({"name": "张三", "old": "x", "phone": "1"}, schema) == [
        ("联系电话", "1"), ("姓名", "张三"), ("old", "x")]


def test_the_face_check_outcome_is_kept_and_printed(tmp_path: Path) -> None:
    """人证合一: the kiosk sends the outcome only (domain.models.FaceCheck); the network keeps it with the case."""
    eng = engine_at(tmp_path)
    try:
        check = {"outcome": "clerk_confirmed", "distance": 0.734, "reason": "mismatch", "clerk": "S001"}
        case = make_case.__wrapped__()(8, face_check=check)
        assert store.submit_batch(eng, [case])[0]["result"] == "created"
        found = casefile.open_file(eng, keys.load_or_create(eng), case["code"], "镇派出所")
        assert found.opened["face_check"] == check
        assert casepdf.face_words(check) == "工作人员 S001 当面核实（人脸与证件照片不一致）（距离 0.734）"
        assert casepdf.face_words({"outcome": "matched", "distance": 0.41}) == "人脸与证件照片比对一致（距离 0.41）"
        assert casepdf.build(found, "王窗口（W1）").startswith(b"%PDF")
        from servicenet.webchannel.pages import render  # the case file page says it as the PDF does
        page = render("admin_casefile.html", staff=CLERK, me=None, path=f"/admin/cases/{case['code']}/file",
                      f=found, inline={}, history=[], statuses=casepdf.STATUS, channels=casepdf.CHANNELS,
                      face=casepdf.face_words).body.decode("utf-8")
        assert '<p id="face-check">人证核验：工作人员 S001 当面核实（人脸与证件照片不一致）（距离 0.734）</p>' in page
        assert "<th>联系电话</th><td>13800138000</td>" in page and "<th>phone</th>" not in page
    finally:
        eng.dispose()


def test_a_face_check_is_declared_and_a_malformed_one_refused(tmp_path: Path) -> None:
    """The outcome is part of the case's declared shape (docs/openapi.json), with the kiosk's own words for it."""
    from domain.models import CLERK_CONFIRMED, FACE_MATCHED, FaceCheck
    from servicenet.schemas import CaseIn

    declared = CaseIn.model_json_schema()["$defs"]["FaceCheckIn"]["properties"]["outcome"]["enum"]
    assert declared == [FACE_MATCHED, CLERK_CONFIRMED]
    eng = engine_at(tmp_path)
    try:
        good = make_case.__wrapped__()(8, face_check=FaceCheck(FACE_MATCHED, 0.41).to_wire())
        bad = make_case.__wrapped__()(9, face_check={"outcome": "looked fine", "distance": -1})
        answers = store.submit_batch(eng, [good, bad])
        assert [a["result"] for a in answers] == ["created", "invalid"]
    finally:
        eng.dispose()
