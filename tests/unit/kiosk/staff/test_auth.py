"""kiosk/staff/auth.py: salted slow PIN hashes, staff cards, lockout with a growing delay (clock passed in)."""
from __future__ import annotations

import pytest

from kiosk.config import staff_cards
from kiosk.staff.auth import AuthPolicy, StaffAuth, check_pin, hash_pin
from sync.store import Store
from tests.helpers.clock import ManualClock

FAST = 2 ** 10  # scrypt cost for tests; the default (2**14) is what a kiosk stores


def test_hash_is_salted_slow_and_checks():
    a, b = hash_pin("246810"), hash_pin("246810")
    assert a != b and a.startswith("scrypt$16384$8$1$")
    assert check_pin("246810", a) and not check_pin("246811", a)
    assert not check_pin("246810", "md5$whatever") and not check_pin("246810", "")
    with pytest.raises(ValueError):
        hash_pin("12a4")


def test_lockout_grows_and_ends(tmp_path):
    clock = ManualClock()
    events: list[tuple[str, dict]] = []
    auth = StaffAuth(AuthPolicy(pin_hash=hash_pin("246810", n=FAST), free_failures=3, base_delay=30),
                     clock=clock, on_event=lambda step, detail: events.append((step, detail)))
    for n in (1, 2):
        wrong = auth.login_pin("000000")
        assert not wrong.ok and wrong.failures == n and wrong.locked_for == 0
    # two wrong PINs so far: no lock yet
    assert auth.failures == 2 and auth.locked_for() == 0
    third = auth.login_pin("111111")
    assert not third.ok and third.failures == 3 and third.locked_for == 30
    # while locked even the right PIN is not looked at
    assert not auth.login_pin("246810").ok and auth.failures == 3
    clock.t += 30
    fourth = auth.login_pin("222222")
    assert fourth.locked_for == 60  # doubles
    clock.t += 60
    assert auth.login_pin("333333").locked_for == 120
    clock.t += 120
    ok = auth.login_pin("246810")
    assert ok.ok and ok.staff_id == "counter" and ok.role == "staff" and auth.failures == 0
    assert [s for s, _ in events].count("login_failed") == 5 and events[-1][0] == "staff_login"


def test_lockout_survives_a_restart(tmp_path):
    store = Store(tmp_path / "kiosk.db")
    clock = ManualClock()
    policy = AuthPolicy(pin_hash=hash_pin("246810", n=FAST), free_failures=1, base_delay=300)
    StaffAuth(policy, clock=clock, state=store).login_pin("000000")
    again = StaffAuth(policy, clock=clock, state=store)
    assert again.failures == 1 and again.locked_for() == 300
    assert not again.login_pin("246810").ok
    store.close()


def test_technician_pin_and_staff_cards():
    digest = "ab" * 32
    auth = StaffAuth(AuthPolicy(technician_pin_hash=hash_pin("97531", n=FAST), cards=staff_cards(f"S007:{digest}")),
                     clock=ManualClock())
    tech = auth.login_pin("97531")
    assert tech.ok and tech.role == "technician"
    card = auth.login_card(digest)
    assert card.ok and card.staff_id == "S007"
    assert not auth.login_card("cd" * 32).ok and auth.failures == 1
    assert not auth.login_pin("246810").ok  # no staff PIN set: nothing opens with one
