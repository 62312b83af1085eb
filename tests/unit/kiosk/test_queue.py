"""取号 on the kiosk: a number with or without a card, priority for the elderly, and what the resident reads when
the hall node or the printer fails."""
from __future__ import annotations

from pytestqt.qtbot import QtBot

from domain.models import Person
from domain.queue import QueueTicket
from drivers.base import PrinterError
from sync.hall import Appointment, Business, HallUnavailable
from tests.helpers.stubs import PERSON, FakePrinter, FakeQueue, FakeReader
from tests.unit.kiosk.flow import make_vm, settle


class DownHall(FakeQueue):
    def take(self, prefix: str, person: Person | None = None) -> QueueTicket:
        raise HallUnavailable("ConnectionError")


def test_plain_number_then_priority_with_the_card(qtbot: QtBot, chinese: object) -> None:
    printer = FakePrinter()
    vm = make_vm(queue=FakeQueue(), printer=printer, reader=FakeReader(PERSON))
    vm.queue.open()
    settle(qtbot, vm)
    assert vm.screen == "queue" and vm.queue.hallName == "测试大厅"
    assert [b["name"] for b in vm.queue.businesses] == ["综合窗口", "个人办事", "法人办事"]
    vm.queue.take("A")
    settle(qtbot, vm)
    assert vm.queue.step == "done" and vm.queue.number == "A003" and vm.queue.priority == ""
    assert vm.queue.ahead == "前面还有 2 人" and vm.queue.printed == "请取走下方的排队小票。"
    vm.goHome()
    vm.queue.open()
    settle(qtbot, vm)
    vm.queue.readCard()
    settle(qtbot, vm)
    assert vm.queue.hasPerson and vm.queue.maskedName == PERSON.masked_name
    vm.queue.take("A")
    settle(qtbot, vm)
    assert vm.queue.priority == "优先：70岁以上老人" and vm.queue.estimate == "即将叫号"
    assert [t.number for t in printer.tickets] == ["A003", "A004"]
    assert not vm.queue.hasPerson  # the card's holder is not kept past the ticket


def test_an_appointment_today_preselects_its_business_and_shows_its_time(qtbot: QtBot, chinese: object) -> None:
    booked = FakeQueue({PERSON.id_number: Appointment("个体工商户登记", "10:30", "C")})
    vm = make_vm(queue=booked, reader=FakeReader(PERSON))
    vm.queue.open()
    settle(qtbot, vm)
    assert vm.queue.preselected == ""
    vm.queue.readCard()
    settle(qtbot, vm)
    assert (vm.queue.preselected, vm.queue.appointmentTime, vm.queue.appointmentService) == (
        "C", "10:30", "个体工商户登记")
    vm.queue.take("C")
    settle(qtbot, vm)
    assert vm.queue.preselected == "" and vm.queue.appointmentTime == ""  # not kept past the ticket
    assert (vm.queue.number, vm.queue.business) == ("C002", "法人办事")  # the business taken, over its number


def test_the_hall_down_when_looking_up_the_appointment_still_reads_the_card(qtbot: QtBot, chinese: object) -> None:
    class NoLookup(FakeQueue):
        def appointment(self, person: Person) -> Appointment | None:
            raise HallUnavailable("ConnectionError")

    vm = make_vm(queue=NoLookup(), reader=FakeReader(PERSON))
    vm.queue.open()
    settle(qtbot, vm)
    vm.queue.readCard()
    settle(qtbot, vm)
    assert vm.queue.hasPerson and vm.queue.preselected == "" and vm.queue.error == ""


def test_the_hall_down_and_the_printer_out(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(queue=DownHall())
    vm.queue.open()
    settle(qtbot, vm)
    vm.queue.take("A")
    settle(qtbot, vm)
    assert vm.queue.step == "choose" and vm.queue.error == "暂时无法在本机取号，请到服务台咨询。"
    vm = make_vm(queue=FakeQueue(), printer=FakePrinter(PrinterError("The printer is out of paper.")))
    vm.queue.open()
    settle(qtbot, vm)
    vm.queue.take("B")
    settle(qtbot, vm)
    assert vm.queue.number == "B001" and vm.queue.printed == "小票未能打印，请记住您的号码。"


def test_no_hall_node_no_tile(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    assert not vm.queue.available
    vm.queue.open()
    assert vm.queue.error == "本机不提供取号，请到服务台咨询。"


def test_a_hall_with_nothing_to_queue_for_says_so(qtbot: QtBot, chinese: object) -> None:
    class EmptyHall(FakeQueue):
        def businesses(self) -> tuple[str, list[Business]]:
            return "测试大厅", []

    vm = make_vm(queue=EmptyHall())
    vm.queue.open()
    settle(qtbot, vm)
    assert vm.queue.businesses == [] and vm.queue.error == "本大厅现在没有可取号的业务，请到服务台咨询。"  # not a bare list


def test_the_screen_of_a_hall_with_nothing_to_queue_for_shows_only_why(qapp: object, qtbot: QtBot) -> None:
    from kiosk.app import KioskApp
    from tests.helpers.stubs import make_services
    from tests.unit.kiosk.ui import Ui

    class EmptyHall(FakeQueue):
        def businesses(self) -> tuple[str, list[Business]]:
            return "测试大厅", []

    kiosk = KioskApp(make_services(queue=EmptyHall()), idle_timeout_s=600)
    kiosk.show()
    ui = Ui(kiosk, qtbot)
    try:
        kiosk.vm.setLanguage("zh_CN")
        kiosk.vm.queue.open()
        qtbot.waitUntil(lambda: kiosk.vm.queue.error != "", timeout=5000)
        ui.settle()
        shown = {i.property("text") for i in ui.visible() if i.property("text")}
        assert "本大厅现在没有可取号的业务，请到服务台咨询。" in shown
        assert "请点选您要办理的业务" not in shown and not ui.has("queueReadCard")  # nothing to pick, no card to read
    finally:
        kiosk.close()
