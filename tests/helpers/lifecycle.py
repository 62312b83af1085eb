"""The helpers that run something for a test (a server process, a cluster): `with it:` starts it and stops it on
the way out."""
from __future__ import annotations

from typing import Self


class Started:
    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
