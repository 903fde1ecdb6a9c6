"""The fee model (payments_security §1.5-1.6): exact, and what the configuration says, for any fees."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models.configuration import (
    CompactCommissionFee,
    CompactConfiguration,
    JurisdictionConfiguration,
    JurisprudenceRequirements,
    LicenseeCharges,
    PrivilegeFee,
    TransactionFeeConfiguration,
)
from purchases.fees import FeeConfigurationError, jurisdiction_fee, line_items, total

MONEY = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
STATES = {"ky": "Kentucky", "ne": "Nebraska", "oh": "Ohio", "md": "Maryland", "co": "Colorado"}


def compact(commission: Decimal, card_fee: Decimal | None) -> CompactConfiguration:
    charges = (
        TransactionFeeConfiguration(licensee_charges=LicenseeCharges(active=True, charge_amount=card_fee))
        if card_fee is not None
        else None
    )
    return CompactConfiguration(
        compact_abbr="aslp",
        compact_name="Audiology and Speech Language Pathology",
        compact_commission_fee=CompactCommissionFee(fee_amount=commission),
        transaction_fee_configuration=charges,
    )


def state(code: str, amount: Decimal, military_rate: Decimal | None) -> JurisdictionConfiguration:
    return JurisdictionConfiguration(
        compact="aslp",
        postal_abbreviation=code,
        jurisdiction_name={
            "ky": "Kentucky",
            "ne": "Nebraska",
            "oh": "Ohio",
            "md": "Maryland",
            "co": "Colorado",
        }[code],
        privilege_fees=[
            PrivilegeFee(license_type_abbreviation="slp", amount=amount, military_rate=military_rate)
        ],
        jurisprudence_requirements=JurisprudenceRequirements(required=False),
    )


@settings(max_examples=200, derandomize=True, database=None)
@given(
    commission=MONEY,
    card_fee=st.none() | MONEY,
    fees=st.lists(st.tuples(MONEY, st.none() | MONEY), min_size=1, max_size=len(STATES)),
    military=st.booleans(),
)
def test_the_total_is_the_exact_sum_of_the_line_items(commission, card_fee, fees, military):
    states = [state(code, amount, rate) for code, (amount, rate) in zip(STATES, fees, strict=False)]

    items = line_items(compact(commission, card_fee), states, "slp", military)

    charged = total(items)
    assert isinstance(charged, Decimal) and all(isinstance(item.unit_price, Decimal) for item in items)
    assert charged == sum((i.unit_price * i.quantity for i in items), Decimal(0))
    expected_states = sum(
        (rate if military and rate is not None else amount for amount, rate in fees), Decimal(0)
    )
    card = card_fee * len(states) if card_fee is not None else Decimal(0)
    assert charged == expected_states + commission * len(states) + card
    military_items = [i for i in items if i.description.endswith("(Military Rate)")]
    assert len(military_items) == (sum(rate is not None for _, rate in fees) if military else 0)


def test_line_items_are_worded_as_the_reference_charges_them():
    items = line_items(
        compact(Decimal("3.50"), Decimal("3")),
        [state("ky", Decimal("75"), Decimal("40")), state("ne", Decimal("100"), None)],
        "slp",
        active_military=True,
    )

    assert [(i.item_id, i.name, i.description, i.quantity, i.unit_price) for i in items] == [
        (
            "priv:aslp-ky-slp",
            "Kentucky Compact Privilege",
            "Compact Privilege for Kentucky (Military Rate)",
            1,
            Decimal("40"),
        ),
        (
            "priv:aslp-ne-slp",
            "Nebraska Compact Privilege",
            "Compact Privilege for Nebraska",
            1,
            Decimal("100"),
        ),
        (
            "aslp-compact-fee",
            "ASLP Compact Fee",
            "Compact fee applied for each privilege purchased",
            2,
            Decimal("3.50"),
        ),
        (
            "credit-card-transaction-fee",
            "Credit Card Transaction Fee",
            "Transaction fee for credit card processing",
            2,
            Decimal("3"),
        ),
    ]
    assert total(items) == Decimal("153.00")


def test_an_inactive_card_fee_is_not_charged():
    configuration = compact(Decimal("3.50"), Decimal("3"))
    charges = configuration.transaction_fee_configuration
    assert charges is not None
    inactive = configuration.model_copy(
        update={"transaction_fee_configuration": charges.model_copy(
            update={"licensee_charges": charges.licensee_charges.model_copy(update={"active": False})}
        )}
    )  # fmt: skip

    items = line_items(inactive, [state("oh", Decimal("50"), None)], "slp", active_military=False)

    assert [i.item_id for i in items] == ["priv:aslp-oh-slp", "aslp-compact-fee"]


def test_a_state_without_a_fee_for_the_license_type_cannot_be_priced():
    with pytest.raises(FeeConfigurationError, match="no privilege fee for aud"):
        jurisdiction_fee(state("oh", Decimal("50"), None), "aud", active_military=False)
