"""Web-channel registration codes past 9,999 a region a day: the web's device numbers (000, 999..900) in lanes,
in the same 20-digit format, never a kiosk's number (servicenet/webchannel/regseq.py)."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import regcode
from servicenet.db import devices
from servicenet.enroll import EnrollRefused, enroll, issue_code
from servicenet.webchannel import regseq
from servicenet.webchannel.regseq import CodesExhausted, next_code, web_code_shards

DAY = date(2026, 11, 26)


def fill(engine: Engine, numbers: list[int], last: int = regcode.MAX_SEQ) -> None:
    with engine.begin() as conn:
        conn.execute(sa.insert(web_code_shards), [{"region": "440105", "day": f"{DAY:%y%m%d}", "device": n,
                                                   "last": last} for n in numbers])


def test_the_web_has_101_device_numbers_none_of_them_a_kiosks() -> None:
    assert regcode.WEB_DEVICES[:3] == (0, 999, 998) and len(regcode.WEB_DEVICES) == 101
    assert all(d == 0 or d > regcode.KIOSK_MAX for d in regcode.WEB_DEVICES)
    for lane in range(regseq.LANES):  # every lane tries every number once, its own first
        tried = regseq.order(lane)
        assert sorted(tried) == sorted(regcode.WEB_DEVICES) and tried[0] == regcode.WEB_DEVICES[lane]


def test_lanes_spread_submissions_over_several_counter_rows(memory_db: Engine) -> None:
    codes = [next_code(memory_db, "440105", DAY, lane=lambda i=i: i % regseq.LANES) for i in range(16)]
    assert len(set(codes)) == 16 and all(regcode.is_valid(c) and regseq.is_web(c) for c in codes)
    assert {c[6:9] for c in codes} == {f"{d:03d}" for d in regcode.WEB_DEVICES[:regseq.LANES]}
    assert sorted(int(c[15:19]) for c in codes if c[6:9] == "000") == [1, 2]


def test_past_9999_a_lane_goes_on_under_its_next_device_number(memory_db: Engine) -> None:
    fill(memory_db, [0])
    code = next_code(memory_db, "440105", DAY, lane=lambda: 0)
    assert len(code) == 20 and regcode.is_valid(code)
    assert code[6:9] == f"{regcode.WEB_DEVICES[regseq.LANES]:03d}" and code[15:19] == "0001"  # 992, first one


def test_every_web_number_used_today_is_a_clear_refusal(memory_db: Engine) -> None:
    fill(memory_db, list(regcode.WEB_DEVICES[1:]))
    assert next_code(memory_db, "440105", DAY, lane=lambda: 3)[6:9] == "000"  # the last one left, from any lane
    with memory_db.begin() as conn:
        conn.execute(sa.update(web_code_shards).values(last=regcode.MAX_SEQ))
    with pytest.raises(CodesExhausted, match="编号已用完"):
        next_code(memory_db, "440105", DAY)
    assert len(regcode.WEB_DEVICES) * regcode.MAX_SEQ == 1_009_899  # a region's web codes per day


def test_a_kiosk_enrolled_at_950_before_the_reservation_keeps_its_codes(memory_db: Engine) -> None:
    with memory_db.begin() as conn:
        conn.execute(sa.insert(devices).values(device_id="440105-950", region="440105", number=950,
                                               public_key="x", hall_name="", status="active", enrolled_at="-"))
    fill(memory_db, [d for d in regcode.WEB_DEVICES if d != 950])
    with pytest.raises(CodesExhausted):
        next_code(memory_db, "440105", DAY)


def test_enrollment_stops_below_the_webs_numbers(memory_db: Engine) -> None:
    with memory_db.begin() as conn:
        conn.execute(sa.insert(devices).values(device_id="440105-899", region="440105", number=899,
                                               public_key="x", hall_name="", status="active", enrolled_at="-"))
    with pytest.raises(EnrollRefused) as refused:
        enroll(memory_db, issue_code(memory_db), "A" * 43 + "=")
    assert refused.value.status == 409
