"""Property: whatever the stored records hold, a response carries only its audience model's fields.

Random provider partitions (licenses, privileges, their encumbrances lifted or not, their investigations
open or closed, military affiliations) are generated with junk attributes and personal data (a full SSN
among them) on every record; the general and private responses must contain no key outside their model,
recursively, and never the full SSN; every encumbrance is served, and of the investigations only the
open ones.
"""

from __future__ import annotations

import json
import types
import typing
import uuid
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from core.models.adverse_action import AdverseAction, Investigation
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider_records import ProviderRecords
from providers.models import GeneralProvider, GeneralProviderDetail, PrivateProviderDetail
from providers.views import provider_detail, provider_summary
from tests.records import (
    make_adverse_action,
    make_investigation,
    make_license,
    make_privilege,
    make_provider,
)

FULL_SSN = "987-65-4321"
JURISDICTIONS = ["oh", "ky", "ne", "co"]
STATUSES = ["active", "inactive"]

junk = st.dictionaries(
    st.from_regex(r"\Ajunk[A-Za-z]{1,8}\Z"),
    st.one_of(st.text(max_size=10), st.integers(), st.lists(st.text(max_size=5), max_size=2)),
    max_size=4,
)
pii = st.fixed_dictionaries(
    {},
    optional={
        "ssn": st.just(FULL_SSN),
        "fullSsn": st.just(FULL_SSN.replace("-", "")),
        "recoveryToken": st.just("argon2-hash"),
        "emailVerificationCode": st.just("1234"),
        "pendingEmailAddress": st.just("pending@example.org"),
    },
)


def _with_extras(item: dict[str, Any], extras: dict[str, Any]) -> dict[str, Any]:
    return {**item, **extras}


def adverse_actions(record: License | Privilege) -> st.SearchStrategy[AdverseAction]:
    """Encumbrances of the record, lifted or not, with or without a type (older ones lack it)."""
    return st.builds(
        make_adverse_action,
        st.just(record),
        adverse_action_id=st.uuids().map(str),
        encumbrance_type=st.none() | st.sampled_from(["suspension", "fine", "revocation"]),
        effective_lift_date=st.none() | st.just(date(2025, 6, 1)),
        lifting_user=st.none() | st.just("staff-2"),
    )


def investigations(record: License | Privilege) -> st.SearchStrategy[Investigation]:
    """Investigations of the record, open or closed (closed ones maybe with their encumbrance)."""
    closed = datetime(2025, 7, 1, tzinfo=UTC)
    return st.builds(
        make_investigation,
        st.just(record),
        investigation_id=st.uuids().map(str),
        close_date=st.none() | st.just(closed),
        closing_user=st.none() | st.just("staff-3"),
        resulting_encumbrance_id=st.none() | st.uuids().map(str),
    )


@st.composite
def partitions(draw: st.DrawFn) -> list[dict[str, Any]]:
    home = draw(st.sampled_from(JURISDICTIONS))
    provider = make_provider(
        license_jurisdiction=home,
        current_home_jurisdiction=draw(st.sampled_from([*JURISDICTIONS, "unknown"])),
        jurisdiction_uploaded_license_status=draw(st.sampled_from(STATUSES)),
        given_name=draw(st.text(min_size=1, max_size=12)),
        family_name=draw(st.text(min_size=1, max_size=12)),
        middle_name=draw(st.none() | st.text(min_size=1, max_size=5)),
        date_of_expiration=draw(st.dates(date(2000, 1, 1), date(2100, 1, 1))),
        military_status=draw(st.none() | st.sampled_from(["tentative", "approved"])),
        military_status_note=draw(st.none() | st.text(max_size=10)),
        privilege_jurisdictions=set(draw(st.lists(st.sampled_from(JURISDICTIONS), max_size=3))),
    )
    items = [_with_extras(provider.to_item(stamp=False), {**draw(junk), **draw(pii)})]
    held: list[License | Privilege] = []
    for abbreviation in draw(st.lists(st.sampled_from(["slp", "aud"]), unique=True, max_size=2)):
        lic = make_license(provider, license_type_abbreviation=abbreviation)
        held.append(lic)
        items.append(_with_extras(lic.to_item(stamp=False), {**draw(junk), **draw(pii)}))
    for n, jurisdiction in enumerate(draw(st.lists(st.sampled_from(JURISDICTIONS), unique=True, max_size=3))):
        privilege = make_privilege(
            provider,
            jurisdiction,
            n + 1,
            administrator_set_status=draw(st.sampled_from(STATUSES)),
            date_of_issuance=datetime(2024, 5, 5, tzinfo=UTC),
        )
        held.append(privilege)
        items.append(_with_extras(privilege.to_item(stamp=False), {**draw(junk), **draw(pii)}))
    for record in held:
        items += [
            _with_extras(action.to_item(stamp=False), {**draw(junk), **draw(pii)})
            for action in draw(st.lists(adverse_actions(record), max_size=2))
        ]
        items += [
            _with_extras(investigation.to_item(stamp=False), {**draw(junk), **draw(pii)})
            for investigation in draw(st.lists(investigations(record), max_size=2))
        ]
    if draw(st.booleans()):
        items.append(
            {
                "pk": items[0]["pk"],
                "sk": f"aslp#PROVIDER#military-affiliation#{uuid.uuid4()}",
                "type": "militaryAffiliation",
                "providerId": provider.provider_id,
                "compact": "aslp",
                "affiliationType": "militaryMember",
                "fileNames": ["a.pdf"],
                "documentKeys": ["key/a.pdf"],
                "dateOfUpload": "2025-01-02T00:00:00+00:00",
                "status": "active",
                "dateOfUpdate": "2025-01-02T00:00:00+00:00",
                **draw(junk),
                **draw(pii),
            }
        )
    items.append({"pk": items[0]["pk"], "sk": "aslp#PROVIDER#mystery", "type": "mystery", "ssn": FULL_SSN})
    return items


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found += _models_in(arg)
    return found


def assert_within(value: Any, model: type[BaseModel], path: str = "") -> None:
    """Every key of ``value`` (recursively) is a field of ``model`` (by alias)."""
    if isinstance(value, list):
        for index, entry in enumerate(value):
            assert_within(entry, model, f"{path}[{index}]")
        return
    assert isinstance(value, dict), path
    fields = {(field.alias or name): field for name, field in model.model_fields.items()}
    extra = set(value) - set(fields)
    assert not extra, f"{path}: {extra} not in {model.__name__}"
    for key, entry in value.items():
        for nested in _models_in(fields[key].annotation):
            if entry is not None:
                assert_within(entry, nested, f"{path}.{key}")


def _no_full_ssn(body: dict[str, Any]) -> None:
    text = json.dumps(body)
    assert FULL_SSN not in text and FULL_SSN.replace("-", "") not in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partitions())
def test_responses_carry_only_their_audience_fields(items):
    records = ProviderRecords.from_items(items)
    general = provider_detail(records, private=False).to_body()
    private = provider_detail(records, private=True).to_body()
    summary = provider_summary(records.provider).to_body()
    assert_within(general, GeneralProviderDetail)
    assert_within(private, PrivateProviderDetail)
    assert_within(summary, GeneralProvider)
    for body in (general, private, summary):
        _no_full_ssn(body)
    private_only = {"dateOfBirth", "ssnLastFour", "militaryStatusNote", "documentKeys", "downloadLinks"}
    for body in (general, summary, *general["licenses"], *general["militaryAffiliations"]):
        assert not private_only & set(body)
    assert set(general) <= set(private)
    open_ones = sorted(i.investigation_id for i in records.investigations if i.is_open)
    for body in (general, private):
        records_served = [*body["licenses"], *body["privileges"]]
        served = sorted(i["investigationId"] for r in records_served for i in r["investigations"])
        assert served == open_ones  # closed investigations are never served
        actions = sorted(a["adverseActionId"] for r in records_served for a in r["adverseActions"])
        assert actions == sorted(a.adverse_action_id for a in records.adverse_actions)


def test_the_walker_catches_a_stray_field():
    body = provider_detail(
        ProviderRecords.from_items([make_provider().to_item(stamp=False)]), private=False
    ).to_body()
    body["licenses"] = [{"ssn": FULL_SSN}]
    try:
        assert_within(body, GeneralProviderDetail)
    except AssertionError as error:
        assert "ssn" in str(error)
    else:
        raise AssertionError("a stray nested field went unnoticed")
