"""Identifiers as a browser or a kiosk may send them, over real HTTP: the web login, the track pages and the
batch API canonicalise every spelling of a valid value or refuse it with a message; never a 500, and nothing
non-ASCII reaches a hash or a row."""
from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import regcode, staffid, wire
from domain.wire import DEV_PERSON_KEY
from scripts import openapi as openapi_script
from servicenet.db import cases
from servicenet.schemas import CaseIn
from tests.helpers.enroll import SignedNet, http
from tests.helpers.variants import foreign, spelled, staff_ids, staff_spelled, valid_values
from tests.helpers.weblogin import sign_in

MakeCase = Callable[..., dict[str, Any]]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_seq = itertools.count(3000)


@SETTINGS
@given(valid_values["id_number"].flatmap(lambda v: st.tuples(st.just(v), spelled(v))))
def test_web_login_with_any_spelling_of_an_id_number(servicenet_module: SignedNet, pair: tuple[str, str]) -> None:
    url = servicenet_module.url
    value, text = pair
    if foreign(text):
        r = requests.post(f"{url}/web/login", timeout=10, data={
            "name": "王小明", "id_number": text, "phone": "13800138000", "action": "send", "next": "/web/cases"})
        assert r.status_code == 400 and "只能包含数字 0-9 和 X" in r.text
        return
    s = sign_in(url, "王小明", value, typed=text)  # the code goes to the phone on record for the canonical value
    mine = s.get(f"{url}/web/cases", timeout=10)
    assert mine.status_code == 200
    assert value[-4:] in mine.text or "暂无" in mine.text or "办件" in mine.text


@SETTINGS
@given(valid_values["code"].flatmap(lambda v: st.tuples(st.just(v), spelled(v))))
def test_track_by_any_spelling_of_a_code(servicenet_module: SignedNet, pair: tuple[str, str]) -> None:
    url = servicenet_module.url
    value, text = pair
    form = requests.get(f"{url}/web/track", params={"code": text}, allow_redirects=False, timeout=10)
    page = requests.get(f"{url}/track/{text}", allow_redirects=False, timeout=10)
    api = http.get(f"{url}/v1/cases/{text}", timeout=10)
    if foreign(text):
        assert form.status_code == 400 and "登记编码" in form.text
        assert page.status_code == 404 and "登记编码" in page.text
    else:
        assert form.status_code == 303 and form.headers["location"] == f"/track/{value}"
        assert page.status_code == (404 if text == value else 303)
    assert api.status_code == 404 and "detail" in api.json()


@SETTINGS
@given(valid_values["id_number"].flatmap(lambda v: st.tuples(st.just(v), spelled(v))))
def test_batch_api_refuses_a_non_canonical_applicant(servicenet_module: SignedNet, make_case: MakeCase,
                                                     pair: tuple[str, str]) -> None:
    value, text = pair
    case = make_case(next(_seq))
    case["applicant"] = {**case["applicant"], "id_number": text}
    r = http.post(f"{servicenet_module.url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.status_code == 200
    result = r.json()["results"][0]
    if text == value:
        assert result["result"] == "created"
        mine = http.get(f"{servicenet_module.url}/v1/cases", timeout=10,
                        params={"person": wire.person_hash(DEV_PERSON_KEY, value)}).json()["cases"]
        assert case["code"] in [c["code"] for c in mine]
    else:
        assert result["result"] == "invalid" and "id_number" in result["message"]


def test_pay_page_takes_a_full_width_code(servicenet_module: SignedNet) -> None:
    from datetime import date

    code = regcode.make("440105", 1, date(2026, 11, 26), 4999)
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)
    r = requests.get(f"{servicenet_module.url}/pay/{wide}", timeout=10)
    assert r.status_code == 404 and regcode.pretty(code) in r.text


FOOD = "11440105007512345X4447011013000"  # 食品经营许可: a credit code on its form


@SETTINGS
@given(valid_values["credit_code"].flatmap(lambda v: st.tuples(st.just(v), spelled(v))))
def test_batch_api_takes_only_a_canonical_credit_code(servicenet_module: SignedNet, make_case: MakeCase,
                                                      pair: tuple[str, str]) -> None:
    value, text = pair
    case = make_case(next(_seq), service_code=FOOD)
    case["form"] = {"credit_code": text, "shop_name": "好味食品有限公司", "rep_role": "法定代表人",
                    "name": case["applicant"]["name"], "id_number": case["applicant"]["id_number"],
                    "phone": "13800138000"}
    r = http.post(f"{servicenet_module.url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    result = r.json()["results"][0]
    if text == value:
        assert result["result"] == "created", result
    else:
        assert result["result"] == "invalid" and "credit_code" in result["message"]


def stored(url: str, code: str) -> tuple[dict[str, Any], str]:
    """The case as the network keeps it (its payload row) and the digest kept beside it."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.select(cases.c.payload, cases.c.digest).where(cases.c.code == code)).one()
    finally:
        engine.dispose()
    return json.loads(row.payload), row.digest


def _staff_id_at(field: str, text: str) -> dict[str, Any]:
    return {"assisted_by": text} if field == "assisted_by" else {
        "face_check": {"outcome": "clerk_confirmed", "reason": "mismatch", "clerk": text}}


@SETTINGS
@given(st.one_of(staff_ids.flatmap(staff_spelled), st.text(st.sampled_from("S0１-－_. \u3000王٠ａ\n"), max_size=8)),
       st.sampled_from(["assisted_by", "clerk"]))
def test_batch_api_takes_a_staff_id_as_its_canonical_form(servicenet_module: SignedNet, make_case: MakeCase,
                                                          text: str, field: str) -> None:
    """代办 (assisted_by) and 人证合一's clerk: a kiosk's frozen bytes from before its settings made staff ids
    canonical (ｓ００１, ' S001 ') are the id; only the canonical form is kept, and the digest is of that form, so
    the same bytes sent again are the same case. What has no canonical form is refused with the reason."""
    case = make_case(next(_seq), **_staff_id_at(field, text))
    url = servicenet_module.url
    r = http.post(f"{url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.status_code == 200
    result = r.json()["results"][0]
    if text != "" and not staffid.is_valid(text):  # "" is nobody
        assert result["result"] == "invalid", result
        assert "工号无效" in result["message"] and f"{field} is not a staff id" in result["message"]
        return
    assert result["result"] == "created", result
    value = staffid.optional(text)
    keeps = {**case, **_staff_id_at(field, value)}
    payload, digest = stored(servicenet_module.db_url, case["code"])
    assert payload == keeps and digest == wire.digest(keeps)
    again = http.post(f"{url}/v1/cases/batch", json={"cases": [case, keeps]}, timeout=10).json()["results"]
    assert [a["result"] for a in again] == ["duplicate", "duplicate"], again  # the frozen bytes, the canonical
    assert again[0]["first_response"]["result"] == "created"


@pytest.mark.parametrize("text", ["s001", "DIST-ADMIN", "S 001", "S001\n", "王五", "Ｓ００１", "-S1", "A" * 65,
                                  " S001 ", "\u3000ｗｉｎｄｏｗ．０１\u3000", "Ｓ\u0660", " " * 70 + "S001"])
def test_batch_api_staff_ids_as_declared(servicenet_module: SignedNet, make_case: MakeCase, text: str) -> None:
    """docs/openapi.json declares no pattern the server does not hold to: it says in words what is taken."""
    case = make_case(next(_seq), assisted_by=text)
    result = http.post(f"{servicenet_module.url}/v1/cases/batch", json={"cases": [case]}, timeout=10).json()
    assert (result["results"][0]["result"] == "created") == staffid.is_valid(text), result
    spec = json.loads(openapi_script.SPEC_PATH.read_text(encoding="utf-8"))
    declared = spec["paths"]["/v1/cases/batch"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$defs"]
    for where in (declared["CaseIn"]["properties"]["assisted_by"],
                  declared["FaceCheckIn"]["properties"]["clerk"],
                  CaseIn.model_json_schema()["properties"]["assisted_by"]):
        assert "pattern" not in where and "maxLength" not in where and where["type"] == "string"
        assert "canonical form" in where["description"] and "stored" in where["description"]
