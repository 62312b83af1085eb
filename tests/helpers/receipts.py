"""A receipt as a kiosk prints it, for the printer and layout tests (`sample_receipt(notice=…)` for a variant)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from domain.models import Receipt, mask_name

CODE = "44010500126112600017"
TRACK_URL = f"https://zwfw.example.gov.cn/t/{CODE}"


def sample_receipt(**over: Any) -> Receipt:
    return replace(Receipt(
        code=CODE,
        service_name="城乡居民基本医疗保险参保登记",
        applicant_masked_name=mask_name("张秀英"),
        applicant_masked_id="440105********123X",
        submitted_at=datetime(2026, 11, 26, 9, 30),
        time_limit_days=5,
        department="天河区医疗保障局",
        track_url=TRACK_URL,
        hall_name="天河区政务服务中心",
        notice="工本费￥20.00。",
    ), **over)
