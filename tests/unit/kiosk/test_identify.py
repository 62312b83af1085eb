"""Identify with a real ResidentIdReader on a SAM pty (drivers.sim.sam_reader): an expired card is accepted by the
services that say so (居民身份证换领: 到期换领) and refused with a clear message by the others."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from drivers.idcard.sam import ResidentIdReader
from drivers.sim.sam_reader import SamReaderSim, SimIdCard
from kiosk.services import Services
from kiosk.viewmodels import KioskViewModel
from tests.helpers.stubs import ITEMS, NOW, FakeCases, FakeCatalogue, FakePrinter
from tests.unit.kiosk.flow import settle

RENEWAL = replace(ITEMS[0], name="居民身份证换领", accepts_expired_card=True)
PENSION = ITEMS[1]
EXPIRED = SimIdCard.sample().replace(valid_from=date(2005, 6, 1), valid_to=date(2025, 6, 1))  # NOW is 2025-11-26


@pytest.fixture
def vm() -> Iterator[tuple[KioskViewModel, SamReaderSim]]:
    with SamReaderSim(EXPIRED) as sim, ResidentIdReader(sim.device_path, poll_interval=0.05,
                                                        answer_timeout=0.5) as reader:
        services = Services(catalogue=FakeCatalogue((RENEWAL, PENSION)), cases=FakeCases(), reader=reader,
                            printer=FakePrinter(), clock=lambda: NOW)
        yield KioskViewModel(services), sim


def identify_for(qtbot: QtBot, vm: KioskViewModel, code: str, *, on_behalf: bool = False) -> None:
    vm.catalogue.select(code)
    settle(qtbot, vm)
    vm.startApplication()
    vm.identify.forOther() if on_behalf else vm.identify.forSelf()
    vm.identify.readCard()
    qtbot.waitUntil(lambda: not vm.identify.reading, timeout=5000)


def test_an_expired_card_renews_the_card(qtbot: QtBot, chinese: object,
                                         vm: tuple[KioskViewModel, SamReaderSim]) -> None:
    kiosk, _sim = vm
    identify_for(qtbot, kiosk, RENEWAL.code)
    assert kiosk.screen == "form" and kiosk.identify.error == ""
    assert kiosk.form.valueOf("name") == EXPIRED.name and kiosk.form.valueOf("id_number") == EXPIRED.id_number


def test_an_expired_card_is_refused_elsewhere_with_the_date(qtbot: QtBot, chinese: object,
                                                            vm: tuple[KioskViewModel, SamReaderSim]) -> None:
    kiosk, _sim = vm
    identify_for(qtbot, kiosk, PENSION.code)
    assert kiosk.screen == "identify" and not kiosk.identify.hasPerson
    assert "2025-06-01" in kiosk.identify.error and "有效" in kiosk.identify.error


def test_an_agent_needs_a_valid_card_even_for_a_renewal(qtbot: QtBot, chinese: object,
                                                        vm: tuple[KioskViewModel, SamReaderSim]) -> None:
    kiosk, _sim = vm
    identify_for(qtbot, kiosk, RENEWAL.code, on_behalf=True)
    assert kiosk.screen == "identify" and kiosk.identify.agentMaskedName == ""
    assert "2025-06-01" in kiosk.identify.error
