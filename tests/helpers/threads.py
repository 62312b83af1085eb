"""Calls made at once from several threads, for tests of what must stay unique under concurrency."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

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
