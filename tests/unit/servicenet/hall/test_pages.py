"""The display streams' wake-up: a change that comes while a stream is reading is not missed, and a stream
with nothing new keeps waiting (generous bounds: a missed change would hang for an hour). The resident's ticket
page (the QR on the ticket), on a real hall node: a ticket of an earlier day says it has expired."""
from __future__ import annotations

import asyncio
import time
from datetime import date
from pathlib import Path

import pytest
import requests

from servicenet import db
from servicenet.hall import queue
from servicenet.hall.pages import Changes
from servicenet.process import start_servicenet
from tests.helpers.hall import HallNode

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


def test_a_ticket_of_an_earlier_day_says_it_is_no_longer_valid(tmp_path: Path) -> None:
    """A ticket is good on the day it was taken: yesterday's, left waiting (or called and never ended) when the
    hall closed, is never called today, so its page says so instead of 等候中 or 请到 1 号窗口."""
    net = start_servicenet(f"sqlite:///{tmp_path / 'net.db'}")
    try:
        hall = HallNode.setup(tmp_path, net.url, net.db_url)
        engine = db.make_engine(hall.db_url)
        def yesterday() -> float:
            return time.time() - 86400
        called, waiting = (queue.issue(engine, "A", clock=yesterday) for _ in range(2))
        assert queue.call_next(engine, 1, clock=yesterday) is not None
        today = queue.issue(engine, "A")
        engine.dispose()
        proc = hall.start()
        try:
            for old in (called, waiting):
                page = requests.get(f"{hall.url}/hall/t/{old['ticket_id']}", timeout=10)
                assert page.status_code == 200 and old["number"] in page.text, page.text
                taken = date.fromisoformat(old["day"])
                assert "该号已过期（仅限取号当日有效）" in page.text, page.text
                assert f"取号日期：{taken.year}年{taken.month}月{taken.day}日" in page.text, page.text
                for stale in ("等候中", "已叫号", "前面还有", "号窗口"):
                    assert stale not in page.text, (stale, page.text)
            page = requests.get(f"{hall.url}/hall/t/{today['ticket_id']}", timeout=10)
            assert "等候中" in page.text and "前面还有 <strong>0</strong> 人" in page.text and "过期" not in page.text
        finally:
            proc.stop()
    finally:
        net.stop()
