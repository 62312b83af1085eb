from hypothesis import given, strategies as st
import pytest

from domain.status import ALLOWED, CaseStatus, IllegalTransition, check_move


@given(st.lists(st.sampled_from(list(CaseStatus)), max_size=12))
def test_any_walk_of_allowed_moves_ends_in_a_known_state(steps):
    state = CaseStatus.SUBMITTED
    for nxt in steps:
        if nxt in ALLOWED[state]:
            check_move(state, nxt)
            state = nxt
        else:
            with pytest.raises(IllegalTransition):
                check_move(state, nxt)
    assert state in CaseStatus


def test_final_states_have_no_way_out():
    assert not ALLOWED[CaseStatus.COMPLETED]
    assert not ALLOWED[CaseStatus.REJECTED]


def test_happy_path():
    path = [CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.COMPLETED]
    for a, b in zip(path, path[1:]):
        check_move(a, b)
