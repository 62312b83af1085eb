"""kiosk/updates.py: the update hook restarts the kiosk only at an idle moment (home screen, nothing running,
two looks in a row), and the start-up self-test wants the window up on the first screen."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from kiosk.updates import UpdateHook, startup_check
from sync.updater import RESTART_EXIT


@dataclass
class Ready:
    """An updater with a new build in place: it says "restart" to the first idle tick."""

    enabled: bool = True
    seen: list[bool] = field(default_factory=list)

    def tick(self, idle: bool) -> bool:
        self.seen.append(idle)
        return idle


def test_the_restart_waits_for_the_home_screen_and_nothing_running(qapp: object) -> None:
    vm = SimpleNamespace(screen="form", busy=False)
    updater, quits = Ready(), []
    hook = UpdateHook(updater, vm, quits.append)  # type: ignore[arg-type]  # the updater's two members used
    hook.tick()
    vm.screen = "home"
    vm.busy = True  # a receipt still printing
    hook.tick()
    vm.busy = False
    hook.tick()  # idle once: not yet
    assert quits == [] and updater.seen == [False, False, False]
    hook.tick()
    assert quits == [RESTART_EXIT] and updater.seen[-1] is True


def test_the_start_up_self_test() -> None:
    shown = SimpleNamespace(isVisible=lambda: True)
    assert startup_check(SimpleNamespace(window=shown, vm=SimpleNamespace(screen="home"))) == (True, "")
    assert not startup_check(SimpleNamespace(window=shown, vm=SimpleNamespace(screen="form")))[0]
    assert not startup_check(SimpleNamespace(window=SimpleNamespace(isVisible=lambda: False),
                                             vm=SimpleNamespace(screen="home")))[0]
    assert not startup_check(SimpleNamespace(vm=SimpleNamespace(screen="home")))[0]
