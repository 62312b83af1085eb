"""The idle restart: only on an untouched home screen, only when something waits, once."""
from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.restart import IdleRestart


@dataclass
class Vm:
    screen: str = "home"
    busy: bool = False
    touches: int = 0


@dataclass
class Clock:
    t: float = 1000.0

    def __call__(self) -> float:
        return self.t


@dataclass
class Waiting:
    keys: list[str] = field(default_factory=list)

    def __call__(self) -> list[str]:
        return list(self.keys)


def make(qapp) -> tuple[IdleRestart, Vm, Clock, Waiting, list[list[str]]]:
    vm, clock, waiting, restarts = Vm(), Clock(), Waiting(), []
    return IdleRestart(vm, waiting, restarts.append, quiet_s=60, clock=clock), vm, clock, waiting, restarts


def test_restarts_once_after_a_quiet_spell_with_a_change_waiting(qapp) -> None:
    watch, vm, clock, waiting, restarts = make(qapp)
    assert not watch.check()  # nothing waits
    clock.t += 300
    assert not watch.check()
    waiting.keys = ["idle_timeout"]
    assert not watch.check()  # the change just came: its beat reports it pending first
    clock.t += 59
    assert not watch.check()
    clock.t += 2
    assert watch.check() and restarts == [["idle_timeout"]]
    clock.t += 100
    assert not watch.check() and len(restarts) == 1


def test_a_resident_at_the_kiosk_puts_it_off(qapp) -> None:
    watch, vm, clock, waiting, restarts = make(qapp)
    waiting.keys = ["voice"]
    watch.check()
    clock.t += 50
    vm.screen = "identify"  # someone starts
    assert not watch.check()
    clock.t += 100
    vm.screen = "home"
    assert not watch.check()  # home again: the quiet spell starts now
    clock.t += 30
    vm.busy = True  # printing, sending …
    assert not watch.check()
    vm.busy = False
    clock.t += 30
    assert not watch.check()
    clock.t += 61
    assert watch.check() and restarts == [["voice"]]


def test_a_touch_on_the_home_screen_puts_it_off(qapp) -> None:
    """A resident choosing a language or elderly mode, or reading the tiles, is on the home screen too."""
    watch, vm, clock, waiting, restarts = make(qapp)
    waiting.keys = ["release 1.1.0"]
    watch.check()
    clock.t += 59
    vm.touches += 1  # 适老模式 switched on, still at home
    assert not watch.check()
    clock.t += 30
    assert not watch.check()  # the quiet spell started again at the touch
    clock.t += 31
    assert watch.check() and restarts == [["release 1.1.0"]]


def test_the_kiosks_own_view_model_counts_a_touch_on_the_home_screen(qapp) -> None:
    from kiosk.viewmodels import KioskViewModel
    from tests.helpers.stubs import make_services

    vm, clock, restarts = KioskViewModel(make_services()), Clock(), []
    watch = IdleRestart(vm, lambda: ["voice"], restarts.append, quiet_s=60, clock=clock)
    watch.check()
    clock.t += 59
    vm.toggleElderly()  # on the home screen: the touch watcher calls touched() for it
    vm.touched()
    assert not watch.check()
    clock.t += 59
    assert not watch.check() and restarts == []
