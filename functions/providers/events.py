"""Events about a provider's own record (spec §7.1), declared once."""

from core.events import EventSpec
from core.models.base import CamelModel, UtcDatetime, UuidStr
from ingest.events import PROVIDER_DATA_SOURCE


class HomeJurisdictionChange(CamelModel):
    """Detail of ``provider.homeJurisdictionChange``: a practitioner moved their home state. It carries
    no ``jurisdiction``: it concerns two, told apart by the field names."""

    event_time: UtcDatetime
    compact: str
    provider_id: UuidStr
    previous_home_jurisdiction: str
    new_home_jurisdiction: str


PROVIDER_HOME_JURISDICTION_CHANGE = EventSpec(
    detail_type="provider.homeJurisdictionChange",
    source=PROVIDER_DATA_SOURCE,
    model=HomeJurisdictionChange,
    description=(
        "A practitioner changed their home jurisdiction: both states' operations teams are told. Not kept "
        "in the data-event log, which is per jurisdiction."
    ),
    example={
        "eventTime": "2026-03-02T14:05:09+00:00",
        "compact": "aslp",
        "providerId": "89a6377e-c3a5-40e5-bca5-317ec854c570",
        "previousHomeJurisdiction": "oh",
        "newHomeJurisdiction": "ky",
    },
    logged=False,
)

EVENTS: tuple[EventSpec, ...] = (PROVIDER_HOME_JURISDICTION_CHANGE,)
