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
                          "请填写答复（1000字以内）"))  # the page's language only
        r = s.post(f"{sn.url}/admin/complaints/{low['code']}/reply",
                   data={"reply": "已约谈窗口人员，下次可一次办结，并已电话致歉。"}, timeout=10)
        assert r.status_code == 200 and "已答复" in r.text
    with requests.Session() as resident:  # the applicant proves the link with the name, then reads the reply
        page = resident.post(f"{sn.url}/track/{low['code']}/prove", data={"proof": "张三"}, timeout=10).text
        assert "整改答复" in page and "已约谈窗口人员" in page
        other = resident.post(f"{sn.url}/track/{good['code']}/prove", data={"proof": "张三"}, timeout=10).text
        assert "complaint-reply" not in other


def test_a_second_reply_from_a_stale_page_does_not_replace_the_first(servicenet_module: ServicenetProcess,
                                                                    make_case) -> None:
    """Two 投诉受理 clerks had the item open; the second one's reply came after the first's: it is refused in words
    (the first reply, which the applicant may have read already, stays as it was)."""
    sn = servicenet_module
    low = make_case(803)
    post(sn, "/v1/cases/batch", "cases", low)
    post(sn, "/v1/events/batch", "events", rating(low["code"], 1, body={"level": 2, "reasons": ["等候时间长"]}))
    first, second = add_staff(sn.db_url, "T803", ["complaints"]), add_staff(sn.db_url, "T804", ["complaints"])
    with requests.Session() as a, requests.Session() as b:
        for s, who in ((a, first), (b, second)):
            assert s.post(f"{sn.url}/admin/login", data=who.form(), timeout=10).status_code == 200
            assert f'action="/admin/complaints/{low["code"]}/reply"' in s.get(f"{sn.url}/admin/complaints",
                                                                              timeout=10).text
        assert a.post(f"{sn.url}/admin/complaints/{low['code']}/reply", data={"reply": "已增开窗口，致歉。"},
                      timeout=10).status_code == 200
        late = b.post(f"{sn.url}/admin/complaints/{low['code']}/reply", data={"reply": "另一个答复"}, timeout=10)
        assert late.status_code == 200 and "已由 T803 答复" in late.text, late.text[-800:]
    with requests.Session() as resident:
        page = resident.post(f"{sn.url}/track/{low['code']}/prove", data={"proof": "张三"}, timeout=10).text
        assert "已增开窗口，致歉。" in page and "另一个答复" not in page
