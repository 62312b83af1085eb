"""What servicenet takes at once: 413 past the batch limit, 429 + Retry-After past the in-flight bound, and the
kiosk's client reading both the way sync/engine.py expects (split the batch; wait at least Retry-After)."""
from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from servicenet.limits import Backpressure
from servicenet.process import start_servicenet
from sync.client import BatchRejected, NetClient, RetryLater
from tests.helpers.enroll import signed
from tests.helpers.servicenet_proc import sqlite_url

MakeCase = Callable[..., dict[str, Any]]


def _scope(path: str) -> dict[str, Any]:
    return {"type": "http", "path": path, "method": "GET", "headers": []}


def test_backpressure_sheds_past_the_bound() -> None:
    release = asyncio.Event()

    async def slow(scope: Any, receive: Any, send: Any) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def main() -> tuple[list[dict[str, Any]], Backpressure]:
        guard = Backpressure(slow, max_inflight=2, retry_after=3, rng=lambda: 0.0)
        sent: list[dict[str, Any]] = []

        async def call(path: str) -> None:
            async def send(msg: dict[str, Any]) -> None:
                sent.append({"path": path, **msg})
            await guard(_scope(path), None, send)

        held = [asyncio.create_task(call("/v1/catalogue")) for _ in range(2)]
        await asyncio.sleep(0)
        await call("/v1/cases/batch")  # the third at once: shed
        probe = asyncio.create_task(call("/v1/health"))  # never shed: up-but-busy is not down
        page = asyncio.create_task(call("/web"))  # residents' pages are not counted
        download = asyncio.create_task(call("/v1/releases/t/files/x"))  # nor a release file's long download
        clerk = asyncio.create_task(call("/v1/backoffice/kiosks"))  # nor anything a person waits on
        resident = asyncio.create_task(call("/v1/results"))
        await asyncio.sleep(0)
        assert guard.inflight == 2
        release.set()
        await asyncio.gather(*held, probe, page, download, clerk, resident)
        assert guard.inflight == 0
        return sent, guard

    sent, guard = asyncio.run(main())
    starts = [(m["path"], m["status"], dict(m["headers"])) for m in sent if m["type"] == "http.response.start"]
    shed = [s for s in starts if s[1] == 429]
    assert shed == [("/v1/cases/batch", 429, shed[0][2])] and shed[0][2][b"retry-after"] == b"3"
    assert sorted(s[0] for s in starts if s[1] == 200) == ["/v1/backoffice/kiosks", "/v1/catalogue",
                                                              "/v1/catalogue", "/v1/health",
                                                              "/v1/releases/t/files/x", "/v1/results", "/web"]
    assert guard.shed == 1


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _call(guard: Backpressure, path: str = "/v1/cases/batch") -> Any:
    """Run one request through the guard; returns (status, headers) of its answer."""
    async def go() -> tuple[int, dict[bytes, bytes]]:
        sent: list[dict[str, Any]] = []

        async def send(msg: dict[str, Any]) -> None:
            sent.append(msg)
        await guard(_scope(path), None, send)
        return sent[0]["status"], dict(sent[0]["headers"])
    return go()


def test_a_request_waits_for_a_slot_when_the_wait_fits_the_budget() -> None:
    clock = _Clock()
    gates: list[asyncio.Event] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        gate = asyncio.Event()
        gates.append(gate)
        await gate.wait()
        clock.now += 0.01
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def main() -> list[tuple[int, dict[bytes, bytes]]]:
        guard = Backpressure(app, max_inflight=1, budget=1.0, clock=clock, rng=lambda: 0.0)
        first = asyncio.create_task(_call(guard))
        await asyncio.sleep(0)
        gates[0].set()
        answers = [await first]  # the worker now knows its service time: 10 ms
        held = asyncio.create_task(_call(guard))
        await asyncio.sleep(0)
        queued = asyncio.create_task(_call(guard))  # the only slot is taken: 10 ms of wait fits 1 s
        await asyncio.sleep(0)
        assert len(guard.waiting) == 1 and guard.shed == 0
        guard.service = 0.6  # were the service slower, a second waiter (1.2 s) would not fit: shed at once
        answers.append(await _call(guard))
        guard.service = 0.01
        clock.now += 0.05
        gates[1].set()
        answers.append(await held)
        await asyncio.sleep(0)
        gates[2].set()  # the waiter got the slot of the request that finished
        answers.append(await queued)
        assert guard.inflight == 0 and not guard.waiting
        return answers

    first, shed, held, queued = asyncio.run(main())
    assert [first[0], shed[0], held[0], queued[0]] == [200, 429, 200, 200]
    assert shed[1][b"retry-after"] == b"1"  # the least (rng 0.0)
    assert queued[1][b"server-timing"].startswith(b"queue;dur=60.0, total;dur=")  # its wait, seen by the bench


def test_the_in_flight_limit_follows_the_latency_budget() -> None:
    clock = _Clock()
    took = [0.2]

    async def app(scope: Any, receive: Any, send: Any) -> None:
        clock.now += took[0]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = Backpressure(app, max_inflight=64, budget=0.1, clock=clock)
    assert guard.slots() == 2  # to start with (slow start: it grows while requests come back within budget)
    asyncio.run(_call(guard))  # one at a time, twice the budget: one at once is all the budget holds
    assert guard.slots() == 1
    took[0] = 0.01
    for _ in range(10):  # within budget: back up by 1/limit each, but only while half of it is in use:
        asyncio.run(_call(guard))  # one request at a time does not open it to a burst
    assert guard.limit == 2.5 and guard.slots() == 2


def test_a_burst_over_budget_cuts_the_limit_once() -> None:
    clock = _Clock()
    gate = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await gate.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def main() -> Backpressure:
        guard = Backpressure(app, max_inflight=64, budget=0.5, clock=clock, start=64)
        burst = [asyncio.create_task(_call(guard)) for _ in range(10)]
        await asyncio.sleep(0)
        clock.now += 1.0  # all ten take twice the budget
        gate.set()
        await asyncio.gather(*burst)
        return guard

    guard = asyncio.run(main())
    assert guard.slots() == 5  # 10 at once x 0.5 s / 1 s, from the first answer; the nine others ran
    # under the old limit and say nothing new about the present one


def test_slow_start_a_burst_on_an_idle_worker_runs_two_and_the_limit_grows_within_budget() -> None:
    clock = _Clock()
    gate = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await gate.wait()
        await asyncio.sleep(0)  # the other request of a pair is admitted meanwhile
        clock.now += 0.01
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def main() -> tuple[list[tuple[int, dict[bytes, bytes]]], Backpressure]:
        guard = Backpressure(app, max_inflight=64, budget=0.1, clock=clock)
        burst = [asyncio.create_task(_call(guard)) for _ in range(10)]
        await asyncio.sleep(0)
        gate.set()
        answers = await asyncio.gather(*burst)
        for _ in range(4):  # two at a time, each within budget: the limit opens
            await asyncio.gather(_call(guard), _call(guard))
        return answers, guard

    answers, guard = asyncio.run(main())
    assert sorted(a[0] for a in answers) == [200] * 2 + [429] * 8  # no history yet: nothing queues either
    assert guard.limit > 3


def test_retry_after_is_spread_over_three_seconds_from_its_value_so_a_herd_comes_back_spread_out() -> None:
    draws = iter([0.0, 0.5, 0.99])
    guard = Backpressure(lambda *a: None, max_inflight=1, retry_after=4, rng=lambda: next(draws))
    assert [guard.retry_after_now() for _ in range(3)] == [4, 5, 6]
    assert Backpressure(lambda *a: None).retry_after_now() in (1, 2, 3)  # the default: back within 1 to 3 s


def _hold_the_slot(host: str, port: int, path: str = "/v1/catalogue") -> socket.socket:
    """A request whose body is still on the way: it holds a slot of its lane until the socket closes. Sent while
    nothing else is in flight (a request that arrives while the only slot is taken is itself shed: try again)."""
    for _ in range(20):
        hold = socket.create_connection((host, port), timeout=5)
        hold.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n".encode()
                     + b"Content-Length: 100\r\n\r\n{\"cases\":")
        hold.settimeout(0.3)
        try:
            answer = hold.recv(100)
        except TimeoutError:
            return hold  # no answer: it is in flight, waiting for the rest of its body
        hold.close()
        assert b" 429 " in answer, answer
    raise AssertionError("could not hold the slot")


def test_a_real_server_sheds_and_the_kiosk_client_waits(tmp_path: Path) -> None:
    with start_servicenet(sqlite_url(tmp_path / "sn.db"), extra_args=["--max-inflight", "1"]) as sn:
        net = signed(sn)
        client = NetClient(sn.url)
        client._session.auth = net.auth
        assert client.catalogue_page(0).cursor == 20
        with _hold_the_slot(sn.host, sn.port):
            with pytest.raises(RetryLater) as busy:
                client.catalogue_page(0)
            assert busy.value.status == 429 and busy.value.retry_after in (1.0, 2.0, 3.0)  # from [1, 1 + 3)
            assert client.health()  # the probe is never shed
        deadline = time.monotonic() + 10
        while True:  # the slot is free again once the server has seen the held connection close
            try:
                assert client.catalogue_page(0).cursor == 20
                break
            except RetryLater:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        client.close()


def test_a_batch_in_flight_takes_the_batch_lane_only(tmp_path: Path) -> None:
    with start_servicenet(sqlite_url(tmp_path / "sn.db")) as sn:  # the default: one batch at once per worker
        net = signed(sn)
        client = NetClient(sn.url)
        client._session.auth = net.auth
        with _hold_the_slot(sn.host, sn.port, "/v1/cases/batch"):
            with pytest.raises(RetryLater) as busy:  # a second batch: its lane is full (no history: no queue)
                client.post_cases([b"{}"])
            assert busy.value.status == 429
            assert client.catalogue_page(0).cursor == 20  # the kiosk's reads go on meanwhile
        client.close()


def test_a_batch_past_the_limit_is_413_and_the_kiosk_splits(servicenet_module: Any, make_case: MakeCase) -> None:
    client = NetClient(servicenet_module.url)
    client._session.auth = servicenet_module.auth
    bodies = [json.dumps(make_case(700 + i)).encode() for i in range(101)]
    with pytest.raises(BatchRejected) as refused:
        client.post_cases(bodies)
    assert refused.value.status == 413 and "at most 100" in str(refused.value)
    assert [r["result"] for r in client.post_cases(bodies[:100])] == ["created"] * 100
    client.close()
