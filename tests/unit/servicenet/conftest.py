"""Fixtures for servicenet tests: a real server over HTTP, and case builders."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from domain import idnumber, regcode
from servicenet import db, seed
from tests.helpers.servicenet_proc import servicenet, servicenet_module  # noqa: F401  (fixtures)

ID_SFZ = "11440105007512345X4440117001000"  # 居民身份证换领, 20 days, reason required
ID_OLD = "11440105007512345X4441011016000"  # 老年人优待证, 7 days, name/id_number/phone only
ID_LSJZ = "11440105007512345X4441011002000"  # 临时救助申请 (镇民政办): its decision is a paper a kiosk can print


def person_id(first17: str = "44010519491231002") -> str:
    return first17 + idnumber.check_char(first17)


@pytest.fixture
def make_case() -> Callable[..., dict[str, Any]]:
    """make_case(seq, **overrides): a valid kiosk case for 居民身份证换领 with code 440105 001 261126 <seq>."""

    def build(seq: int, **over: Any) -> dict[str, Any]:
        case: dict[str, Any] = {
            "code": regcode.make("440105", 1, date(2026, 11, 26), seq),
            "service_code": ID_SFZ,
            "channel": "kiosk",
            "device_id": "K-440105-001",
            "submitted_at": "2026-11-26T10:05:00+08:00",
            "applicant": {"name": "张三", "id_number": person_id(), "sex": "男", "nation": "汉",
                          "birth": "1949-12-31", "address": "广州市越秀区北京路1号", "source": "id_card"},
            "form": {"name": "张三", "id_number": person_id(), "phone": "13800138000",
                     "address": "广州市越秀区北京路1号", "reason": "到期换领"},
        }
        case.update(over)
        return case

    return build


def printed(phone: str = "13800138000", **delivery: Any) -> dict[str, Any]:
    """make_case(seq, **printed(phone)): a case of 临时救助申请 collected by print at a kiosk (自助终端打印), which
    a card such as 居民身份证换领's never is (its catalogue entry does not offer it)."""
    return {"service_code": ID_LSJZ, "delivery": {"method": "kiosk", "phone": phone, **delivery},
            "form": {"name": "张三", "id_number": person_id(), "phone": phone, "address": "广州市越秀区北京路1号",
                     "household_size": 3, "reason": "因病致贫"}}


@pytest.fixture
def memory_db() -> Iterator[Engine]:
    """servicenet's schema on an in-memory SQLite database (no server)."""
    e = db.make_engine("sqlite://")
    db.create_all(e)
    yield e
    e.dispose()


@pytest.fixture
def seeded_db(tmp_path: Path) -> Iterator[Engine]:
    """servicenet's schema and its seeded catalogue in a SQLite file."""
    e = db.make_engine(f"sqlite:///{tmp_path / 'net.db'}")
    db.create_all(e)
    seed.seed_if_empty(e)
    yield e
    e.dispose()
