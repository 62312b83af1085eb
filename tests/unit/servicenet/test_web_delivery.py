"""The web form offers only the ways of collecting the result that the service's catalogue entry lists (the real
servicenet over HTTP; the pages run no scripts, so plain requests are what a browser sends): no 自助终端打印 for an
ID card, no question at all for a service with one way, all three for an item that lists none; a form sent with
a way the service does not offer gets a message, not a case."""
from __future__ import annotations

import re

import requests

from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.unit.servicenet.conftest import ID_OLD, ID_SFZ
from tests.unit.servicenet.test_webchannel import apply, phone_code, resident, token_of  # noqa: F401 - fixture

ID_HKQY = "11440105007512345X4440117010000"  # 户口迁移: the 户口簿 is stamped at the window, nothing else


def offered(page: str) -> list[str]:
    return re.findall(r'<input type="radio" name="delivery" value="(\w+)"', page)


def sent(session: requests.Session, url: str, service: str, values: dict[str, str]) -> requests.Response:
    """The form of `service` filled with `values`, its phone proven by the code sent, posted: the answer."""
    token = token_of(session.get(f"{url}/web/apply/{service}", timeout=10).text)
    code = phone_code(session, url, service, token, values)
    return session.post(f"{url}/web/apply/{service}", data={"token": token, "sms_code": code, **values},
                         allow_redirects=False, timeout=10)


def test_the_guide_says_how_the_result_is_collected(servicenet_module: ServicenetProcess) -> None:
    url = servicenet_module.url
    for code, said in ((ID_SFZ, "窗口领取、邮寄"), (ID_HKQY, "窗口领取"), (ID_OLD, "窗口领取、自助终端打印、邮寄")):
        page = requests.get(f"{url}/web/services/{code}", timeout=10).text
        assert f'<td id="delivery-methods">{said}</td>' in page, code


def test_the_form_offers_the_services_ways(servicenet_module: ServicenetProcess,
                                           resident: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    url = servicenet_module.url
    card = resident.get(f"{url}/web/apply/{ID_SFZ}", timeout=10).text
    assert offered(card) == ["window", "post"] and "自助终端打印" not in card and 'id="delivery_address"' in card
    assert offered(resident.get(f"{url}/web/apply/{ID_OLD}", timeout=10).text) == ["window", "kiosk", "post"]
    one = resident.get(f"{url}/web/apply/{ID_HKQY}", timeout=10).text
    assert offered(one) == [] and "本事项的结果只能窗口领取。" in one
    assert '<input type="hidden" name="delivery" value="window">' in one and 'id="delivery_address"' not in one
    code = apply(resident, url, ID_HKQY, {"phone": "13900139301", "move_type": "镇内迁移"})
    assert http.get(f"{url}/v1/cases/{code}", timeout=10).json()["delivery"]["method"] == "window"


def test_a_way_not_offered_gets_a_message(servicenet_module: ServicenetProcess,
                                          resident: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """A form kept open from before the catalogue changed, or one made by hand."""
    url = servicenet_module.url
    values = {"phone": "13900139302", "reason": "到期换领", "delivery": "kiosk"}
    r = sent(resident, url, ID_SFZ, values)
    assert r.status_code == 400 and "该事项不提供“自助终端打印”领取结果，请选择：窗口领取、邮寄。" in r.text
    assert offered(r.text) == ["window", "post"]  # the form comes back with what may be chosen
    token = token_of(r.text)
    values["delivery"] = "post"
    values["delivery_address"] = "广州市从化区鳌头镇龙潭村委会12号"
    r = resident.post(f"{url}/web/apply/{ID_SFZ}", data={"token": token, **values}, allow_redirects=False,
                      timeout=10)
    assert r.status_code == 303, re.findall(r'class="error"[^>]*>([^<]+)', r.text)


def test_a_way_sent_full_width_or_in_capitals_is_the_way(servicenet_module: ServicenetProcess,
                                                          resident: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """A form made by hand (or by an input method left in full width): ＰＯＳＴ and ' Post ' are 邮寄, not a way the
    service does not offer; a word that is no way at all is refused naming what may be chosen."""
    url = servicenet_module.url
    for i, way in enumerate(("ＰＯＳＴ", " Post ")):
        r = sent(resident, url, ID_SFZ, {"phone": f"1390013931{i}", "reason": "到期换领", "delivery": way,
                                         "delivery_address": "广州市从化区鳌头镇龙潭村委会12号"})
        assert r.status_code == 303, re.findall(r'class="error"[^>]*>([^<]+)', r.text)
        case = r.headers["location"].split("/track/")[1].split("?")[0]
        assert http.get(f"{url}/v1/cases/{case}", timeout=10).json()["delivery"]["method"] == "post"
    r = sent(resident, url, ID_SFZ, {"phone": "13900139312", "reason": "到期换领", "delivery": "drone"})
    assert r.status_code == 400 and "请选择：窗口领取、邮寄。" in r.text
