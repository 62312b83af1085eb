from datetime import date

import pytest

from domain import codes
from sync.codes import CodeIssuer, CodesExhausted


def test_codes_are_sequential_per_day_and_valid(store):
    issuer = CodeIssuer("440105", 12)
    with store.tx() as c:
        a = issuer.issue(c, date(2026, 11, 26))
        b = issuer.issue(c, date(2026, 11, 26))
        other_day = issuer.issue(c, date(2026, 11, 27))
    assert codes.is_valid(a) and codes.is_valid(b)
    assert a[15:19] == "0001" and b[15:19] == "0002" and other_day[15:19] == "0001"
    assert a[6:9] == "012"


def test_rolled_back_code_is_reused(store):
    issuer = CodeIssuer("440105", 1)
    with pytest.raises(RuntimeError):
        with store.tx() as c:
            issuer.issue(c, date(2026, 1, 1))
            raise RuntimeError("crash before commit")
    with store.tx() as c:
        assert issuer.issue(c, date(2026, 1, 1))[15:19] == "0001"


def test_exhausted(store):
    with store.tx() as c:
        c.execute("INSERT INTO code_seq(day, seq) VALUES('2026-01-01', 9999)")
    with pytest.raises(CodesExhausted):
        with store.tx() as c:
            CodeIssuer("440105", 1).issue(c, date(2026, 1, 1))
