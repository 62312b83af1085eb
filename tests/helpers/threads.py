"""Calls made at once from several threads, for tests of what must stay unique under concurrency."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def from_threads(call: Callable[[], T], threads: int, each: int) -> list[T]:
    """Start `threads` threads that each call `call` `each` times; every answer, in the order they came."""
    got: list[T] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(each):
            answer = call()
            with lock:
                got.append(answer)

    workers = [threading.Thread(target=take) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return got


def both_read_first(engine: Any, insert_into: str, calls: list[Callable[[], T]], timeout: float = 3.0) -> list[T]:
    """Run `calls` in threads of their own, each held just before its INSERT INTO `insert_into` until every one
    has got there: so each has read what it reads before any of them writes (the race of two kiosks, two
    residents or two clerks at the same moment). A call a lock keeps from getting there is waited for no longer
    than `timeout`. Every answer, in the order they came."""
    import sqlalchemy as sa

    meet = threading.Barrier(len(calls), timeout=timeout)
    prefix = f"INSERT INTO {insert_into}".upper()

    def hold(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith(prefix):
            try:
                meet.wait()
            except threading.BrokenBarrierError:
                pass

    sa.event.listen(engine, "before_cursor_execute", hold)
    try:
        got: list[T] = []
        workers = [threading.Thread(target=lambda c=c: got.append(c())) for c in calls]
        for t in workers:
            t.start()
        for t in workers:
            t.join(60)
        return got
    finally:
        sa.event.remove(engine, "before_cursor_execute", hold)
