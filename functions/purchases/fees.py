"""What a privilege purchase costs (payments_security §1.5, §1.6), as pure functions over ``Decimal``.

A purchase is charged as line items: one per jurisdiction bought (its fee for the license type, the
military rate where the practitioner is active military and the state set one), the compact's flat fee
per privilege, and, when the compact passes the card-processing fee on, that fee per privilege. The total
is the sum of the line items, exactly: no float is involved anywhere (the reference summed floats for the
event's total).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.models.configuration import CompactConfiguration, JurisdictionConfiguration


class FeeConfigurationError(ValueError):
    """The configuration cannot price the purchase: a jurisdiction has no fee for the license type."""


@dataclass(frozen=True)
class LineItem:
    item_id: str
    name: str
    description: str
    quantity: int
    unit_price: Decimal

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


def jurisdiction_fee(
    jurisdiction: JurisdictionConfiguration, license_type_abbreviation: str, active_military: bool
) -> tuple[Decimal, bool]:
    """The jurisdiction's fee for the license type, and whether it is the military rate."""
    fee = next(
        (f for f in jurisdiction.privilege_fees if f.license_type_abbreviation == license_type_abbreviation),
        None,
    )
    if fee is None:
        raise FeeConfigurationError(
            f"{jurisdiction.postal_abbreviation} has no privilege fee for {license_type_abbreviation}"
        )
    if active_military and fee.military_rate is not None:
        return fee.military_rate, True
    return fee.amount, False


def line_items(
    compact: CompactConfiguration,
    jurisdictions: Sequence[JurisdictionConfiguration],
    license_type_abbreviation: str,
    active_military: bool,
) -> list[LineItem]:
    """The charge's line items, in the reference's order and wording (§1.6)."""
    items = []
    for jurisdiction in jurisdictions:
        price, military = jurisdiction_fee(jurisdiction, license_type_abbreviation, active_military)
        name = jurisdiction.jurisdiction_name.title()
        items.append(
            LineItem(
                item_id=f"priv:{compact.compact_abbr}-{jurisdiction.postal_abbreviation}-{license_type_abbreviation}",
                name=f"{name} Compact Privilege",
                description=f"Compact Privilege for {jurisdiction.jurisdiction_name}"
                + (" (Military Rate)" if military else ""),
                quantity=1,
                unit_price=price,
            )
        )
    count = len(jurisdictions)
    commission = compact.compact_commission_fee  # FLAT_RATE: the only type the model admits
    items.append(
        LineItem(
            item_id=f"{compact.compact_abbr}-compact-fee",
            name=f"{compact.compact_abbr.upper()} Compact Fee",
            description="Compact fee applied for each privilege purchased",
            quantity=count,
            unit_price=commission.fee_amount,
        )
    )
    charges = compact.transaction_fee_configuration
    if charges is not None and charges.licensee_charges.active:  # FLAT_FEE_PER_PRIVILEGE, the only type
        items.append(
            LineItem(
                item_id="credit-card-transaction-fee",
                name="Credit Card Transaction Fee",
                description="Transaction fee for credit card processing",
                quantity=count,
                unit_price=charges.licensee_charges.charge_amount,
            )
        )
    return items


def total(items: Sequence[LineItem]) -> Decimal:
    """What the practitioner is charged: the line items, summed exactly."""
    return sum((item.total for item in items), Decimal("0"))
