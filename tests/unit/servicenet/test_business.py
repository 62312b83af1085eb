"""法人 forms on the web (servicenet/webchannel/business.py), over real HTTP: a signed-in person's earlier business
case (kiosk or web) fills the credit code and organisation of the next business form, editable, by the fields'
x-prefill keys; checked with domain.creditcode; another person's organisation is never offered."""
from __future__ import annotations

import re
from datetime import date

from domain import creditcode, regcode
from servicenet.webchannel.business import checked
from tests.helpers.enroll import SignedNet, http
from tests.helpers.weblogin import sign_in
from tests.unit.servicenet.conftest import person_id
from tests.unit.servicenet.test_webchannel import apply

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
