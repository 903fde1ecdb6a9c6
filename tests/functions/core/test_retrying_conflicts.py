"""Read-decide-write attempts are repeated while another writer gets there first, a bounded number of
times."""

from __future__ import annotations

import pytest

from core.repositories.providers import WRITE_ATTEMPTS, ConcurrentUpdate, retrying_conflicts


def test_an_attempt_that_loses_a_race_is_made_again_until_it_wins():
    outcomes = [ConcurrentUpdate("first"), ConcurrentUpdate("second"), "written"]

    def attempt() -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert retrying_conflicts(attempt) == "written"


def test_a_conflict_that_persists_is_raised_after_the_last_attempt():
    made = []

    def attempt() -> None:
        made.append(1)
        raise ConcurrentUpdate("again")

    with pytest.raises(ConcurrentUpdate):
        retrying_conflicts(attempt)
    assert len(made) == WRITE_ATTEMPTS


def test_other_errors_are_not_retried():
    made = []

    def attempt() -> None:
        made.append(1)
        raise RuntimeError("broken")

    with pytest.raises(RuntimeError):
        retrying_conflicts(attempt)
    assert made == [1]
