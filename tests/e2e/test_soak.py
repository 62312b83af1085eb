"""Visits leave nothing behind: after a few warm-up visits, more of them do not grow what the kiosk keeps
alive (our Python objects by class, the window's QObjects, the visual tree). The count is of objects, not of
time or bytes, so a busy machine cannot make it fail and a real leak cannot hide in noise. bench/soak.py
measures the RSS of 1,000 visits."""
from __future__ import annotations

import pytest

from bench.soak import session
from kiosk import walkthrough
from kiosk.camera import FileCamera
from kiosk.qt import QCoreApplication
from tests.e2e.kiosk_rig import kiosk_rig
from tests.helpers.leaks import census, leaks


def quiet(rig) -> None:
    """Every case sent and acknowledged: the sync thread holds no row of its own while we count."""
    outbox = rig.runtime.engine.outbox
    walkthrough.wait_until(lambda: set(outbox.depth()) <= {"accepted"}, timeout=30, what="the queue to drain")


@pytest.mark.e2e
def test_visits_leave_nothing_alive_and_the_count_sees_a_leak(qapp, tmp_path, shots, monkeypatch) -> None:
    with kiosk_rig(tmp_path, shots, camera=FileCamera()) as rig:
        rig.walk.pause = 0.0
        for _ in range(2):  # warm: every screen built once, caches filled
            session(rig.walk)
        quiet(rig)
        before = census(rig.kiosk)
        codes = [session(rig.walk) for _ in range(3)]
        quiet(rig)
        after = census(rig.kiosk)
        assert len(set(codes)) == 3 and rig.kiosk.vm.screen == "home"
        assert leaks(before, after, visits=3) == {}

        # The same visits, driven without running deferred deletes (what a script outside the event loop
        # does by default): every replaced screen stays alive, and the census must say so.
        monkeypatch.setattr(walkthrough, "pump", QCoreApplication.processEvents)
        session(rig.walk)
        grown = leaks(after, census(rig.kiosk), visits=1)
        monkeypatch.undo()
        assert "Qt: QObjects in the window" in grown, grown
