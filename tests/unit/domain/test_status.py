from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.status import (
    ALLOWED,
    EDITABLE,
    SYNC_ALLOWED,
    CaseStatus,
    EventKind,
    IllegalTransition,
    SyncState,
    can_sync_move,
    check_move,
    check_sync_move,
    event_key,
)


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
    for a, b in pairwise(path):
        check_move(a, b)


# -- the outbox's sync state machine ---------------------------------------------------------------------------


def reachable(start: SyncState) -> set[SyncState]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in SYNC_ALLOWED[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_every_sync_state_is_reachable_from_draft_and_only_accepted_is_final():
    assert reachable(SyncState.DRAFT) == set(SyncState)
    assert [s for s in SyncState if not SYNC_ALLOWED[s]] == [SyncState.ACCEPTED]
    assert SyncState.DRAFT not in set().union(*SYNC_ALLOWED.values())  # nothing goes back to draft
    assert EDITABLE == {SyncState.DRAFT}


@given(st.lists(st.sampled_from(list(SyncState)), max_size=30))
def test_any_walk_of_sync_moves_never_unfreezes_and_can_always_finish(steps):
    state = SyncState.DRAFT
    left_draft = False
    for nxt in steps:
        if can_sync_move(state, nxt):
            check_sync_move(state, nxt)
            state = nxt
            left_draft = left_draft or state is not SyncState.DRAFT
        else:
            with pytest.raises(IllegalTransition):
                check_sync_move(state, nxt)
        assert not (left_draft and state in EDITABLE)  # once queued, never editable again
    # from anywhere short of accepted, staff re-queue + a send reach the network
    assert SyncState.ACCEPTED in reachable(state)


@given(st.from_regex(r"\d{20}", fullmatch=True), st.sampled_from(list(EventKind)), st.none() | st.integers(1, 99))
def test_event_keys_are_distinct_per_kind_and_sequence(code, kind, seq):
    key = event_key(code, kind, seq)
    assert key.startswith(code)
    if kind is EventKind.CASE:
        assert key == code
    else:
        assert key != event_key(code, EventKind.CASE) and kind.value in key
