"""The canonical bytes (domain/wire.py) are exactly json.dumps with sorted keys, no spaces and UTF-8, whatever
the object: the encoder made once must give what a fresh one gives."""
from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import wire

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20)


def dumps(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@given(values)
def test_canonical_is_sorted_compact_utf8_json(obj: Any) -> None:
    assert wire.canonical(obj) == dumps(obj)


def test_canonical_of_what_json_refuses_or_writes_its_own_way() -> None:
    assert wire.canonical({"b": 1, "a": "张\n\x01\u2028\x7f\"\\"}) == dumps({"b": 1, "a": "张\n\x01\u2028\x7f\"\\"})
    assert wire.canonical({2: "int keys", 1: (1, 2)}) == b'{"1":[1,2],"2":"int keys"}'
    assert wire.canonical({"x": 1e16, "y": -0.0, "n": 10**30}) == dumps({"x": 1e16, "y": -0.0, "n": 10**30})
    with pytest.raises(TypeError):
        wire.canonical({"x": object()})


def test_canonical_without_the_c_accelerator(monkeypatch: pytest.MonkeyPatch) -> None:
    obj = {"b": [1, 2.5, None], "a": "张秀英"}
    fast = wire.canonical(obj)
    monkeypatch.setattr(wire, "_FAST", None)
    assert wire.canonical(obj) == fast == dumps(obj)
