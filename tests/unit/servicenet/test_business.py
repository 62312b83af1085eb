"""法人 forms on the web (servicenet/webchannel/business.py), over real HTTP: a signed-in person's earlier business
case (kiosk or web) fills the credit code and organisation of the next business form, editable, by the fields'
x-prefill keys; checked with domain.creditcode; another person's organisation is never offered. Choosing
授权代理人 adds the letter of authorisation to the materials, as on the kiosk (domain/organisation.py)."""
from __future__ import annotations

import json
import re
from datetime import date

from domain import creditcode, regcode
from servicenet.webchannel.business import agent_letter, as_applied, checked
from tests.helpers.enroll import SignedNet, http
from tests.helpers.weblogin import sign_in
from tests.unit.servicenet.conftest import person_id
from tests.unit.servicenet.test_webchannel import apply, stored

FOOD = "11440105007512345X4447011013000"  # 食品经营许可: credit_code, shop_name (x-prefill org_name)
BUILD = "11440105007512345X4446011019000"  # 建设工程规划许可: org_name, credit_code
CODE = "91350100M000100Y43"
BOSS = ("陈志强", person_id("44010519780808001"))


def field(page: str, name: str) -> tuple[str, bool]:
    """(value, read-only) of a form input."""
    found = re.search(rf'<input [^>]*id="f-{name}" name="{name}" value="([^"]*)"\s*(readonly)?', page)
    assert found, page[:2000]
    return found.group(1), bool(found.group(2))


def kiosk_business_case(net: SignedNet, who: tuple[str, str], seq: int, code: str, shop: str) -> str:
    case = {"code": regcode.make("440105", 1, date(2026, 11, 20), seq), "service_code": FOOD, "channel": "kiosk",
            "device_id": net.creds.device_id, "submitted_at": "2026-11-20T10:05:00+08:00",
            "applicant": {"name": who[0], "id_number": who[1], "source": "id_card"},
            "form": {"credit_code": code, "shop_name": shop, "rep_role": "法定代表人", "name": who[0],
                     "id_number": who[1], "phone": "13800138000"}}
    r = http.post(f"{net.url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.json()["results"][0]["result"] == "created", r.text
    return str(case["code"])


def test_checked_takes_only_a_valid_code_in_its_canonical_form() -> None:
    assert checked({"credit_code": "９１３５ ０１００ m０００ １００y ４３", "org_name": " 好味  食品 "}) == {
        "credit_code": CODE, "org_name": "好味 食品"}
    assert checked({"credit_code": CODE[:-1] + "4", "org_name": "好味食品"}) == {}  # the check character fails
    assert checked({"credit_code": "٩" + CODE[1:], "org_name": "好味食品"}) == {}  # Arabic-Indic digit
    assert checked({"credit_code": CODE, "org_name": "x" * 61}) == {"credit_code": CODE}


def test_an_earlier_business_case_fills_the_next_form(servicenet: SignedNet) -> None:
    url = servicenet.url
    kiosk_business_case(servicenet, BOSS, 1, CODE, "好味食品有限公司")
    s = sign_in(url, *BOSS)
    page = s.get(f"{url}/web/apply/{BUILD}", timeout=10).text
    # another business service, another field name for the organisation: found by x-prefill, left editable
    assert field(page, "credit_code") == (CODE, False) and field(page, "org_name") == ("好味食品有限公司", False)
    assert field(page, "id_number") == (BOSS[1], True) and 'id="organisation-filled"' in page
    personal = s.get(f"{url}/web/apply/11440105007512345X4441011016000", timeout=10).text  # 老年人优待证
    assert 'id="organisation-filled"' not in personal

    # this time for another organisation: what is sent wins, and it is what the next form offers
    other = "91110000100000000" + creditcode.check_char("91110000100000000")
    code = apply(s, url, FOOD, {"credit_code": other.lower(), "shop_name": "乡味小吃店", "rep_role": "授权代理人",
                                "phone": "13800138000"})
    assert http.get(f"{url}/v1/cases/{code}", timeout=10).status_code == 200
    again = s.get(f"{url}/web/apply/{BUILD}", timeout=10).text
    assert field(again, "credit_code") == (other, False) and field(again, "org_name") == ("乡味小吃店", False)

    stranger = sign_in(url, "李四", person_id("44010519700101002"))
    theirs = stranger.get(f"{url}/web/apply/{BUILD}", timeout=10).text
    assert field(theirs, "credit_code") == ("", False) and "好味食品" not in theirs and "乡味" not in theirs
    assert 'id="organisation-filled"' not in theirs


def promised(net: SignedNet, code: str) -> list[str]:
    """The materials the applicant's 告知承诺书 promises to bring (the case as the network stored it)."""
    return [m["name"] for m in json.loads(stored(net.db_url, code))["commitment"]["missing"]]


def test_an_authorised_agent_brings_the_letter_of_authorisation(servicenet: SignedNet) -> None:
    url = servicenet.url
    s = sign_in(url, *BOSS)
    page = s.get(f"{url}/web/apply/{FOOD}", timeout=10).text
    # the row is on a 法人 form, tied to the role field and its 授权代理人 choice (materials.js shows it then)
    assert 'id="agent-letter" data-role-field="rep_role" data-role-choice="授权代理人"' in page
    assert 'data-slot="授权委托书"' in page and "法定代表人签字并加盖单位公章" in page
    personal = s.get(f"{url}/web/apply/11440105007512345X4441011016000", timeout=10).text  # 老年人优待证
    assert 'id="agent-letter"' not in personal and "授权委托书" not in personal
    guide = http.get(f"{url}/web/services/{FOOD}", timeout=10).text  # the guide says so before anyone applies
    assert re.search(r'id="agent-letter"><strong>授权委托书</strong> × 1（由授权代理人办理时）', guide)
    assert "授权委托书" not in http.get(f"{url}/web/services/11440105007512345X4441011016000", timeout=10).text

    values = {"credit_code": CODE, "shop_name": "好味食品有限公司", "phone": "13800138000"}
    legal = apply(s, url, FOOD, {**values, "rep_role": "法定代表人"})
    assert "授权委托书" not in promised(servicenet, legal)
    agent = apply(s, url, FOOD, {**values, "rep_role": "授权代理人"})
    assert promised(servicenet, agent)[-1] == "授权委托书"

    # sent back to fix a field: the agent's materials list the letter itself (no longer a row that depends on
    # the choice), so a letter uploaded with the form is one of its materials
    token = re.search(r'name="token" value="([^"]+)"', s.get(f"{url}/web/apply/{FOOD}", timeout=10).text)
    assert token
    again = s.post(f"{url}/web/apply/{FOOD}", data={"token": token.group(1), **values, "rep_role": "授权代理人",
                                                    "credit_code": CODE[:-1] + "4"}, timeout=10)
    assert again.status_code == 400 and "校验位不符" in again.text
    assert re.search(r'<label for="m-\d+">授权委托书</label>', again.text) and 'id="agent-letter"' not in again.text


def test_the_letter_is_added_once_and_only_for_an_agent() -> None:
    schema = {"properties": {"credit_code": {"x-format": "credit_code"}, "who": {"x-prefill": "rep_role"}}}
    item = {"code": "x", "form_schema": schema, "materials": [{"name": "营业执照", "required": True}]}
    assert as_applied(item, {"who": "法定代表人"}) == item and as_applied(item, {}) == item
    agent = as_applied(item, {"who": "授权代理人"})
    assert [m["name"] for m in agent["materials"]] == ["营业执照", "授权委托书"] and agent["materials"][1]["required"]
    assert as_applied(agent, {"who": "授权代理人"}) == agent and item["materials"] == [item["materials"][0]]
    letter = agent_letter(item)
    assert letter is not None and letter["field"] == "who" and letter["choice"] == "授权代理人"
    assert agent_letter(agent) is None and agent_letter({"form_schema": {}, "materials": []}) is None
