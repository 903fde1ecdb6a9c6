"""A provider licensed in Ohio with privileges in Kentucky and Nebraska, whose three states have
adverse-actions lists, and the state admins who act on their records: what the adverse-action
notification tests share."""

from __future__ import annotations

import pytest

from core.models.configuration import JurisdictionConfiguration, JurisprudenceRequirements
from core.repositories.configuration import ConfigurationRepository
from tests.functions.adverse_actions.board import KENTUCKY_ADMIN, OHIO_ADMIN, put_holder
from tests.functions.staff_callers import hold

PRACTITIONER = "ada@example.com"
LISTS = {"oh": "discipline@oh.example.gov", "ky": "boards@ky.example.gov", "ne": "aa@ne.example.gov"}
NAMES = {"oh": "Ohio", "ky": "Kentucky", "ne": "Nebraska"}


@pytest.fixture
def holder(aws, mail, bus):
    """The provider (registered as ``PRACTITIONER``), their states configured, Ohio's and Kentucky's
    admins held."""
    repository = ConfigurationRepository(aws["compact_configuration"])
    for state, address in LISTS.items():
        repository.put_jurisdiction_configuration(
            JurisdictionConfiguration(
                compact="aslp",
                postal_abbreviation=state,
                jurisdiction_name=NAMES[state],
                jurisprudence_requirements=JurisprudenceRequirements(required=False),
                jurisdiction_adverse_actions_notification_emails=[address],
            ),
            repository.jurisdiction_configuration("aslp", state),
        )
    hold(aws["users"], OHIO_ADMIN, KENTUCKY_ADMIN)
    provider = put_holder(aws["provider"], compact_connect_registered_email_address=PRACTITIONER)
    return provider
