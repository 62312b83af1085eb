"""差评整改 over the real server: a low rating from a kiosk opens a follow-up item for 投诉受理, the clerk
answers on /admin/complaints, and the applicant reads the answer on the track page; a good rating opens none."""
from __future__ import annotations

import requests

from servicenet.process import ServicenetProcess
from tests.helpers.staff import add_staff
from tests.unit.servicenet.test_events import post, rating

MakeCase = object


def test_a_low_rating_gets_a_reply_the_applicant_sees(servicenet_module: ServicenetProcess, make_case) -> None:
    sn = servicenet_module
    low, good = make_case(801), make_case(802)
    post(sn, "/v1/cases/batch", "cases", low, good)
    post(sn, "/v1/events/batch", "events", rating(low["code"], 1, body={"level": 1, "reasons": ["多次跑腿"]}),
         rating(good["code"], 5))
    clerk = add_staff(sn.db_url, "T801", ["complaints"], name="赵投诉")
    with requests.Session() as s:
        assert s.post(f"{sn.url}/admin/login", data=clerk.form(), timeout=10).status_code == 200
        page = s.get(f"{sn.url}/admin/complaints", timeout=10).text
        assert low["code"] in page and "多次跑腿" in page and good["code"] not in page
        assert s.post(f"{sn.url}/admin/complaints/{low['code']}/reply", data={"reply": "  "},
                      timeout=10).url.endswith("error=" + requests.utils.quote(
                          "请填写答复（1000字以内）/ a reply of 1 to 1000 characters"))
        r = s.post(f"{sn.url}/admin/complaints/{low['code']}/reply",
                   data={"reply": "已约谈窗口人员，下次可一次办结，并已电话致歉。"}, timeout=10)
        assert r.status_code == 200 and "已答复" in r.text
    with requests.Session() as resident:  # the applicant proves the link with the name, then reads the reply
        page = resident.post(f"{sn.url}/track/{low['code']}/prove", data={"proof": "张三"}, timeout=10).text
        assert "整改答复" in page and "已约谈窗口人员" in page
        other = resident.post(f"{sn.url}/track/{good['code']}/prove", data={"proof": "张三"}, timeout=10).text
        assert "complaint-reply" not in other
