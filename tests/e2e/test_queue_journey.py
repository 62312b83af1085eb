"""The hall's front door on real parts: a resident books online (Chromium), checks in at the kiosk with the ID
card (the SAM reader on a pty) and gets a priority ticket from the ESC/POS emulator; a second resident takes a
plain number; the clerk's counter page calls the priority ticket first; the hall display shows it and plays
the call espeak-ng rendered on the hall node."""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from domain import idnumber
from drivers.sim.sam_reader import SimIdCard
from kiosk.walkthrough import wait_until
from servicenet import db
from servicenet.hall.tables import hall_appointments
from tests.e2e.kiosk_rig import kiosk_rig
from tests.helpers.browser import phone_page, screen_page
from tests.helpers.hall import office_token
from tests.helpers.weblogin import sign_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
# Bookable today at any hour the suite runs: the last slot starts at 23:00, and a 90-minute grace keeps it open
# (and not yet a no-show) until the day ends.
OPEN_ALL_DAY = ("--weekdays", "1-7", "--hours", "00:00-23:30", "--slot-minutes", "30", "--no-calendar",
                "--no-show-minutes", "90")


def wait_js(page, expression: str, timeout: float = 20.0) -> None:
    """Until `expression` is true in the page. Playwright's wait_for_function polls with eval, which the
    display's Content-Security-Policy forbids (as it should); page.evaluate is not subject to it."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


def resident() -> SimIdCard:
    first17 = "44011719850601003"
    return SimIdCard(name="李建国", sex="男", nation="汉", birth=date(1985, 6, 1),
                     address="广东省广州市从化区鳌头镇人和村8号", id_number=first17 + idnumber.check_char(first17),
                     authority="广州市公安局从化分局", valid_from=date(2016, 1, 1), valid_to=date(2036, 1, 1))


def book_online(net_url: str, card: SimIdCard, shots: Path, tmp: Path) -> str:
    with phone_page(tmp) as page:
        page.goto(net_url + "/web/appointments/new")
        assert "/web/login" in page.url  # booking is for a signed-in resident: by an SMS code here
        sign_in_page(page, net_url, card.name, card.id_number, next="/web/appointments/new", goto=False)
        page.select_option("#service", label="居民身份证换领")
        page.click("text=查看可约时段")
        page.locator("input[name=start]:not([disabled])").last.check()  # the latest: no no-show during the test
        page.screenshot(path=str(shots / "web-booking.png"), full_page=True)
        page.click("text=确认预约")
        page.wait_for_selector("text=预约成功")
        page.screenshot(path=str(shots / "web-booked.png"), full_page=True)
        return page.inner_text("li.appointment")


def test_booking_check_in_priority_call_display_and_voice(qapp, tmp_path, shots) -> None:
    card = resident()
    with kiosk_rig(tmp_path, shots, card=card, with_hall=True, hall_rules=OPEN_ALL_DAY) as rig:
        hall, walk, vm = rig.hall, rig.walk, rig.kiosk.vm
        booked = book_online(rig.net.url, card, shots, tmp_path)
        assert "测试大厅" in booked and "已预约" in booked
        engine = db.make_engine(hall.db_url)

        def pulled() -> bool:
            with engine.connect() as conn:
                return conn.execute(sa.select(sa.func.count()).select_from(hall_appointments)).scalar_one() == 1

        wait_until(pulled, timeout=30, what="the hall node to pull the appointment")

        # a second resident, first in the hall, takes a plain number without a card
        walk.home()
        vm.queue.open()
        walk.expect("queue")
        walk.settle()
        walk.shot("queue-choose")
        vm.queue.take("A")
        wait_until(lambda: vm.queue.step == "done", what="the plain ticket")
        walk.shot("queue-plain-ticket")
        assert vm.queue.number == "A001" and vm.queue.priority == ""

        # the resident with the appointment checks in with the ID card: a priority number
        walk.home()
        vm.queue.open()
        walk.settle()
        vm.queue.readCard()
        wait_until(lambda: vm.queue.hasPerson, what="the card")
        with engine.connect() as conn:
            start = conn.execute(sa.select(hall_appointments.c.start)).scalar_one()
        assert vm.queue.appointmentTime == start and vm.queue.preselected  # the hall named today's appointment
        walk.shot("queue-card-read")
        vm.queue.take("A")
        wait_until(lambda: vm.queue.step == "done", what="the priority ticket")
        walk.shot("queue-priority-ticket")
        assert vm.queue.number == "A002" and vm.queue.priority == "优先：预约"
        tickets = rig.printer.wait_for_receipts(2)
        assert "A001" in tickets[0]["text"] and "A002" in tickets[1]["text"] and "预约优先" in tickets[1]["text"]
        assert tickets[1]["qr"][0].startswith(hall.url + "/hall/t/")
        vm.setLanguage("en")
        walk.shot("queue-ticket-en")
        vm.toggleElderly()
        vm.queue.open()
        walk.shot("queue-choose-en-elderly")
        vm.setLanguage("zh_CN")
        walk.shot("queue-choose-zh-elderly")
        vm.toggleElderly()

        with screen_page(tmp_path) as display:
            display.goto(hall.url + "/hall/display")
            wait_js(display, "!!(window.hallDisplay && window.hallDisplay.updates > 0)")
            counter = display.context.new_page()
            counter.goto(hall.url + "/hall/counter/1")
            counter.fill("#token", office_token(hall.db_url))
            counter.click("button[type=submit]")
            counter.click("#call-next")
            counter.wait_for_selector("text=已叫 A002")
            assert counter.inner_text("#current") == "A002"
            counter.screenshot(path=str(shots / "counter.png"), full_page=True)
            wait_js(display, "!!document.querySelector('#now .num') && "
                             "document.querySelector('#now .num').textContent === 'A002'")
            wait_js(display, "window.hallDisplay.spoken.length > 0")
            display.screenshot(path=str(shots / "display.png"))
            assert "请 A002 号到 1 号窗口办理" in display.inner_text("#now")
            waits = display.locator("#waiting .wait")  # each business on one line, whole ("法人办事 0 人")
            assert waits.all_inner_texts() == ["综合窗口 1 人", "个人办事 0 人", "法人办事 0 人"]
            assert all(display.evaluate("e => e.getClientRects().length", w.element_handle()) == 1 for w in waits.all())
            spoken = display.evaluate("window.hallDisplay.spoken")
            wav = display.request.get(f"{hall.url}/hall/speech/{spoken[0]}.wav")
            assert wav.ok and wav.body()[:4] == b"RIFF"
        engine.dispose()
