"""The web channel over real HTTP: catalogue, guide, login by SMS code, apply (a code with device 000), track, rate,
my cases of every channel; web cases join the kiosks' case space (person hash, status feed, sealed at rest)."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from domain import regcode, wire
from domain.wire import DEV_PERSON_KEY
from servicenet import db
from servicenet.process import ServicenetProcess
from servicenet.webchannel import regseq
from tests.helpers import sms
from tests.helpers.enroll import http
from tests.helpers.threads import from_threads
from tests.helpers.weblogin import enter_code, fresh_phone, put_on_record, sign_in
from tests.unit.servicenet.conftest import ID_OLD, ID_SFZ, person_id

MakeCase = Callable[..., dict[str, Any]]
WANG = ("王小明", person_id("44010519800101001"))


def token_of(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def phone_code(s: requests.Session, url: str, service: str, token: str, values: dict[str, str]) -> str:
    """Press 获取验证码 on the form and read the code from the sandbox phone's inbox."""
    before = len(sms.inbox(url, values["phone"], 0, timeout=0))
    r = s.post(f"{url}/web/apply/{service}", data={"token": token, "action": "send_code", **values}, timeout=10)
    assert r.status_code == 200 and "验证码已发送" in r.text, re.findall(r'role="alert">([^<]+)', r.text)
    return sms.code_sent(url, values["phone"], before)


def apply(s: requests.Session, url: str, service: str, values: dict[str, str]) -> str:
    """Fill and send a service's web form as the logged-in resident (proving the phone by SMS first when it
    is new); returns the registration code."""
    form = s.get(f"{url}/web/apply/{service}", timeout=10)
    assert form.status_code == 200, form.text[:300]
    token = token_of(form.text)
    r = s.post(f"{url}/web/apply/{service}", data={"token": token, **values}, allow_redirects=False, timeout=10)
    if r.status_code == 400 and "获取验证码" in r.text and "请点击" in r.text:
        code = phone_code(s, url, service, token, values)
        r = s.post(f"{url}/web/apply/{service}", data={"token": token, "sms_code": code, **values},
                   allow_redirects=False, timeout=10)
    assert r.status_code == 303, re.findall(r'class="error"[^>]*>([^<]+)', r.text)
    found = re.match(r"^/track/(\d{20})\?new=1$", r.headers["location"])
    assert found, r.headers["location"]
    return found.group(1)


def stored(db_url: str, code: str) -> str:
    """A case's payload as the network's database holds it."""
    engine = db.make_engine(db_url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(sa.select(db.cases.c.payload).where(db.cases.c.code == code)).scalar_one())
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def resident(servicenet_module: ServicenetProcess) -> requests.Session:
    return sign_in(servicenet_module.url, *WANG)


def test_catalogue_search_and_guide(servicenet_module: ServicenetProcess) -> None:
    url = servicenet_module.url
    home = requests.get(f"{url}/web", timeout=10)
    assert home.status_code == 200 and 'name="viewport"' in home.text and "共 20 个事项" in home.text
    assert "居民身份证换领" in requests.get(f"{url}/web", params={"q": "sfz"}, timeout=10).text  # pinyin initials
    legal = requests.get(f"{url}/web", params={"category": "法人办事"}, timeout=10).text
    assert "食品经营许可" in legal and "居民身份证换领" not in legal
    none = requests.get(f"{url}/web", params={"q": "100%_nothing"}, timeout=10).text
    assert "共 0 个事项" in none
    guide = requests.get(f"{url}/web/services/{ID_SFZ}", timeout=10)
    assert guide.status_code == 200 and "居民户口簿" in guide.text and "20.00 元" in guide.text
    assert f'href="/web/apply/{ID_SFZ}"' in guide.text
    assert requests.get(f"{url}/web/services/nope", timeout=10).status_code == 404


def test_login_checks_the_id_number(servicenet_module: ServicenetProcess) -> None:
    s = requests.Session()
    bad = s.post(f"{servicenet_module.url}/web/login", timeout=10, data={
        "name": "王小明", "id_number": WANG[1][:-1] + ("0" if WANG[1][-1] != "0" else "1"), "phone": "13800138000",
        "action": "send"})
    assert bad.status_code == 400 and "公民身份号码有误" in bad.text and not s.cookies
    r = s.get(f"{servicenet_module.url}/web/apply/{ID_OLD}", allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["location"].startswith("/web/login?next=")
    sign_in(servicenet_module.url, *WANG, session=s)
    cookie = next(iter(s.cookies))
    assert WANG[1] not in (cookie.value or "") and cookie.has_nonstandard_attr("HttpOnly")
    s.cookies.set(cookie.name, (cookie.value or "")[:-2] + "AA", domain=cookie.domain, path=cookie.path)
    assert s.get(f"{servicenet_module.url}/web/cases", allow_redirects=False, timeout=10).status_code == 303


def test_apply_gets_a_web_code_and_joins_the_case_space(servicenet_module: ServicenetProcess,
                                                          resident: requests.Session) -> None:
    url = servicenet_module.url
    form = resident.get(f"{url}/web/apply/{ID_SFZ}", timeout=10).text
    assert f'value="{WANG[1]}" readonly' in form  # the login's ID number, not retyped
    wrong = resident.post(f"{url}/web/apply/{ID_SFZ}", data={"token": token_of(form), "phone": "123"}, timeout=10)
    assert wrong.status_code == 400 and "请输入11位手机号码" in wrong.text and "此项必填" in wrong.text

    code = apply(resident, url, ID_SFZ, {"phone": "13800138000", "reason": "到期换领", "address": "北京路1号",
                                         "id_number": "110101199003070000"})  # a forged ID field is ignored
    assert regcode.is_valid(code) and regseq.is_web(code)
    assert code[:6] == "440105" and code[9:15] == f"{date.today():%y%m%d}"  # region of the item's department
    view = http.get(f"{url}/v1/cases/{code}", timeout=10).json()
    assert view["channel"] == "web" and view["status"] == "submitted" and view["applicant_masked_name"] == "王*明"
    # the kiosk's track-by-ID-card finds it: the same keyed hash of the ID number, through the signed API
    person = wire.person_hash(servicenet_module.creds.enrollment.person_key, WANG[1])
    found = http.get(f"{url}/v1/cases", params={"person": person}, timeout=10).json()["cases"]
    assert code in [c["code"] for c in found]
    feed = http.get(f"{url}/v1/status-feed", params={"limit": 1000}, timeout=10).json()["events"]
    assert (code, "submitted") in [(e["code"], e["status"]) for e in feed]

    page = resident.get(f"{url}/track/{code}?new=1", timeout=10)
    assert "申请已提交" in page.text and regcode.pretty(code) in page.text and WANG[1] not in page.text
    mine = resident.get(f"{url}/web/cases", timeout=10).text
    assert regcode.pretty(code) in mine and "网上办事" in mine


def test_the_same_form_sent_twice_is_one_case(servicenet_module: ServicenetProcess,
                                              resident: requests.Session) -> None:
    url = servicenet_module.url
    token = token_of(resident.get(f"{url}/web/apply/{ID_OLD}", timeout=10).text)
    code = phone_code(resident, url, ID_OLD, token, {"phone": "13900139000"})
    first = resident.post(f"{url}/web/apply/{ID_OLD}", data={"token": token, "phone": "13900139000",
                                                             "sms_code": code}, allow_redirects=False, timeout=10)
    again = resident.post(f"{url}/web/apply/{ID_OLD}", data={"token": token, "phone": "13900139000",
                                                             "sms_code": code}, allow_redirects=False, timeout=10)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]


def test_web_cases_are_sealed_at_rest(servicenet_module: ServicenetProcess, resident: requests.Session) -> None:
    code = apply(resident, servicenet_module.url, ID_OLD, {"phone": "13900139001"})
    payload = stored(servicenet_module.db_url, code)
    assert '"sealed"' in payload and WANG[1] not in payload and "13900139001" not in payload


def test_kiosk_and_web_cases_on_my_cases_and_rating(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                                      resident: requests.Session) -> None:
    url = servicenet_module.url
    kiosk = make_case(501, applicant={"name": WANG[0], "id_number": WANG[1]},
                      form={"name": WANG[0], "id_number": WANG[1], "phone": "13800138000", "reason": "到期换领"})
    assert http.post(f"{url}/v1/cases/batch", json={"cases": [kiosk]}, timeout=10).json()["results"][0]["result"] \
        == "created"
    mine = resident.get(f"{url}/web/cases", timeout=10).text
    assert regcode.pretty(kiosk["code"]) in mine and "自助终端" in mine
    assert '<span class="nowrap">2026-11-26 10:05</span>' in mine  # never broken as "2026-11- / 26" on a phone

    page = resident.get(f"{url}/track/{kiosk['code']}", timeout=10).text
    assert 'id="rate"' in page  # the applicant may rate a case of any channel
    r = resident.post(f"{url}/track/{kiosk['code']}/rate", data={"level": "4", "reasons": ["服务态度好", "bogus"]},
                      allow_redirects=False, timeout=10)
    assert r.status_code == 303
    view = http.get(f"{url}/v1/cases/{kiosk['code']}", timeout=10).json()
    assert view["rating"]["level"] == 4 and view["rating"]["reasons"] == ["服务态度好"]
    assert "已评价：满意" in resident.get(f"{url}/track/{kiosk['code']}", timeout=10).text
    twice = resident.post(f"{url}/track/{kiosk['code']}/rate", data={"level": "1"}, timeout=10)
    assert twice.status_code == 409

    stranger = sign_in(url, "李四", person_id("44010519700101002"))
    refused = stranger.post(f"{url}/track/{kiosk['code']}/rate", data={"level": "1"}, timeout=10)
    assert refused.status_code == 403


def test_track_by_code_form(servicenet_module: ServicenetProcess) -> None:
    url = servicenet_module.url
    bad = requests.get(f"{url}/web/track", params={"code": "1234"}, timeout=10)
    assert bad.status_code == 400 and "20位数字" in bad.text
    code = regcode.make("440105", 7, date(2026, 1, 2), 42)
    r = requests.get(f"{url}/web/track", params={"code": regcode.pretty(code)}, allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["location"] == f"/track/{code}"
    assert requests.get(f"{url}/track/{code}", timeout=10).status_code == 404


def test_login_redirect_stays_on_this_site(servicenet_module: ServicenetProcess) -> None:
    phone = fresh_phone()
    put_on_record(servicenet_module.url, *WANG, phone)
    r = enter_code(requests.Session(), servicenet_module.url, *WANG, phone, next="//evil.example/x")
    assert r.status_code == 303 and r.headers["location"] == "/web"


# -- codes -------------------------------------------------------------------------------------------------


def test_region_of_a_service() -> None:
    assert regseq.region_of(ID_SFZ) == "440105"
    assert regseq.region_of("X-1", default="110101") == "110101"


def test_codes_are_consecutive_and_unique_across_threads(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'regcode.db'}")
    db.create_all(engine)
    day = date(2026, 11, 26)
    got = from_threads(lambda: regseq.next_code(engine, "440105", day), threads=4, each=25)
    assert len(set(got)) == 100 and all(regcode.is_valid(c) and regseq.is_web(c) for c in got)
    for device in {c[6:9] for c in got}:  # consecutive per web device number (test_regseq.py: the lanes)
        seqs = sorted(int(c[15:19]) for c in got if c[6:9] == device)
        assert seqs == list(range(1, len(seqs) + 1))
    assert regseq.next_code(engine, "440106", day, lane=lambda: 0)[6:19] == "0002611260001"  # per region
    assert regseq.next_code(engine, "440105", date(2026, 11, 27), lane=lambda: 0)[15:19] == "0001"  # per day
    engine.dispose()


def test_person_hash_is_the_kiosks() -> None:
    # sync/outbox.py stores wire.person_hash(person_key, id) and servicenet computes the same on receipt
    assert wire.person_hash(DEV_PERSON_KEY, WANG[1].lower()) == wire.person_hash(DEV_PERSON_KEY, WANG[1])


def test_a_web_phone_is_proven_by_an_sms_code(servicenet_module: ServicenetProcess,
                                              resident: requests.Session) -> None:
    url, phone = servicenet_module.url, "13900139077"
    token = token_of(resident.get(f"{url}/web/apply/{ID_OLD}", timeout=10).text)
    values = {"phone": phone, "delivery": "post", "delivery_address": "广州市从化区鳌头镇龙潭村委会12号"}
    unproven = resident.post(f"{url}/web/apply/{ID_OLD}", data={"token": token, **values}, timeout=10)
    assert unproven.status_code == 400 and "获取验证码" in unproven.text
    code = phone_code(resident, url, ID_OLD, token, values)
    again = resident.post(f"{url}/web/apply/{ID_OLD}", data={"token": token, "action": "send_code", **values},
                          timeout=10)
    assert again.status_code == 400 and "秒后再获取" in again.text  # rate-limited per phone
    assert 'value="广州市从化区鳌头镇龙潭村委会12号"' in again.text  # the form comes back as filled
    wrong = resident.post(f"{url}/web/apply/{ID_OLD}", data={"token": token, "sms_code": "x", **values},
                          timeout=10)
    assert wrong.status_code == 400 and "验证码不正确" in wrong.text
    r = resident.post(f"{url}/web/apply/{ID_OLD}", data={"token": token, "sms_code": code, **values},
                      allow_redirects=False, timeout=10)
    assert r.status_code == 303, r.text
    case = r.headers["location"].split("/")[2].split("?")[0]
    assert http.get(f"{url}/v1/cases/{case}", timeout=10).json()["delivery"]["method"] == "post"
    # proven once: the next application with this phone asks no code
    assert apply(resident, url, ID_OLD, {"phone": phone})
