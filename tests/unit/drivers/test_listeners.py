import logging

from drivers.listeners import Listeners


def test_emit_reaches_each_listener_and_survives_a_failing_one(caplog):
    got: list[int] = []
    listeners: Listeners[int] = Listeners("test")

    def broken(_event: int) -> None:
        raise RuntimeError("boom")

    listeners.add(broken)
    stop = listeners.add(got.append)
    with caplog.at_level(logging.ERROR, logger="drivers.listeners"):
        listeners.emit(1)
    assert got == [1] and "test listener failed" in caplog.text
    stop()
    stop()  # twice is harmless
    listeners.emit(2)
    assert got == [1]
