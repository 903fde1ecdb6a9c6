"""Fixtures of the purchase tests: the Authorize.Net stand-in (one per session) and an open shop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from core import secret_values
from core.secrets import COMPACT_SECRETS_KEY_ENV_VAR
from purchases import credentials, purchase_api
from sandbox.payment_processor import API_PATH, PaymentProcessorStandIn
from tests.functions.moto_clients import moto_client
from tests.functions.purchases.shop import Shop, open_shop


@pytest.fixture(scope="session")
def stand_in() -> Iterator[tuple[PaymentProcessorStandIn, str]]:
    processor = PaymentProcessorStandIn()
    url = processor.serve(0)
    yield processor, url
    processor.stop()


@pytest.fixture
def shop(aws, stand_in, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shop]:
    """Events the purchase publishes are recorded (``shop.published``) instead of put on a bus."""
    processor, url = stand_in
    monkeypatch.setattr(processor, "ledger", [])
    monkeypatch.setenv(credentials.ENDPOINT_OVERRIDE, url + API_PATH)
    secret_values._cache.clear()
    monkeypatch.setenv(COMPACT_SECRETS_KEY_ENV_VAR, moto_client("kms").create_key()["KeyMetadata"]["Arn"])
    opened = open_shop(aws, processor)

    def record(entries: list[Any]) -> None:
        opened.published.extend(entries)

    monkeypatch.setattr(purchase_api, "put", record)
    yield opened
    secret_values._cache.clear()
