"""A request servicenet refuses, with the HTTP status to answer it with and the words that say why."""
from __future__ import annotations


class Refusal(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
