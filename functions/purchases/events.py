"""The events of a privilege purchase (spec §7.1), declared once.

A purchase announces itself once (``privilege.purchase``, which the receipt email is sent from) and each
privilege it bought as issued or renewed (read only from the data-event log). All three are written in
the purchase's own transaction (an outbox entry, ``core.models.transaction.PendingEvents``), so they
exist exactly when the privileges do.
"""

from pydantic import Field

from core.events import EventSpec
from core.models.base import CamelModel, UtcDatetime, UuidStr

PURCHASES_SOURCE = "org.compactconnect.purchases"

_WHEN = "2026-03-05T16:20:00+00:00"
_PROVIDER_ID = "89a6377e-c3a5-40e5-bca5-317ec854c570"


class PurchasedPrivilegeDetail(CamelModel):
    compact: str
    provider_id: UuidStr
    jurisdiction: str
    license_type_abbrev: str
    privilege_id: str


class CostLineItemDetail(CamelModel):
    """A charged line item as the processor was sent it: every value a string (money to the cent)."""

    name: str
    description: str
    quantity: str
    unit_price: str


class PrivilegePurchaseDetail(CamelModel):
    """``jurisdiction`` is the home license's state. ``totalCost`` is the exact sum of the line items
    (the reference summed floats); ``transactionId`` is ours, an addition readers of the reference's
    events ignore."""

    event_time: UtcDatetime
    compact: str
    jurisdiction: str
    provider_email: str | None = None
    privileges: list[PurchasedPrivilegeDetail] = Field(min_length=1)
    total_cost: str
    cost_line_items: list[CostLineItemDetail] = Field(min_length=1)
    transaction_id: str | None = None


class PrivilegeGrantedDetail(CamelModel):
    """One privilege bought: ``jurisdiction`` is the privilege's state."""

    event_time: UtcDatetime
    compact: str
    jurisdiction: str
    provider_email: str | None = None


PRIVILEGE_PURCHASE = EventSpec(
    detail_type="privilege.purchase",
    source=PURCHASES_SOURCE,
    model=PrivilegePurchaseDetail,
    description=(
        "A practitioner bought privileges and was charged: the privileges, the line items and their exact "
        "total. The receipt email is sent from it."
    ),
    example={
        "eventTime": _WHEN,
        "compact": "aslp",
        "jurisdiction": "oh",
        "providerEmail": "ada.lovelace@example.org",
        "privileges": [
            {
                "compact": "aslp",
                "providerId": _PROVIDER_ID,
                "jurisdiction": "ky",
                "licenseTypeAbbrev": "aud",
                "privilegeId": "AUD-KY-3",
            }
        ],
        "totalCost": "78.50",
        "costLineItems": [
            {
                "name": "Kentucky Compact Privilege",
                "description": "Compact Privilege for Kentucky",
                "quantity": "1",
                "unitPrice": "75.00",
            },
            {
                "name": "ASLP Compact Fee",
                "description": "Compact fee applied for each privilege purchased",
                "quantity": "1",
                "unitPrice": "3.50",
            },
        ],
        "transactionId": "60000000001",
    },
)

PRIVILEGE_ISSUED = EventSpec(
    detail_type="privilege.issued",
    source=PURCHASES_SOURCE,
    model=PrivilegeGrantedDetail,
    description="A privilege was bought in a state where the practitioner held none of that license type.",
    example={"eventTime": _WHEN, "compact": "aslp", "jurisdiction": "ky", "providerEmail": "ada@example.org"},
    only_logged=True,
)

PRIVILEGE_RENEWED = EventSpec(
    detail_type="privilege.renewed",
    source=PURCHASES_SOURCE,
    model=PrivilegeGrantedDetail,
    description="A privilege was bought again: it keeps its id and date of issuance, with a new expiration.",
    example={"eventTime": _WHEN, "compact": "aslp", "jurisdiction": "ky", "providerEmail": "ada@example.org"},
    only_logged=True,
)

EVENTS: tuple[EventSpec, ...] = (PRIVILEGE_PURCHASE, PRIVILEGE_ISSUED, PRIVILEGE_RENEWED)
