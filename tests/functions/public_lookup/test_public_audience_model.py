"""Property: whatever a provider's partition holds, the public responses carry only the public models'
fields, and none of the fields the public must never see (payments_security §4.7).

The partitions are the staff audience test's (junk attributes and personal data, a full SSN among them,
on every record), plus adverse actions and open investigations against the licenses and privileges,
carrying the same junk.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from core.models.adverse_action import AdverseAction, Investigation
from core.models.enums import ClinicalPrivilegeActionCategory, EncumbranceType
from core.models.provider_records import ProviderRecords
from providers.public_models import PublicAdverseAction, PublicPrivilege, PublicProvider
from public_lookup.models import PublicProviderDetail, PublicProviderQueryResponse
from public_lookup.views import public_provider, public_provider_detail
from tests.functions.providers.test_audience_models import FULL_SSN, assert_within, junk, partitions, pii
from tests.records import make_provider

NEVER_PUBLIC = {
    # contact, identity and account data
    "emailAddress",
    "compactConnectRegisteredEmailAddress",
    "pendingEmailAddress",
    "phoneNumber",
    "homeAddressStreet1",
    "homeAddressStreet2",
    "homeAddressCity",
    "homeAddressState",
    "homeAddressPostalCode",
    "dateOfBirth",
    "birthMonthDay",
    "ssnLastFour",
    "ssn",
    "fullSsn",
    "recoveryToken",
    "emailVerificationCode",
    # military data
    "militaryAffiliations",
    "militaryStatus",
    "militaryStatusNote",
    "documentKeys",
    "downloadLinks",
    # licenses, investigations, purchase and history data
    "licenses",
    "licenseNumber",
    "investigations",
    "investigationStatus",
    "investigationId",
    "compactTransactionId",
    "attestations",
    "history",
    # adverse-action details
    "encumbranceType",
    "clinicalPrivilegeActionCategories",
    "submittingUser",
    "liftingUser",
    # storage internals
    "pk",
    "sk",
    "providerFamGivMid",
    "providerDateOfUpdate",
}


@st.composite
def public_partitions(draw: st.DrawFn) -> list[dict[str, Any]]:
    items = draw(partitions())
    provider = items[0]
    targets = [
        (item["type"], item["jurisdiction"], item["licenseTypeAbbreviation"], item["licenseType"])
        for item in items
        if item.get("type") in ("license", "privilege")
    ]
    for against, jurisdiction, abbreviation, license_type in draw(
        st.lists(st.sampled_from(targets), max_size=4) if targets else st.just([])
    ):
        common = {
            "compact": "aslp",
            "provider_id": provider["providerId"],
            "jurisdiction": jurisdiction,
            "license_type": license_type,
            "license_type_abbreviation": abbreviation,
            "submitting_user": "staff-sub-1",
        }
        if draw(st.booleans()):
            record: AdverseAction | Investigation = AdverseAction(
                adverse_action_id=str(uuid.uuid4()),
                action_against=against,
                encumbrance_type=draw(st.sampled_from(list(EncumbranceType))),
                clinical_privilege_action_categories=[
                    draw(st.sampled_from(list(ClinicalPrivilegeActionCategory)))
                ],
                effective_start_date=draw(st.dates(date(2020, 1, 1), date(2026, 1, 1))),
                effective_lift_date=draw(st.none() | st.just(date(2026, 2, 1))),
                lifting_user=draw(st.none() | st.just("staff-sub-2")),
                **common,
            )
        else:
            record = Investigation(
                investigation_id=str(uuid.uuid4()), investigation_against=against, **common
            )
        items.append({**record.to_item(), **draw(junk), **draw(pii)})
    return items


def _keys(value: Any) -> set[str]:
    """Every key of a JSON value, at any depth."""
    if isinstance(value, dict):
        return set(value) | {key for entry in value.values() for key in _keys(entry)}
    if isinstance(value, list):
        return {key for entry in value for key in _keys(entry)}
    return set()


def _assert_public(body: dict[str, Any], model: type[BaseModel]) -> None:
    assert_within(body, model)
    leaked = _keys(body) & NEVER_PUBLIC
    assert not leaked, leaked
    text = json.dumps(body)
    assert FULL_SSN not in text and FULL_SSN.replace("-", "") not in text
    assert "staff-sub" not in text


def test_the_public_models_list_no_private_field():
    for model in (PublicProvider, PublicPrivilege, PublicAdverseAction, PublicProviderDetail):
        names = {field.alias or name for name, field in model.model_fields.items()}
        assert not names & NEVER_PUBLIC, model.__name__


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(public_partitions())
def test_public_responses_carry_only_public_fields(items):
    records = ProviderRecords.from_items(items)
    detail = public_provider_detail(records).to_body()
    summary = public_provider(records.provider).to_body()
    _assert_public(detail, PublicProviderDetail)
    _assert_public(summary, PublicProvider)
    assert set(summary) <= set(detail)
    # What the public does get: every privilege, each with the actions against it (and only those).
    assert len(detail["privileges"]) == len(records.privileges)
    on_privileges = [action for action in records.adverse_actions if action.action_against == "privilege"]
    served = [action for privilege in detail["privileges"] for action in privilege["adverseActions"]]
    assert sorted(a["adverseActionId"] for a in served) == sorted(a.adverse_action_id for a in on_privileges)
    for privilege in detail["privileges"]:
        assert all(
            action["jurisdiction"] == privilege["jurisdiction"] for action in privilege["adverseActions"]
        )


def test_the_query_response_model_holds_public_providers_only():
    providers = PublicProviderQueryResponse.model_fields["providers"].annotation
    assert providers == list[PublicProvider]


def test_the_walker_catches_a_stray_field():
    body = public_provider_detail(
        ProviderRecords.from_items([make_provider().to_item(stamp=False)])
    ).to_body()
    body["privileges"] = [{"encumbranceType": "fine"}]
    try:
        assert_within(body, PublicProviderDetail)
    except AssertionError as error:
        assert "encumbranceType" in str(error)
    else:
        raise AssertionError("a stray nested field went unnoticed")
