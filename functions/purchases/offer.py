"""What a compact sells (api_domain §10.4): its configuration and its live jurisdictions', read once.

A compact with no configuration, no payment credentials or nothing live has nothing to sell: 503 with a
message saying so, where the reference fails with a 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import ServiceUnavailable
from core.models.configuration import CompactConfiguration, JurisdictionConfiguration
from core.repositories.configuration import ConfigurationRepository

NOTHING_TO_BUY = "Privilege purchases are not open in this compact yet"


@dataclass(frozen=True)
class Offer:
    compact: CompactConfiguration
    live: dict[str, JurisdictionConfiguration]  # by postal code, in the compact's configured order


def live_offer(compact: str, configuration: ConfigurationRepository) -> Offer:
    compact_record, jurisdictions = configuration.compact_with_jurisdictions(compact)
    if compact_record is None or compact_record.payment_processor_public_fields is None:
        raise ServiceUnavailable(NOTHING_TO_BUY)
    live = {code: jurisdictions[code] for code in compact_record.live_jurisdictions if code in jurisdictions}
    if not live:
        raise ServiceUnavailable(NOTHING_TO_BUY)
    return Offer(compact_record, live)
