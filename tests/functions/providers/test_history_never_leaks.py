"""Property: history records reach readers only as the audience allows (issue #5, item 3).

Random provider partitions get random license and privilege updates whose snapshots (``previous``,
``updatedValues``) carry junk attributes and personal data, a full SSN among them. Whatever they hold:
no response ever contains a history record's sort key, a snapshot shows only the reader's fields of that
record, and the privilege history timeline carries no snapshot at all.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models.provider_records import ProviderRecords
from providers.history import privilege_history
from providers.models import GeneralLicense, PrivateLicense, PrivilegeView
from providers.views import provider_detail, snapshot_fields
from tests.functions.providers.test_audience_models import FULL_SSN, junk, partitions, pii
from tests.records import make_license_update, make_privilege_update

UPDATE_KEY_MARK = "#UPDATE#"
UPDATE_TYPES = [
    "renewal",
    "deactivation",
    "encumbrance",
    "lifting_encumbrance",
    "other",
    "investigation",
    "closingInvestigation",
    "licenseDeactivation",
    "homeJurisdictionChange",
]


@st.composite
def partitions_with_history(draw: st.DrawFn) -> list[dict[str, Any]]:
    items = draw(partitions())
    records = ProviderRecords.from_items(items)
    for record, make_update in [
        *((lic, make_license_update) for lic in records.licenses),
        *((privilege, make_privilege_update) for privilege in records.privileges),
    ]:
        for day in range(draw(st.integers(0, 3))):
            update = make_update(
                record,
                draw(st.sampled_from(UPDATE_TYPES)),
                datetime(2025, 1 + day, 1, tzinfo=UTC),
                previous={**record.stored_fields(), **draw(junk), **draw(pii)},
                updated_values={**draw(junk), **draw(pii), "dateOfRenewal": "2025-05-05T12:59:59Z"},
            )
            items.append(update.to_item(stamp=False))
    return items


def _snapshot_keys(entry: dict[str, Any]) -> set[str]:
    return set(entry["previous"]) | set(entry["updatedValues"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partitions_with_history())
def test_history_reaches_readers_only_as_their_audience_allows(items):
    records = ProviderRecords.from_items(items)
    for private, license_model in ((False, GeneralLicense), (True, PrivateLicense)):
        body = provider_detail(records, private=private).to_body()
        text = json.dumps(body)
        assert UPDATE_KEY_MARK not in text
        assert FULL_SSN not in text and FULL_SSN.replace("-", "") not in text
        for lic in body["licenses"]:
            for entry in lic["history"]:
                assert _snapshot_keys(entry) <= snapshot_fields(license_model)
        for privilege in body["privileges"]:
            for entry in privilege["history"]:
                assert _snapshot_keys(entry) <= snapshot_fields(PrivilegeView)
    for privilege in records.privileges:
        for npdb in (True, False):
            timeline = json.dumps(
                privilege_history(
                    privilege, records.privilege_updates, include_npdb_categories=npdb
                ).to_body()
            )
            assert UPDATE_KEY_MARK not in timeline and FULL_SSN not in timeline
            assert '"previous"' not in timeline and '"updatedValues"' not in timeline
