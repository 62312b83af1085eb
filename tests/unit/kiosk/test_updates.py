"""The kiosk restarts into a new build only at an idle moment (home screen, nothing running: kiosk/restart.py,
which also starts the switch), and a build's start-up self-test wants its window up on the first screen."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from kiosk import boot
from kiosk.updates import startup_check
from sync.updater import RESTART_EXIT


@dataclass
class Switching:
    """An updater with a staged build: the first idle tick starts the switch, the next ones see it done."""

    offered: str = "1.1.1"
    state: str = "staged"
    seen: list[bool] = field(default_factory=list)

    def tick(self, idle: bool) -> bool:
        self.seen.append(idle)
        was, self.state = self.state, "switched"
        return was == "switched"


def test_the_new_build_restarts_the_kiosk_only_at_an_idle_moment(qapp: object) -> None:
    vm = SimpleNamespace(screen="form", busy=False, touches=0)
    updater, quits = Switching(), []
    runtime = SimpleNamespace(remote=None, updater=updater)
    watcher = boot._idle_restart(SimpleNamespace(vm=vm), runtime, SimpleNamespace(idle_restart_after=0.0),
                                 quits.append)
    watcher.stop()
    assert not watcher.check() and updater.seen == []  # a resident's screen: the updater is not even asked
    vm.screen, vm.busy = "home", True  # a receipt still printing
    assert not watcher.check() and updater.seen == []
    vm.busy = False
    assert not watcher.check() and updater.state == "switched"  # idle: the switch starts, no restart yet
    assert watcher.check() and quits == [RESTART_EXIT]  # idle again with the build in place: restart into it


def test_the_start_up_self_test() -> None:
    shown = SimpleNamespace(isVisible=lambda: True)
    assert startup_check(SimpleNamespace(window=shown, vm=SimpleNamespace(screen="home"))) == (True, "")
    assert not startup_check(SimpleNamespace(window=shown, vm=SimpleNamespace(screen="form")))[0]
    assert not startup_check(SimpleNamespace(window=SimpleNamespace(isVisible=lambda: False),
                                             vm=SimpleNamespace(screen="home")))[0]
    assert not startup_check(SimpleNamespace(vm=SimpleNamespace(screen="home")))[0]
