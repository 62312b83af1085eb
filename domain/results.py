"""A result document as the network lists it (批文 / 证明 / 证照 of a finished case) and counts its prints: one
shape for the network's answer (servicenet/results) and the kiosk's reading of it (sync/results.py)."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class ResultDoc:
    doc_code: str  # the public verification code
    pretty: str  # the same, grouped for reading: ABCD-EFGH-JKMN-PQRS
    case_code: str
    kind: str  # 批文 | 证明 | 证照
    title: str
    sha256: str  # of the stamped PDF, as the network signed it
    size: int
    issued_at: str
    print_limit: int
    printed: int  # copies printed so far, at any kiosk

    @property
    def prints_left(self) -> int:
        return max(0, self.print_limit - self.printed)

    def to_wire(self) -> dict[str, object]:
        return {**asdict(self), "prints_left": self.prints_left}

    @classmethod
    def from_wire(cls, d: dict[str, object]) -> ResultDoc:
        return cls(str(d["doc_code"]), str(d["pretty"]), str(d["case_code"]), str(d["kind"]), str(d["title"]),
                   str(d["sha256"]), int(str(d["size"])), str(d["issued_at"]), int(str(d["print_limit"])),
                   int(str(d["printed"])))
