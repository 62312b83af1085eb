"""kiosk/staff/supervision.py: the audit wrappers record what they must (never who), and every layer of the
services stack (the wrappers and the case book under them) writes out each method of its Protocol (nothing is inherited from the Protocol's stubs or
forwarded by __getattr__)."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest

from drivers.base import CardReader, NoCard
from kiosk.services import CaseService
from kiosk.staff.supervision import RememberingReader, SupervisedCases, SupervisedReader
from sync.cases import CaseBook
from tests.helpers.stubs import PERSON, FakeReader


def protocol_methods(protocol: type) -> set[str]:
    return {n for n, v in vars(protocol).items() if inspect.isfunction(v) and not n.startswith("_")}


@pytest.mark.parametrize(("wrapper", "protocol"), [(SupervisedCases, CaseService), (CaseBook, CaseService),
                                                   (SupervisedReader, CardReader), (RememberingReader, CardReader)])
def test_each_layer_writes_out_its_protocol(wrapper: type, protocol: type) -> None:
    missing = {n for n in protocol_methods(protocol) if n not in vars(wrapper)}
    assert not missing, f"{wrapper.__name__} lacks {sorted(missing)}"
    assert not hasattr(wrapper, "__getattr__")


def test_card_reads_are_recorded_without_the_person() -> None:
    records: list[tuple[str, str, dict[str, Any]]] = []

    def record(step: str, actor: str = "", **detail: Any) -> None:
        records.append((step, actor, detail))

    assert SupervisedReader(FakeReader(PERSON), record).read_person(1.0) == PERSON
    with pytest.raises(NoCard):
        SupervisedReader(FakeReader(None), record).read_person(0.1)
    assert records == [("card_read", "", {"ok": True, "source": PERSON.source}),
                       ("card_read", "", {"ok": False, "error": "NoCard"})]
    assert PERSON.name not in repr(records) and PERSON.id_number not in repr(records)


def test_no_getattr_in_the_services_stack() -> None:
    """No class forwards attributes through __getattr__ (a module's PEP 562 __getattr__, as kiosk.qt's lazy Qt
    names, forwards nothing of an object)."""
    root = Path(__file__).resolve().parents[4]
    for package in ("kiosk", "sync", "drivers"):
        for path in (root / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
                names = {f.name for f in cls.body if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)}
                assert "__getattr__" not in names, f"{path}: {cls.name}"
