from datetime import date

import pytest

from domain import idnumber
from domain import queue as q


def test_ticket_numbers_and_prefixes() -> None:
    assert q.ticket_number("A", 12) == "A012"
    assert q.ticket_number("B", 1234) == "B1234"
    assert q.canonical_prefix("ａ") == "A"  # full-width, lower case: NFKC then upper
    for bad in ("I", "O", "AB", "", "1", "甲"):
        with pytest.raises(q.QueueRefused):
            q.canonical_prefix(bad)


def test_priority_by_age_from_the_id_number_and_by_appointment() -> None:
    first17 = "44010519550105002"
    birth = idnumber.birth_date(first17 + idnumber.check_char(first17))
    assert birth == date(1955, 1, 5)
    assert q.priority_reason(birth, date(2025, 1, 4), False) == ""  # 69 the day before the birthday
    assert q.priority_reason(birth, date(2025, 1, 5), False) == "elderly"
    assert q.priority_reason(None, date(2025, 1, 5), True) == "appointment"
    assert q.priority_reason(date(1990, 1, 1), date(2025, 1, 5), False) == ""


def test_spoken_call_and_estimate() -> None:
    assert q.spoken_call("A012", 3) == "请A012号到3号窗口办理"
    assert q.estimate_minutes(0, 8, 2) == 0
    assert q.estimate_minutes(5, 8, 2) == 20
    assert q.estimate_minutes(1, 2, 3) == 1


def test_moves_follow_the_state_machine() -> None:
    assert q.next_status("start", "called") is q.TicketStatus.SERVING
    assert q.next_status("transfer", "serving") is q.TicketStatus.WAITING
    assert q.next_status("end", "serving") is q.TicketStatus.DONE
    with pytest.raises(q.QueueRefused, match="已完成"):
        q.next_status("skip", "done")
    with pytest.raises(q.QueueRefused):
        q.next_status("fly", "called")
