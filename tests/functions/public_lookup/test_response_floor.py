"""core.response_floor, and the public lookup's use of it: every response takes at least a second."""

from __future__ import annotations

import inspect
import time

import pytest

from core.response_floor import ResponseFloor
from tests.functions.conftest import api_event
from tests.functions.public_lookup.conftest import PROVIDER


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_sleeps_the_remainder_of_the_floor(clock):
    floor = ResponseFloor(1.0, clock=clock, sleep=clock.sleep)
    with floor.hold():
        clock.now += 0.25
    assert clock.sleeps == [0.75]


def test_work_longer_than_the_floor_is_not_delayed(clock):
    floor = ResponseFloor(1.0, clock=clock, sleep=clock.sleep)
    with floor.hold():
        clock.now += 1.5
    assert clock.sleeps == []


def test_an_error_waits_too_and_still_propagates(clock):
    floor = ResponseFloor(1.0, clock=clock, sleep=clock.sleep)
    with pytest.raises(RuntimeError), floor.hold():
        clock.now += 0.1
        raise RuntimeError("boom")
    assert clock.sleeps == [pytest.approx(0.9)]


def test_as_a_decorator_it_keeps_the_function(clock):
    floor = ResponseFloor(0.5, clock=clock, sleep=clock.sleep)

    def handler(compact: str, providerId: str) -> dict:
        """Docs."""
        return {"compact": compact, "providerId": providerId}

    held = floor(handler)
    assert held("aslp", providerId="p") == {"compact": "aslp", "providerId": "p"}
    assert clock.sleeps == [0.5]
    assert held.__name__ == "handler" and held.__doc__ == "Docs."
    assert inspect.signature(held) == inspect.signature(handler)


def test_a_negative_floor_is_refused():
    with pytest.raises(ValueError):
        ResponseFloor(-1)


def test_the_public_lookup_floor_is_one_second(aws):
    from public_lookup import api

    assert api.RESPONSE_FLOOR.seconds == 1.0


def test_a_real_not_found_takes_at_least_a_second(aws, lambda_context):
    """The one test that waits: the handler's real floor, real clock, real sleep."""
    from public_lookup import api

    event = api_event("GET", PROVIDER, {"compact": "aslp", "providerId": "not-a-uuid"})
    started = time.monotonic()
    response = api.lambda_handler(event, lambda_context)
    assert time.monotonic() - started >= 1.0
    assert response["statusCode"] == 404
