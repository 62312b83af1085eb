from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import regcode
from sync.regseq import CodeIssuer, CodesExhausted


def take(c, issuer: CodeIssuer, day: date) -> str:
    """Issue a code and store its case (the way a code is taken), with only the columns a case needs."""
    code = issuer.issue(c, day)
    c.execute("INSERT INTO cases(code, service_code, service_name, applicant_masked_name, applicant_masked_id, "
              "submitted_at, status) VALUES(?, 'S1', '居民身份证换领', '张*', '', '', 'submitted')", (code,))
    return code


def test_codes_are_sequential_per_day_and_valid(store):
    issuer = CodeIssuer("440105", 12)
    with store.tx() as c:
        a = take(c, issuer, date(2026, 11, 26))
        b = take(c, issuer, date(2026, 11, 26))
        other_day = take(c, issuer, date(2026, 11, 27))
    assert regcode.is_valid(a) and regcode.is_valid(b)
    assert a[15:19] == "0001" and b[15:19] == "0002" and other_day[15:19] == "0001"
    assert a[6:9] == "012"


def test_issuing_writes_nothing_and_a_code_is_taken_by_its_case(store):
    """The enqueue's transaction writes no counter row: the next code is read from the cases key, so issuing twice
    before a case is stored gives the same code, and another device's codes in the same file do not count."""
    issuer = CodeIssuer("440105", 3)
    with store.tx() as c:
        take(c, CodeIssuer("440105", 4), date(2026, 11, 26))  # device 004's case, same file (a re-enrolled kiosk)
        changes = c.total_changes
        first = issuer.issue(c, date(2026, 11, 26))
        assert c.total_changes == changes
        assert issuer.issue(c, date(2026, 11, 26)) == first and first[15:19] == "0001"
        assert take(c, issuer, date(2026, 11, 26)) == first
        assert issuer.issue(c, date(2026, 11, 26))[15:19] == "0002"
        assert c.execute("SELECT COUNT(*) FROM code_seq").fetchone()[0] == 0


def test_a_floor_from_the_network_is_numbered_past(store):
    """A kiosk rebuilt from the network (sync.salvage.raise_sequences) has floors in code_seq: the next code goes
    past the floor of its day, and a later floor day is the high-water mark."""
    issuer = CodeIssuer("440105", 1)
    with store.tx() as c:
        c.execute("INSERT INTO code_seq(day, seq) VALUES('2026-11-26', 40)")
        assert issuer.issue(c, date(2026, 11, 26))[15:19] == "0041"
        take(c, issuer, date(2026, 11, 26))
        assert issuer.issue(c, date(2026, 11, 26))[15:19] == "0042"
        c.execute("INSERT INTO code_seq(day, seq) VALUES('2026-11-28', 5)")
        assert issuer.issue(c, date(2026, 11, 27))[9:19] == "2611280006"


def test_rolled_back_code_is_reused(store):
    issuer = CodeIssuer("440105", 1)
    with pytest.raises(RuntimeError):
        with store.tx() as c:
            take(c, issuer, date(2026, 1, 1))
            raise RuntimeError("crash before commit")
    with store.tx() as c:
        assert issuer.issue(c, date(2026, 1, 1))[15:19] == "0001"


def test_exhausted(store):
    issuer = CodeIssuer("440105", 1)
    with store.tx() as c:
        c.execute("INSERT INTO code_seq(day, seq) VALUES('2026-01-01', 9998)")
        assert take(c, issuer, date(2026, 1, 1))[15:19] == "9999"
    with pytest.raises(CodesExhausted):
        with store.tx() as c:
            issuer.issue(c, date(2026, 1, 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-400, 400), min_size=1, max_size=40))
def test_a_clock_that_jumps_backwards_never_reissues_a_code(tmp_path_factory, jumps):
    """The kiosk's clock wanders (power loss, no RTC battery): codes stay unique and their days never go back."""
    from sync.store import Store

    store = Store(tmp_path_factory.mktemp("codes") / "k.db")
    try:
        issuer = CodeIssuer("440105", 7)
        day = date(2026, 11, 26)
        issued = []
        for jump in jumps:
            day = day + timedelta(days=jump)
            with store.tx() as c:
                issued.append(take(c, issuer, day))
        assert len(set(issued)) == len(issued)
        days = [c[9:15] for c in issued]
        assert days == sorted(days)  # YYMMDD of the issue day: never below the high-water mark
        assert all(regcode.is_valid(c) for c in issued)
    finally:
        store.close()


@given(st.integers(1, 999), st.integers(1, 999), st.integers(1, 9999), st.integers(1, 9999))
def test_two_kiosks_at_the_same_second_never_collide(a, b, seq_a, seq_b):
    day = date(2026, 11, 26)
    if a != b:
        assert regcode.make("440105", a, day, seq_a) != regcode.make("440105", b, day, seq_b)


def test_high_water_survives_a_restart(tmp_path):
    from sync.store import Store

    store = Store(tmp_path / "k.db")
    with store.tx() as c:
        take(c, CodeIssuer("440105", 1), date(2026, 11, 26))
    store.close()
    store = Store(tmp_path / "k.db")
    with store.tx() as c:  # the RTC battery died: the clock says 2000-01-01
        code = CodeIssuer("440105", 1).issue(c, date(2000, 1, 1))
    store.close()
    assert code[9:19] == "2611260002"


def test_a_salvage_reserve_goes_on_the_day_the_next_code_is_issued(store):
    """A kiosk rebuilt with its clock behind the codes it already issued: the reserve for the lost ones is added on
    the high-water day, where the next code comes from, not on the clock's day."""
    from sync.salvage import raise_sequences

    issuer = CodeIssuer("440105", 1)
    known = regcode.make("440105", 1, date(2026, 11, 28), 7)  # the highest code that survived
    with store.tx() as c:
        raise_sequences(c, [known], date(2026, 11, 26), reserve=500)  # the clock says two days earlier
        assert issuer.issue(c, date(2026, 11, 26))[9:19] == "2611280508"
