"""The confirm screen offers only the ways of collecting the result that the service's catalogue entry lists (real
QML, offscreen): a card (居民身份证) is never 自助终端打印; a service with one way asks nothing and says which; a
service that lists none offers all three, as before items said which."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from domain.models import ServiceItem
from kiosk.app import KioskApp
from kiosk.qt import QGuiApplication
from tests.helpers.stubs import PERSON, FakeCamera, FakeCases, FakeReader, FakeSlipPrinter, make_services
from tests.unit.kiosk.flow import ID_CARD_ITEM, PENSION_ITEM, fill_valid, settle, to_confirm, to_form
from tests.unit.kiosk.ui import Ui

SHOTS = Path(__file__).resolve().parents[3] / "out" / "screens" / "delivery"
CARD = replace(ID_CARD_ITEM, delivery_methods=("window", "post"))  # a card: handed over or posted, never printed
ONE_WAY = replace(PENSION_ITEM, delivery_methods=("window",))
OLD = replace(ID_CARD_ITEM, code=ID_CARD_ITEM.code[:-1] + "9", name="居民身份证补领（旧目录）")  # lists none
METHODS = ("window", "kiosk", "post")
# all three ways, on a form that asks no address: a kiosk posts to the form's, so it cannot post this one
NO_ADDRESS = replace(PENSION_ITEM, code=PENSION_ITEM.code[:-1] + "8", name="生育登记（表单无地址）", form_schema={
    **PENSION_ITEM.form_schema, "x-order": [f for f in PENSION_ITEM.form_schema["x-order"] if f != "address"],
    "properties": {k: v for k, v in PENSION_ITEM.form_schema["properties"].items() if k != "address"}})


@pytest.fixture
def kiosk(qapp: QGuiApplication, qtbot: QtBot) -> Iterator[tuple[KioskApp, FakeCases]]:
    cases = FakeCases()
    app = KioskApp(make_services(cases=cases, printer=FakeSlipPrinter(), reader=FakeReader(PERSON),
                                 items=(CARD, ONE_WAY, OLD, NO_ADDRESS)),
                   idle_timeout_s=600, camera=FakeCamera())
    app.show()
    try:
        yield app, cases
    finally:
        app.close()


def at_confirm(qtbot: QtBot, app: KioskApp, item: ServiceItem, said: str = "") -> Ui:
    """Through the guide (which lists the item's ways: `said`) and the form to the confirm screen."""
    ui = Ui(app, qtbot)
    app.vm.catalogue.open(item.category)
    settle(qtbot, app.vm)
    app.vm.catalogue.select(item.code)
    ui.settle()
    assert app.vm.screen == "guide" and ui.text_of("guideDelivery") == said
    if item is CARD:
        app.grab(SHOTS / "guide-card.png")
    to_form(qtbot, app.vm, item)
    fill_valid(app.vm)
    to_confirm(qtbot, app.vm)
    ui.settle()
    return ui


def shown(ui: Ui) -> list[str]:
    return [m for m in METHODS if ui.has("delivery_" + m)]


def submitted(qtbot: QtBot, app: KioskApp, ui: Ui, cases: FakeCases) -> str:
    ui.tap("submitButton")
    settle(qtbot, app.vm)
    assert app.vm.screen == "receipt"
    return str(cases.applications[app.vm.receipt.code].delivery)


def test_a_card_is_not_offered_for_print_at_a_kiosk(kiosk: tuple[KioskApp, FakeCases], qtbot: QtBot,
                                                     chinese: object) -> None:
    app, cases = kiosk
    ui = at_confirm(qtbot, app, CARD, "窗口领取、邮寄")
    assert shown(ui) == ["window", "post"] and ui.text_of("deliveryQuestion") == "结果领取方式"
    app.grab(SHOTS / "confirm-card.png")
    app.vm.confirm.chooseDelivery("kiosk")  # a slot called with what the screen does not show: ignored
    assert app.vm.confirm.delivery == "window"
    ui.tap("delivery_post")
    assert app.vm.confirm.delivery == "post" and ui.problems() == []
    assert submitted(qtbot, app, ui, cases) == "post"


def test_one_way_only_asks_nothing(kiosk: tuple[KioskApp, FakeCases], qtbot: QtBot, chinese: object) -> None:
    app, cases = kiosk
    ui = at_confirm(qtbot, app, ONE_WAY, "窗口领取")
    assert shown(ui) == [] and ui.text_of("deliveryQuestion") == "本事项的结果领取方式：窗口领取"
    assert ui.problems() == []
    app.grab(SHOTS / "confirm-one-way.png")
    assert submitted(qtbot, app, ui, cases) == "window"


def test_an_item_that_lists_none_offers_all_three(kiosk: tuple[KioskApp, FakeCases], qtbot: QtBot,
                                                  chinese: object) -> None:
    app, cases = kiosk
    ui = at_confirm(qtbot, app, OLD, "窗口领取、自助终端打印、邮寄")
    assert shown(ui) == list(METHODS)
    ui.tap("delivery_kiosk")
    assert submitted(qtbot, app, ui, cases) == "kiosk"


def test_the_guide_lists_the_ways_in_landscape_too(qapp: QGuiApplication, qtbot: QtBot, chinese: object) -> None:
    app = KioskApp(make_services(items=(CARD,)), orientation="landscape", idle_timeout_s=600, camera=FakeCamera())
    app.show()
    try:
        ui = Ui(app, qtbot)
        app.vm.catalogue.open(CARD.category)
        settle(qtbot, app.vm)
        app.vm.catalogue.select(CARD.code)
        ui.settle()
        assert ui.text_of("guideDelivery") == "窗口领取、邮寄" and ui.problems() == []
        app.grab(SHOTS / "guide-card-landscape.png")
    finally:
        app.close()


def test_a_form_without_an_address_offers_no_post(kiosk: tuple[KioskApp, FakeCases], qtbot: QtBot,
                                                  chinese: object) -> None:
    """邮寄 there would only say 'fill in your address on the form', a field the form does not have."""
    app, cases = kiosk
    ui = at_confirm(qtbot, app, NO_ADDRESS, "窗口领取、自助终端打印、邮寄")
    assert shown(ui) == ["window", "kiosk"] and ui.problems() == []
    app.vm.confirm.chooseDelivery("post")
    assert app.vm.confirm.delivery == "window" and app.vm.confirm.error == ""
    ui.tap("delivery_kiosk")
    assert submitted(qtbot, app, ui, cases) == "kiosk"
