"""The display streams' wake-up: a change that comes while a stream is reading is not missed, and a stream
with nothing new keeps waiting (generous bounds: a missed change would hang for an hour)."""
from __future__ import annotations

import asyncio

import pytest

from servicenet.hall.pages import Changes

HOUR = 3600.0


def test_a_change_during_the_read_wakes_the_next_wait_at_once() -> None:
    async def scenario() -> None:
        hub = Changes()
        seen = hub.version
        hub.notify()  # the counter called while the stream was reading the database
        await asyncio.wait_for(hub.wait(seen, HOUR), 10)
        seen = hub.version
        asyncio.get_running_loop().call_later(0.01, hub.notify)
        await asyncio.wait_for(hub.wait(seen, HOUR), 10)

    asyncio.run(scenario())


def test_nothing_new_keeps_waiting() -> None:
    async def scenario() -> None:
        hub = Changes()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(hub.wait(hub.version, HOUR), 0.05)

    asyncio.run(scenario())
